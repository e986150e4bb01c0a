"""Signed reports from the command line: verify passes, tampering and strangers fail."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from levelcheck.cli import main
from levelcheck.report.verify import _date_problems, verify_report
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


def fingerprint(cert: Path) -> str:
    from cryptography import x509

    from levelcheck.report.signing import fingerprint_of

    return fingerprint_of(x509.load_pem_x509_certificate(cert.read_bytes()))


def test_a_signed_report_verifies(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path]
) -> None:
    pdf, cert = signed
    code, out, _ = run(capsys, "verify", str(pdf), "--trust", str(cert))
    assert code == 0, out
    lines = out.splitlines()
    assert (
        lines[0].startswith("OK: LC-")
        and "(주)한모루정밀 (registration no. 000-00-00002)" in lines[0]
    )
    assert "re-scores the same" in lines[0]
    # what a sponsor compares with the cover and with what the issuer gave them
    today = dt.date.today()
    until = today.replace(year=today.year + 3) - dt.timedelta(days=1)
    assert lines[1] == f"  issued {today}, valid until {until}"
    assert re.fullmatch(
        r"  signed by CN=김민수,O=한빛컨설팅 on \d{4}-\d\d-\d\d \d\d:\d\d UTC "
        r"\(the time by the signer's own clock\)",
        lines[2],
    ), lines[2]
    assert lines[3] == f"  signer's certificate SHA-256 {fingerprint(cert)}"
    assert len(lines) == 4


def test_an_expired_certificate_fails_though_genuine(signed: tuple[Path, Path]) -> None:
    """A report issued today, checked four years on: its three years have run out."""
    pdf, cert = signed
    later = dt.date.today() + dt.timedelta(days=4 * 366)
    verdict = verify_report(pdf, trusted=[cert], today=later)
    until = dt.date.today().replace(year=dt.date.today().year + 3) - dt.timedelta(days=1)
    assert verdict.lines == [
        f"FAILED: the certificate expired on {until} (issued {dt.date.today()})"
    ]
    assert verify_report(pdf, trusted=[cert], today=until).ok  # its last day


def test_the_dates_a_report_states_are_checked_against_each_other() -> None:
    d = dt.date
    signed_at = dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.UTC)
    assert _date_problems(d(2026, 11, 21), d(2029, 11, 20), d(2026, 10, 14), signed_at,
                          d(2026, 11, 21)) == []  # fmt: skip
    # an issue date a day after the signing time's UTC date is the time zone, not a lie
    assert _date_problems(d(2026, 11, 22), d(2029, 11, 21), d(2026, 10, 14), signed_at,
                          d(2026, 11, 22)) == []  # fmt: skip
    assert _date_problems(d(2020, 1, 15), d(2023, 1, 14), d(2026, 10, 14), signed_at,
                          d(2026, 11, 21)) == [
        "issued 2020-01-15, before the assessment of 2026-10-14",
        "the certificate expired on 2023-01-14 (issued 2020-01-15)",
    ]  # fmt: skip
    backdated = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
    assert _date_problems(d(2026, 11, 21), d(2029, 11, 20), d(2026, 10, 14), backdated,
                          d(2026, 11, 21)) == [
        "signed on 2025-01-15, before the issue date it states (2026-11-21); the signing "
        "time is the signer's own claim"
    ]  # fmt: skip
    assert _date_problems(d(2031, 6, 1), d(2034, 5, 31), d(2026, 10, 14), None,
                          d(2026, 11, 21)) == ["issued 2031-06-01, a date still to come"]  # fmt: skip
    assert _date_problems(d(2026, 11, 21), d(2026, 11, 21), d(2026, 10, 14), None,
                          d(2026, 11, 21)) == [
        "valid until 2026-11-21, not after its issue date 2026-11-21"
    ]  # fmt: skip


def crafted(folder: Path, cert: Path, attachments: dict[str, bytes], *, times: int = 1) -> Path:
    """A one-page PDF carrying ``attachments``, signed ``times`` with the trusted key."""
    from levelcheck.report.signing import load_issuer, sign_pdf
    from tests.report.test_signing import make_pdf

    issuer = load_issuer(cert.with_suffix(".p12"))
    pdf = make_pdf()
    for _ in range(times):
        pdf = sign_pdf(pdf, issuer, attachments=attachments)
    out = folder / f"crafted-{len(list(folder.iterdir()))}.pdf"
    out.write_bytes(pdf)
    return out


def test_crafted_embedded_data_is_one_line_each_never_a_traceback(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path], tmp_path: Path
) -> None:
    """score.json as null or a list, an assessment nested 100,000 deep: these gave
    AttributeError and RecursionError tracebacks, signed with any key at all."""
    _, cert = signed
    real = example_files()[1].read_bytes()
    deep = b"[" * 100_000 + b"]" * 100_000
    cases = {
        b"null": "FAILED: the signed score (score.json) is not a JSON object",
        b"[1, 2]": "FAILED: the signed score (score.json) is not a JSON object",
        b"{nope": "FAILED: the signed score (score.json) is not valid JSON: ",
    }
    for score, line in cases.items():
        pdf = crafted(tmp_path, cert, {"assessment.json": real, "score.json": score})
        code, out, err = run(capsys, "verify", str(pdf), "--trust", str(cert))
        assert code == 1 and err == "" and len(out.splitlines()) == 1, out
        assert out.startswith(line), out
    pdf = crafted(tmp_path, cert, {"assessment.json": deep, "score.json": b"{}"})
    code, out, err = run(capsys, "verify", str(pdf), "--trust", str(cert))
    assert code == 1 and err == ""
    assert out.splitlines() == [
        f"FAILED: the embedded assessment cannot be re-scored: {pdf}#assessment.json: not an "
        "assessment: nested too deeply"
    ]


def test_a_report_signed_twice_fails_even_by_trusted_keys(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path], tmp_path: Path
) -> None:
    """Another trusted consultancy re-signing a report with other data over the first
    one's pages printed OK for the new data."""
    pdf, cert = signed
    attachments = {"assessment.json": example_files()[4].read_bytes(), "score.json": b"{}"}
    from levelcheck.report.signing import load_issuer, sign_pdf

    again = tmp_path / "again.pdf"
    again.write_bytes(sign_pdf(pdf.read_bytes(), load_issuer(cert.with_suffix(".p12")),
                               attachments=attachments))  # fmt: skip
    code, out, _ = run(capsys, "verify", str(again), "--trust", str(cert))
    assert code == 1
    assert (
        "FAILED: signed 2 times: a LevelCheck report carries one signature, and this one was "
        "signed again later (last by CN=김민수,O=한빛컨설팅)"
    ) in out.splitlines()


