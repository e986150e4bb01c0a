"""The upgrade path: the least-effort (or least-cost) set of item improvements that
takes an assessed plant to a target level, laid out in phases, with support
programmes, expected effects and a reason for every step.

The choice is an exact optimisation (see :mod:`levelcheck.core.milp`): every item
ends at one level no lower than today's; the target band's total and every gate of
every band up to the target must hold, with the rule set's own semantics; a step needs
its prerequisites (already in place, or raised in the same plan); the budget, when
given, caps the expected cost (the middle of each action's cost range); pinned actions
are in, dropped ones out. Among the plans that do, the one with the fewest steps above
the target level wins, then the least effort (or cost): a plan to 기초 stays within the
기초 descriptors whenever it can. A plan is checked by applying it and scoring again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from levelcheck.core.assessment import Company
from levelcheck.core.catalog import Action, Catalog, KpiEffect, Programme
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.milp import Model, Var
from levelcheck.core.result import ScoreResult
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
from levelcheck.core.scoring import AnswerLike, Scorer
from levelcheck.core.text import LANGS, Lang

Optimize = Literal["effort", "cost"]
# What a budget pays for: the whole project, or the company's own share after the best
# support programme the plan is eligible for pays the government's and sponsor's parts.
BudgetBasis = Literal["project", "own"]
# A displayed score or level is rounded to 2 decimals before it is compared with a
# threshold; the plan must meet the same comparison, no stricter and no looser.
ROUNDING = 0.005 - 1e-7
INF = float("inf")


class PlanningError(LevelCheckError):
    """A plan cannot be made for this input (not: the target is out of reach)."""


class UnknownActions(PlanningError):
    """Pinned or dropped actions that the catalog does not have (``ids``, sorted)."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = sorted(ids)
        super().__init__(f"unknown action(s): {', '.join(self.ids)}")


@dataclass(frozen=True)
class PlanRequest:
    """What the consultant asked for; everything but the target is optional."""

    target: int | None = None
    optimize: Optimize = "effort"
    budget_krw: int | None = None  # None: the company profile's budget, if any
    no_budget: bool = False  # plan without any budget ceiling
    budget_basis: BudgetBasis = "project"
    pinned: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "optimize": self.optimize,
            "budget_krw": self.budget_krw,
            "no_budget": self.no_budget,
            "budget_basis": self.budget_basis,
            "pinned": sorted(self.pinned),
            "dropped": sorted(self.dropped),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanRequest:
        """The choices as stored (a document's plan table, an exported ``plan``); a value
        of the wrong shape (a hand edit) is a ValueError "key: what it must be", which
        the planner would otherwise meet later as a traceback. Unknown ``optimize`` or
        ``budget_basis`` words fall back to the defaults."""
        target, budget = data.get("target"), data.get("budget_krw")
        if target is not None and type(target) is not int:
            raise ValueError("target: must be a whole number from 1 to 9, or null")
        if target is not None and not 1 <= target <= 9:
            raise ValueError("target: must be a level from 1 to 9, or null")
        if budget is not None and (type(budget) is not int or budget < 0):
            raise ValueError("budget_krw: must be a whole number of 0 or more, or null")
        for key in ("optimize", "budget_basis"):
            if not isinstance(data.get(key, ""), str):
                raise ValueError(f"{key}: must be text")
        if not isinstance(data.get("no_budget", False), bool):
            raise ValueError("no_budget: must be true or false")
        for key in ("pinned", "dropped"):
            ids = data.get(key, [])
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise ValueError(f"{key}: must be a list of action ids")
        optimize = data.get("optimize", "effort")
        basis = data.get("budget_basis", "project")
        return cls(
            target=data.get("target"),
            optimize=optimize if optimize in ("effort", "cost") else "effort",
            budget_krw=data.get("budget_krw"),
            no_budget=bool(data.get("no_budget", False)),
            budget_basis="own" if basis == "own" else "project",
            pinned=frozenset(data.get("pinned", ())),
            dropped=frozenset(data.get("dropped", ())),
        )


@dataclass(frozen=True)
class Reason:
    kind: Literal["gate", "band", "prerequisite", "pinned", "beyond", "kpi"]
    text: dict[Lang, str]


@dataclass(frozen=True)
class Change:
    action: Action
    phase: int
    why: tuple[Reason, ...]

    @property
    def item(self) -> str:
        return self.action.item


@dataclass(frozen=True)
class Offer:
    """A support programme applied to an amount of project cost.

    A programme supports a project up to the size at which its government cap is
    reached (cap / government share: a 10M cap at 50 % supports a 20M project); the
    government and the sponsor pay their shares of that supported part, and the company
    pays the rest, including everything above it (``supported_krw`` < ``cost_krw``).
    A programme is applied once per plan: a phase shows its share of the plan's amounts
    in proportion to its cost, so caps are never counted once per phase."""

    programme: Programme
    eligible: bool
    reason: dict[Lang, str]
    government_krw: float | None
    sponsor_krw: float
    company_krw: float | None
    cost_krw: float = 0.0
    supported_krw: float | None = None

    def share(self, fraction: float) -> Offer:
        """This offer's amounts scaled to ``fraction`` of the project (a phase's part)."""

        def part(x: float | None) -> float | None:
            return None if x is None else x * fraction

        return replace(
            self,
            government_krw=part(self.government_krw),
            sponsor_krw=self.sponsor_krw * fraction,
            company_krw=part(self.company_krw),
            cost_krw=self.cost_krw * fraction,
            supported_krw=part(self.supported_krw),
        )

    @property
    def beyond_support_krw(self) -> float:
        """The part of the cost above what the programme supports (the company's alone)."""
        if self.supported_krw is None:
            return 0.0
        return max(0.0, self.cost_krw - self.supported_krw)


