"""The per-item table (CSV export): one row per item, Korean-safe for Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from levelcheck.core.assessment import Assessment
from levelcheck.core.content import ContentLibrary
from levelcheck.core.document import write_document
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.service import ScoringService
from levelcheck.core.tabular import HEADER, export_csv, item_rows
from tests.conftest import mini_library, mini_ruleset


def mini_assessment() -> Assessment:
    return Assessment.model_validate({
        "format": "levelcheck.assessment", "format_version": 1,
        "questionnaire": {"id": "mini", "version": "1"},
        "ruleset": {"id": "mini-rules", "version": "1"},
        "company": {"name": "(주)테스트"}, "assessment": {"date": "2026-11-02"},
        "answers": {
            "A1-1": {"level": 3, "note": "현장 확인, \"POP\" 가동\n둘째 줄",
                     "strength": "observed",
                     "evidence": [{"name": "a.jpg"}, {"name": "b.pdf"}]},
            "A2-1": {"na": True, "justification": "해당 공정 없음"},
            "B1-1": {"level": 5, "note": "=HYPERLINK(\"http://x\")"},
            "B1-2": {"note": "not rated yet"},
        },
    })  # fmt: skip


@pytest.fixture
def lib(tmp_path: Path) -> ContentLibrary:
    return mini_library(tmp_path, mini_ruleset())


def by_id(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    return {r[0]: dict(zip(HEADER, r, strict=True)) for r in rows[1:]}


def test_one_row_per_item_with_answers_and_scores(lib: ContentLibrary) -> None:
    a = mini_assessment()
    service = ScoringService(lib)
    result = service.score(a)
    rows = item_rows(a, lib.questionnaires[("mini", "1")], result, "en")
    assert rows[0] == list(HEADER)
    assert [r[0] for r in rows[1:]] == ["A1-1", "A1-2", "A2-1", "B1-1", "B1-2"]
    got = by_id(rows)
    assert got["A1-1"] == {
        "item_id": "A1-1", "area_id": "A", "area": "Area A", "category_id": "A1",
        "category": "Cat A1", "title": "A1-1", "answer": "3", "na_justification": "",
        "note": "현장 확인, \"POP\" 가동\n둘째 줄", "evidence_strength": "observed",
        "evidence_count": "2", "score": "18", "max_score": "30",
    }  # fmt: skip
    assert (result.items["A1-1"].score, result.items["A1-1"].max) == (18, 30)  # N/A renormalised
    assert got["A1-2"]["answer"] == "" and got["A1-2"]["evidence_count"] == "0"
    assert got["A2-1"]["answer"] == "N/A"
    assert got["A2-1"]["na_justification"] == "해당 공정 없음"
    assert got["B1-1"]["note"].startswith("'=")  # no formula in a spreadsheet
    assert got["B1-2"]["answer"] == "" and got["B1-2"]["note"] == "not rated yet"
    total = sum(float(r["score"]) for r in got.values())
    assert total == pytest.approx(result.total)
    korean = by_id(item_rows(a, lib.questionnaires[("mini", "1")], result, "ko"))
    assert korean["A1-1"]["area"] == "Area A (ko)" and korean["A1-1"]["title"] == "A1-1 (ko)"


def test_a_profile_rule_set_leaves_the_score_columns_empty(tmp_path: Path) -> None:
    lib = mini_library(tmp_path, mini_ruleset(total="none", bands=[]))
    a = mini_assessment()
    result = ScoringService(lib).score(a)
    assert result.total is None
    rows = by_id(item_rows(a, lib.questionnaires[("mini", "1")], result, "en"))
    assert {(r["score"], r["max_score"]) for r in rows.values()} == {("", "")}
    assert rows["A1-1"]["answer"] == "3"


def read_back(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("kind", ["json", "levelcheck"])
def test_export_csv_from_a_document_or_json(lib: ContentLibrary, tmp_path: Path,
                                            kind: str) -> None:  # fmt: skip
    a = mini_assessment()
    if kind == "json":
        source = tmp_path / "a.json"
        source.write_text(a.model_dump_json(), encoding="utf-8")
    else:
        source = tmp_path / "a.levelcheck"
        write_document(a, source)
    target = tmp_path / "items.csv"
    rows = export_csv(source, target, ScoringService(lib), "ko")
    assert read_back(target) == rows
    assert by_id(rows)["A1-1"]["evidence_count"] == "2"
    assert by_id(rows)["A1-1"]["category"] == "Cat A1 (ko)"
    with pytest.raises(LevelCheckError, match="already exists"):
        export_csv(source, target, ScoringService(lib), "ko")
    export_csv(source, target, ScoringService(lib), "en", overwrite=True)
    assert by_id(read_back(target))["A1-1"]["category"] == "Cat A1"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_export_csv_names_the_file_it_cannot_score(lib: ContentLibrary, tmp_path: Path) -> None:
    data: dict[str, Any] = mini_assessment().model_dump(mode="json")
    data["answers"]["NOPE-1"] = {"level": 2}
    source = tmp_path / "bad.json"
    source.write_text(Assessment.model_validate(data).model_dump_json(), encoding="utf-8")
    with pytest.raises(LevelCheckError) as info:
        export_csv(source, tmp_path / "x.csv", ScoringService(lib), "en")
    assert info.value.file == str(source) and "NOPE-1" in str(info.value)
    assert not (tmp_path / "x.csv").exists()
