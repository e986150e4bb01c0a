"""The program as a process (`python -m levelcheck`): command-line commands end with
os._exit after flushing (cli.run), so their whole output must still arrive, piped, with
the right exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import example_files

ROOT = Path(__file__).resolve().parents[2]


def levelcheck(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "levelcheck", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)  # fmt: skip


def test_piped_output_arrives_whole() -> None:
    done = levelcheck("score", *map(str, example_files()), "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(example_files()) + 1  # the header and one row each
    assert all(f.stem in done.stdout for f in example_files())


def test_errors_keep_their_exit_code_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    done = levelcheck("score", str(bad))
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "bad.json" in done.stderr


def test_validate_prints_its_summary() -> None:
    done = levelcheck("validate")
    assert done.returncode == 0 and done.stdout.startswith("ok: ")


def test_an_output_folder_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("mine", encoding="utf-8")
    for fmt in ("csv", "json"):
        done = levelcheck("export", str(example_files()[0]), "-o", str(blocker / f"x.{fmt}"),
                          "--format", fmt)  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.splitlines()) == 1 and "cannot write" in done.stderr
    assert blocker.read_text(encoding="utf-8") == "mine"