@dataclass(frozen=True)
class Phase:
    number: int
    title: dict[Lang, str]
    changes: tuple[Change, ...]
    effort_days: int
    cost_min_krw: int
    cost_max_krw: int
    duration_weeks: int
    offers: tuple[Offer, ...]

    @property
    def cost_expectedkrw(self) -> float:
        return (self.cost_min_krw + self.cost_max_krw) / 2


@dataclass(frozen=True)
class UpgradePlan:
    current_level: int | None
    current_total: float | None
    target: int
    reachable: bool
    reason: dict[Lang, str] | None
    request: PlanRequest
    budget_krw: int | None
    phases: tuple[Phase, ...] = ()
    # a budget for the company's share: the programme that stretches it furthest and the
    # project cost it then allows (None: the budget caps the whole project, or no budget)
    funding: Programme | None = None
    project_ceiling_krw: float | None = None
    offers: tuple[Offer, ...] = ()
    kpi_effects: tuple[tuple[KpiEffect, bool], ...] = ()  # (effect, speaks to a priority KPI)
    predicted: ScoreResult | None = None
    estimates_source: dict[Lang, str] = field(default_factory=lambda: {"ko": "", "en": ""})
    estimates_confidence: str = ""
    levels_after: dict[str, int] = field(default_factory=dict)
    kpi_names: dict[str, dict[Lang, str]] = field(default_factory=dict)  # id -> name

    def kpi_label(self, ids: Iterable[str], lang: Lang) -> str:
        """KPI names for readers (the id where the questionnaire names none)."""
        return ", ".join(self.kpi_names[i][lang] if i in self.kpi_names else i for i in ids)

    @property
    def changes(self) -> list[Change]:
        return [c for p in self.phases for c in p.changes]

    @property
    def effort_days(self) -> int:
        return sum(p.effort_days for p in self.phases)

    @property
    def cost_range_krw(self) -> tuple[int, int]:
        return sum(p.cost_min_krw for p in self.phases), sum(p.cost_max_krw for p in self.phases)

    def to_dict(self) -> dict[str, Any]:
        return plan_to_dict(self)


@dataclass(frozen=True)
class _Ask:
    """What one solve is asked: the budget and the consultant's dropped and pinned
    actions as they apply (without them when `_solve` relaxes them to explain)."""

    current: dict[str, int]
    target: int
    optimize: Optimize
    budget: float | None
    dropped: frozenset[str]
    pinned: tuple[Action, ...]


