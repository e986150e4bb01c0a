"""The scoring engine, rule by rule, on a small questionnaire (see conftest.mini_*).

Mini content: area A (60 points: A1 = A1-1 + A1-2 at 20 each, A2 = A2-1 at 20) and
area B (40 points: B1-1 + B1-2 at 20 each); level L earns L/5 of an item's points.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from levelcheck.core.errors import AssessmentError
from levelcheck.core.result import ScoreResult
from levelcheck.core.scoring import Scorer, score
from tests.conftest import answers, mini_library, mini_ruleset, t

ALL = ("A1_1", "A1_2", "A2_1", "B1_1", "B1_2")


def uniform(level: int) -> dict[str, Any]:
    return answers(**dict.fromkeys(ALL, level))


def scored(tmp_path: Path, ans: dict[str, Any], **rules: Any) -> ScoreResult:
    lib = mini_library(tmp_path, mini_ruleset(**rules))
    q = lib.questionnaires[("mini", "1")]
    return score(q, lib.rulesets[("mini-rules", "1")], ans)


@pytest.mark.parametrize(
    ("levels", "total", "level"),
    [
        ({k: 1 for k in ALL}, 20.0, 1),
        ({k: 2 for k in ALL}, 40.0, 2),
        ({k: 3 for k in ALL}, 60.0, 3),
        ({k: 5 for k in ALL}, 100.0, 3),
        ({"A1_1": 5, "A1_2": 5, "A2_1": 1, "B1_1": 1, "B1_2": 1}, 52.0, 2),
    ],
)
def test_total_and_band(tmp_path: Path, levels: dict[str, int], total: float, level: int) -> None:
    r = scored(tmp_path, answers(**levels))
    assert r.total == total
    assert r.level == level
    assert r.max_total == 100.0
    assert not r.provisional and r.completeness == 1.0


def test_item_category_and_area_scores(tmp_path: Path) -> None:
    r = scored(tmp_path, answers(A1_1=2, A1_2=4, A2_1=5, B1_1=1, B1_2=3))
    assert r.items["A1-1"].score == 8.0 and r.items["A1-1"].max == 20.0
    assert r.categories["A1"].score == 24.0 and r.categories["A1"].level == 3.0
    assert r.areas["A"].score == 44.0 and r.areas["A"].max == 60.0
    assert r.areas["A"].level == pytest.approx((2 + 4 + 5) / 3, abs=0.01)
    assert r.areas["B"].score == 16.0


def test_unanswered_items_score_zero_and_make_the_result_provisional(tmp_path: Path) -> None:
    r = scored(tmp_path, answers(A1_1=5, A1_2=5))
    assert r.total == 40.0
    assert r.provisional and r.completeness == 0.4
    assert r.items["B1-1"].status == "unanswered"
    assert r.categories["B1"].level == 0.0
    assert any(e.kind == "note" and "3 of 5 items unanswered" in e.text["en"] for e in r.trace)


def test_unanswered_excluded_when_the_rule_set_says_so(tmp_path: Path) -> None:
    r = scored(tmp_path, answers(A1_1=5), unanswered="exclude")
    assert r.total == 100.0 and r.max_total == 100.0
    assert r.items["A1-1"].max == 100.0
    assert r.provisional


@pytest.mark.parametrize(
    ("na", "item", "item_max"),
    [
        (["A1_1"], "A1-2", 40.0),  # within the category
        (["A1_1", "A1_2"], "A2-1", 60.0),  # a whole category: to the rest of its area
        (["A1_1", "A1_2", "A2_1"], "B1-1", 50.0),  # a whole area: to the rest of the total
    ],
)
def test_na_points_are_renormalised(
    tmp_path: Path, na: list[str], item: str, item_max: float
) -> None:
    levels: dict[str, int | str] = {k: 5 for k in ALL}
    levels.update(dict.fromkeys(na, "na"))
    r = scored(tmp_path, answers(**levels))
    assert r.items[item].max == item_max
    assert r.total == 100.0 and r.max_total == 100.0
    assert not r.provisional
    for k in na:
        assert r.items[k.replace("_", "-")].status == "na"


def test_na_without_justification_counts_as_unanswered(tmp_path: Path) -> None:
    from levelcheck.core.assessment import Answer

    ans = uniform(5)
    ans["A1-1"] = Answer(na=True, justification="  ")
    r = scored(tmp_path, ans)
    assert r.items["A1-1"].status == "unanswered"
    assert r.provisional and r.total == 80.0
    assert any("A1-1" in e.text["en"] and "justification" in e.text["en"] for e in r.trace)


def test_na_refused_when_the_rule_set_does_not_allow_it(tmp_path: Path) -> None:
    r = scored(tmp_path, answers(A1_1="na"), na={"allowed": False})
    assert r.items["A1-1"].status == "unanswered"


def gate_check(tmp_path: Path, cond: dict[str, Any], ans: dict[str, Any]) -> tuple[bool, Any]:
    bands = [
        {"level": 1, "stage": t("one"), "min_total": 0},
        {"level": 2, "stage": t("two"), "gates": [{"id": "g", "title": t("G"), "require": cond}]},
    ]
    r = scored(tmp_path, ans, bands=bands)
    gate = next(e for e in r.trace if e.kind == "gate")
    assert (r.level == 2) == gate.passed
    return gate.passed, gate


LEVELS_2_4 = {"A1_1": 2, "A1_2": 4, "A2_1": 3, "B1_1": 3, "B1_2": 2}


@pytest.mark.parametrize(
    ("cond", "passed", "actual"),
    [
        ({"item_level": {"item": "A1-2", "at_least": 4}}, True, 4.0),
        ({"item_level": {"item": "A1-1", "at_least": 3}}, False, 2.0),
        ({"category_level": {"category": "A1", "at_least": 3}}, True, 3.0),
        ({"category_level": {"category": "A1", "at_least": 3.5}}, False, 3.0),
        ({"area_level": {"area": "A", "at_least": 3}}, True, 3.0),
        ({"area_level": {"area": "B", "at_least": 3}}, False, 2.5),
        ({"min_item_level": {"area": "B", "at_least": 3}}, False, 2.0),
        ({"min_item_level": {"category": "A2", "at_least": 3}}, True, 3.0),
        ({"min_item_level": {"at_least": 2}}, True, 2.0),
        ({"area_score": {"area": "A", "at_least": 36}}, True, 36.0),
        ({"area_score": {"area": "B", "at_least": 21}}, False, 20.0),
        ({"category_score": {"category": "A1", "at_least": 24}}, True, 24.0),
        ({"total_score": {"at_least": 57}}, False, 56.0),
    ],
)
def test_each_check_kind(tmp_path: Path, cond: dict[str, Any], passed: bool, actual: float) -> None:
    ok, gate = gate_check(tmp_path, cond, answers(**LEVELS_2_4))
    assert ok is passed
    assert gate.checks[0].actual == actual
    assert gate.checks[0].passed is passed


def test_min_item_level_names_the_items_below(tmp_path: Path) -> None:
    ok, gate = gate_check(tmp_path, {"min_item_level": {"at_least": 3}}, answers(**LEVELS_2_4))
    assert not ok
    assert gate.checks[0].failing == ("A1-1", "B1-2")
    assert "A1-1, B1-2" in gate.text["en"]


A_PASS = {"item_level": {"item": "A1-2", "at_least": 4}}
A_FAIL = {"item_level": {"item": "A1-1", "at_least": 3}}


@pytest.mark.parametrize(
    ("cond", "passed"),
    [
        ({"all": [A_PASS, A_PASS]}, True),
        ({"all": [A_PASS, A_FAIL]}, False),
        ({"any": [A_FAIL, A_PASS]}, True),
        ({"any": [A_FAIL, A_FAIL]}, False),
        ({"not": A_FAIL}, True),
        ({"not": A_PASS}, False),
        ({"all": [{"any": [A_FAIL, A_PASS]}, {"not": A_FAIL}]}, True),
    ],
)
def test_combinators(tmp_path: Path, cond: dict[str, Any], passed: bool) -> None:
    assert gate_check(tmp_path, cond, answers(**LEVELS_2_4))[0] is passed


def test_gate_on_na_item_does_not_apply(tmp_path: Path) -> None:
    ans = answers(**{**LEVELS_2_4, "A1_1": "na"})
    ok, gate = gate_check(tmp_path, A_FAIL, ans)
    assert ok and "not applicable" in gate.text["en"]


def test_trace_says_what_is_missing_in_both_languages(tmp_path: Path) -> None:
    cond = {"category_level": {"category": "A1", "at_least": 3}}
    _, gate = gate_check(tmp_path, cond, answers(A1_1=2, A1_2=3, A2_1=3, B1_1=3, B1_2=3))
    assert (
        gate.text["en"] == "Level 2 (two) needs 'G': category Cat A1 at level 3 or above, now 2.5"
    )
    assert (
        gate.text["ko"]
        == "Level 2(two (ko)) 미충족 — 'G (ko)' 요건: Cat A1 (ko) 범주 수준 3 이상 필요, 현재 2.5"
    )


def test_long_lists_of_items_are_cut_short(tmp_path: Path) -> None:
    from levelcheck.core.result import Check

    ids = tuple(f"X-{n}" for n in range(11))
    check = Check("min_item_level", None, 3, 1.0, False, None, ids)
    assert check.sentence("en").endswith(
        "below it now: X-0, X-1, X-2, X-3, X-4, X-5, X-6, X-7 and 3 more"
    )
    assert check.sentence("ko").endswith("X-7 외 3개")


def test_a_failed_gate_stops_higher_levels(tmp_path: Path) -> None:
    bands = [
        {"level": 1, "stage": t("one"), "min_total": 0},
        {
            "level": 2,
            "stage": t("two"),
            "min_total": 40,
            "gates": [{"id": "g", "title": t("G"), "require": A_FAIL}],
        },
        {"level": 3, "stage": t("three"), "min_total": 50},
    ]
    r = scored(tmp_path, answers(**LEVELS_2_4), bands=bands)
    assert r.total == 56.0 and r.level == 1
    band3 = next(e for e in r.trace if e.kind == "band" and e.level == 3)
    assert band3.passed  # its own threshold is met...
    assert any(e.kind == "note" and "no higher level counts" in e.text["en"] for e in r.trace)


def test_below_the_first_band(tmp_path: Path) -> None:
    bands = [{"level": 1, "stage": t("one"), "min_total": 30}]
    r = scored(tmp_path, uniform(1), bands=bands)
    assert r.level is None and r.stage is None
    assert r.trace[-1].kind == "outcome" and "below Level 1" in r.trace[-1].text["en"]


def test_weakest_link_profile_without_total(tmp_path: Path) -> None:
    r = scored(
        tmp_path,
        answers(**LEVELS_2_4),
        total="none",
        bands=[],
        aggregation={"category_level": "min", "area_level": "min"},
    )
    assert r.total is None and r.level is None and r.max_total is None
    assert r.categories["A1"].level == 2.0
    assert r.areas["A"].level == 2.0 and r.areas["B"].level == 2.0
    assert "profile" in r.trace[-1].text["en"]


def test_explicit_item_points(tmp_path: Path) -> None:
    r = scored(
        tmp_path,
        uniform(5),
        points={
            "areas": {"A": 60, "B": 40},
            "categories": {"A1": 40, "A2": 20, "B1": 40},
            "items": {"A1-1": 30},
        },
    )
    assert r.items["A1-1"].max == 30.0 and r.items["A1-2"].max == 10.0


def test_result_carries_ruleset_identity(tmp_path: Path) -> None:
    r = scored(tmp_path, uniform(3))
    assert (r.ruleset.id, r.ruleset.version) == ("mini-rules", "1")
    assert len(r.ruleset.hash) == 64
    assert scored(tmp_path, uniform(3)).ruleset.hash == r.ruleset.hash
    other = scored(tmp_path, uniform(3), level_points={1: 0.1, 2: 0.4, 3: 0.6, 4: 0.8, 5: 1.0})
    assert other.ruleset.hash != r.ruleset.hash


def test_same_input_same_output(tmp_path: Path) -> None:
    lib = mini_library(tmp_path, mini_ruleset())
    scorer = Scorer(lib.questionnaires[("mini", "1")], lib.rulesets[("mini-rules", "1")])
    ans = answers(**LEVELS_2_4)
    assert scorer.score(ans).to_dict() == scorer.score(dict(reversed(ans.items()))).to_dict()


@pytest.mark.parametrize(
    ("ans", "message"),
    [
        (answers(Z9_9=3), "answers.Z9-9: no such item"),
        (answers(A1_1=6), "answers.A1-1.level: 6 is above the questionnaire's top level 5"),
    ],
)
def test_answers_that_do_not_fit(tmp_path: Path, ans: dict[str, Any], message: str) -> None:
    with pytest.raises(AssessmentError, match=message.replace(".", r"\.")):
        scored(tmp_path, ans)
