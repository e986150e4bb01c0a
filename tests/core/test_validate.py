"""`levelcheck validate`'s checks: each class of content error is caught and located."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from levelcheck.core.content import ContentLibrary
from levelcheck.core.validate import validate_library
from tests.conftest import mini_catalog_doc, mini_questionnaire, mini_ruleset, t, write_yaml


def problems(
    tmp_path: Path,
    q: dict[str, Any] | None = None,
    rs: dict[str, Any] | None = None,
    *extra: dict[str, Any],
) -> list[str]:
    d = tmp_path / "c"
    d.mkdir(exist_ok=True)
    write_yaml(d / "q.yaml", q if q is not None else mini_questionnaire())
    write_yaml(d / "r.yaml", rs if rs is not None else mini_ruleset())
    for n, doc in enumerate(extra):
        write_yaml(d / f"x{n}.yaml", doc)
    return [str(p).replace(str(d) + "/", "") for p in validate_library(ContentLibrary.load([d]))]


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_clean_content_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path) == []


def q_with(edit: Any) -> dict[str, Any]:
    q = mini_questionnaire()
    edit(q)
    return q


def rs_with(edit: Any) -> dict[str, Any]:
    rs = mini_ruleset()
    edit(rs)
    return rs


def first_item(q: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = q["areas"][0]["categories"][0]["items"][0]
    return item


CASES_Q = [
    (
        "rubric text missing a language",
        lambda q: first_item(q)["rubric"][3].pop("en"),
        "q.yaml:{line}:{col}: areas[A].categories[A1].items[A1-1].rubric.3: 'en' is missing",
    ),
    (
        "rubric level missing",
        lambda q: first_item(q)["rubric"].pop(4),
        "item A1-1: rubric has no level 4",
    ),
    (
        "rubric level off the scale",
        lambda q: first_item(q)["rubric"].update({6: t("six")}),
        "item A1-1: rubric level 6 is not on the scale",
    ),
    (
        "duplicate item id",
        lambda q: q["areas"][1]["categories"][0]["items"][0].update(id="A1-1"),
        "duplicate id 'A1-1' (also used by a item)",
    ),
    (
        "duplicate category id",
        lambda q: q["areas"][1]["categories"][0].update(id="A2"),
        "duplicate id 'A2' (also used by a category)",
    ),
    ("unknown key", lambda q: first_item(q).update(hint=t("x")), "items[A1-1].hint: unknown key"),
    (
        "empty text",
        lambda q: first_item(q)["question"].update(ko="  "),
        "items[A1-1].question.ko: String should have at least 1 character",
    ),
]


@pytest.mark.parametrize(("why", "edit", "expected"), CASES_Q, ids=[c[0] for c in CASES_Q])
def test_questionnaire_problems(tmp_path: Path, why: str, edit: Any, expected: str) -> None:
    found = problems(tmp_path, q=q_with(edit))
    assert len(found) >= 1, why
    assert any(expected.split("{line}")[-1].split(": ", 1)[-1] in p for p in found), found


def test_missing_language_is_located_at_its_line(tmp_path: Path) -> None:
    q = mini_questionnaire()
    first_item(q)["rubric"][3].pop("en")
    found = problems(tmp_path, q=q)
    f = tmp_path / "c" / "q.yaml"
    line = line_of(f, "A1-1 level 3 (ko)")
    col = f.read_text(encoding="utf-8").splitlines()[line - 1].index("ko:") + 1
    assert found == [
        f"q.yaml:{line}:{col}: areas[A].categories[A1].items[A1-1].rubric.3: 'en' is missing"
    ]


CASES_R = [
    (
        "gate names an unknown item",
        lambda r: r["bands"][1].update(
            gates=[
                {
                    "id": "g",
                    "title": t("G"),
                    "require": {"item_level": {"item": "NOPE", "at_least": 2}},
                }
            ]
        ),
        "unknown item 'NOPE'",
    ),
    (
        "gate names an unknown category deep in a combinator",
        lambda r: r["bands"][1].update(
            gates=[
                {
                    "id": "g",
                    "title": t("G"),
                    "require": {
                        "all": [
                            {"item_level": {"item": "A1-1", "at_least": 2}},
                            {"not": {"category_level": {"category": "ZZ", "at_least": 2}}},
                        ]
                    },
                }
            ]
        ),
        "unknown category 'ZZ'",
    ),
    (
        "gate level off the scale",
        lambda r: r["bands"][1].update(
            gates=[{"id": "g", "title": t("G"), "require": {"min_item_level": {"at_least": 7}}}]
        ),
        "level 7 is outside the scale 1..5",
    ),
    (
        "category points do not add up",
        lambda r: r["points"]["categories"].update(A2=25),
        "the categories of area A add up to 65, not 60",
    ),
    (
        "item points exceed the category",
        lambda r: r["points"].update(items={"A1-1": 50}),
        "the items given for category A1 add up to 50, more than its 40",
    ),
    ("points for an unknown area", lambda r: r["points"]["areas"].update(C=10), "unknown area 'C'"),
    ("an area without points", lambda r: r["points"]["areas"].pop("B"), "no points for area B"),
    (
        "level points missing a level",
        lambda r: r["level_points"].pop(3),
        "level_points has no value for level 3",
    ),
    (
        "level points falling",
        lambda r: r["level_points"].update({5: 0.1}),
        "level_points must not fall as the level rises",
    ),
    (
        "unknown questionnaire",
        lambda r: r.update(questionnaire={"id": "other", "version": "1"}),
        "questionnaire other 1 is not installed",
    ),
    (
        "unknown condition kind",
        lambda r: r["bands"][1].update(
            gates=[{"id": "g", "title": t("G"), "require": {"eval": "__import__('os')"}}]
        ),
        "a condition is a mapping with exactly one key",
    ),
    (
        "duplicate gate id",
        lambda r: (
            r["bands"][1].update(
                gates=[{"id": "g", "title": t("G"), "require": {"total_score": {"at_least": 1}}}]
            ),
            r["bands"][2].update(
                gates=[{"id": "g", "title": t("G"), "require": {"total_score": {"at_least": 1}}}]
            ),
        ),
        "duplicate gate id 'g'",
    ),
    (
        "bands out of order",
        lambda r: r["bands"].reverse(),
        "bands must be listed by ascending level",
    ),
    (
        "min_total above the total",
        lambda r: r["bands"][2].update(min_total=1000),
        "min_total 1000 is outside 0..100",
    ),
]


@pytest.mark.parametrize(("why", "edit", "expected"), CASES_R, ids=[c[0] for c in CASES_R])
def test_ruleset_problems(tmp_path: Path, why: str, edit: Any, expected: str) -> None:
    found = problems(tmp_path, rs=rs_with(edit))
    assert any(expected in p for p in found), (why, found)
    assert all(p.startswith(("r.yaml:", "q.yaml:")) for p in found)


def test_rule_problem_is_located_at_the_offending_value(tmp_path: Path) -> None:
    rs = mini_ruleset()
    rs["bands"][1]["gates"] = [
        {"id": "g", "title": t("G"), "require": {"item_level": {"item": "NOPE", "at_least": 2}}}
    ]
    found = problems(tmp_path, rs=rs)
    line = line_of(tmp_path / "c" / "r.yaml", "item: NOPE")
    assert found == [f"r.yaml:{line}:15: unknown item 'NOPE'"]


def test_duplicate_definitions_across_files(tmp_path: Path) -> None:
    found = problems(tmp_path, None, None, mini_ruleset())
    assert any("mini-rules 1 is also defined in" in p for p in found)


def test_extends_overrides_the_parent(tmp_path: Path) -> None:
    child = {
        "format": "levelcheck.ruleset",
        "format_version": 1,
        "id": "strict",
        "version": "1",
        "title": t("Strict"),
        "extends": "mini-rules",
        "level_points": {1: 0.0},
    }
    d = tmp_path / "c"
    d.mkdir()
    write_yaml(d / "q.yaml", mini_questionnaire())
    write_yaml(d / "r.yaml", mini_ruleset())
    write_yaml(d / "s.yaml", child)
    lib = ContentLibrary.load([d])
    assert validate_library(lib) == []
    strict = lib.rulesets[("strict", "1")]
    assert strict.level_points == {1: 0.0, 2: 0.4, 3: 0.6, 4: 0.8, 5: 1.0}
    assert strict.points == lib.rulesets[("mini-rules", "1")].points
    assert strict.content_hash != lib.rulesets[("mini-rules", "1")].content_hash


@pytest.mark.parametrize(
    ("extends", "expected"),
    [("nowhere", "extends 'nowhere', which is not found"), ("loop", "extends itself")],
)
def test_broken_extends(tmp_path: Path, extends: str, expected: str) -> None:
    child = {
        "format": "levelcheck.ruleset",
        "format_version": 1,
        "id": "loop",
        "version": "1",
        "title": t("x"),
        "extends": extends,
    }
    assert any(expected in p for p in problems(tmp_path, None, None, child))


def test_extends_error_in_the_child_is_located_in_the_child(tmp_path: Path) -> None:
    child = {
        "format": "levelcheck.ruleset",
        "format_version": 1,
        "id": "c",
        "version": "1",
        "title": t("x"),
        "extends": "mini-rules",
        "points": {"categories": {"A2": 99}},
    }
    found = problems(tmp_path, None, None, child)
    assert any(p.startswith("x0.yaml:") and "add up to 139, not 60" in p for p in found), found


def test_a_file_that_is_not_content(tmp_path: Path) -> None:
    found = problems(tmp_path, None, None, {"hello": "world"})
    assert found == ["x0.yaml:1:1: not a LevelCheck content file (no 'format: levelcheck.…')"]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    q = copy.deepcopy(mini_questionnaire())
    first_item(q)["rubric"][1].pop("en")
    first_item(q)["rubric"][2].pop("ko")
    assert len(problems(tmp_path, q=q)) == 2


def catalog(**over: Any) -> dict[str, Any]:
    actions = [
        {
            "id": f"{i}-{to}",
            "item": i,
            "from": to - 1,
            "to": to,
            "title": t("x"),
            "description": t("y"),
            "effort_days": 1,
            "cost_krw": {"min": 0, "max": 0},
            "duration_weeks": 1,
        }
        for i in ("A1-1", "B1-1")
        for to in (2, 3)
    ]
    solutions = [{"id": "MES", "name": t("MES"), "description": t("d")}]
    return mini_catalog_doc(actions, **{"solutions": solutions, **over})


def with_action_edit(edit: Any) -> dict[str, Any]:
    doc = catalog()
    edit(doc["actions"])
    return doc


CASES_C = [
    (
        "cycle",
        lambda a: (
            a[1].update(requires=[{"item": "B1-1", "level": 3}]),
            a[3].update(requires=[{"item": "A1-1", "level": 3}]),
        ),
        "prerequisites form a cycle",
    ),
    (
        "unknown solution",
        lambda a: (
            a[0]["solutions"].append("WMS")
            if "solutions" in a[0]
            else a[0].update(solutions=["WMS"])
        ),
        "unknown solution 'WMS'",
    ),
    ("unknown KPI", lambda a: a[0].update(kpis=["oee"]), "unknown KPI 'oee'"),
    ("unknown item", lambda a: a[0].update(item="Z-9"), "unknown item 'Z-9'"),
    (
        "two actions for a step",
        lambda a: a.append(dict(a[0], id="dup")),
        "a second action for A1-1",
    ),
    ("more than one level", lambda a: a[0].update(to=4), "an action raises one level"),
    (
        "cost range",
        lambda a: a[0].update(cost_krw={"min": 5, "max": 1}),
        "min 5 is more than max 1",
    ),
    (
        "requires itself",
        lambda a: a[0].update(requires=[{"item": "A1-1", "level": 2}]),
        "an action cannot require its own item",
    ),
]


@pytest.mark.parametrize(("why", "edit", "expected"), CASES_C, ids=[c[0] for c in CASES_C])
def test_catalog_problems(tmp_path: Path, why: str, edit: Any, expected: str) -> None:
    found = problems(tmp_path, None, None, with_action_edit(edit))
    assert any(expected in p and p.startswith("x0.yaml:") for p in found), (why, found)


def test_a_clean_catalog(tmp_path: Path) -> None:
    assert problems(tmp_path, None, None, catalog()) == []


def _reference_and_own(tmp_path: Path, own: dict[str, Any]) -> tuple[Path, Path]:
    """An installed folder (the mini questionnaire and rule set) and a user's folder."""
    installed, mine = tmp_path / "installed", tmp_path / "mine"
    installed.mkdir()
    mine.mkdir()
    write_yaml(installed / "q.yaml", mini_questionnaire())
    write_yaml(installed / "r.yaml", mini_ruleset())
    write_yaml(mine / "own.yaml", own)
    return installed, mine