class Planner:
    """Plans for one questionnaire, rule set and catalog; reusable across assessments."""

    def __init__(self, scorer: Scorer, catalog: Catalog) -> None:
        self.scorer = scorer
        self.catalog = catalog
        self.q = scorer.q
        self.rs = scorer.rs
        self._weights_for: tuple[frozenset[str], dict[str, float]] = (frozenset(), {})
        # every KPI's name by id, for reasons and for the plan's readers (UpgradePlan)
        self.kpi_names: dict[str, dict[Lang, str]] = {
            k.id: {lang: k.name(lang) for lang in LANGS}
            for item in self.q.items.values()
            for k in item.kpis
        }

    def _unrated(self, unanswered: list[str], answers: Mapping[str, AnswerLike]) -> str:
        """Why planning cannot start: items marked N/A that count as unanswered (no
        justification, or a rule set without N/A) are named as such, not as unrated."""
        na = [i for i in unanswered if (a := answers.get(i)) is not None and a.na]
        rest = [i for i in unanswered if i not in set(na)]
        parts = []
        if na:
            why = ("without a justification" if self.rs.na.allowed
                   else f"and rule set {self.rs.id} does not allow N/A")  # fmt: skip
            parts.append(f"{_few(na)} {'is' if len(na) == 1 else 'are'} N/A {why}")
        if rest:
            parts.append(f"{len(rest)} item(s) are not rated yet ({_few(rest)})")
        return "; ".join(parts) + "; rate every item before planning"

    # --- the plan --------------------------------------------------------------------------
    def plan(
        self, answers: Mapping[str, AnswerLike], company: Company, request: PlanRequest
    ) -> UpgradePlan:
        now = self.scorer.score(answers)
        unanswered = [i for i, s in now.items.items() if s.status == "unanswered"]
        if unanswered:
            raise PlanningError(self._unrated(unanswered, answers))
        levels_ladder = [b.level for b in self.rs.bands]
        if not levels_ladder:
            raise PlanningError(f"rule set {self.rs.id} has no levels to plan towards")
        target = request.target or min(
            (lv for lv in levels_ladder if lv > (now.level or 0)), default=levels_ladder[-1]
        )
        if target not in levels_ladder:
            raise PlanningError(
                f"level {target} is not one of rule set {self.rs.id}'s levels "
                f"({', '.join(map(str, levels_ladder))})"
            )
        budget = (
            None
            if request.no_budget
            else (request.budget_krw if request.budget_krw is not None else company.budget_krw)
        )
        funding, ceiling = None, None if budget is None else float(budget)
        if budget is not None and request.budget_basis == "own":
            funding, ceiling = self._funding(budget, target, company)
        base = UpgradePlan(
            current_level=now.level,
            current_total=now.total,
            target=target,
            reachable=False,
            reason=None,
            request=request,
            budget_krw=budget,
            funding=funding,
            project_ceiling_krw=ceiling,
            estimates_source={lang: self.catalog.estimates.source_in(lang) for lang in LANGS},
            estimates_confidence=self.catalog.estimates.confidence,
        )
        if now.level is not None and now.level >= target:
            return replace(
                base,
                reachable=True,
                predicted=now,
                reason=_say(
                    f"이미 Level {now.level}로 목표 수준 이상입니다.",
                    f"Already at Level {now.level}, at or above the target.",
                ),
            )

        current = {i: s.level for i, s in now.items.items() if s.status == "answered" and s.level}
        unknown = (request.pinned | request.dropped) - set(self.catalog.action_map)
        if unknown:
            raise UnknownActions(unknown)
        levels = self._solve(current, target, request, ceiling, request.optimize)
        if levels is None:
            return replace(base, reachable=False, reason=self._why_not(current, target, base))
        steps = [
            self.catalog.steps[(item, lv)]
            for item, to in levels.items()
            for lv in range(current[item] + 1, to + 1)
        ]
        after = _raised(answers, levels)
        predicted = self.scorer.score(after)
        if predicted.level is None or predicted.level < target:  # pragma: no cover - a bug
            raise LevelCheckError(
                f"internal error: the plan for Level {target} re-scores to {predicted.level}"
            )
        phases = self._phases(steps, now, target, request, company, current)
        all_cost = sum(s.cost_krw.expected for s in steps)
        return replace(
            base,
            reachable=True,
            reason=None,
            phases=phases,
            predicted=predicted,
            offers=tuple(self._offers(target, company, all_cost)),
            kpi_effects=tuple(self._effects(steps, target, company)),
            levels_after=levels,
            kpi_names=self.kpi_names,
        )

    # --- the optimisation -----------------------------------------------------------------
    def _solve(
        self,
        current: dict[str, int],
        target: int,
        request: PlanRequest,
        budget: float | None,
        optimize: Optimize,
        *,
        relax_budget: bool = False,
        relax_edits: bool = False,
    ) -> dict[str, int] | None:
        """The levels of the best plan to ``target``, or None when none exists.

        Best means, in this order: the fewest steps above the target level, then the least
        effort (or cost), then the least of the other. A consultant raises a plant towards
        the next stage with that stage's own descriptors: a plant aiming for 기초 is not
        told to found a DX department or to build AI models, even where such a step would
        add the missing points more cheaply. Without a budget that is always possible
        (every item at the target's descriptor makes the target's total); a step above
        the target is taken only when the budget or the dropped and pinned actions leave
        no other way, and then as few as possible."""
        ask = _Ask(
            current,
            target,
            optimize,
            None if relax_budget else budget,
            frozenset() if relax_edits else request.dropped,
            () if relax_edits else tuple(self.catalog.action_map[a] for a in request.pinned),
        )
        within = self._optimum(ask, ceiling=target)
        if within is not None:
            return within
        fewest = self._optimum(ask, count_above=True)
        if fewest is None:
            return None
        return self._optimum(ask, above_at_most=_above(current, fewest, target))

    def _optimum(
        self,
        ask: _Ask,
        *,
        ceiling: int | None = None,
        count_above: bool = False,
        above_at_most: int | None = None,
    ) -> dict[str, int] | None:
        """One solve. ``ceiling``: no item raised past that level (items already above it
        stay); ``count_above``: minimise the number of steps above ``target`` instead of
        effort or cost; ``above_at_most``: at most that many such steps."""
        current, target, optimize, budget = ask.current, ask.target, ask.optimize, ask.budget
        dropped, pinned = ask.dropped, ask.pinned
        m = Model()
        steps = self.catalog.steps
        primary = (
            (lambda a: float(a.effort_days))
            if optimize == "effort"
            else (lambda a: a.cost_krw.expected)
        )
        secondary = (
            (lambda a: a.cost_krw.expected)
            if optimize == "effort"
            else (lambda a: float(a.effort_days))
        )
        top = self.q.max_level
        tie = 1.0 / (1.0 + sum(secondary(a) for a in self.catalog.actions))
        above: dict[Var, float] = {}
        for item, cur in current.items():
            options = {cur: 0.0}
            acc = 0.0
            last = top if ceiling is None else max(cur, ceiling)
            for lv in range(cur + 1, last + 1):
                action = steps.get((item, lv))
                if action is None or action.id in dropped:
                    break
                # the secondary measure only breaks ties: its whole sum stays below 1
                acc += primary(action) + tie * secondary(action)
                options[lv] = float(max(0, lv - max(cur, target))) if count_above else acc
            m.choose_one(item, options)
            for lv, var in m.choices[item].items():
                if lv > max(cur, target):
                    above[var] = float(lv - max(cur, target))
        if above_at_most is not None:
            m.at_most(above, float(above_at_most))
        for action in pinned:
            if action.item in current and current[action.item] < action.to:
                m.require(m.at_least(action.item, action.to), 1.0)
        for item, cur in current.items():
            for lv in m.choices[item]:
                if lv <= cur:
                    continue
                for req in steps[(item, lv)].requires:
                    if req.item not in current or current[req.item] >= req.level:
                        continue  # N/A there, or already in place
                    # item at lv or above  =>  req.item at req.level or above
                    terms = dict(m.at_least(req.item, req.level))
                    for var, coef in m.at_least(item, lv).items():
                        terms[var] = terms.get(var, 0.0) - coef
                    m.require(terms, 0.0)
        weights = self._weights(current)
        band = next(b for b in self.rs.bands if b.level == target)
        if band.min_total is not None:
            m.require(self._points(m, weights, current), band.min_total - ROUNDING)
        for b in self.rs.bands:
            if b.level <= target:
                for gate in b.gates:
                    self._condition(m, gate.require, None, weights, current)
        if budget is not None:
            spend: dict[int, float] = {}
            for item, cur in current.items():
                acc = 0.0
                for lv, var in m.choices[item].items():
                    acc = sum(steps[(item, k)].cost_krw.expected for k in range(cur + 1, lv + 1))
                    if acc:
                        spend[var] = acc
            m.at_most(spend, float(budget))
        solution = m.solve()
        return None if solution is None else m.chosen_levels(solution)

    def _weights(self, current: Mapping[str, int]) -> dict[str, float]:
        """Each rated item's points, after N/A items have given theirs to the rest."""
        key = frozenset(current)
        if self._weights_for[0] != key:
            self._weights_for = (key, self._renormalised_weights(current))
        return self._weights_for[1]

    def _renormalised_weights(self, current: Mapping[str, int]) -> dict[str, float]:
        sc = self.scorer
        active = [iid in current for iid in sc.item_ids]
        item_max = sc._renormalised(active)
        return {iid: item_max[n] for n, iid in enumerate(sc.item_ids) if iid in current}

    def _points(
        self, m: Model, weights: Mapping[str, float], items: Iterable[str]
    ) -> dict[int, float]:
        lp = self.scorer.level_points
        terms: dict[int, float] = {}
        for item in items:
            for lv, var in m.choices[item].items():
                terms[var] = weights[item] * lp[lv]
        return terms

    def _condition(
        self,
        m: Model,
        cond: Condition,
        when: int | None,
        weights: Mapping[str, float],
        current: Mapping[str, int],
    ) -> None:
        """Add ``cond`` to the model: always, or only when indicator ``when`` is 1."""
        if isinstance(cond, All):
            for c in cond.all:
                self._condition(m, c, when, weights, current)
        elif isinstance(cond, Any_):
            flags = [m.var() for _ in cond.any]
            for c, flag in zip(cond.any, flags, strict=True):
                self._condition(m, c, flag, weights, current)
            chosen = dict.fromkeys(flags, 1.0)
            if when is not None:
                chosen[when] = -1.0
            m.require(chosen, 1.0 if when is None else 0.0)
        elif isinstance(cond, Not):
            raise PlanningError(
                f"rule set {self.rs.id} uses 'not' in a gate, which plans cannot be made for"
            )
        elif isinstance(cond, ItemLevel):
            if cond.item_level.item in current:  # an N/A item passes
                m.require(m.at_least(cond.item_level.item, cond.item_level.at_least), 1.0, when)
        elif isinstance(cond, MinItemLevel):
            mil = cond.min_item_level
            for item in self.q.item_ids(mil.area, mil.category):
                if item in current:
                    m.require(m.at_least(item, mil.at_least), 1.0, when)
        elif isinstance(cond, CategoryLevel):
            c2 = cond.category_level
            items = [i for i in self.q.item_ids(None, c2.category) if i in current]
            self._group_level(
                m, items, c2.at_least, self.rs.aggregation.category_level, when, weights
            )
        elif isinstance(cond, AreaLevel):
            c3 = cond.area_level
            items = [i for i in self.q.item_ids(c3.area, None) if i in current]
            self._group_level(m, items, c3.at_least, self.rs.aggregation.area_level, when, weights)
        elif isinstance(cond, AreaScore | CategoryScore):
            if isinstance(cond, AreaScore):
                items = self.q.item_ids(cond.area_score.area, None)
                need = cond.area_score.at_least
            else:
                items = self.q.item_ids(None, cond.category_score.category)
                need = cond.category_score.at_least
            rated = [i for i in items if i in current]
            m.require(self._points(m, weights, rated), need - ROUNDING, when)
        elif isinstance(cond, TotalScore):
            m.require(self._points(m, weights, current), cond.total_score.at_least - ROUNDING, when)

    @staticmethod
    def _group_level(
        m: Model,
        items: list[str],
        at_least: float,
        how: str,
        when: int | None,
        weights: Mapping[str, float],
    ) -> None:
        """A category's or an area's level: its weighted mean, or its weakest item."""
        if not items:
            return  # all N/A: the requirement does not apply
        if how == "min":
            for item in items:
                m.require(m.at_least(item, at_least), 1.0, when)
            return
        # sum(w * level) / sum(w) >= t  <=>  sum(w * (level - t)) >= 0
        threshold = at_least - ROUNDING
        terms: dict[int, float] = {}
        for item in items:
            for lv, var in m.choices[item].items():
                terms[var] = weights[item] * (lv - threshold)
        m.require(terms, 0.0, when)

    # --- a budget for the company's own share ------------------------------------------
    def _funding(
        self, budget: int, target: int, company: Company
    ) -> tuple[Programme | None, float | None]:
        """The eligible programme that lets a budget for the company's share pay for the
        largest project, and that project cost (None: no ceiling). Without one, the
        company pays it all and the budget caps the whole project."""
        best: tuple[Programme | None, float] = (None, float(budget))
        for p in self.catalog.programmes:
            if p.track == "level-check" or p.government_share is None:
                continue
            if _eligible(p, target, company)[0]:
                ceiling = project_ceiling(budget, p)
                if ceiling > best[1]:
                    best = (p, ceiling)
        return best[0], None if best[1] == INF else best[1]

    # --- when the target is out of reach ----------------------------------------------
    def _why_not(self, current: dict[str, int], target: int, base: UpgradePlan) -> dict[Lang, str]:
        request, budget, ceiling = base.request, base.budget_krw, base.project_ceiling_krw
        if budget is not None:
            levels = self._solve(current, target, request, ceiling, "cost", relax_budget=True)
            if levels is not None:
                lo, hi, mid = self._cost(current, levels)
                cost = {
                    "ko": f"{krw(mid, 'ko')}({krw_range(lo, hi, 'ko')})",
                    "en": f"{krw(mid, 'en')} ({krw_range(lo, hi, 'en')})",
                }
                need = _say(
                    f"예산 부족: Level {target} 달성에 필요한 최소 사업비는 약 {cost['ko']}",
                    f"Over budget: the cheapest plan to Level {target} costs about {cost['en']}",
                )
                if request.budget_basis == "project":
                    return _say(
                        f"{need['ko']}으로 예산 {krw(budget, 'ko')}을 넘습니다(지원사업의 "
                        "정부·후원기업 부담을 빼기 전 금액).",
                        f"{need['en']}, more than the budget of {krw(budget, 'en')} (the "
                        "whole project cost, before any programme's government or sponsor "
                        "share).",
                    )
                if base.funding is None:
                    return _say(
                        f"{need['ko']}입니다. 이 목표에 해당하는 지원사업이 없어 전액 기업 "
                        f"부담이며, 기업 부담 예산 {krw(budget, 'ko')}을 넘습니다.",
                        f"{need['en']}. No programme applies to this target, so the company "
                        f"pays it all, more than its budget of {krw(budget, 'en')}.",
                    )
                name, own = base.funding.name, company_share(mid, base.funding)
                return _say(
                    f"{need['ko']}입니다. 지원사업({name('ko')})을 적용해도 기업 부담이 약 "
                    f"{krw(own, 'ko')}으로 기업 부담 예산 {krw(budget, 'ko')}을 넘습니다.",
                    f"{need['en']}. Even with {name('en')}, the company's share of about "
                    f"{krw(own, 'en')} is more than its budget of {krw(budget, 'en')}.",
                )
        if request.dropped or request.pinned:
            levels = self._solve(
                current,
                target,
                request,
                ceiling,
                request.optimize,
                relax_edits=True,
                relax_budget=True,
            )
            if levels is not None:
                needed = sorted(
                    a
                    for a in request.dropped
                    if (act := self.catalog.action_map[a]).item in levels
                    and levels[act.item] >= act.to
                )
                listed = ", ".join(needed or sorted(request.dropped | request.pinned))
                return _say(
                    f"제외·고정한 조치 때문에 Level {target}에 도달할 수 없습니다: {listed}",
                    f"Level {target} cannot be reached with the dropped or pinned actions: "
                    f"{listed}",
                )
        # raise every item as far as the catalog allows and see what still fails
        top = {i: self._ceiling(i, lv) for i, lv in current.items()}
        best = self.scorer.score(
            {i: _Rated(lv) for i, lv in top.items()}
            | {i: _Rated(None, na=True) for i in self.q.items if i not in current}
        )
        failing = [
            e
            for e in best.trace
            if e.kind in ("band", "gate")
            and not e.passed
            and e.level is not None
            and e.level <= target
        ]
        detail = {lang: "; ".join(e.text[lang] for e in failing[:3]) for lang in LANGS}
        return _say(
            f"카탈로그의 모든 조치를 적용해도 Level {target}에 도달하지 못합니다: {detail['ko']}",
            f"Even with every action in the catalog, Level {target} is not reached: {detail['en']}",
        )

    def _ceiling(self, item: str, level: int) -> int:
        while (item, level + 1) in self.catalog.steps:
            level += 1
        return level

    def _cost(
        self, current: Mapping[str, int], levels: Mapping[str, int]
    ) -> tuple[int, int, float]:
        acts = [
            self.catalog.steps[(i, lv)]
            for i, to in levels.items()
            for lv in range(current[i] + 1, to + 1)
        ]
        return (
            sum(a.cost_krw.min for a in acts),
            sum(a.cost_krw.max for a in acts),
            sum(a.cost_krw.expected for a in acts),
        )

    # --- phases, reasons, programmes, effects ----------------------------------------------
    def _phases(
        self,
        steps: list[Action],
        now: ScoreResult,
        target: int,
        request: PlanRequest,
        company: Company,
        current: Mapping[str, int],
    ) -> tuple[Phase, ...]:
        chosen = {(a.item, a.to): a for a in steps}
        depth: dict[tuple[str, int], int] = {}

        def deps(a: Action) -> list[tuple[str, int]]:
            out = [(a.item, a.to - 1)] if (a.item, a.to - 1) in chosen else []
            return out + [(r.item, r.level) for r in a.requires if (r.item, r.level) in chosen]

        def depth_of(key: tuple[str, int]) -> int:
            if key not in depth:
                depth[key] = 1 + max((depth_of(d) for d in deps(chosen[key])), default=-1)
            return depth[key]

        quick = self.catalog.planning.quick_win
        is_quick = {
            k: depth_of(k) == 0
            and a.effort_days <= quick.max_effort_days
            and a.cost_krw.max <= quick.max_cost_krw
            for k, a in chosen.items()
        }
        has_quick = any(is_quick.values())
        numbered: dict[int, list[Action]] = {}
        for k, a in chosen.items():
            n = 1 if is_quick[k] else depth_of(k) + (2 if has_quick else 1)
            numbered.setdefault(n, []).append(a)
        order = {n: i + 1 for i, n in enumerate(sorted(numbered))}
        required_by = self._required_by(steps)
        # programmes apply once to the whole plan; each phase shows its part of that
        total = sum(a.cost_krw.expected for a in steps)
        whole = self._offers(target, company, total)
        phases = []
        for n in sorted(numbered):
            acts = sorted(numbered[n], key=lambda a: (list(self.q.items).index(a.item), a.to))
            changes = tuple(
                Change(
                    a, order[n], self._why(a, now, target, request, company, required_by, current)
                )
                for a in acts
            )
            lo = sum(a.cost_krw.min for a in acts)
            hi = sum(a.cost_krw.max for a in acts)
            title = (
                _say(f"{order[n]}단계: 즉시 개선 과제", f"Phase {order[n]}: quick wins")
                if n == 1 and has_quick
                else _say(
                    f"{order[n]}단계: 선행 조치 완료 후 추진" if n > 1 else f"{order[n]}단계",
                    f"Phase {order[n]}: once its prerequisites are done"
                    if order[n] > 1
                    else f"Phase {order[n]}",
                )
            )
            phases.append(
                Phase(
                    number=order[n],
                    title=title,
                    changes=changes,
                    effort_days=sum(a.effort_days for a in acts),
                    cost_min_krw=lo,
                    cost_max_krw=hi,
                    duration_weeks=max(a.duration_weeks for a in acts),
                    offers=tuple(o.share(((lo + hi) / 2) / total) if total else o for o in whole),
                )
            )
        return tuple(phases)

    def _required_by(self, steps: list[Action]) -> dict[tuple[str, int], list[Action]]:
        out: dict[tuple[str, int], list[Action]] = {}
        chosen = {(a.item, a.to) for a in steps}
        for a in steps:
            for r in a.requires:
                if (r.item, r.level) in chosen:
                    out.setdefault((r.item, r.level), []).append(a)
        return out

    def _why(
        self,
        a: Action,
        now: ScoreResult,
        target: int,
        request: PlanRequest,
        company: Company,
        required_by: Mapping[tuple[str, int], list[Action]],
        current: Mapping[str, int],
    ) -> tuple[Reason, ...]:
        reasons: list[Reason] = []
        if a.id in request.pinned:
            reasons.append(
                Reason("pinned", _say("컨설턴트가 고정한 조치", "Pinned by the consultant"))
            )
        elif a.to > target:
            reasons.append(
                Reason(
                    "beyond",
                    _say(
                        f"목표(Level {target})를 넘는 단계: 예산이나 제외·고정한 조치 때문에 "
                        "목표 수준까지의 조치만으로는 도달할 수 없음",
                        f"Beyond the Level {target} descriptors: with the budget or the "
                        "dropped and pinned actions, steps up to the target alone cannot reach it",
                    ),
                )
            )
        for entry in now.trace:
            if entry.kind != "gate" or entry.passed or entry.level is None or entry.level > target:
                continue
            for check in entry.checks:
                if check.passed:
                    continue
                scope = self._check_scope(check.kind, check.target)
                if a.item in scope and (
                    check.kind.endswith("_score")
                    or check.kind in ("category_level", "area_level")
                    or a.to <= check.required
                ):
                    reasons.append(
                        Reason(
                            "gate",
                            {
                                lang: phrase_gate(
                                    lang, entry.level, entry.params, check.sentence(lang)
                                )
                                for lang in LANGS
                            },
                        )
                    )
                    break
        for later in required_by.get((a.item, a.to), []):
            reasons.append(
                Reason(
                    "prerequisite",
                    _say(
                        f"'{later.title.ko}'({later.id})의 선행 조건",
                        f"Needed first for '{later.title.en}' ({later.id})",
                    ),
                )
            )
        band = next(b for b in self.rs.bands if b.level == target)
        if band.min_total is not None and (now.total or 0) < band.min_total:
            gain = self._gain(a, current)
            reasons.append(
                Reason(
                    "band",
                    _say(
                        f"총점 +{gain:.1f}점 (Level {target} 기준 {band.min_total:g}점, "
                        f"현재 {now.total:.1f}점)",
                        f"+{gain:.1f} points towards the Level {target} total of "
                        f"{band.min_total:g} (now {now.total:.1f})",
                    ),
                )
            )
        priority = set(company.priority_kpis) & set(a.kpis)
        if priority:
            names = self._kpi_names(sorted(priority))
            kpi = _say(f"우선 KPI 개선: {names['ko']}", f"Improves priority KPI: {names['en']}")
            reasons.append(Reason("kpi", kpi))
        return tuple(reasons)

    def _gain(self, a: Action, current: Mapping[str, int]) -> float:
        weights = self._weights(current)  # cached: one renormalisation per plan
        lp = self.scorer.level_points
        return weights[a.item] * (lp[a.to] - lp[a.from_])

    def _check_scope(self, kind: str, target: str | None) -> set[str]:
        if kind == "item_level":
            return {target} if target else set()
        if target is None:
            return set(self.q.items)
        if target in self.q.categories:
            return set(self.q.item_ids(None, target))
        if target in self.q.area_map:
            return set(self.q.item_ids(target, None))
        return set()

    def _kpi_names(self, ids: list[str]) -> dict[Lang, str]:
        names = self.kpi_names
        return {lang: ", ".join(names[i][lang] if i in names else i for i in ids) for lang in LANGS}

    def _offers(self, target: int, company: Company, cost: float) -> list[Offer]:
        offers = []
        for p in self.catalog.programmes:
            eligible, why = _eligible(p, target, company)
            supported: float | None
            gov: float | None
            own: float | None
            if p.government_share is None:  # an unknown share: only the sponsor's is known
                supported = None if p.cap_krw is None else min(cost, float(p.cap_krw))
                gov, own = None, None
                sponsor = p.sponsor_share * (supported if supported is not None else cost)
            else:  # the same shares and cap as a budget for the company's own share uses
                supported = min(cost, _public(p)[1])
                gov, sponsor = p.government_share * supported, p.sponsor_share * supported
                own = company_share(cost, p)
            if p.track == "level-check":
                gov, sponsor, own, supported = 0.0, 0.0, 0.0, None
            offers.append(Offer(p, eligible, why, gov, sponsor, own, cost, supported))
        offers.sort(
            key=lambda o: (
                not o.eligible,
                o.programme.track == "level-check",
                o.company_krw if o.company_krw is not None else float("inf"),
            )
        )
        return offers

    def _effects(
        self, steps: list[Action], target: int, company: Company
    ) -> list[tuple[KpiEffect, bool]]:
        """The published effects on the KPIs the plan improves, best evidence first:
        studies and surveys of many firms before single cases; then the company's
        priority KPIs; then figures for the target level itself; then the surer
        sources; then the catalog's order. Never by the size of the figure, which would
        put the most striking single case first."""
        touched = {k for a in steps for k in a.kpis}
        priority = set(company.priority_kpis)
        rank = {"sourced": 0, "secondary": 1, "unverified": 2}
        found = [
            (e, bool(priority & set(e.kpis)))
            for e in self.catalog.kpi_effects
            if (not e.levels or target in e.levels) and (touched & set(e.kpis))
        ]
        found.sort(
            key=lambda x: (
                x[0].basis == "case",
                not x[1],
                target not in x[0].levels,
                rank[x[0].confidence],
            )
        )
        return found


