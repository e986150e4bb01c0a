"""Checks on content beyond its schema: the rules ``levelcheck validate`` enforces.

Schema problems (missing keys, wrong types, a rubric level without its English text)
are found while loading (:mod:`levelcheck.core.content`); here come the checks that
need the whole picture: duplicate ids, ids a rule refers to that do not exist,
points that do not add up, rubric levels off the scale.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

from levelcheck.core.catalog import Action, Catalog
from levelcheck.core.content import ContentLibrary
from levelcheck.core.errors import ContentError
from levelcheck.core.questionnaire import Questionnaire
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
from levelcheck.core.scoring import shares

P = tuple[Hashable, ...]
TOLERANCE = 1e-6


def validate_library(lib: ContentLibrary) -> list[ContentError]:
    """Every problem in the library's primary content, schema and semantic."""
    problems = list(lib.problems)
    for key, questionnaire in lib.questionnaires.items():
        if ("q", *key) in lib.primary:
            problems += [
                lib.error_at("q", key, p, m) for p, m in check_questionnaire(questionnaire)
            ]
    for key, rs in lib.rulesets.items():
        if ("r", *key) in lib.primary:
            ref = (rs.questionnaire.id, rs.questionnaire.version)
            q = lib.questionnaires.get(ref)
            if q is None and ref in lib.failed:
                continue  # its questionnaire's own problems are reported already
            if q is None:
                problems.append(
                    lib.error_at(
                        "r",
                        key,
                        ("questionnaire",),
                        f"questionnaire {rs.questionnaire.id} {rs.questionnaire.version} "
                        "is not installed",
                    )
                )
                continue
            problems += [lib.error_at("r", key, p, m) for p, m in check_ruleset(rs, q)]
    for key, cat in lib.catalogs.items():
        if ("c", *key) in lib.primary:
            ref = (cat.questionnaire.id, cat.questionnaire.version)
            cq = lib.questionnaires.get(ref)
            if cq is None:
                if ref not in lib.failed:
                    problems.append(lib.error_at("c", key, ("questionnaire",),
                        f"questionnaire {ref[0]} {ref[1]} is not installed"))  # fmt: skip
                continue
            problems += [lib.error_at("c", key, p, m) for p, m in check_catalog(cat, cq)]
    return problems


def check_catalog(cat: Catalog, q: Questionnaire) -> Iterator[tuple[P, str]]:
    kpis = {k.id for item in q.items.values() for k in item.kpis}
    solutions = {s.id for s in cat.solutions}
    top = q.max_level
    seen_ids: set[str] = set()
    seen_steps: dict[tuple[str, int], str] = {}
    for n, a in enumerate(cat.actions):
        ap: P = ("actions", n)
        if a.id in seen_ids:
            yield (*ap, "id"), f"duplicate action id {a.id!r}"
        seen_ids.add(a.id)
        if a.item not in q.items:
            yield (*ap, "item"), f"unknown item {a.item!r}"
        if a.to > top:
            yield (*ap, "to"), f"level {a.to} is above the scale's top {top}"
        step = (a.item, a.to)
        if step in seen_steps:
            yield ap, f"a second action for {a.item} {a.from_}→{a.to} (also {seen_steps[step]})"
        seen_steps[step] = a.id
        for ref in a.solutions:
            if ref not in solutions:
                yield (*ap, "solutions"), f"unknown solution {ref!r}"
        for ref in a.kpis:
            if ref not in kpis:
                yield (*ap, "kpis"), f"unknown KPI {ref!r}"
        for r, req in enumerate(a.requires):
            rp: P = (*ap, "requires", r)
            if req.item not in q.items:
                yield (*rp, "item"), f"unknown item {req.item!r}"
            elif req.item == a.item:
                yield (*rp, "item"), "an action cannot require its own item"
            if not 1 <= req.level <= top:
                yield (*rp, "level"), f"level {req.level} is outside the scale 1..{top}"
    yield from _prerequisite_cycles(cat)
    yield from _systems_paid_once(cat, q)
    for n, prog in enumerate(cat.programmes):
        for lv in prog.target_levels:
            if not 1 <= lv <= top:
                yield ("programmes", n, "target_levels"), f"level {lv} is outside 1..{top}"
    for n, eff in enumerate(cat.kpi_effects):
        for ref in eff.kpis:
            if ref not in kpis:
                yield ("kpi_effects", n, "kpis"), f"unknown KPI {ref!r}"


