"""The shipped examples: one fictional company at each level of the default rule set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from levelcheck.core.assessment import assessment_json_schema, load_assessment
from levelcheck.core.content import ContentLibrary
from levelcheck.core.service import ScoringService
from tests.conftest import example_files, load_json

FILES = example_files()


def intended_level(path: Path) -> int:
    match = re.match(r"\d\d-level(\d)-", path.name)
    assert match, f"example names say their level: {path.name}"
    return int(match.group(1))


def test_one_example_per_level() -> None:
    assert sorted(intended_level(f) for f in FILES) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_example_scores_to_its_level(path: Path, shipped: ContentLibrary) -> None:
    service = ScoringService(shipped)
    _, result = service.score_file(path)
    assessment = load_assessment(path)
    assert result.level == intended_level(path)
    assert not result.provisional and result.completeness == 1.0
    assert len(assessment.answers) == len(shipped.questionnaire("ks-smart-factory", "1.0.0").items)


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_example_is_realistic_and_well_formed(path: Path, shipped: ContentLibrary) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(load_json(path), assessment_json_schema())
    a = load_assessment(path)
    q = shipped.questionnaire(a.questionnaire.id, a.questionnaire.version)
    kpis = {k.id for item in q.items.values() for k in item.kpis}
    assert set(a.company.priority_kpis) <= kpis
    for item_id, answer in a.answers.items():
        assert item_id in q.items
        assert answer.note.strip(), f"{item_id} has a consultant's note"
        if answer.na:
            assert answer.justification.strip()


def test_the_level_2_example_is_held_back_by_a_gate(shipped: ContentLibrary) -> None:
    """Example 02 totals enough for Level 3 but lacks automatic data collection."""
    (path,) = [f for f in FILES if intended_level(f) == 2]
    _, result = ScoringService(shipped).score_file(path)
    assert result.total is not None and result.total >= 750
    failed = [e for e in result.trace if e.kind == "gate" and not e.passed and e.level == 3]
    assert [e.gate for e in failed] == ["automatic-collection"]
    assert "SYS-AC-04" in failed[0].text["en"] and "now 2" in failed[0].text["en"]
    # what the app's live panel shows as the gap to the next level
    assert result.unmet(3) == failed
    assert result.unmet(2) == []  # reached
    assert [e.kind for e in result.unmet(4)] == ["band", "gate", "gate"]
    assert result.unmet(9) == []  # no such level
