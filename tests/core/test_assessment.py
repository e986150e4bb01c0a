"""The JSON interchange format: loading, clear errors, the shipped JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from levelcheck.core.assessment import assessment_json_schema, load_assessment
from levelcheck.core.errors import AssessmentError
from tests.conftest import example_files, load_json

SCHEMA = Path(__file__).resolve().parents[2] / "levelcheck" / "core" / "schema"


def minimal(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "levelcheck.assessment",
        "format_version": 1,
        "questionnaire": {"id": "ks-smart-factory", "version": "1.0.0"},
        "ruleset": {"id": "ks-default", "version": "1.0.0"},
        "company": {"name": "(주)한빛정밀"},
        "assessment": {"date": "2026-11-02", "assessors": [{"name": "김민수"}]},
        "answers": {"PRC-QM-03": {"level": 3, "note": "검사성적서 확인"}},
    }
    doc.update(over)
    return doc


def write(tmp_path: Path, doc: Any, name: str = "a.json") -> Path:
    p = tmp_path / name
    p.write_text(
        doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8"
    )
    return p


def test_loads(tmp_path: Path) -> None:
    a = load_assessment(write(tmp_path, minimal()))
    assert a.company.name == "(주)한빛정밀"
    assert a.answers["PRC-QM-03"].level == 3


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ("{not json", "not valid JSON (line 1, column 2)"),
        ("[1, 2]", "not a LevelCheck assessment (expected a JSON object)"),
        ("[" * 100_000 + "]" * 100_000, "not an assessment: nested too deeply"),  # was a
        # RecursionError traceback, after pydantic's own depth limit
        ({"format": "something.else"}, 'not a LevelCheck assessment (expected "format"'),
        (minimal(format_version=2), "written by a newer LevelCheck (format_version 2)"),
        (minimal(company={}), "company.name: Field required"),
        (
            minimal(answers={"X": {"level": 3, "na": True}}),
            "(top level): Value error, answers.X: an N/A answer has no level",
        ),
        (
            minimal(answers={"X": {"level": "high"}}),
            "answers.X.level: Input should be a valid integer",
        ),
        (minimal(answers={"X": {"levle": 3}}), "answers.X.levle: Extra inputs are not permitted"),
        (
            minimal(assessment={"date": "yesterday"}),
            "assessment.date: Input should be a valid date",
        ),
    ],
)
def test_errors_name_the_file_and_the_field(tmp_path: Path, doc: Any, message: str) -> None:
    path = write(tmp_path, doc)
    with pytest.raises(AssessmentError) as err:
        load_assessment(path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AssessmentError, match="cannot read file"):
        load_assessment(tmp_path / "nope.json")


def test_random_bytes(tmp_path: Path) -> None:
    p = tmp_path / "noise.json"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(AssessmentError, match="not valid JSON"):
        load_assessment(p)


def test_shipped_schema_matches_the_models() -> None:
    shipped = json.loads((SCHEMA / "assessment.schema.json").read_text(encoding="utf-8"))
    assert shipped == assessment_json_schema(), "run: python -m levelcheck.core.schema"


def test_schema_accepts_an_example_and_rejects_a_bad_one() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = assessment_json_schema()
    jsonschema.validate(minimal(), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(minimal(answers={"X": {"level": 0}}), schema)


@pytest.mark.parametrize("level", [True, "3", 3.0])
def test_a_level_is_a_whole_number_not_a_guess(tmp_path: Path, level: object) -> None:
    data = load_json(example_files()[0])
    data["answers"]["STR-SL-01"]["level"] = level
    f = tmp_path / "odd.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AssessmentError, match=r"answers\.STR-SL-01\.level"):
        load_assessment(f)