@dataclass(frozen=True, slots=True)
class _Rated:
    level: int | None
    na: bool = False
    justification: str = "n/a"


def _above(current: Mapping[str, int], levels: Mapping[str, int], target: int) -> int:
    """How many of the steps from ``current`` to ``levels`` go above the target level."""
    return sum(max(0, to - max(current[i], target)) for i, to in levels.items())


def _raised(answers: Mapping[str, AnswerLike], levels: Mapping[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = dict(answers)
    for item, lv in levels.items():
        out[item] = _Rated(lv)
    return out


def _public(p: Programme) -> tuple[float, float]:
    """The share of the supported cost the government and sponsor pay together, and the
    project size up to which they pay it (the government's cap over its share)."""
    share = (p.government_share or 0.0) + p.sponsor_share
    if p.cap_krw is not None and p.government_share:
        return share, p.cap_krw / p.government_share
    return share, INF


def company_share(cost: float, p: Programme) -> float:
    """What the company pays of a project of ``cost`` under programme ``p``: the part of
    the supported cost the government and sponsor do not pay, and all above it."""
    share, supported = _public(p)
    return max(0.0, cost - share * min(cost, supported))


def project_ceiling(budget: float, p: Programme) -> float:
    """The largest project whose company share under ``p`` is at most ``budget``: the
    inverse of `company_share`, ``(1 - share) × cost`` up to the supported size, and
    ``cost - share × supported`` above it (INF: no limit)."""
    share, supported = _public(p)
    if share <= 0:
        return budget
    below = budget / (1 - share) if share < 1 else INF
    return min(below, budget + share * supported)


def _eligible(p: Programme, target: int, company: Company) -> tuple[bool, dict[Lang, str]]:
    if p.track == "level-check":
        return True, _say(
            "구축 후 수준확인으로 결과를 공인받을 수 있음",
            "After the build, a level check confirms the result",
        )
    if target not in p.target_levels:
        return False, _say(
            f"Level {target} 목표에 해당하지 않음", f"Not for a Level {target} target"
        )
    if p.requires_sponsor and not company.sponsor:
        return False, _say("후원 대기업이 필요함", "Needs a sponsoring large company")
    if (
        p.max_employees is not None
        and company.employees is not None
        and company.employees > p.max_employees
    ):
        return False, _say(
            f"종업원 {p.max_employees}명 이하 기업 대상",
            f"For firms of at most {p.max_employees} employees",
        )
    return True, _say("지원 대상", "Eligible")


def phrase_gate(lang: Lang, level: int, params: Mapping[str, Any], check: str) -> str:
    gate = params["gate"][lang]
    if lang == "ko":
        return f"Level {level} 요건 '{gate}': {check}"
    return f"Level {level} requirement '{gate}': {check}"


def _say(ko: str, en: str) -> dict[Lang, str]:
    return {"ko": ko, "en": en}


def krw(amount: float, lang: Lang) -> str:
    """An amount as Korean and English readers write it: 1.3억 원 / 6,500만 원; 1.25B / 65M KRW
    (nothing at all is 0원 / 0 KRW, not "0만 원")."""
    if amount == 0:
        return "0원" if lang == "ko" else "0 KRW"
    if lang == "ko":
        if amount >= 1e8:
            return f"{amount / 1e8:,.1f}억 원"
        return f"{amount / 1e4:,.0f}만 원"
    if amount >= 1e9:
        return f"{amount / 1e9:,.2f}B KRW"
    return f"{amount / 1e6:,.1f}M KRW"


def krw_range(lo: float, hi: float, lang: Lang) -> str:
    """A cost range as readers write it: 150–400M KRW, 1.2–2.5B KRW; 1.5~4억 원,
    4,000만~1.2억 원. A range from nothing reads "up to": 최대 6,200만 원, up to 62M KRW
    (not "0만~6,200만 원"); a range of one amount is that amount."""

    def short(x: float, places: int = 1) -> str:
        return f"{x:,.{places}f}".rstrip("0").rstrip(".")

    def billions(x: float) -> str:  # as precise as 억 with one decimal: 2.05B = 20.5억
        return short(x / 1e9, 2)

    if lo == hi:
        return krw(hi, lang)
    if lo == 0:
        if lang == "ko":
            return f"최대 {krw(hi, lang)}"
        return f"up to {billions(hi)}B KRW" if hi >= 1e9 else f"up to {short(hi / 1e6)}M KRW"
    if lang == "ko":
        if hi < 1e8:
            return f"{lo / 1e4:,.0f}~{hi / 1e4:,.0f}만 원"
        if lo >= 1e8:
            return f"{short(lo / 1e8)}~{short(hi / 1e8)}억 원"
        return f"{lo / 1e4:,.0f}만~{short(hi / 1e8)}억 원"
    if hi >= 1e9:
        return f"{billions(lo)}–{billions(hi)}B KRW"
    return f"{short(lo / 1e6)}–{short(hi / 1e6)}M KRW"


def plan_to_dict(plan: UpgradePlan) -> dict[str, Any]:
    """The JSON shape printed by ``levelcheck roadmap --format json``."""

    def offer(o: Offer) -> dict[str, Any]:
        p = o.programme
        return {
            "id": p.id,
            "name": p.name.model_dump(),
            "track": p.track,
            "eligible": o.eligible,
            "reason": o.reason,
            "government_krw": _round(o.government_krw),
            "sponsor_krw": _round(o.sponsor_krw),
            "company_krw": _round(o.company_krw),
            "cost_krw": _round(o.cost_krw),
            "supported_krw": _round(o.supported_krw),
            "government_share": p.government_share,
            "sponsor_share": p.sponsor_share,
            "cap_krw": p.cap_krw,
            "year": p.year,
            "source": p.source_in("en"),  # a string, as before sources were bilingual
            "source_text": {lang: p.source_in(lang) for lang in LANGS},
            "confidence": p.confidence,
        }

    lo, hi = plan.cost_range_krw
    return {
        "target": plan.target,
        "reachable": plan.reachable,
        "reason": plan.reason,
        "current": {"level": plan.current_level, "total": plan.current_total},
        "request": plan.request.to_dict(),
        "budget_krw": plan.budget_krw,
        "funding": None if plan.funding is None else plan.funding.id,
        "project_ceiling_krw": _round(plan.project_ceiling_krw),
        "predicted": None
        if plan.predicted is None
        else {"level": plan.predicted.level, "total": plan.predicted.total},
        "changes": [
            {
                "item": c.item,
                "from": c.action.from_,
                "to": c.action.to,
                "action": c.action.id,
                "title": c.action.title.model_dump(),
                "solutions": c.action.solutions,
                "effort_days": c.action.effort_days,
                "cost_krw": {"min": c.action.cost_krw.min, "max": c.action.cost_krw.max},
                "duration_weeks": c.action.duration_weeks,
                "phase": c.phase,
                "why": [{"kind": r.kind, "text": r.text} for r in c.why],
            }
            for c in plan.changes
        ],
        "phases": [
            {
                "phase": p.number,
                "title": p.title,
                "actions": [c.action.id for c in p.changes],
                "effort_days": p.effort_days,
                "cost_krw": {"min": p.cost_min_krw, "max": p.cost_max_krw},
                "duration_weeks": p.duration_weeks,
                "programmes": [offer(o) for o in p.offers if o.eligible],
            }
            for p in plan.phases
        ],
        "totals": {"effort_days": plan.effort_days, "cost_krw": {"min": lo, "max": hi}},
        "programmes": [offer(o) for o in plan.offers],
        "kpi_effects": [
            {
                "id": e.id,
                "kpis": e.kpis,
                "change_pct": e.change_pct,
                "priority": prio,
                "scope": e.scope.model_dump(),
                "year": e.year,
                "source": e.source_in("en"),
                "source_text": {lang: e.source_in(lang) for lang in LANGS},
                "confidence": e.confidence,
            }
            for e, prio in plan.kpi_effects
        ],
        "estimates": {"source": plan.estimates_source, "confidence": plan.estimates_confidence},
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x)


def _few(ids: list[str]) -> str:
    """The first five ids, and '…' for more."""
    return ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
