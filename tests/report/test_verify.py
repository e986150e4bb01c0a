"""Signed reports from the command line: verify passes, tampering and strangers fail."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from levelcheck.cli import main
from tests.conftest import example_files


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One signed report (keys and report made once: rendering takes seconds)."""
    import os

    folder = tmp_path_factory.mktemp("signed")
    old = os.environ.get("LEVELCHECK_CONFIG_DIR")
    os.environ["LEVELCHECK_CONFIG_DIR"] = str(folder / "config")
    try:
        assert main(["keys", "init", "--name", "김민수", "--organisation", "한빛컨설팅"]) == 0
        pdf = folder / "report.pdf"
        assert main(["report", str(example_files()[1]), "-o", str(pdf), "--lang", "ko"]) == 0
    finally:
        if old is None:
            os.environ.pop("LEVELCHECK_CONFIG_DIR")
        else:
            os.environ["LEVELCHECK_CONFIG_DIR"] = old
    return pdf, folder / "config" / "keys" / "issuer.crt"


def test_a_signed_report_verifies(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path]
) -> None:
    pdf, cert = signed
    code, out, _ = run(capsys, "verify", str(pdf), "--trust", str(cert))
    assert code == 0, out
    assert out.startswith("OK: LC-") and "(주)한모루정밀" in out and "re-scores the same" in out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_the_cover_names_the_key_s_organisation_as_issuer(signed: tuple[Path, Path]) -> None:
    """keys init --organisation 한빛컨설팅, no --theme: the certificate's issuer is the
    organisation that signs it, not the default theme's centre."""
    pdf, _ = signed
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert re.search(r"발급 기관\s+한빛컨설팅", cover), cover
    assert "LevelCheck 스마트공장 진단센터" not in cover


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_one_changed_byte_fails(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path], tmp_path: Path, where: float
) -> None:
    pdf, cert = signed
    data = bytearray(pdf.read_bytes())
    n = int(len(data) * where)
    data[n] = (data[n] + 1) % 256
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    code, out, err = run(capsys, "verify", str(bad), "--trust", str(cert))
    assert code != 0
    assert "FAILED" in out or err.startswith("levelcheck: ")


def test_a_stranger_s_signature_fails(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path], tmp_path: Path
) -> None:
    pdf, _ = signed
    assert main(["keys", "init", "--name", "someone else", "--dir", str(tmp_path / "k")]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "verify", str(pdf), "--trust", str(tmp_path / "k" / "issuer.crt"))
    assert code == 1
    # one line, saying what is wrong (not the same problem again in other words)
    assert out.splitlines() == [
        "FAILED: the signer (CN=김민수,O=한빛컨설팅) is not one of the trusted certificates"
    ]


def test_an_unsigned_draft_says_so_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.pdf"
    assert main(["report", str(example_files()[0]), "-o", str(draft), "--unsigned"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "verify", str(draft))
    assert code == 1
    assert out.splitlines() == [
        "FAILED: not signed: a draft made with --unsigned, or not a LevelCheck report"
    ]


def test_garbage_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    code, _, err = run(capsys, "verify", str(junk))
    assert code == 2 and len(err.splitlines()) == 1 and str(junk) in err


def test_report_without_a_key_says_what_to_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "report", str(example_files()[0]), "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and "levelcheck keys init" in err and not (tmp_path / "r.pdf").exists()


def test_a_report_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The output's folder is a file: one line, no traceback, the file left alone."""
    blocker = tmp_path / "a-file"
    blocker.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "report", str(example_files()[0]), "-o",
                       str(blocker / "r.pdf"), "--unsigned")  # fmt: skip
    assert code == 2 and len(err.splitlines()) == 1 and "cannot write" in err
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_batch_reports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for f in example_files()[:2]:
        (src / f.name).write_bytes(f.read_bytes())
    (src / "broken.json").write_text("{", encoding="utf-8")
    code, _out, err = run(
        capsys,
        "report",
        str(src),
        "--out-dir",
        str(tmp_path / "out"),
        "--unsigned",
        "--lang",
        "en",
        "--jobs",
        "2",
    )
    assert code == 2 and "broken.json" in err
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert made == [f.stem + ".pdf" for f in example_files()[:2]]
    assert all((tmp_path / "out" / m).read_bytes().startswith(b"%PDF") for m in made)
