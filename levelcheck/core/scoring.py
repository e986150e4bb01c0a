"""The scoring engine: (questionnaire, rule set, answers) → :class:`ScoreResult`.

A pure function. :class:`Scorer` compiles a questionnaire and a rule set once into
flat tables and condition closures, so that scoring thousands of assessments costs
little more than reading them. Nothing here is specific to any one rule set.

Points: each area has its points, shared by its categories, shared by their items
(explicit points where the rule set gives them, else equal shares of what is left).
An item earns its points times the rule set's ``level_points`` for its rated level.
Accepted N/A items drop out and their points go to the remaining items of their
category; a category with nothing left gives its points to the rest of its area, and
an area likewise to the total, so the maximum stays reachable. Unanswered items score
zero and count as level 0 (``unanswered: zero``) or drop out like N/A (``exclude``);
either way the result is provisional.

Levels: a category's (an area's) level is the points-weighted mean of its items'
levels, or their minimum (``aggregation: min``). A band's level is awarded when its
``min_total`` and all its gates are met, and every lower band's too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Protocol

from levelcheck.core.conditions import INF, Explain, ScoreState, Test, compile_condition
from levelcheck.core.errors import AssessmentError
from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.result import (
    GroupScore,
    ItemStatus,
    ItemTable,
    RulesetStamp,
    ScoreResult,
    Trace,
    TraceEntry,
)
from levelcheck.core.ruleset import (
    Band,
    Gate,
    RuleSet,
)
from levelcheck.core.text import Lang, Text


class AnswerLike(Protocol):
    """What scoring needs of an answer (the JSON model and the document both fit)."""

    @property
    def level(self) -> int | None: ...
    @property
    def na(self) -> bool: ...
    @property
    def justification(self) -> str: ...


def shares(whole: float, ids: list[str], explicit: Mapping[str, float]) -> list[float]:
    """Points of each member: explicit where given, the rest split equally."""
    given = {i: float(explicit[i]) for i in ids if i in explicit}
    rest = len(ids) - len(given)
    share = (whole - sum(given.values())) / rest if rest else 0.0
    return [given.get(i, share) for i in ids]


@dataclass(frozen=True, slots=True)
class _CompiledBand:
    band: Band
    stage: dict[Lang, str]
    gates: tuple[tuple[Gate, Test, Explain], ...]


class Scorer:
    """A questionnaire and a rule set compiled for fast, repeated scoring."""

    def __init__(self, questionnaire: Questionnaire, ruleset: RuleSet) -> None:
        self.q = questionnaire
        self.rs = ruleset
        self.stamp = RulesetStamp(ruleset.id, ruleset.version, ruleset.content_hash)
        self.max_level = questionnaire.max_level
        self.level_points = [0.0] + [
            ruleset.level_points.get(lv, 0.0) for lv in range(1, self.max_level + 1)
        ]
        self.count_unanswered = ruleset.unanswered == "zero"
        self.item_ids: list[str] = []
        self.item_cat: list[int] = []
        self.base: list[float] = []
        self.cat_ids: list[str] = []
        self.cat_area: list[int] = []
        self.cat_points: list[float] = []
        self.area_ids = [a.id for a in questionnaire.areas]
        self.area_points = [float(ruleset.points.areas.get(a, 0.0)) for a in self.area_ids]
        self.total_points = sum(self.area_points)
        for a, area in enumerate(questionnaire.areas):
            cat_pts = shares(
                self.area_points[a], [c.id for c in area.categories], ruleset.points.categories
            )
            for cat, cpts in zip(area.categories, cat_pts, strict=True):
                c = len(self.cat_ids)
                self.cat_ids.append(cat.id)
                self.cat_area.append(a)
                self.cat_points.append(cpts)
                item_pts = shares(cpts, [i.id for i in cat.items], ruleset.points.items)
                for item, ipts in zip(cat.items, item_pts, strict=True):
                    self.item_ids.append(item.id)
                    self.item_cat.append(c)
                    self.base.append(ipts)
        self.cat_slices = _slices(self.item_cat, len(self.cat_ids))
        self.area_slices = _slices([self.cat_area[c] for c in self.item_cat], len(self.area_ids))
        self.all_active = [True] * len(self.item_ids)
        self.static_max = self._renormalised(self.all_active)
        self.item_index = {iid: n for n, iid in enumerate(self.item_ids)}
        self.cat_index = {cid: n for n, cid in enumerate(self.cat_ids)}
        self.area_index = {aid: n for n, aid in enumerate(self.area_ids)}
        self.names: dict[str, Text] = {i.id: i.title for i in questionnaire.items.values()}
        self.names.update({c.id: c.title for c in questionnaire.categories.values()})
        self.names.update({a.id: a.title for a in questionnaire.areas})
        self.bands = tuple(
            _CompiledBand(
                b,
                {"ko": b.stage.ko, "en": b.stage.en},
                tuple((g, *compile_condition(g.require, self)) for g in b.gates),
            )
            for b in ruleset.bands
        )

    # --- scoring -----------------------------------------------------------------------
    def score(self, answers: Mapping[str, AnswerLike]) -> ScoreResult:
        return self.score_values([(i, a.level, a.na, a.justification) for i, a in answers.items()])

    def score_values(self, answers: Iterable[tuple[str, int | None, bool, str]]) -> ScoreResult:
        """Score (item id, level, N/A, justification) tuples: the form stored documents
        are read in, without building an object per answer."""
        rs = self.rs
        n = len(self.item_ids)
        levels: list[int | None] = [None] * n
        status: list[ItemStatus] = ["unanswered"] * n
        notes: list[TraceEntry] = []
        index = self.item_index
        for iid, level, na, justification in answers:
            i = index.get(iid)
            if i is None:
                raise AssessmentError(
                    f"answers.{iid}: no such item in questionnaire {self.q.id} {self.q.version}"
                )
            if na:
                if not rs.na.allowed:
                    notes.append(TraceEntry("note", False, "na_not_allowed", {"target": iid}))
                elif rs.na.justification_required and not justification.strip():
                    notes.append(TraceEntry("note", False, "na_unjustified", {"target": iid}))
                else:
                    status[i] = "na"
            elif level is not None:
                if level > self.max_level:
                    raise AssessmentError(
                        f"answers.{iid}.level: {level} is above the questionnaire's "
                        f"top level {self.max_level}"
                    )
                status[i] = "answered"
                levels[i] = level

        # Items of a category (and of an area) are contiguous in the tables, so group
        # figures are sums and minimums over slices, done at C speed.
        eff_lv = [lv or 0 for lv in levels]
        if "na" in status or (not self.count_unanswered and "unanswered" in status):
            active = [
                st == "answered" or (self.count_unanswered and st == "unanswered") for st in status
            ]
            item_max = self._renormalised(active)
            low_lv: list[float] = [
                lv if act else INF for lv, act in zip(eff_lv, active, strict=True)
            ]
        else:
            active = self.all_active
            item_max = self.static_max
            low_lv = eff_lv  # type: ignore[assignment]
        lp = self.level_points
        item_score = [m * lp[lv] for m, lv in zip(item_max, eff_lv, strict=True)]
        item_lw = [m * lv for m, lv in zip(item_max, eff_lv, strict=True)]
        agg = rs.aggregation
        cats = GroupTable(self.cat_index, self.cat_slices, item_score, item_max, item_lw,
                          low_lv, active, eff_lv, agg.category_level)  # fmt: skip
        areas = GroupTable(self.area_index, self.area_slices, item_score, item_max, item_lw,
                           low_lv, active, eff_lv, agg.area_level)  # fmt: skip
        total = round(sum(item_score), 2) if rs.total == "sum" else None
        max_total = round(sum(item_max), 2) if rs.total == "sum" else None

        gate_lv: Sequence[float] = eff_lv
        if "na" in status:
            gate_lv = [INF if st == "na" else lv for st, lv in zip(status, eff_lv, strict=True)]
        state = ScoreState(levels, status, gate_lv, cats, areas, total)
        level, stage = self._level(state)
        missing = status.count("unanswered")
        if missing:
            notes.append(TraceEntry("note", False, "provisional", {"missing": missing, "count": n}))
        return ScoreResult(
            questionnaire=self.q.ref,
            ruleset=self.stamp,
            total=total,
            max_total=max_total,
            level=level,
            stage=stage,
            completeness=round((n - missing) / n, 4) if n else 1.0,
            provisional=missing > 0,
            items=ItemTable(self.item_index, status, levels, item_score, item_max),
            categories=cats,
            areas=areas,
            trace=Trace(lambda: [*self._trace(state, max_total, level, stage), *notes]),
        )

    def _renormalised(self, active: list[bool]) -> list[float]:
        """Each item's points once inactive (N/A, or excluded unanswered) items drop out."""
        base = self.base
        cat_w = [sum(compress(base[a:b], active[a:b])) for a, b in self.cat_slices]
        area_w = [0.0] * len(self.area_ids)
        for c, w in enumerate(cat_w):
            if w > 0:
                area_w[self.cat_area[c]] += self.cat_points[c]
        tot_w = sum(p for a, p in enumerate(self.area_points) if area_w[a] > 0)
        eff_area = [
            p * self.total_points / tot_w if area_w[a] > 0 else 0.0
            for a, p in enumerate(self.area_points)
        ]
        per_weight = [
            p * eff_area[self.cat_area[c]] / area_w[self.cat_area[c]] / cat_w[c]
            if cat_w[c] > 0
            else 0.0
            for c, p in enumerate(self.cat_points)
        ]
        return [base[i] * per_weight[c] if active[i] else 0.0 for i, c in enumerate(self.item_cat)]

    # --- bands, gates and the trace ----------------------------------------------------
    def _level(self, s: ScoreState) -> tuple[int | None, dict[Lang, str] | None]:
        """The highest band met with all its gates, every lower band met too."""
        level: int | None = None
        stage: dict[Lang, str] | None = None
        for cb in self.bands:
            low = cb.band.min_total
            if low is not None and (s.total is None or s.total < low):
                break
            if not all(test(s) for _, test, _ in cb.gates):
                break
            level, stage = cb.band.level, cb.stage
        return level, stage

    def _trace(
        self,
        s: ScoreState,
        max_total: float | None,
        level: int | None,
        stage: dict[Lang, str] | None,
    ) -> list[TraceEntry]:
        """Every band and gate, met or not and why, then the outcome."""
        trace: list[TraceEntry] = []
        blocked_at: int | None = None
        for cb in self.bands:
            band, st = cb.band, cb.stage
            ok = True
            if band.min_total is not None:
                ok = s.total is not None and s.total >= band.min_total
                trace.append(TraceEntry(
                    "band", ok, "band_met" if ok else "band_unmet",
                    {"level": band.level, "stage": st, "req": float(band.min_total),
                     "act": s.total},
                    level=band.level,
                ))  # fmt: skip
            else:
                trace.append(
                    TraceEntry(
                        "band",
                        True,
                        "band_open",
                        {"level": band.level, "stage": st},
                        level=band.level,
                    )
                )
            for gate, _, explain in cb.gates:
                outcome = explain(s)
                trace.append(TraceEntry(
                    "gate", outcome.passed, "gate_met" if outcome.passed else "gate_unmet",
                    {"level": band.level, "stage": st,
                     "gate": {"ko": gate.title.ko, "en": gate.title.en}},
                    level=band.level, gate=gate.id, outcome=outcome,
                ))  # fmt: skip
                ok = ok and outcome.passed
            if not ok and blocked_at is None:
                blocked_at = band.level
        if blocked_at is not None and self.bands and self.bands[-1].band.level > blocked_at:
            trace.append(TraceEntry("note", False, "stopped", {"level": blocked_at}))
        if self.rs.total == "none" and not self.bands:
            trace.append(TraceEntry("outcome", True, "outcome_profile", {}))
        elif level is None:
            trace.append(
                TraceEntry("outcome", False, "outcome_none", {"total": s.total, "max": max_total})
            )
        else:
            trace.append(TraceEntry(
                "outcome", True, "outcome",
                {"level": level, "stage": stage, "total": s.total, "max": max_total},
                level=level,
            ))  # fmt: skip
        return trace


