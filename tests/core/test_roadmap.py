"""The upgrade path: optimal (checked against brute force), verified by re-scoring,
explained when out of reach, with programmes and effects that carry their sources."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from levelcheck.core.assessment import Answer, Company, load_assessment
from levelcheck.core.content import ContentLibrary
from levelcheck.core.roadmap import (
    Planner,
    PlanningError,
    PlanRequest,
    UpgradePlan,
    company_share,
    krw,
    krw_range,
    project_ceiling,
)
from levelcheck.core.scoring import Scorer
from levelcheck.core.service import ScoringService
from tests.conftest import (
    example_files,
    mini_catalog_doc,
    mini_questionnaire,
    mini_ruleset,
    t,
    write_yaml,
)

ITEMS = ["A1-1", "A1-2", "A2-1", "B1-1", "B1-2"]


def gated_ruleset() -> dict[str, Any]:
    return mini_ruleset(
        bands=[
            {"level": 1, "stage": t("one"), "min_total": 0},
            {
                "level": 2,
                "stage": t("two"),
                "min_total": 40,
                "gates": [
                    {
                        "id": "g2",
                        "title": t("G2"),
                        "require": {
                            "any": [
                                {"item_level": {"item": "A1-1", "at_least": 2}},
                                {"item_level": {"item": "B1-1", "at_least": 3}},
                            ]
                        },
                    }
                ],
            },
            {
                "level": 3,
                "stage": t("three"),
                "min_total": 60,
                "gates": [
                    {
                        "id": "g3",
                        "title": t("G3"),
                        "require": {
                            "all": [
                                {"category_level": {"category": "A1", "at_least": 3}},
                                {"min_item_level": {"area": "B", "at_least": 2}},
                            ]
                        },
                    }
                ],
            },
            {
                "level": 4,
                "stage": t("four"),
                "min_total": 75,
                "gates": [
                    {
                        "id": "g4",
                        "title": t("G4"),
                        "require": {"area_score": {"area": "A", "at_least": 45}},
                    }
                ],
            },
            {
                "level": 5,
                "stage": t("five"),
                "min_total": 90,
                "gates": [
                    {"id": "g5", "title": t("G5"), "require": {"min_item_level": {"at_least": 4}}}
                ],
            },
        ]
    )


def random_catalog(rnd: random.Random, missing: float = 0.0) -> dict[str, Any]:
    actions = []
    for k, item in enumerate(ITEMS):
        for to in range(2, 6):
            if rnd.random() < missing:
                continue
            requires = []
            if k and rnd.random() < 0.3:  # only on earlier items: no cycles
                requires.append({"item": ITEMS[rnd.randrange(k)], "level": rnd.randint(2, to)})
            lo = rnd.randint(0, 20) * 1_000_000
            actions.append(
                {
                    "id": f"{item}-{to}",
                    "item": item,
                    "from": to - 1,
                    "to": to,
                    "title": t(f"raise {item} to {to}"),
                    "description": t("do it"),
                    "requires": requires,
                    "effort_days": rnd.randint(1, 30),
                    "cost_krw": {"min": lo, "max": lo + rnd.randint(0, 10) * 1_000_000},
                    "duration_weeks": rnd.randint(1, 8),
                }
            )
    quick_win = {"max_effort_days": 5, "max_cost_krw": 3_000_000}
    return mini_catalog_doc(actions, id="mini-cat", planning={"quick_win": quick_win})


def mini_planner(tmp_path: Path, catalog: dict[str, Any]) -> tuple[Planner, Scorer]:
    d = tmp_path / "c"
    d.mkdir(exist_ok=True)
    write_yaml(d / "q.yaml", mini_questionnaire())
    write_yaml(d / "r.yaml", gated_ruleset())
    write_yaml(d / "cat.yaml", catalog)
    lib = ContentLibrary.load([d])
    assert not lib.problems, [str(p) for p in lib.problems]
    scorer = Scorer(lib.questionnaires[("mini", "1")], lib.rulesets[("mini-rules", "1")])
    return Planner(scorer, lib.catalogs[("mini-cat", "1")]), scorer


def brute_force(
    planner: Planner,
    scorer: Scorer,
    answers: dict[str, Answer],
    target: int,
    optimize: str,
    budget: int | None,
    dropped: set[str],
    fits: Callable[[float], bool] | None = None,
) -> tuple[int, float] | None:
    """The best plan's (steps above the target, effort or cost), trying every outcome;
    ``fits`` (the expected cost) replaces the budget's check when given."""
    cat = planner.catalog
    current = {i: a.level for i, a in answers.items() if not a.na}
    ranges = []
    for item, cur in current.items():
        top = cur
        while (item, top + 1) in cat.steps and cat.steps[(item, top + 1)].id not in dropped:
            top += 1
        ranges.append(range(cur, top + 1))
    best = None
    for combo in itertools.product(*ranges):
        final = dict(zip(current, combo, strict=True))
        steps = [
            cat.steps[(i, lv)] for i, to in final.items() for lv in range(current[i] + 1, to + 1)
        ]
        if any(
            final.get(r.item, 5) < r.level
            for a in steps
            for r in a.requires
            if r.item in current and current[r.item] < r.level
        ):
            continue
        spend = sum(a.cost_krw.expected for a in steps)
        if not (fits(spend) if fits else budget is None or spend <= budget):
            continue
        result = scorer.score({**answers, **{i: Answer(level=lv) for i, lv in final.items()}})
        if (result.level or 0) < target:
            continue
        cost = sum(a.effort_days if optimize == "effort" else a.cost_krw.expected for a in steps)
        # the fewest steps above the target level first, then the least effort or cost
        key = (sum(1 for a in steps if a.to > target), cost)
        best = key if best is None else min(best, key)
    return best


