"""The scoring engine: (questionnaire, rule set, answers) → :class:`ScoreResult`.

A pure function. :class:`Scorer` compiles a questionnaire and a rule set once into
flat tables, so that scoring thousands of assessments costs little more than
reading them. Nothing here is specific to any one rule set.

Points: each area has its points, shared by its categories, shared by their items
(explicit item points, or an equal share of what the category has left). An item
earns its points times the rule set's ``level_points`` for the level it is rated at.
N/A items (accepted ones) drop out and their points go to the remaining items of
their category; a category with nothing left gives its points to the rest of its
area, and an area likewise to the total — so the maximum stays reachable.
Unanswered items score zero and count as level 0 (``unanswered: zero``), or drop out
like N/A (``unanswered: exclude``); either way the result is marked provisional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from levelcheck.core.errors import AssessmentError
from levelcheck.core.explain import num, phrase, say
from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.result import (
    Check,
    GroupScore,
    ItemScore,
    ItemStatus,
    RulesetStamp,
    ScoreResult,
    TraceEntry,
)
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
    RuleSet,
    TotalScore,
)
from levelcheck.core.text import LANGS, Lang, Text


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


def _r(x: float) -> float:
    return round(x + 0.0, 2)


@dataclass(frozen=True, slots=True)
class _State:
    """Everything a condition may look at, for one assessment."""

    items: dict[str, ItemScore]
    categories: dict[str, GroupScore]
    areas: dict[str, GroupScore]
    total: float | None


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
        self.total_points = float(sum(ruleset.points.areas.values()))
        self.item_ids: list[str] = []
        self.item_cat: list[int] = []
        self.base: list[float] = []
        self.cat_ids: list[str] = []
        self.cat_area: list[int] = []
        self.cat_points: list[float] = []
        self.cat_items: list[range] = []
        self.area_ids: list[str] = []
        self.area_points: list[float] = []
        self.area_cats: list[range] = []
        self.area_items: list[range] = []
        for area in questionnaire.areas:
            a = len(self.area_ids)
            self.area_ids.append(area.id)
            self.area_points.append(float(ruleset.points.areas.get(area.id, 0.0)))
            first_cat, first_item = len(self.cat_ids), len(self.item_ids)
            cat_pts = shares(
                self.area_points[a], [c.id for c in area.categories], ruleset.points.categories
            )
            for cat, cpts in zip(area.categories, cat_pts, strict=True):
                c = len(self.cat_ids)
                self.cat_ids.append(cat.id)
                self.cat_area.append(a)
                self.cat_points.append(cpts)
                start = len(self.item_ids)
                item_pts = shares(cpts, [i.id for i in cat.items], ruleset.points.items)
                for item, ipts in zip(cat.items, item_pts, strict=True):
                    self.item_ids.append(item.id)
                    self.item_cat.append(c)
                    self.base.append(ipts)
                self.cat_items.append(range(start, len(self.item_ids)))
            self.area_cats.append(range(first_cat, len(self.cat_ids)))
            self.area_items.append(range(first_item, len(self.item_ids)))
        self.item_index = {iid: n for n, iid in enumerate(self.item_ids)}
        self.names: dict[str, Text] = {i.id: i.title for i in questionnaire.items.values()}
        self.names.update({c.id: c.title for c in questionnaire.categories.values()})
        self.names.update({a.id: a.title for a in questionnaire.areas})

    # --- scoring -----------------------------------------------------------------------
    def score(self, answers: Mapping[str, AnswerLike]) -> ScoreResult:
        rs = self.rs
        n = len(self.item_ids)
        levels: list[int | None] = [None] * n
        status: list[ItemStatus] = ["unanswered"] * n
        notes: list[TraceEntry] = []
        index = self.item_index
        for iid, ans in answers.items():
            i = index.get(iid)
            if i is None:
                raise AssessmentError(
                    f"answers.{iid}: no such item in questionnaire {self.q.id} {self.q.version}"
                )
            if ans.na:
                if not rs.na.allowed:
                    notes.append(TraceEntry("note", False, say("na_not_allowed", target=iid)))
                elif rs.na.justification_required and not ans.justification.strip():
                    notes.append(TraceEntry("note", False, say("na_unjustified", target=iid)))
                else:
                    status[i] = "na"
            elif ans.level is not None:
                if ans.level > self.max_level:
                    raise AssessmentError(
                        f"answers.{iid}.level: {ans.level} is above the questionnaire's "
                        f"top level {self.max_level}"
                    )
                status[i] = "answered"
                levels[i] = ans.level

        count_unanswered = rs.unanswered == "zero"
        active = [s == "answered" or (count_unanswered and s == "unanswered") for s in status]
        cat_w = [sum(self.base[i] for i in r if active[i]) for r in self.cat_items]
        area_w = [sum(self.cat_points[c] for c in r if cat_w[c] > 0) for r in self.area_cats]
        tot_w = sum(p for a, p in enumerate(self.area_points) if area_w[a] > 0)
        eff_area = [
            p * self.total_points / tot_w if area_w[a] > 0 and tot_w > 0 else 0.0
            for a, p in enumerate(self.area_points)
        ]
        eff_cat = [
            p * eff_area[self.cat_area[c]] / area_w[self.cat_area[c]] if cat_w[c] > 0 else 0.0
            for c, p in enumerate(self.cat_points)
        ]
        lp = self.level_points
        item_max = [0.0] * n
        item_score = [0.0] * n
        item_lvl = [0.0] * n
        for i in range(n):
            if active[i]:
                c = self.item_cat[i]
                item_max[i] = m = self.base[i] * eff_cat[c] / cat_w[c]
                lv = levels[i] or 0
                item_lvl[i] = lv
                item_score[i] = m * lp[lv]

        items = {
            iid: ItemScore(status[i], levels[i], _r(item_score[i]), _r(item_max[i]))
            for i, iid in enumerate(self.item_ids)
        }
        agg = rs.aggregation
        categories = {
            cid: self._group(
                self.cat_items[c], active, item_score, item_max, item_lvl, agg.category_level
            )
            for c, cid in enumerate(self.cat_ids)
        }
        areas = {
            aid: self._group(
                self.area_items[a], active, item_score, item_max, item_lvl, agg.area_level
            )
            for a, aid in enumerate(self.area_ids)
        }
        total = _r(sum(item_score)) if rs.total == "sum" else None
        max_total = _r(sum(item_max)) if rs.total == "sum" else None
        state = _State(items, categories, areas, total)
        missing = status.count("unanswered")
        level, stage, trace = self._judge(state, max_total)
        if missing:
            notes.append(TraceEntry("note", False, say("provisional", missing=missing, count=n)))
        return ScoreResult(
            questionnaire=self.q.ref,
            ruleset=self.stamp,
            total=total,
            max_total=max_total,
            level=level,
            stage=stage,
            completeness=_r((n - missing) / n) if n else 1.0,
            provisional=missing > 0,
            items=items,
            categories=categories,
            areas=areas,
            trace=(*trace, *notes),
        )

    @staticmethod
    def _group(
        members: range,
        active: list[bool],
        score: list[float],
        mx: list[float],
        lvl: list[float],
        how: str,
    ) -> GroupScore:
        live = [i for i in members if active[i]]
        if not live:
            return GroupScore(0.0, 0.0, None)
        if how == "min":
            level: float = min(lvl[i] for i in live)
        else:
            w = sum(mx[i] for i in live)
            level = sum(lvl[i] * mx[i] for i in live) / w if w > 0 else min(lvl[i] for i in live)
        return GroupScore(_r(sum(score[i] for i in live)), _r(sum(mx[i] for i in live)), _r(level))

    # --- bands, gates and the trace ----------------------------------------------------
    def _judge(
        self, state: _State, max_total: float | None
    ) -> tuple[int | None, dict[Lang, str] | None, list[TraceEntry]]:
        trace: list[TraceEntry] = []
        level: int | None = None
        stage: dict[Lang, str] | None = None
        blocked_at: int | None = None
        for band in self.rs.bands:
            st: dict[Lang, str] = {"ko": band.stage.ko, "en": band.stage.en}
            ok = True
            if band.min_total is not None:
                met = state.total is not None and state.total >= band.min_total
                key = "band_met" if met else "band_unmet"
                trace.append(
                    TraceEntry(
                        "band",
                        met,
                        say(
                            key,
                            level=band.level,
                            stage=st,
                            req=num(band.min_total),
                            act=num(state.total),
                        ),
                        level=band.level,
                    )
                )
                ok = met
            else:
                trace.append(
                    TraceEntry(
                        "band", True, say("band_open", level=band.level, stage=st), level=band.level
                    )
                )
            for gate in band.gates:
                passed, checks, text = self._eval(gate.require, state)
                key = "gate_met" if passed else "gate_unmet"
                trace.append(
                    TraceEntry(
                        "gate",
                        passed,
                        {
                            lang: phrase(key, lang).format(
                                level=band.level,
                                stage=st[lang],
                                gate=gate.title(lang),
                                checks=text[lang],
                            )
                            for lang in LANGS
                        },
                        level=band.level,
                        gate=gate.id,
                        checks=tuple(checks),
                    )
                )
                ok = ok and passed
            if ok and blocked_at is None:
                level, stage = band.level, st
            elif blocked_at is None:
                blocked_at = band.level
        if blocked_at is not None and level is not None and self.rs.bands[-1].level > blocked_at:
            trace.append(TraceEntry("note", False, say("stopped", level=blocked_at)))
        if self.rs.total == "none" and not self.rs.bands:
            outcome = say("outcome_profile")
        elif level is None:
            outcome = say("outcome_none", total=num(state.total), max=num(max_total))
        else:
            assert stage is not None
            outcome = say(
                "outcome", level=level, stage=stage, total=num(state.total), max=num(max_total)
            )
        trace.append(TraceEntry("outcome", level is not None, outcome, level=level))
        return level, stage, trace

    def _eval(self, cond: Condition, s: _State) -> tuple[bool, list[Check], dict[Lang, str]]:
        """Evaluate a condition: (passed, leaf checks, sentence per language)."""
        if isinstance(cond, All | Any_):
            parts = [self._eval(c, s) for c in (cond.all if isinstance(cond, All) else cond.any)]
            passed = all(p[0] for p in parts) if isinstance(cond, All) else any(p[0] for p in parts)
            checks = [c for p in parts for c in p[1]]
            # explain what matters: for a failed 'all' the failing parts, else all of them
            shown = (
                [p for p in parts if not p[0]] if isinstance(cond, All) and not passed else parts
            )
            text: dict[Lang, str] = {}
            for lang in LANGS:
                joined = "; ".join(p[2][lang] for p in shown)
                text[lang] = (phrase("any_of", lang) + joined) if isinstance(cond, Any_) else joined
            return passed, checks, text
        if isinstance(cond, Not):
            inner, checks, t = self._eval(cond.not_, s)
            return (
                not inner,
                checks,
                {lang: phrase("not", lang).format(act=t[lang]) for lang in LANGS},
            )
        check = self._leaf(cond, s)
        return check.passed, [check], check.text

    def _leaf(self, cond: Condition, s: _State) -> Check:
        name: Text | str
        target: str | None
        text: dict[Lang, str]
        failing: tuple[str, ...] = ()
        if isinstance(cond, ItemLevel):
            c = cond.item_level
            kind, target, req, name = "item_level", c.item, c.at_least, self.names[c.item]
            it = s.items[c.item]
            if it.status == "na":
                return self._na_check(kind, target, req, name)
            actual: float | None = (
                float(it.level)
                if it.level is not None
                else (0.0 if self.rs.unanswered == "zero" else None)
            )
        elif isinstance(cond, CategoryLevel):
            c2 = cond.category_level
            kind, target, req, name = (
                "category_level",
                c2.category,
                c2.at_least,
                self.names[c2.category],
            )
            actual = s.categories[target].level
        elif isinstance(cond, AreaLevel):
            c3 = cond.area_level
            kind, target, req, name = "area_level", c3.area, c3.at_least, self.names[c3.area]
            actual = s.areas[target].level
        elif isinstance(cond, MinItemLevel):
            c4 = cond.min_item_level
            kind, req = "min_item_level", c4.at_least
            target = c4.area or c4.category
            scope = self._scope(c4.area, c4.category)
            failing = tuple(
                iid
                for iid in scope
                if s.items[iid].status != "na" and (s.items[iid].level or 0) < req
            )
            name = (
                self.names[target]
                if target
                else Text(ko=phrase("whole", "ko"), en=phrase("whole", "en"))
            )
            passed = not failing
            lowest = min(
                (s.items[i].level or 0 for i in scope if s.items[i].status != "na"), default=None
            )
            text = {
                lang: phrase(kind, lang).format(
                    name=name(lang),
                    req=num(req),
                    act=", ".join(failing) if failing else phrase("none_below", lang),
                )
                for lang in LANGS
            }
            return Check(
                kind, target, req, None if lowest is None else float(lowest), passed, text, failing
            )
        elif isinstance(cond, AreaScore):
            c5 = cond.area_score
            kind, target, req, name = "area_score", c5.area, c5.at_least, self.names[c5.area]
            actual = s.areas[target].score
        elif isinstance(cond, CategoryScore):
            c6 = cond.category_score
            kind, target, req = "category_score", c6.category, c6.at_least
            name = self.names[target]
            actual = s.categories[target].score
        else:
            assert isinstance(cond, TotalScore)
            kind, target, req, name, actual = (
                "total_score",
                None,
                cond.total_score.at_least,
                "",
                s.total,
            )
        if actual is None and kind.endswith("_level"):
            members = self._scope(
                target if kind == "area_level" else None,
                target if kind == "category_level" else None,
            )
            if all(s.items[i].status == "na" for i in members):
                return self._na_check(kind, target, req, name)
        passed = actual is not None and actual >= req
        text = {
            lang: phrase(kind, lang).format(
                name=name(lang) if isinstance(name, Text) else name,
                target=target,
                req=num(req),
                act=num(actual) if actual is not None else phrase("unanswered", lang),
            )
            for lang in LANGS
        }
        return Check(kind, target, req, actual, passed, text, failing)

    def _na_check(self, kind: str, target: str | None, req: float, name: Text | str) -> Check:
        """A requirement on something rated N/A does not apply: it passes, and says so."""
        text = {
            lang: phrase(kind, lang).format(
                name=name(lang) if isinstance(name, Text) else name,
                target=target,
                req=num(req),
                act=phrase("na", lang),
            )
            for lang in LANGS
        }
        return Check(kind, target, req, None, True, text)

    def _scope(self, area: str | None, category: str | None) -> list[str]:
        if category is not None:
            return [i.id for i in self.q.categories[category].items]
        if area is not None:
            return [i.id for c in self.q.area_map[area].categories for i in c.items]
        return self.item_ids


def score(
    questionnaire: Questionnaire, ruleset: RuleSet, answers: Mapping[str, AnswerLike]
) -> ScoreResult:
    """Score answers once. For many assessments, build one :class:`Scorer` and reuse it."""
    return Scorer(questionnaire, ruleset).score(answers)
