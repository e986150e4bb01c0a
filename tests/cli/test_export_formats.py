"""``levelcheck export --format json|csv`` from a document or a JSON assessment."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from levelcheck.cli import main
from levelcheck.core.tabular import HEADER

EXAMPLE = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))[1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads Korean right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    doc = tmp_path / "a.levelcheck"
    assert run(capsys, "import", str(EXAMPLE), "-o", str(doc))[0] == 0
    return doc


@pytest.mark.parametrize("kind", ["levelcheck", "json"])
def test_export_csv_has_a_row_per_item(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       document: Path, kind: str) -> None:  # fmt: skip
    source = document if kind == "levelcheck" else EXAMPLE
    out = tmp_path / "items.csv"
    code, stdout, err = run(capsys, "export", str(source), "-o", str(out), "--format", "csv",
                            "--lang", "ko")  # fmt: skip
    assert (code, err, stdout.strip()) == (0, "", f"wrote {out}")
    rows = csv_rows(out)
    assert rows[0] == list(HEADER)
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    _, scored, _ = run(capsys, "score", str(EXAMPLE), "--format", "json")
    score = json.loads(scored)[0]
    body = {r[0]: dict(zip(HEADER, r, strict=True)) for r in rows[1:]}
    assert set(body) == set(score["items"])  # every item, answered or not
    for item_id, answer in data["answers"].items():
        row = body[item_id]
        assert row["answer"] == ("N/A" if answer.get("na") else str(answer.get("level") or ""))
        assert float(row["score"]) == pytest.approx(score["items"][item_id])
    assert any("\uac00" <= ch <= "\ud7a3" for r in rows[1:] for ch in r[5])  # Korean titles
    code, _, err = run(capsys, "export", str(source), "-o", str(out), "--format", "csv")
    assert code == 2 and "already exists" in err and len(err.splitlines()) == 1


def test_export_json_stays_the_default_and_reads_json_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: Path
) -> None:
    from_doc, from_json = tmp_path / "doc.json", tmp_path / "again.json"
    assert run(capsys, "export", str(document), "-o", str(from_doc))[0] == 0
    assert run(capsys, "export", str(EXAMPLE), "-o", str(from_json), "--format", "json")[0] == 0
    assert json.loads(from_doc.read_text(encoding="utf-8")) == json.loads(
        from_json.read_text(encoding="utf-8")
    )
    scrubbed = tmp_path / "scrubbed.json"
    assert run(capsys, "export", str(EXAMPLE), "-o", str(scrubbed), "--scrub")[0] == 0
    assert "anonymous" in scrubbed.read_text(encoding="utf-8")


def test_export_csv_refuses_json_only_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: Path
) -> None:
    out = tmp_path / "x.csv"
    code, _, err = run(capsys, "export", str(document), "-o", str(out), "--format", "csv",
                       "--scrub")  # fmt: skip
    assert code == 2 and "--format json only" in err and not out.exists()


def test_the_format_follows_the_output_name(
    capsys: pytest.CaptureFixture[str], document: Path, tmp_path: Path
) -> None:
    """`-o x.csv` writes CSV (JSON in a file called .csv would mislead Excel and people);
    any other name is the interchange JSON unless --format says otherwise."""
    assert run(capsys, "export", str(document), "-o", str(tmp_path / "x.CSV"))[0] == 0
    assert csv_rows(tmp_path / "x.CSV")[0] == list(HEADER)
    assert run(capsys, "export", str(document), "-o", str(tmp_path / "x.txt"))[0] == 0
    assert json.loads((tmp_path / "x.txt").read_text(encoding="utf-8"))["format"]
    code = run(capsys, "export", str(document), "-o", str(tmp_path / "y.csv"), "--format", "json")
    assert code[0] == 0 and (tmp_path / "y.csv").read_text(encoding="utf-8").startswith("{")


def test_validate_of_a_folder_without_content_is_not_ok(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "validate", str(empty))
    assert code == 2 and out == ""
    assert err == f"levelcheck: {empty}: no questionnaire, rule set or catalog found\n"
