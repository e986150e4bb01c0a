"""Gate conditions compiled into closures, once per questionnaire and rule set.

Each condition becomes a pair: ``test(state) -> bool``, cheap, used to decide the
level; and ``explain(state) -> Outcome``, which builds the evaluated tree the
explanation trace shows. Scoring a batch runs only the tests; the trace of a result
is built when somebody reads it.

Semantics, the same in both: a requirement on an item rated N/A does not apply (it
passes, and says so); an unanswered item counts as level 0 for ``item_level`` and
``min_item_level`` (it fails) when the rule set counts unanswered items, and as
missing (it fails) when it excludes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from levelcheck.core.result import Check, Combined, ItemStatus, Outcome
from levelcheck.core.ruleset import (
    All,
    Any_,
    AreaLevel,
    AreaScore,
    CategoryLevel,
    CategoryScore,
    Condition,
    ItemLevel,
    MinItemLevel,
    Not,
    TotalScore,
)
from levelcheck.core.text import Text

INF = float("inf")


@dataclass(frozen=True, slots=True)
class ScoreState:
    """What a condition may look at, for one assessment, by table index."""

    levels: list[int | None]
    status: list[ItemStatus]
    gate_lv: Sequence[float]  # per item: N/A -> inf, else the level (unanswered: 0)
    categories: Groups
    areas: Groups
    total: float | None


class Groups(Protocol):
    """Figures of categories or areas by table index (scoring.GroupTable)."""

    def score(self, g: int) -> float: ...
    def level(self, g: int) -> float | None: ...


Test = Callable[[ScoreState], bool]
Explain = Callable[[ScoreState], Outcome]


class Tables(Protocol):
    """The compiled questionnaire tables a condition refers to (see Scorer)."""

    item_ids: list[str]
    item_index: dict[str, int]
    cat_index: dict[str, int]
    area_index: dict[str, int]
    cat_slices: list[tuple[int, int]]
    area_slices: list[tuple[int, int]]
    names: dict[str, Text]
    count_unanswered: bool


def compile_condition(cond: Condition, t: Tables) -> tuple[Test, Explain]:
    if isinstance(cond, All | Any_ | Not):
        return _combined(cond, t)
    if isinstance(cond, ItemLevel):
        return _item_level(cond.item_level.item, cond.item_level.at_least, t)
    if isinstance(cond, MinItemLevel):
        return _min_item_level(cond, t)
    if isinstance(cond, TotalScore):
        return _total(cond.total_score.at_least)
    assert isinstance(cond, CategoryLevel | AreaLevel | CategoryScore | AreaScore)
    return _group(cond, t)


def _combined(cond: All | Any_ | Not, t: Tables) -> tuple[Test, Explain]:
    if isinstance(cond, Not):
        inner_test, inner_explain = compile_condition(cond.not_, t)

        def test_not(s: ScoreState) -> bool:
            return not inner_test(s)

        def explain_not(s: ScoreState) -> Outcome:
            o = inner_explain(s)
            return Combined("not", not o.passed, (o,))

        return test_not, explain_not

    is_all = isinstance(cond, All)
    pairs = [compile_condition(c, t) for c in (cond.all if isinstance(cond, All) else cond.any)]
    tests = [p[0] for p in pairs]
    explains = [p[1] for p in pairs]

    def test(s: ScoreState) -> bool:
        for member in tests:
            if member(s) is not is_all:
                return not is_all
        return is_all

    def explain(s: ScoreState) -> Outcome:
        outs = tuple(e(s) for e in explains)
        passed = all(o.passed for o in outs) if is_all else any(o.passed for o in outs)
        return Combined("all" if is_all else "any", passed, outs)

    return test, explain


def _item_level(item: str, req: float, t: Tables) -> tuple[Test, Explain]:
    i, name, zero = t.item_index[item], t.names[item], t.count_unanswered

    def test(s: ScoreState) -> bool:
        if s.status[i] == "na":
            return True
        lv = s.levels[i]
        return (lv is not None and lv >= req) or (lv is None and zero and req <= 0)

    def explain(s: ScoreState) -> Outcome:
        if s.status[i] == "na":
            return Check("item_level", item, req, None, True, name, not_applicable=True)
        lv = s.levels[i]
        actual = float(lv) if lv is not None else (0.0 if zero else None)
        return Check("item_level", item, req, actual, test(s), name)

    return test, explain


def _min_item_level(cond: MinItemLevel, t: Tables) -> tuple[Test, Explain]:
    c = cond.min_item_level
    target = c.area or c.category
    if c.category is not None:
        a, b = t.cat_slices[t.cat_index[c.category]]
    elif c.area is not None:
        a, b = t.area_slices[t.area_index[c.area]]
    else:
        a, b = 0, len(t.item_ids)
    name = t.names[target] if target else None
    req = c.at_least
    ids = t.item_ids

    def test(s: ScoreState) -> bool:
        return b <= a or min(s.gate_lv[a:b]) >= req  # all N/A: inf, passes

    def explain(s: ScoreState) -> Outcome:
        lowest = min(s.gate_lv[a:b]) if b > a else INF
        if lowest == INF:
            return Check("min_item_level", target, req, None, True, name, not_applicable=True)
        failing = tuple(ids[i] for i in range(a, b) if s.gate_lv[i] < req)
        return Check("min_item_level", target, req, float(lowest), not failing, name, failing)

    return test, explain


def _total(req: float) -> tuple[Test, Explain]:
    def test(s: ScoreState) -> bool:
        return s.total is not None and s.total >= req

    def explain(s: ScoreState) -> Outcome:
        return Check("total_score", None, req, s.total, test(s))

    return test, explain


def _group(
    cond: CategoryLevel | AreaLevel | CategoryScore | AreaScore, t: Tables
) -> tuple[Test, Explain]:
    """A category's or an area's level or score."""
    kind = next(iter(type(cond).model_fields))
    leaf = getattr(cond, kind)
    is_cat = kind.startswith("category")
    target: str = leaf.category if is_cat else leaf.area
    req: float = leaf.at_least
    name = t.names[target]
    g = t.cat_index[target] if is_cat else t.area_index[target]
    a, b = (t.cat_slices if is_cat else t.area_slices)[g]
    by_level = kind.endswith("_level")

    def actual_of(s: ScoreState) -> float | None:
        groups = s.categories if is_cat else s.areas
        return groups.level(g) if by_level else groups.score(g)

    def all_na(s: ScoreState) -> bool:
        return all(st == "na" for st in s.status[a:b])

    def test(s: ScoreState) -> bool:
        actual = actual_of(s)
        if actual is None:
            return by_level and all_na(s)
        return actual >= req

    def explain(s: ScoreState) -> Outcome:
        actual = actual_of(s)
        if actual is None and by_level and all_na(s):
            return Check(kind, target, req, None, True, name, not_applicable=True)
        return Check(kind, target, req, actual, test(s), name)

    return test, explain
