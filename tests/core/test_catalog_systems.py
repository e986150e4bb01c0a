"""Shared systems are paid for once: an action that uses a system another step installs
(a solution's ``installed_by``) must require that step, directly or through other steps."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.validate import validate_library
from tests.conftest import mini_catalog_doc, mini_questionnaire, mini_ruleset, t, write_yaml

CATALOG = "ks-upgrade.catalog.yaml"
ITEMS = ("A1-1", "A1-2", "A2-1", "B1-1", "B1-2")


def problems_in(folder: Path) -> list[str]:
    return [
        str(p).replace(str(folder) + "/", "")
        for p in validate_library(ContentLibrary.load([folder]))
    ]


# --- the shipped catalog ------------------------------------------------------------------


def shipped_copy(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    d = tmp_path / "content"
    shutil.copytree(shipped_dir("questionnaires"), d)
    doc = yaml.safe_load((d / CATALOG).read_text(encoding="utf-8"))
    return d, doc


def action(doc: dict[str, Any], aid: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in doc["actions"] if a["id"] == aid)
    return found


def test_the_shipped_catalog_pays_for_each_system_once(tmp_path: Path) -> None:
    d, _ = shipped_copy(tmp_path)
    assert problems_in(d) == []


def test_the_main_systems_name_the_step_that_installs_them(tmp_path: Path) -> None:
    _, doc = shipped_copy(tmp_path)
    by = {s["id"]: s.get("installed_by") for s in doc["solutions"]}
    assert by["POP"] == {"item": "SYS-IS-03", "level": 2}
    assert by["MES"] == {"item": "SYS-IS-03", "level": 3}
    assert by["ERP"] == {"item": "SYS-IS-01", "level": 2}


@pytest.mark.parametrize(
    ("aid", "system", "installer"),
    [
        ("PRC-PC-03-2", "POP", "SYS-IS-03 level 2"),
        ("PRC-PP-03-3", "MES", "SYS-IS-03 level 3"),
        ("PRC-LG-03-2", "ERP", "SYS-IS-01 level 2"),
    ],
)
def test_dropping_a_requirement_is_caught(
    tmp_path: Path, aid: str, system: str, installer: str
) -> None:
    d, doc = shipped_copy(tmp_path)
    action(doc, aid)["requires"] = []
    write_yaml(d / CATALOG, doc)
    found = problems_in(d)
    message = f"action {aid} uses {system}, which {installer} installs, but does not require it"
    assert len(found) == 1, found
    assert found[0].startswith(f"{CATALOG}:") and found[0].endswith(message), found


# --- the rule on a small catalog -----------------------------------------------------------


def step(item: str, to: int, solutions: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"{item}-{to}",
        "item": item,
        "from": to - 1,
        "to": to,
        "title": t("x"),
        "description": t("y"),
        "solutions": solutions or [],
        "requires": [],
        "effort_days": 1,
        "cost_krw": {"min": 0, "max": 0},
        "duration_weeks": 1,
        **extra,
    }


def req(item: str, level: int) -> dict[str, Any]:
    return {"item": item, "level": level}


def mini_catalog(edits: dict[str, dict[str, Any]], installed_by: Any = None) -> dict[str, Any]:
    """Steps 2..5 for every mini item; SYS is installed by A1-1 level 3 (which lists it)."""
    actions = []
    for item in ITEMS:
        for to in range(2, 6):
            a = step(item, to, ["SYS"] if (item, to) == ("A1-1", 3) else None)
            a.update(edits.get(a["id"], {}))
            actions.append(a)
    solutions = [
        {
            "id": "SYS",
            "name": t("SYS"),
            "description": t("d"),
            "installed_by": installed_by or req("A1-1", 3),
        },
        {"id": "TOOL", "name": t("TOOL"), "description": t("d")},
    ]
    return mini_catalog_doc(actions, solutions=solutions)


def mini_problems(
    tmp_path: Path, edits: dict[str, dict[str, Any]], installed_by: Any = None
) -> list[str]:
    d = tmp_path / "c"
    d.mkdir(exist_ok=True)
    write_yaml(d / "q.yaml", mini_questionnaire())
    write_yaml(d / "r.yaml", mini_ruleset())
    write_yaml(d / "cat.yaml", mini_catalog(edits, installed_by))
    return problems_in(d)


USES = {"solutions": ["SYS"]}

PASSING = [
    ("no one else uses it", {}),
    ("a tool without installer is free to use", {"B1-1-2": {"solutions": ["TOOL"]}}),
    ("direct requirement", {"B1-1-2": {**USES, "requires": [req("A1-1", 3)]}}),
    ("a higher level of the installing item", {"B1-1-2": {**USES, "requires": [req("A1-1", 4)]}}),
    ("a later step of the installing item", {"A1-1-4": USES, "A1-1-5": USES}),
    (
        "through the requirement of a required step",
        {
            "B1-1-2": {**USES, "requires": [req("A2-1", 2)]},
            "A2-1-2": {"requires": [req("A1-1", 3)]},
        },
    ),
    (
        "through a lower step of a required item",
        {
            "B1-1-2": {**USES, "requires": [req("A2-1", 4)]},
            "A2-1-2": {"requires": [req("A1-1", 3)]},
        },
    ),
    (
        "through its own item's lower step",
        {"B1-1-4": USES, "B1-1-2": {"requires": [req("A1-1", 3)]}},
    ),
    (
        "through a chain of three items",
        {
            "B1-1-3": USES,
            "B1-1-2": {"requires": [req("B1-2", 2)]},
            "B1-2-2": {"requires": [req("A2-1", 3)]},
            "A2-1-3": {"requires": [req("A1-1", 5)]},
        },
    ),
]


@pytest.mark.parametrize(("why", "edits"), PASSING, ids=[c[0] for c in PASSING])
def test_uses_that_require_the_installer(
    tmp_path: Path, why: str, edits: dict[str, dict[str, Any]]
) -> None:
    assert mini_problems(tmp_path, edits) == [], why


FAILING = [
    ("no requirement", {"B1-1-2": USES}, "B1-1-2"),
    ("a level below the installer", {"B1-1-2": {**USES, "requires": [req("A1-1", 2)]}}, "B1-1-2"),
    ("an earlier step of the installing item", {"A1-1-2": USES}, "A1-1-2"),
    (
        "only a later step of its own item requires it",
        {"B1-1-2": USES, "B1-1-3": {"requires": [req("A1-1", 3)]}},
        "B1-1-2",
    ),
    (
        "the chain stops short of the installer",
        {
            "B1-1-2": {**USES, "requires": [req("A2-1", 2)]},
            "A2-1-3": {"requires": [req("A1-1", 3)]},
        },
        "B1-1-2",
    ),
]


@pytest.mark.parametrize(("why", "edits", "aid"), FAILING, ids=[c[0] for c in FAILING])
def test_uses_that_do_not_require_the_installer(
    tmp_path: Path, why: str, edits: dict[str, dict[str, Any]], aid: str
) -> None:
    found = mini_problems(tmp_path, edits)
    message = f"action {aid} uses SYS, which A1-1 level 3 installs, but does not require it"
    assert len(found) == 1 and found[0].startswith("cat.yaml:"), (why, found)
    assert found[0].endswith(message), (why, found)


def test_a_prerequisite_cycle_is_reported_once_and_the_check_ends(tmp_path: Path) -> None:
    edits = {
        "B1-1-3": {**USES, "requires": [req("B1-2", 3)]},
        "B1-2-3": {"requires": [req("B1-1", 3)]},
    }
    found = mini_problems(tmp_path, edits)
    assert any("prerequisites form a cycle" in p for p in found), found
    assert any("action B1-1-3 uses SYS" in p for p in found), found


@pytest.mark.parametrize(
    ("installed_by", "edits", "expected"),
    [
        (req("Z-9", 3), {}, "unknown item 'Z-9'"),
        (req("A1-1", 1), {}, "level 1 is outside the steps 2..5"),
        (req("A1-1", 4), {}, "A1-1-4, which installs SYS, does not list it in its solutions"),
    ],
)
def test_installed_by_must_name_a_step_that_installs_the_system(
    tmp_path: Path, installed_by: dict[str, Any], edits: dict[str, Any], expected: str
) -> None:
    found = mini_problems(tmp_path, edits, installed_by)
    assert any(p.startswith("cat.yaml:") and p.endswith(expected) for p in found), found