def _prerequisite_cycles(cat: Catalog) -> Iterator[tuple[P, str]]:
    """Reaching (item, level) needs (item, level - 1) and the step's prerequisites; a
    cycle in that graph would make every step on it impossible."""
    steps = cat.steps
    index = {a.id: n for n, a in enumerate(cat.actions)}
    done: set[tuple[str, int]] = set()

    def needs(node: tuple[str, int]) -> list[tuple[str, int]]:
        action = steps.get(node)
        if action is None:
            return []
        return [(node[0], node[1] - 1), *((r.item, r.level) for r in action.requires)]

    def visit(node: tuple[str, int], path: list[tuple[str, int]]) -> list[tuple[str, int]]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for child in needs(node):
            cycle = visit(child, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return []

    for start in steps:
        cycle = visit(start, [])
        if cycle:
            action = steps[cycle[-2]]
            text = " → ".join(f"{i}≥{lv}" for i, lv in cycle)
            yield ("actions", index[action.id], "requires"), f"prerequisites form a cycle: {text}"
            return


def _systems_paid_once(cat: Catalog, q: Questionnaire) -> Iterator[tuple[P, str]]:
    """An action that uses a shared system (a solution with ``installed_by``) must be
    the step that installs it, a later step of that item, or require it; otherwise its
    cost counts the system again (the catalog's rule that costs are incremental)."""
    top = q.max_level
    installers: dict[str, tuple[str, int]] = {}
    for n, sol in enumerate(cat.solutions):
        by = sol.installed_by
        if by is None:
            continue
        sp: P = ("solutions", n, "installed_by")
        if by.item not in q.items:
            yield (*sp, "item"), f"unknown item {by.item!r}"
        elif not 2 <= by.level <= top:
            yield (*sp, "level"), f"level {by.level} is outside the steps 2..{top}"
        elif (by.item, by.level) not in cat.steps:
            yield sp, f"no action raises {by.item} to level {by.level}"
        elif sol.id not in cat.steps[by.item, by.level].solutions:
            action = cat.steps[by.item, by.level]
            yield sp, f"{action.id}, which installs {sol.id}, does not list it in its solutions"
        else:
            installers[sol.id] = (by.item, by.level)
    if not installers:
        return
    for n, a in enumerate(cat.actions):
        reached: dict[str, int] | None = None
        for k, ref in enumerate(a.solutions):
            if ref not in installers:
                continue
            item, level = installers[ref]
            if a.item == item and a.to >= level:
                continue
            if reached is None:
                reached = _reached(cat, a)
            if reached.get(item, 0) < level:
                yield (
                    ("actions", n, "solutions", k),
                    f"action {a.id} uses {ref}, which {item} level {level} installs, "
                    "but does not require it",
                )


def _reached(cat: Catalog, action: Action) -> dict[str, int]:
    """The level each item is sure to be at once ``action`` can be taken: its own item
    at ``from`` and every requirement, each with the prerequisites of the steps up to it."""
    reached: dict[str, int] = {}
    todo = [(action.item, action.from_), *((r.item, r.level) for r in action.requires)]
    while todo:
        item, level = todo.pop()
        below = reached.get(item, 0)
        if level <= below:
            continue
        reached[item] = level
        for lv in range(below + 1, level + 1):
            step = cat.steps.get((item, lv))
            if step is not None:
                todo += [(r.item, r.level) for r in step.requires]
    return reached


def check_questionnaire(q: Questionnaire) -> Iterator[tuple[P, str]]:
    seen: dict[str, str] = {}

    def unique(ident: str, path: P, what: str) -> Iterator[tuple[P, str]]:
        if ident in seen:
            yield path, f"duplicate id {ident!r} (also used by a {seen[ident]})"
        else:
            seen[ident] = what

    scale = set(q.levels)
    kpis: set[str] = set()
    for ai, area in enumerate(q.areas):
        ap: P = ("areas", ai)
        yield from unique(area.id, (*ap, "id"), "area")
        for ci, cat in enumerate(area.categories):
            cp: P = (*ap, "categories", ci)
            yield from unique(cat.id, (*cp, "id"), "category")
            for ii, item in enumerate(cat.items):
                ip: P = (*cp, "items", ii)
                yield from unique(item.id, (*ip, "id"), "item")
                for lv in sorted(scale - set(item.rubric)):
                    yield (*ip, "rubric"), f"item {item.id}: rubric has no level {lv}"
                for lv in sorted(set(item.rubric) - scale):
                    yield (
                        (*ip, "rubric", lv),
                        f"item {item.id}: rubric level {lv} is not on the scale",
                    )
                for ki, kpi in enumerate(item.kpis):
                    if kpi.id in kpis:
                        yield (*ip, "kpis", ki, "id"), f"duplicate KPI id {kpi.id!r}"
                    kpis.add(kpi.id)


def check_ruleset(rs: RuleSet, q: Questionnaire) -> Iterator[tuple[P, str]]:
    yield from _check_points(rs, q)
    scale = set(q.levels)
    for lv in sorted(scale - set(rs.level_points)):
        yield ("level_points",), f"level_points has no value for level {lv}"
    for lv in sorted(set(rs.level_points) - scale):
        yield ("level_points", lv), f"level {lv} is not on the questionnaire's scale"
    ordered = [rs.level_points[lv] for lv in sorted(rs.level_points)]
    if ordered != sorted(ordered):
        yield ("level_points",), "level_points must not fall as the level rises"
    total = sum(rs.points.areas.values())
    gate_ids: set[str] = set()
    for bi, band in enumerate(rs.bands):
        bp: P = ("bands", bi)
        if band.min_total is not None and not 0 <= band.min_total <= total:
            yield (*bp, "min_total"), f"min_total {band.min_total:g} is outside 0..{total:g}"
        for gi, gate in enumerate(band.gates):
            gp: P = (*bp, "gates", gi)
            if gate.id in gate_ids:
                yield (*gp, "id"), f"duplicate gate id {gate.id!r}"
            gate_ids.add(gate.id)
            yield from _check_condition(gate.require, (*gp, "require"), rs, q)


def _check_points(rs: RuleSet, q: Questionnaire) -> Iterator[tuple[P, str]]:
    pts = rs.points
    for aid in pts.areas:
        if aid not in q.area_map:
            yield ("points", "areas", aid), f"unknown area {aid!r}"
    for area in q.areas:
        if area.id not in pts.areas:
            yield ("points", "areas"), f"no points for area {area.id}"
    for cid in pts.categories:
        if cid not in q.categories:
            yield ("points", "categories", cid), f"unknown category {cid!r}"
    for iid in pts.items:
        if iid not in q.items:
            yield ("points", "items", iid), f"unknown item {iid!r}"
    for area in q.areas:
        yield from _adds_up(
            pts.areas.get(area.id, 0.0),
            f"area {area.id}",
            [c.id for c in area.categories],
            pts.categories,
            "categories",
        )
        for cat in area.categories:
            whole = _category_points(rs, q, cat.id)
            yield from _adds_up(
                whole, f"category {cat.id}", [i.id for i in cat.items], pts.items, "items"
            )


def _category_points(rs: RuleSet, q: Questionnaire, cid: str) -> float:
    area = next(a for a in q.areas if any(c.id == cid for c in a.categories))
    ids = [c.id for c in area.categories]
    return shares(rs.points.areas.get(area.id, 0.0), ids, rs.points.categories)[ids.index(cid)]


def _adds_up(
    whole: float, what: str, ids: list[str], given: dict[str, float], key: str
) -> Iterator[tuple[P, str]]:
    listed = [i for i in ids if i in given]
    if not listed:
        return
    s = sum(given[i] for i in listed)
    if len(listed) == len(ids) and abs(s - whole) > TOLERANCE:
        yield ("points", key), f"the {key} of {what} add up to {s:g}, not {whole:g}"
    elif len(listed) < len(ids) and s > whole + TOLERANCE:
        yield (
            ("points", key),
            f"the {key} given for {what} add up to {s:g}, more than its {whole:g}",
        )
    for i in listed:
        if given[i] < 0:
            yield ("points", key, i), f"{i}: points must not be negative"


def _check_condition(
    cond: Condition, path: P, rs: RuleSet, q: Questionnaire
) -> Iterator[tuple[P, str]]:
    top = q.max_level
    if isinstance(cond, All):
        for n, c in enumerate(cond.all):
            yield from _check_condition(c, (*path, "all", n), rs, q)
    elif isinstance(cond, Any_):
        for n, c in enumerate(cond.any):
            yield from _check_condition(c, (*path, "any", n), rs, q)
    elif isinstance(cond, Not):
        yield from _check_condition(cond.not_, (*path, "not"), rs, q)
    elif isinstance(cond, ItemLevel):
        p = (*path, "item_level")
        if cond.item_level.item not in q.items:
            yield (*p, "item"), f"unknown item {cond.item_level.item!r}"
        yield from _level_in_range(cond.item_level.at_least, (*p, "at_least"), top)
    elif isinstance(cond, CategoryLevel):
        p = (*path, "category_level")
        if cond.category_level.category not in q.categories:
            yield (*p, "category"), f"unknown category {cond.category_level.category!r}"
        yield from _level_in_range(cond.category_level.at_least, (*p, "at_least"), top)
    elif isinstance(cond, AreaLevel):
        p = (*path, "area_level")
        if cond.area_level.area not in q.area_map:
            yield (*p, "area"), f"unknown area {cond.area_level.area!r}"
        yield from _level_in_range(cond.area_level.at_least, (*p, "at_least"), top)
    elif isinstance(cond, MinItemLevel):
        m = cond.min_item_level
        p = (*path, "min_item_level")
        if m.area is not None and m.area not in q.area_map:
            yield (*p, "area"), f"unknown area {m.area!r}"
        if m.category is not None and m.category not in q.categories:
            yield (*p, "category"), f"unknown category {m.category!r}"
        yield from _level_in_range(m.at_least, (*p, "at_least"), top)
    elif isinstance(cond, AreaScore):
        p = (*path, "area_score")
        if cond.area_score.area not in q.area_map:
            yield (*p, "area"), f"unknown area {cond.area_score.area!r}"
        elif cond.area_score.at_least > rs.points.areas.get(cond.area_score.area, 0.0):
            yield (*p, "at_least"), f"{cond.area_score.at_least:g} is more than the area's points"
    elif isinstance(cond, CategoryScore):
        p = (*path, "category_score")
        if cond.category_score.category not in q.categories:
            yield (*p, "category"), f"unknown category {cond.category_score.category!r}"
    elif isinstance(cond, TotalScore) and rs.total == "none":
        yield (*path, "total_score"), "total_score needs total: sum"


def _level_in_range(level: float, path: P, top: int) -> Iterator[tuple[P, str]]:
    if not 0 <= level <= top:
        yield path, f"level {level:g} is outside the scale 1..{top}"