def test_a_report_cut_short_is_unreadable_input(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path], tmp_path: Path
) -> None:
    """It said "damaged" and then "not a LevelCheck report", exit 1."""
    pdf, cert = signed
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[:-10])
    code, out, err = run(capsys, "verify", str(cut), "--trust", str(cert))
    assert (code, out) == (2, "")
    assert err == f"levelcheck: {cut}: the PDF is damaged or incomplete (EOF marker not found)\n"


def test_a_bad_trust_file_is_named_alone(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path], tmp_path: Path
) -> None:
    pdf, cert = signed
    code, _, err = run(capsys, "verify", str(pdf), "--trust", str(tmp_path / "none.crt"))
    assert code == 2
    assert err.startswith(f"levelcheck: {tmp_path / 'none.crt'}: cannot read the certificate")
    code, _, err = run(capsys, "verify", str(pdf), "--trust", str(cert.with_suffix(".p12")))
    assert code == 2
    assert err == (
        f"levelcheck: {cert.with_suffix('.p12')}: a key file, not a certificate: give the "
        "certificate that goes with it (issuer.crt), which is what others may have\n"
    )


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
    # one line, saying what is wrong (not the same problem again in other words), with
    # the fingerprint: a name alone does not tell two certificates apart
    assert out.splitlines() == [
        f"FAILED: the signer (CN=김민수,O=한빛컨설팅, SHA-256 {fingerprint(signed[1])}) is not "
        "one of the trusted certificates"
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


def test_report_refuses_issue_dates_before_the_assessment_or_to_come(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    source = example_files()[1]  # assessed 2026-10-14
    code, _, err = run(capsys, "report", str(source), "-o", str(out), "--unsigned",
                       "--issued", "2020-01-15")  # fmt: skip
    assert code == 2 and not out.exists()
    assert err == (
        f"levelcheck: {source}: --issued 2020-01-15 is before the assessment date 2026-10-14: "
        "a certificate is issued after the assessment\n"
    )
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    code, _, err = run(capsys, "report", str(source), "-o", str(out), "--unsigned",
                       "--issued", str(tomorrow))  # fmt: skip
    assert code == 2 and not out.exists()
    assert err == f"levelcheck: --issued {tomorrow}: an issue date cannot be in the future\n"
    # issued today (the default) for an assessment dated tomorrow: verify would fail it
    ahead = tmp_path / "ahead.json"
    ahead.write_text(source.read_text(encoding="utf-8").replace('"2026-10-14"', f'"{tomorrow}"'),
                     encoding="utf-8")  # fmt: skip
    code, _, err = run(capsys, "report", str(ahead), "-o", str(out), "--unsigned")
    assert code == 2 and not out.exists()
    assert err == (
        f"levelcheck: {ahead}: the assessment is dated {tomorrow}, after today "
        f"({dt.date.today()}): a certificate is issued after the assessment; correct the "
        "assessment date\n"
    )


def test_report_refuses_a_key_whose_reports_would_not_verify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.report.test_signing import self_signed_p12

    now = dt.datetime.now(dt.UTC)
    p12, _ = self_signed_p12(tmp_path, "old", now - dt.timedelta(days=400),
                             now - dt.timedelta(days=30), for_signing=True)  # fmt: skip
    out = tmp_path / "r.pdf"
    code, _, err = run(capsys, "report", str(example_files()[0]), "-o", str(out),
                       "--key", str(p12))  # fmt: skip
    assert code == 2 and not out.exists()
    assert err == (
        f"levelcheck: {p12}: the certificate expired on {now - dt.timedelta(days=30):%Y-%m-%d}: "
        "reports signed with it would not verify; make a new key (levelcheck keys init "
        "--force) or give another (--key)\n"
    )


def test_a_batch_checks_its_key_once_before_any_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An expired key is the batch's problem, not each report's: one line, before any
    report is laid out (each report used to be laid out, then refused), and the output
    folder the batch made is gone again."""
    from tests.report.test_signing import self_signed_p12

    now = dt.datetime.now(dt.UTC)
    p12, _ = self_signed_p12(tmp_path, "old", now - dt.timedelta(days=400),
                             now - dt.timedelta(days=30), for_signing=True)  # fmt: skip
    out = tmp_path / "out"
    code, _, err = run(capsys, "report", *map(str, example_files()[:3]), "--out-dir", str(out),
                       "--key", str(p12))  # fmt: skip
    assert code == 2 and not out.exists()
    assert err == (
        f"levelcheck: {p12}: the certificate expired on {now - dt.timedelta(days=30):%Y-%m-%d}: "
        "reports signed with it would not verify; make a new key (levelcheck keys init "
        "--force) or give another (--key)\n"
    )


def test_a_replaced_key_leaves_its_certificate_for_the_old_reports(
    capsys: pytest.CaptureFixture[str], signed: tuple[Path, Path], tmp_path: Path
) -> None:
    pdf, cert = signed
    keys = tmp_path / "keys"
    keys.mkdir()
    for name in ("issuer.p12", "issuer.crt"):
        shutil.copy(cert.with_name(name), keys / name)
    code, out, _ = run(capsys, "keys", "init", "--dir", str(keys), "--force",
                       "--name", "김민수", "--organisation", "한빛컨설팅")  # fmt: skip
    assert code == 0
    kept = [p for p in keys.iterdir() if p.name.startswith("issuer-replaced-")]
    assert len(kept) == 1 and kept[0].read_bytes() == cert.read_bytes()
    assert f"reports signed before now verify with --trust {kept[0]}" in out
    assert (keys / "issuer.crt").read_bytes() != cert.read_bytes()
    code, out, _ = run(capsys, "verify", str(pdf), "--trust", str(keys / "issuer.crt"))
    assert code == 1 and "a key the issuer replaced" in out
    code, out, _ = run(capsys, "verify", str(pdf), "--trust", str(kept[0]))
    assert code == 0, out


def test_a_batch_leaves_no_folder_it_made_for_failed_reports_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "in"
    (src / "bad").mkdir(parents=True)
    (src / "bad" / "broken.json").write_text("{", encoding="utf-8")
    (src / "good").mkdir()
    shutil.copy(example_files()[0], src / "good" / "a.json")
    out = tmp_path / "out"
    (out / "kept").mkdir(parents=True)  # the user's own empty folder stays
    code, _, err = run(capsys, "report", str(src), "--out-dir", str(out), "--unsigned",
                       "--lang", "en")  # fmt: skip
    assert code == 2 and "broken.json" in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "good",
        "good/a.pdf",
        "kept",
    ]


def test_an_unsigned_draft_names_the_organisation_of_the_key_it_would_be_signed_with(
    capsys: pytest.CaptureFixture[str],
    signed: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A consultancy's draft named LevelCheck's default centre as its issuer."""
    from tests.report.test_report import _issuer_row

    _, cert = signed
    for config, issuer in ((cert.parent.parent, "한빛컨설팅"),
                           (tmp_path / "no-key", "LevelCheck 스마트공장 진단센터")):  # fmt: skip
        monkeypatch.setenv("LEVELCHECK_CONFIG_DIR", str(config))
        html = tmp_path / f"{config.name}.html"
        code, _, err = run(capsys, "report", str(example_files()[1]), "-o",
                           str(tmp_path / f"{config.name}.pdf"), "--unsigned", "--lang", "ko",
                           "--html", str(html))  # fmt: skip
        assert code == 0, err
        assert _issuer_row(html.read_text(encoding="utf-8")) == issuer