def steps_above(plan: UpgradePlan) -> int:
    return sum(1 for c in plan.changes if c.action.to > plan.target)


def plan_cost(plan: UpgradePlan, optimize: str) -> float:
    return sum(
        c.action.effort_days if optimize == "effort" else c.action.cost_krw.expected
        for c in plan.changes
    )


def test_optimal_against_brute_force(tmp_path: Path) -> None:
    rnd = random.Random(2026)
    checked = reachable = beyond = 0
    for case in range(40):
        planner, scorer = mini_planner(tmp_path, random_catalog(rnd, missing=0.1))
        answers = {i: Answer(level=rnd.randint(1, 3)) for i in ITEMS}
        if rnd.random() < 0.2:
            answers[rnd.choice(ITEMS)] = Answer(na=True, justification="not here")
        now = scorer.score(answers).level or 0
        if now >= 5:
            continue
        target = rnd.randint(now + 1, 5)
        optimize = rnd.choice(["effort", "cost"])
        budget = rnd.choice([None, None, rnd.randint(5, 80) * 1_000_000])
        dropped = (
            {a.id for a in rnd.sample(planner.catalog.actions, 2)} if rnd.random() < 0.3 else set()
        )
        request = PlanRequest(
            target=target,
            optimize=optimize,
            budget_krw=budget,  # type: ignore[arg-type]
            no_budget=budget is None,
            dropped=frozenset(dropped),
        )
        plan = planner.plan(answers, Company(name="x"), request)
        expected = brute_force(planner, scorer, answers, target, optimize, budget, dropped)
        checked += 1
        assert plan.reachable == (expected is not None), (case, plan.reason)
        if expected is not None:
            reachable += 1
            beyond += expected[0] > 0
            assert all(
                any(r.kind == "beyond" for r in c.why) or c.action.to <= target
                for c in plan.changes
            ), case
            assert steps_above(plan) == expected[0], case
            assert plan_cost(plan, optimize) == pytest.approx(expected[1]), case
            assert plan.predicted is not None and (plan.predicted.level or 0) >= target
            assert not {c.action.id for c in plan.changes} & dropped
        else:
            assert plan.reason and plan.reason["en"] and plan.reason["ko"]
    assert checked >= 30 and reachable >= 10 and checked - reachable >= 3
    assert beyond >= 3  # some cases do need steps above the target (budget, dropped)


