"""The command line never destroys what it was given, and says what is wrong in one line:
outputs over inputs, over open documents, devices and folders; batch report names;
option checks; empty folders; a full disk; a key with a passphrase."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from levelcheck.cli import main
from tests.conftest import example_files

ROOT = Path(__file__).resolve().parents[2]
SHARED_CACHE = ROOT / ".pytest_cache" / "levelcheck-cache"


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVELCHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LEVELCHECK_CACHE_DIR", str(SHARED_CACHE))
    monkeypatch.delenv("LEVELCHECK_KEY_PASSPHRASE", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """An argparse usage error: exit 2, its message."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    assert exited.value.code == 2
    return capsys.readouterr().err


def copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


@pytest.fixture
def document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    doc = tmp_path / "d.levelcheck"
    assert run(capsys, "import", str(example_files()[2]), "-o", str(doc))[0] == 0
    return doc


# --- 1. the output is the input ---------------------------------------------------------


def test_force_never_writes_over_the_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: Path
) -> None:
    before = document.read_bytes()
    data = copy(example_files()[0], tmp_path / "same.json")
    hard = tmp_path / "hard.json"
    os.link(data, hard)
    for args in (
        ("export", str(document), "-o", str(document), "--force"),
        ("export", str(document), "-o", str(document), "--force", "--format", "csv"),
        ("report", str(document), "-o", str(document), "--force", "--unsigned"),
        ("import", str(data), "-o", str(data), "--force"),
        ("export", str(hard), "-o", str(data), "--force"),  # the same file by inode
    ):
        code, out, err = run(capsys, *args)
        assert code == 2 and out == "", args
        assert err.endswith(": the output would replace the input\n"), err
    assert document.read_bytes() == before
    assert data.read_bytes() == example_files()[0].read_bytes()


# --- 2. a document open for editing -------------------------------------------------------


def test_force_never_replaces_a_document_open_for_editing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: Path
) -> None:
    from levelcheck.core.document import Document

    with Document.open(document) as doc:
        assert not doc.readonly
        for args in (
            ("import", str(example_files()[0]), "-o", str(document), "--force"),
            ("export", str(example_files()[0]), "-o", str(document), "--force"),
        ):
            code, _, err = run(capsys, *args)
            assert code == 2 and "open for editing in another LevelCheck window (" in err
            assert len(err.splitlines()) == 1
        doc.set_answer("STR-SL-01", level=5)  # the holder's file is still its own
    code, out, _ = run(capsys, "score", str(document), "--format", "json")
    assert code == 0 and json.loads(out)[0]["items"]["STR-SL-01"] > 0


# --- 3, 4, 11. batch report names ------------------------------------------------------


def test_batch_reports_mirror_folders_and_are_named_on_a_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coll = tmp_path / "coll"
    copy(example_files()[0], coll / "a" / "x.json")
    copy(example_files()[1], coll / "b" / "x.json")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # a terminal, no bar for two
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "report", str(coll), "--out-dir", str(out_dir), "--unsigned")
    assert code == 0, err
    assert sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.pdf")) == [
        "a/x.pdf", "b/x.pdf"
    ]  # fmt: skip
    assert [line.split(" (")[0] for line in out.splitlines()] == [
        f"wrote {out_dir / 'a' / 'x.pdf'}", f"wrote {out_dir / 'b' / 'x.pdf'}"
    ]  # fmt: skip


def test_two_sources_for_one_pdf_stop_the_batch_before_rendering(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    coll = tmp_path / "coll"
    copy(example_files()[0], coll / "x.json")
    assert run(capsys, "import", str(example_files()[1]), "-o", str(coll / "x.levelcheck"))[0] == 0
    code, out, err = run(capsys, "report", str(coll), "--out-dir", str(tmp_path / "out"))
    assert code == 2 and out == ""
    assert err == (
        f"levelcheck: {coll / 'x.levelcheck'}: same output name as {coll / 'x.json'} "
        f"({tmp_path / 'out' / 'x.pdf'})\n"
    )
    assert not (tmp_path / "out").exists()


def test_out_dir_that_is_a_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "r.pdf"
    blocker.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "report", str(example_files()[0]), "--out-dir", str(blocker))
    assert code == 2 and err == f"levelcheck: {blocker}: not a folder\n"
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_report_output_that_is_a_folder_is_one_line_even_with_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "report", str(example_files()[0]), "-o", str(tmp_path),
                       "--force", "--unsigned")  # fmt: skip
    assert code == 2 and err == f"levelcheck: {tmp_path}: is a folder, not a file\n"