class GroupTable(Mapping[str, GroupScore]):
    """Scores, maxima and levels of categories (or areas), computed from the item
    arrays when asked for: a gate needs only a few of them, a report all."""

    __slots__ = ("_a", "_how", "_index", "_low", "_lv", "_lw", "_max", "_score", "_slices")

    def __init__(
        self, index: dict[str, int], slices: list[tuple[int, int]], score: list[float],
        max_: list[float], lw: list[float], low: Sequence[float], active: list[bool],
        lv: list[int], how: str,
    ) -> None:  # fmt: skip
        self._index, self._slices, self._score, self._max = index, slices, score, max_
        self._lw, self._low, self._a, self._lv, self._how = lw, low, active, lv, how

    def score(self, g: int) -> float:
        a, b = self._slices[g]
        return round(sum(self._score[a:b]), 2)

    def max(self, g: int) -> float:
        a, b = self._slices[g]
        return round(sum(self._max[a:b]), 2)

    def level(self, g: int) -> float | None:
        """Points-weighted mean level (or minimum) of the items in play; None if none."""
        a, b = self._slices[g]
        lowest = min(self._low[a:b]) if b > a else INF
        if lowest == INF:
            return None
        if self._how == "min":
            return float(lowest)
        m = sum(self._max[a:b])
        if m > 0:
            return round(sum(self._lw[a:b]) / m, 2)
        live = list(compress(self._lv[a:b], self._a[a:b]))  # no points at stake
        return round(sum(live) / len(live), 2)

    def __getitem__(self, group_id: str) -> GroupScore:
        g = self._index[group_id]
        return GroupScore(self.score(g), self.max(g), self.level(g))

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _slices(owner: list[int], groups: int) -> list[tuple[int, int]]:
    """(start, end) of each group's run of items; items of a group are contiguous."""
    out = []
    for g in range(groups):
        members = [i for i, o in enumerate(owner) if o == g]
        out.append((members[0], members[-1] + 1) if members else (0, 0))
    return out


def score(
    questionnaire: Questionnaire, ruleset: RuleSet, answers: Mapping[str, AnswerLike]
) -> ScoreResult:
    """Score answers once. For many assessments, build one :class:`Scorer` and reuse it."""
    return Scorer(questionnaire, ruleset).score(answers)