def shipped_planner(shipped: ContentLibrary, path: Path) -> tuple[Planner, Any]:
    a = load_assessment(path)
    service = ScoringService(shipped)
    scorer = service.scorer(service.ruleset_for(a))
    return Planner(scorer, shipped.catalog_for(scorer.q)), a


@pytest.mark.parametrize("path", example_files(), ids=[f.name for f in example_files()])
def test_every_example_reaches_every_higher_level_by_its_plan(
    shipped: ContentLibrary, path: Path
) -> None:
    planner, a = shipped_planner(shipped, path)
    now = planner.scorer.score(a.answers).level or 0
    for target in range(now + 1, 6):
        plan = planner.plan(a.answers, a.company, PlanRequest(target=target, no_budget=True))
        assert plan.reachable, (target, plan.reason)
        # apply the JSON changes to the assessment and score it again
        changed = dict(a.answers)
        for c in plan.to_dict()["changes"]:
            assert changed[c["item"]].level == c["from"] or changed[c["item"]].level < c["to"]
            changed[c["item"]] = Answer(level=c["to"])
        assert (planner.scorer.score(changed).level or 0) >= target
        assert all(c.why for c in plan.changes)
        # without a budget a plan never needs a step above its target level
        assert [c.action.id for c in plan.changes if c.action.to > target] == []


def test_json_shape(shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[1])
    d = planner.plan(a.answers, a.company, PlanRequest(no_budget=True)).to_dict()
    for key in ("target", "reachable", "reason", "changes", "phases", "programmes", "kpi_effects"):
        assert key in d
    change = d["changes"][0]
    for key in ("item", "from", "to", "effort_days", "cost_krw", "phase", "why"):
        assert key in change
    for programme in d["programmes"]:
        assert programme["year"] and programme["source"] and programme["confidence"]
    for effect in d["kpi_effects"]:
        assert effect["year"] and effect["source"] and effect["confidence"]


def test_phases_put_quick_wins_first_and_prerequisites_before(shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[0])
    plan = planner.plan(a.answers, a.company, PlanRequest(target=2, no_budget=True))
    quick = planner.catalog.planning.quick_win
    assert all(c.action.effort_days <= quick.max_effort_days for c in plan.phases[0].changes)
    phase_of = {(c.item, c.action.to): c.phase for c in plan.changes}
    for c in plan.changes:
        if (c.item, c.action.to - 1) in phase_of:
            assert phase_of[(c.item, c.action.to - 1)] < c.phase
        for r in c.action.requires:
            if (r.item, r.level) in phase_of:
                assert phase_of[(r.item, r.level)] < c.phase


def test_out_of_reach_says_why(tmp_path: Path, shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[0])
    over = planner.plan(a.answers, a.company, PlanRequest(target=3, budget_krw=1_000_000))
    assert not over.reachable and over.reason
    assert over.reason["en"].startswith("Over budget: the cheapest plan to Level 3 costs about")
    assert "예산 부족" in over.reason["ko"]
    # drop the one action a gate needs
    planner2, b = shipped_planner(shipped, example_files()[1])
    blocked = planner2.plan(
        b.answers,
        b.company,
        PlanRequest(target=3, no_budget=True, dropped=frozenset({"SYS-AC-04-3"})),
    )
    assert not blocked.reachable and "SYS-AC-04-3" in blocked.reason["en"]  # type: ignore[index]
    # a catalog with no way up for the items a gate needs
    rnd = random.Random(1)
    cat = random_catalog(rnd)
    cat["actions"] = [x for x in cat["actions"] if x["item"] not in ("A1-1", "A1-2")]
    mini, _ = mini_planner(tmp_path, cat)
    answers = {i: Answer(level=1) for i in ITEMS}
    stuck = mini.plan(answers, Company(name="x"), PlanRequest(target=3, no_budget=True))
    assert not stuck.reachable
    assert stuck.reason and "Even with every action in the catalog" in stuck.reason["en"]
    assert "category Cat A1 at level 3 or above" in stuck.reason["en"]