# --- 6. JSON size -------------------------------------------------------------------------


def test_export_too_large_for_import_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    document: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import levelcheck.core.interchange as interchange
    from levelcheck.core.document import Document

    with Document.open(document) as doc:
        doc.attach_evidence("STR-SL-01", os.urandom(64 * 1024), name="photo.jpg")
    monkeypatch.setattr(interchange, "MAX_ASSESSMENT_BYTES", 64 * 1024)
    code, out, err = run(capsys, "export", str(document), "-o", str(tmp_path / "ev.json"))
    assert code == 2 and out == "" and "use --no-evidence" in err
    assert not (tmp_path / "ev.json").exists()
    code, _, _ = run(capsys, "export", str(document), "-o", str(tmp_path / "ev.json"),
                     "--no-evidence")  # fmt: skip
    assert code == 0


# --- 7. --html ------------------------------------------------------------------------------


def test_html_follows_the_pdfs_rules(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = str(example_files()[0])
    keep = tmp_path / "keep.html"
    keep.write_text("precious", encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    code, _, err = run(capsys, "report", source, "-o", str(pdf), "--html", str(keep),
                       "--unsigned")  # fmt: skip
    assert code == 2 and "keep.html: already exists (use --force" in err
    assert keep.read_text(encoding="utf-8") == "precious" and not pdf.exists()
    # its folder is missing: neither file, said before any work
    code, _, err = run(capsys, "report", source, "-o", str(pdf), "--html",
                       str(tmp_path / "nodir" / "r.html"), "--unsigned")  # fmt: skip
    assert code == 2 and "cannot write" in err and not pdf.exists()
    code, _, err = run(capsys, "report", source, "--out-dir", str(tmp_path / "b"), "--html",
                       str(tmp_path / "one.html"))  # fmt: skip
    assert code == 2 and "--html needs a single report" in err and not (tmp_path / "b").exists()


def test_html_and_pdf_are_both_written_or_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HTML's write fails after the PDF's was ready: no PDF either."""
    from levelcheck.core.errors import LevelCheckError
    from levelcheck.report import service

    job = service.ReportJob(lang="en", html=tmp_path / "r.html")
    real_replace = Path.replace

    def failing(self: Path, target: Path) -> Path:  # type: ignore[override]
        if Path(target).suffix == ".html":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing)
    with pytest.raises(LevelCheckError, match="No space left"):
        service._write(tmp_path / "in.json", tmp_path / "r.pdf", b"%PDF", job, b"<html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- 8. the key ----------------------------------------------------------------------------


def make_key(tmp_path: Path, passphrase: bytes | None) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from levelcheck.report.keys import init_issuer_key

    init_issuer_key(tmp_path / "k", name="T", organisation="", force=False, if_missing=False)
    key, cert, chain = pkcs12.load_key_and_certificates(
        (tmp_path / "k" / "issuer.p12").read_bytes(), None
    )
    assert key is not None
    enc = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    out = tmp_path / "pw.p12"
    out.write_bytes(pkcs12.serialize_key_and_certificates(b"T", key, cert, chain, enc))  # type: ignore[arg-type]
    return out


def test_a_key_passphrase_from_the_environment_or_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from levelcheck.core.errors import LevelCheckError
    from levelcheck.report import keys

    key = make_key(tmp_path, b"secret")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: say how
    with pytest.raises(LevelCheckError, match="LEVELCHECK_KEY_PASSPHRASE") as err:
        keys.key_passphrase(key, probe=True)
    assert err.value.file == str(key)
    monkeypatch.setenv("LEVELCHECK_KEY_PASSPHRASE", "secret")
    assert keys.key_passphrase(key, probe=True) == b"secret"
    monkeypatch.delenv("LEVELCHECK_KEY_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(keys.getpass, "getpass", lambda prompt, stream=None: "secret")
    assert keys.key_passphrase(key, probe=True) == b"secret"
    # a key without one, or a file that is no key at all: nothing asked
    monkeypatch.setattr(keys.getpass, "getpass", lambda prompt, stream=None: 1 / 0)
    assert keys.key_passphrase(example_files()[0], probe=True) is None
    from levelcheck.report.signing import load_issuer

    assert load_issuer(key, b"secret") is not None


def test_report_signs_with_a_passphrase_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = make_key(tmp_path, b"secret")
    pdf = tmp_path / "r.pdf"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "report", str(example_files()[0]), "-o", str(pdf), "--key", str(key))
    assert code == 2 and err.startswith(f"levelcheck: {key}: the key needs a passphrase")
    assert not pdf.exists()
    monkeypatch.setenv("LEVELCHECK_KEY_PASSPHRASE", "secret")
    code, out, err = run(capsys, "report", str(example_files()[0]), "-o", str(pdf),
                         "--key", str(key))  # fmt: skip
    assert code == 0 and "signed" in out, err


def test_a_missing_key_file_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "report", str(example_files()[0]), "-o", str(tmp_path / "r.pdf"),
                       "--key", str(tmp_path / "nothere.p12"))  # fmt: skip
    assert code == 2 and err == f"levelcheck: {tmp_path / 'nothere.p12'}: no such file\n"


# --- 10. --save on JSON ------------------------------------------------------------------


def test_save_needs_a_document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = copy(example_files()[2], tmp_path / "a.json")
    code, out, err = run(capsys, "roadmap", str(data), "--no-budget", "--save")
    assert code == 2 and out == ""
    assert err == f"levelcheck: {data}: --save needs a .levelcheck document (import it first)\n"
    assert data.read_bytes() == example_files()[2].read_bytes()


# --- 12. output that cannot be written ----------------------------------------------------


class FullDisk(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_on_stdout_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = str(example_files()[0])
    for args in (("score", source), ("roadmap", source, "--no-budget")):
        monkeypatch.setattr(sys, "stdout", FullDisk())
        code = main(list(args))
        monkeypatch.undo()
        assert code == 2
        err = capsys.readouterr().err
        assert err == "levelcheck: cannot write the output: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full here")
def test_a_full_disk_as_a_process() -> None:
    """A short output fails at the last flush (cli.run), a long one while it is
    written (cli.main): one line either way."""
    examples = list(map(str, example_files()))
    for args in ([examples[0]], [*examples, "--format", "json"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "levelcheck", "score", *args],
                                  stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                  timeout=120)  # fmt: skip
        assert done.returncode == 2
        assert done.stderr == "levelcheck: cannot write the output: No space left on device\n"


# --- 13. folders --------------------------------------------------------------------------


def test_folders_with_nothing_to_score(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    odd = tmp_path / "odd" / "dir.json"
    odd.mkdir(parents=True)
    for folder in (empty, odd, odd.parent):
        for command in ("score", "report"):
            extra = ["--out-dir", str(tmp_path / "out")] if command == "report" else []
            code, out, err = run(capsys, command, str(folder), *extra)
            assert code == 2 and out == ""
            assert err == f"levelcheck: {folder}: no .levelcheck or .json files found\n"


def test_extensions_match_in_any_case(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy(example_files()[0], tmp_path / "in" / "UP.JSON")
    code, out, _ = run(capsys, "score", str(tmp_path / "in"), "--format", "json")
    assert code == 0 and [Path(r["file"]).name for r in json.loads(out)] == ["UP.JSON"]


# --- 14. option checks ------------------------------------------------------------------


def test_option_values_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = str(example_files()[2])
    assert "a level is 1 to 5" in usage_error(capsys, "roadmap", source, "--target", "0")
    assert "0 or more" in usage_error(capsys, "roadmap", source, "--budget", "-5")
    code, _, err = run(capsys, "roadmap", source, "--pin", "STR-SL-01-4", "--drop", "STR-SL-01-4")
    assert code == 2 and "both pinned and dropped: STR-SL-01-4" in err
    code, _, err = run(capsys, "report", source, "--out-dir", str(tmp_path / "j"), "--jobs", "0")
    assert code == 2 and "--jobs takes a whole number of 1 or more" in err
    assert not (tmp_path / "j").exists()
    assert run(capsys, "roadmap", source, "--budget", "0")[0] in (0, 1)


# --- minor: import's message -----------------------------------------------------------


def test_import_over_an_existing_file_points_to_force(
    capsys: pytest.CaptureFixture[str], document: Path
) -> None:
    code, _, err = run(capsys, "import", str(example_files()[0]), "-o", str(document))
    assert (
        code == 2 and err == f"levelcheck: {document}: already exists (use --force to replace it)\n"
    )
