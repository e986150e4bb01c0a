"""Properties of the default rule set on the shipped questionnaire, checked by hypothesis."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from levelcheck.core.assessment import Answer
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.scoring import Scorer

LIB = ContentLibrary.load([shipped_dir("questionnaires")])
DEFAULT = LIB.ruleset("ks-default")
PROFILE = LIB.ruleset("siri-profile")
Q = LIB.questionnaire(DEFAULT.questionnaire.id, DEFAULT.questionnaire.version)
SCORER = Scorer(Q, DEFAULT)
PROFILER = Scorer(Q, PROFILE)
IDS = list(Q.items)
EPS = 1e-6

# one value per item: a level, N/A (justified) or unanswered
value = st.one_of(st.integers(1, 5), st.just("na"), st.none())
answer_sets = st.fixed_dictionaries({i: value for i in IDS})
complete_sets = st.fixed_dictionaries({i: st.integers(1, 5) for i in IDS})


def to_answers(values: dict[str, Any]) -> dict[str, Answer]:
    out = {}
    for iid, v in values.items():
        if v == "na":
            out[iid] = Answer(na=True, justification="not done at this site")
        elif v is not None:
            out[iid] = Answer(level=v)
    return out


@settings(max_examples=300, deadline=None)
@given(answer_sets, st.sampled_from(IDS), st.booleans())
def test_raising_one_answer_never_lowers_total_or_level(
    values: dict[str, Any], item: str, from_unanswered: bool
) -> None:
    before_value = values[item]
    if before_value == "na" or before_value == 5:
        return
    if before_value is None and not from_unanswered:
        return
    raised = dict(values)
    raised[item] = 1 if before_value is None else before_value + 1
    before = SCORER.score(to_answers(values))
    after = SCORER.score(to_answers(raised))
    assert before.total is not None and after.total is not None
    assert after.total >= before.total - EPS
    assert (after.level or 0) >= (before.level or 0)


@settings(max_examples=300, deadline=None)
@given(answer_sets)
def test_scores_stay_within_bounds(values: dict[str, Any]) -> None:
    r = SCORER.score(to_answers(values))
    assert r.total is not None and r.max_total is not None
    assert 0 <= r.total <= r.max_total + EPS
    assert r.max_total <= 1000 + EPS
    for it in r.items.values():
        assert 0 <= it.score <= it.max + EPS
    for group in (*r.categories.values(), *r.areas.values()):
        assert 0 <= group.score <= group.max + EPS
        assert group.level is None or 0 <= group.level <= 5
    assert sum(a.score for a in r.areas.values()) == pytest.approx(r.total, abs=0.05)
    assert 0 <= r.completeness <= 1
    assert r.provisional == any(v is None for v in values.values())
    assert r.level in (None, 1, 2, 3, 4, 5)


@settings(max_examples=200, deadline=None)
@given(answer_sets, st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(values: dict[str, Any], rnd: Any) -> None:
    ans = to_answers(values)
    keys = list(ans)
    rnd.shuffle(keys)
    shuffled = {k: ans[k] for k in keys}
    assert SCORER.score(ans).to_dict() == SCORER.score(shuffled).to_dict()
    assert PROFILER.score(ans).to_dict() == PROFILER.score(shuffled).to_dict()


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(IDS), max_size=len(IDS) - 1))
def test_na_renormalisation_keeps_1000_reachable(na: set[str]) -> None:
    values: dict[str, Any] = {i: ("na" if i in na else 5) for i in IDS}
    r = SCORER.score(to_answers(values))
    assert r.max_total == pytest.approx(1000, abs=0.05)
    assert r.total == pytest.approx(1000, abs=0.05)


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_a_uniform_plant_lands_on_its_own_level(level: int) -> None:
    r = SCORER.score(to_answers(dict.fromkeys(IDS, level)))
    assert r.level == level
    assert r.total == {1: 550, 2: 650, 3: 750, 4: 850, 5: 1000}[level]


def test_profile_takes_the_weakest_item() -> None:
    values: dict[str, Any] = dict.fromkeys(IDS, 4)
    values["SYS-AC-03"] = 2
    r = PROFILER.score(to_answers(values))
    assert r.total is None and r.level is None
    assert r.categories["SYS-AC"].level == 2 and r.areas["SYS"].level == 2
    assert r.areas["PRC"].level == 4


def test_default_rule_set_shape() -> None:
    assert sum(DEFAULT.points.areas.values()) == 1000
    assert DEFAULT.points.areas == {"STR": 100, "PRC": 400, "SYS": 400, "PER": 100}
    assert [b.level for b in DEFAULT.bands] == [1, 2, 3, 4, 5]
    assert all(b.gates for b in DEFAULT.bands if b.level > 2)
    assert all(b.confidence == "unverified" for b in DEFAULT.bands)
    assert DEFAULT.confidence == "unverified"


def test_shipped_questionnaire_shape() -> None:
    assert [a.id for a in Q.areas] == ["STR", "PRC", "SYS", "PER"]
    assert len(Q.categories) == 10
    assert 40 <= len(Q.items) <= 60
    assert "KS X 9001-3" in Q.notice.en and "not the official" in Q.notice.en
    assert all(i.kpis for i in Q.area_map["PER"].categories[0].items)


@settings(max_examples=300, deadline=None)
@given(answer_sets)
def test_the_level_agrees_with_its_trace(values: dict[str, Any]) -> None:
    """The level is decided by fast tests and explained by a trace built later; both
    must tell the same story: the level is the last band before the first failure."""
    r = SCORER.score(to_answers(values))
    passed: dict[int, bool] = {}
    for entry in r.trace:
        if entry.kind in ("band", "gate") and entry.level is not None:
            passed[entry.level] = passed.get(entry.level, True) and entry.passed
    expected = None
    for level in sorted(passed):
        if not passed[level]:
            break
        expected = level
    assert r.level == expected
    assert r.trace[-1 if not r.provisional else -2].kind == "outcome"