def test_pinned_actions_are_in_and_the_plan_still_reaches(shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[1])
    pin = next(
        f"{i}-{x.level + 1}" for i, x in a.answers.items() if x.level == 2 and i != "SYS-AC-04"
    )
    plan = planner.plan(a.answers, a.company, PlanRequest(no_budget=True, pinned=frozenset({pin})))
    ids = {c.action.id for c in plan.changes}
    assert pin in ids and "SYS-AC-04-3" in ids
    assert any(r.kind == "pinned" for c in plan.changes if c.action.id == pin for r in c.why)


def test_programmes_follow_eligibility(shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[0])
    small = a.company.model_copy(update={"sponsor": "", "employees": 19})
    plan = planner.plan(a.answers, small, PlanRequest(target=2, no_budget=True))
    eligible = {o.programme.id for o in plan.offers if o.eligible}
    assert "gov-basic-2022h2" in eligible
    assert not any(o.programme.requires_sponsor for o in plan.offers if o.eligible)
    sponsored = plan = planner.plan(
        a.answers,
        small.model_copy(update={"sponsor": "(주)큰별"}),
        PlanRequest(target=2, no_budget=True),
    )
    offer = next(o for o in sponsored.offers if o.programme.id == "winwin-type1-basic-2022")
    lo, hi = sponsored.cost_range_krw
    cost = (lo + hi) / 2
    assert offer.eligible
    # the programme supports a project up to where the government's cap is reached
    supported = min(cost, 42_000_000 / 0.3)
    assert offer.supported_krw == pytest.approx(supported)
    assert offer.government_krw == pytest.approx(0.3 * supported)
    assert offer.sponsor_krw == pytest.approx(0.3 * supported)
    assert offer.company_krw == pytest.approx(cost - offer.government_krw - offer.sponsor_krw)
    assert offer.beyond_support_krw == pytest.approx(cost - supported)
    # type 2 (small firms): a basic build of up to 20M, government and sponsor half each
    type2 = next(o for o in sponsored.offers if o.programme.id == "winwin-type2-basic-2022")
    assert type2.eligible and cost > 20_000_000
    assert type2.government_krw == pytest.approx(10_000_000)
    assert type2.sponsor_krw == pytest.approx(10_000_000)
    assert type2.company_krw == pytest.approx(cost - 20_000_000)
    # a programme applies once per plan: the phases share its amounts, caps included
    for pid in ("winwin-type2-basic-2022", "gov-basic-2022h2", "winwin-type1-basic-2022"):
        whole = next(o for o in sponsored.offers if o.programme.id == pid)
        parts = [o for ph in sponsored.phases for o in ph.offers if o.programme.id == pid]
        assert len(parts) == len(sponsored.phases) > 1
        for field in ("government_krw", "sponsor_krw", "company_krw", "cost_krw"):
            total = sum(getattr(o, field) for o in parts)
            assert total == pytest.approx(getattr(whole, field)), (pid, field)


def test_effects_put_studies_first_then_priority_kpis(shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[0])
    plan = planner.plan(a.answers, a.company, PlanRequest(target=2, no_budget=True))
    bases = [e.basis for e, _ in plan.kpi_effects]
    assert "case" in bases and bases == sorted(bases, key=lambda b: b == "case")
    averages = [(e, prio) for e, prio in plan.kpi_effects if e.basis == "average"]
    flags = [prio for _, prio in averages]
    assert flags and flags == sorted(flags, reverse=True) and flags[0]
    # the study's figure for the target level comes before the general ones on its KPI
    ids = [e.id for e, prio in averages if not prio and "output_per_hour" in e.kpis]
    assert ids[0] == "mss-2019-basic-productivity"
    # a single case says what it is on its own (no "the same case" pointing elsewhere)
    for e, _ in plan.kpi_effects:
        if e.basis == "case":
            assert e.scope("ko").startswith("개별 사례") and e.scope("en").startswith("One case")