def test_validating_a_folder_reports_what_clashes_with_the_installed_content(
    tmp_path: Path,
) -> None:
    """`validate DIR` answers whether DIR can be used beside the installed content
    (--content DIR), which refuses a second definition of an installed id and version:
    a copy of an installed rule set with one change is reported at the copy."""
    copy_ = mini_ruleset()
    copy_["level_points"] = {1: 0.1, 2: 0.4, 3: 0.6, 4: 0.8, 5: 1.0}
    installed, mine = _reference_and_own(tmp_path, copy_)
    lib = ContentLibrary.load(primary=[mine], reference=[installed])
    found = [str(p) for p in validate_library(lib)]
    assert found == [
        f"{mine / 'own.yaml'}:{line_of(mine / 'own.yaml', 'id: mini-rules')}:5: mini-rules 1 is "
        f"also defined in {installed / 'r.yaml'}: give this one its own id or version"
    ]
    # the same as using both together
    together = ContentLibrary.load([installed, mine])
    assert [str(p) for p in validate_library(together)] == found
    # the installed folder validated itself is clean (its files are primary)
    assert validate_library(ContentLibrary.load(primary=[installed], reference=[installed])) == []


def test_a_new_version_may_extend_its_own_id(tmp_path: Path) -> None:
    """`id: mini-rules, version: 2, extends: mini-rules`: the installed version 1 is
    its parent (not itself, which would be a cycle)."""
    child = {
        "format": "levelcheck.ruleset",
        "format_version": 1,
        "id": "mini-rules",
        "version": "2",
        "title": t("Mini 2"),
        "extends": "mini-rules",
        "level_points": {1: 0.0},
    }
    installed, mine = _reference_and_own(tmp_path, child)
    lib = ContentLibrary.load(primary=[mine], reference=[installed])
    assert validate_library(lib) == []
    assert lib.rulesets[("mini-rules", "2")].level_points[1] == 0.0
    assert lib.rulesets[("mini-rules", "2")].points == lib.rulesets[("mini-rules", "1")].points