def test_planning_refuses_unrated_items(shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[0])
    answers = dict(a.answers)
    answers.pop("PRC-QM-03")
    with pytest.raises(PlanningError, match="1 item\\(s\\) are not rated yet \\(PRC-QM-03\\)"):
        planner.plan(answers, a.company, PlanRequest())


def test_already_there(shipped: ContentLibrary) -> None:
    planner, a = shipped_planner(shipped, example_files()[2])
    plan = planner.plan(a.answers, a.company, PlanRequest(target=2))
    assert plan.reachable and not plan.changes and plan.reason


@pytest.mark.parametrize(
    ("lo", "hi", "ko", "en"),
    [
        (40e6, 120e6, "4,000만~1.2억 원", "40–120M KRW"),
        (126e6, 510e6, "1.3~5.1억 원", "126–510M KRW"),
        (1e6, 9e6, "100~900만 원", "1–9M KRW"),
        # a range from nothing is "up to", never "0만~6,200만 원" or "0–62M"
        (0, 62e6, "최대 6,200만 원", "up to 62M KRW"),
        (0, 1.2e9, "최대 12.0억 원", "up to 1.2B KRW"),
        # billions as precise as 억 with one decimal (was "2–5.2B" beside "20.5~52.5억")
        (2.05e9, 5.25e9, "20.5~52.5억 원", "2.05–5.25B KRW"),
        (800e6, 1.2e9, "8~12억 원", "0.8–1.2B KRW"),
        (5e6, 5e6, "500만 원", "5.0M KRW"),
        (0, 0, "0원", "0 KRW"),
    ],
)
def test_cost_ranges_read_as_people_write_them(lo: float, hi: float, ko: str, en: str) -> None:
    assert krw_range(lo, hi, "ko") == ko
    assert krw_range(lo, hi, "en") == en


def test_nothing_is_zero_won_not_zero_manwon() -> None:
    assert krw(0, "ko") == "0원"
    assert krw(0, "en") == "0 KRW"


# --- a budget for the company's own share ----------------------------------------------
def random_programmes(rnd: random.Random) -> list[dict[str, Any]]:
    out = []
    for k in range(rnd.randint(0, 4)):
        gov = rnd.choice([0.3, 0.5, 0.7, None])
        out.append(
            {
                "id": f"p{k}",
                "name": t(f"programme {k}"),
                "track": rnd.choice(["government", "government", "win-win", "level-check"]),
                "target_levels": rnd.sample([2, 3, 4, 5], rnd.randint(2, 4)),
                "requires_sponsor": rnd.random() < 0.2,
                "government_share": gov,
                "sponsor_share": rnd.choice([0.0, 0.0, 0.2]),
                "cap_krw": rnd.choice([None, rnd.randint(10, 60) * 1_000_000]),
                "year": 2024,
                "source": "s",
                "confidence": "unverified",
            }
        )
    return out


def own_share(cost: float, programmes: list[dict[str, Any]], target: int, sponsor: bool) -> float:
    """What the company pays with its best programme, worked out here from the catalog
    data: the government pays its share up to its cap, the sponsor its share of the same
    supported part."""
    best = cost
    for p in programmes:
        if p["track"] == "level-check" or p["government_share"] is None:
            continue
        if target not in p["target_levels"] or (p["requires_sponsor"] and not sponsor):
            continue
        supported = cost
        if p["cap_krw"] is not None:
            supported = min(cost, p["cap_krw"] / p["government_share"])
        best = min(best, cost - (p["government_share"] + p["sponsor_share"]) * supported)
    return best


def test_a_budget_for_the_company_share_is_optimal_against_brute_force(tmp_path: Path) -> None:
    """With ``budget_basis="own"`` the best plan is the cheapest-effort (or cost) plan
    whose company share, after the best eligible programme, fits the budget."""
    rnd = random.Random(7)
    checked = reachable = stretched = 0
    for case in range(50):
        programmes = random_programmes(rnd)
        catalog = random_catalog(rnd, missing=0.1)
        catalog["programmes"] = programmes
        planner, scorer = mini_planner(tmp_path, catalog)
        answers = {i: Answer(level=rnd.randint(1, 3)) for i in ITEMS}
        now = scorer.score(answers).level or 0
        if now >= 5:
            continue
        target = rnd.randint(now + 1, 5)
        optimize = rnd.choice(["effort", "cost"])
        budget = rnd.randint(5, 80) * 1_000_000
        company = Company(name="x", sponsor="y" if rnd.random() < 0.5 else "")
        request = PlanRequest(
            target=target,
            optimize=optimize,  # type: ignore[arg-type]
            budget_krw=budget,
            budget_basis="own",
        )
        plan = planner.plan(answers, company, request)

        def fits(
            cost: float,
            programmes: list[dict[str, Any]] = programmes,
            target: int = target,
            sponsor: bool = bool(company.sponsor),
            budget: int = budget,
        ) -> bool:
            return own_share(cost, programmes, target, sponsor) <= budget

        best = brute_force(planner, scorer, answers, target, optimize, None, set(), fits)
        checked += 1
        assert plan.reachable == (best is not None), (case, plan.reason)
        if best is None:
            assert plan.reason and plan.reason["ko"], case
            if brute_force(planner, scorer, answers, target, optimize, None, set()):
                assert "company" in plan.reason["en"], case  # the budget is what stops it
            continue
        reachable += 1
        assert (steps_above(plan), plan_cost(plan, optimize)) == (best[0], pytest.approx(best[1]))
        spent = sum(c.action.cost_krw.expected for c in plan.changes)
        assert fits(spent), case
        stretched += spent > budget
    assert checked >= 30 and reachable >= 10 and checked - reachable >= 3
    assert stretched >= 3  # a programme let the plan cost more than the budget itself


def test_the_company_share_basis_names_the_programme_that_stretches_it(
    shipped: ContentLibrary,
) -> None:
    planner, a = shipped_planner(shipped, example_files()[1])
    request = PlanRequest(target=3, budget_krw=40_000_000)
    whole = planner.plan(a.answers, a.company, request)
    assert not whole.reachable and whole.funding is None
    own = planner.plan(a.answers, a.company, replace(request, budget_basis="own"))
    assert own.reachable and own.funding is not None
    assert own.project_ceiling_krw is not None and own.project_ceiling_krw > 40_000_000
    spent = sum(c.action.cost_krw.expected for c in own.changes)
    assert company_share(spent, own.funding) <= 40_000_000 < spent
    offer = next(o for o in own.offers if o.programme.id == own.funding.id)
    assert offer.eligible and offer.company_krw == pytest.approx(company_share(spent, own.funding))
    assert own.to_dict()["funding"] == own.funding.id
    assert own.to_dict()["request"]["budget_basis"] == "own"


@pytest.mark.parametrize("budget", [0, 1, 10_000_000, 123_456_789])
def test_project_ceiling_is_the_inverse_of_the_company_share(
    shipped: ContentLibrary, budget: int
) -> None:
    catalog = next(iter(shipped.catalogs.values()))
    paid = [p for p in catalog.programmes if p.government_share and p.track != "level-check"]
    assert paid
    for p in paid:
        ceiling = project_ceiling(budget, p)
        assert company_share(ceiling, p) == pytest.approx(budget, abs=1)
        assert company_share(ceiling + 1_000, p) > budget  # the largest such project


def test_plan_requests_keep_their_budget_basis() -> None:
    r = PlanRequest(target=3, budget_krw=5, budget_basis="own")
    assert PlanRequest.from_dict(r.to_dict()) == r
    assert PlanRequest.from_dict({"target": 3}).budget_basis == "project"  # older documents
    assert PlanRequest.from_dict({"budget_basis": "<b>"}).budget_basis == "project"
