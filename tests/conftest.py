"""Shared fixtures: small generated content, the shipped content, example files."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from levelcheck.core.assessment import Answer
from levelcheck.core.content import ContentLibrary, shipped_dir
from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.ruleset import RuleSet

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def t(s: str) -> dict[str, str]:
    return {"ko": f"{s} (ko)", "en": s}


def mini_questionnaire() -> dict[str, Any]:
    """Two areas: A (categories A1 with 2 items, A2 with 1) and B (B1 with 2 items)."""

    def item(iid: str) -> dict[str, Any]:
        return {
            "id": iid,
            "title": t(iid),
            "question": t("q"),
            "guidance": t("g"),
            "evidence": t("e"),
            "rubric": {lv: t(f"{iid} level {lv}") for lv in range(1, 6)},
        }

    return {
        "format": "levelcheck.questionnaire",
        "format_version": 1,
        "id": "mini",
        "version": "1",
        "title": t("Mini"),
        "notice": t("not official"),
        "source": "tests",
        "levels": {lv: t(f"L{lv}") for lv in range(1, 6)},
        "areas": [
            {
                "id": "A",
                "title": t("Area A"),
                "categories": [
                    {"id": "A1", "title": t("Cat A1"), "items": [item("A1-1"), item("A1-2")]},
                    {"id": "A2", "title": t("Cat A2"), "items": [item("A2-1")]},
                ],
            },
            {
                "id": "B",
                "title": t("Area B"),
                "categories": [
                    {"id": "B1", "title": t("Cat B1"), "items": [item("B1-1"), item("B1-2")]},
                ],
            },
        ],
    }


def mini_ruleset(**over: Any) -> dict[str, Any]:
    """100 points: A=60 (A1=40: 20+20, A2=20), B=40 (B1: 20+20); level L earns L/5."""
    rs: dict[str, Any] = {
        "format": "levelcheck.ruleset",
        "format_version": 1,
        "id": "mini-rules",
        "version": "1",
        "title": t("Mini rules"),
        "questionnaire": {"id": "mini", "version": "1"},
        "source": "tests",
        "confidence": "unverified",
        "level_points": {1: 0.2, 2: 0.4, 3: 0.6, 4: 0.8, 5: 1.0},
        "points": {"areas": {"A": 60, "B": 40}, "categories": {"A1": 40, "A2": 20, "B1": 40}},
        "bands": [
            {"level": 1, "stage": t("one"), "min_total": 0},
            {"level": 2, "stage": t("two"), "min_total": 40},
            {"level": 3, "stage": t("three"), "min_total": 60},
        ],
    }
    rs.update(copy.deepcopy(over))
    return rs


def mini_catalog_doc(actions: list[dict[str, Any]], **over: Any) -> dict[str, Any]:
    """An upgrade catalog for the mini questionnaire holding ``actions``; ``over``
    replaces or adds top-level fields (solutions, planning, …)."""
    doc: dict[str, Any] = {
        "format": "levelcheck.catalog",
        "format_version": 1,
        "id": "cat",
        "version": "1",
        "title": t("c"),
        "questionnaire": {"id": "mini", "version": "1"},
        "estimates": {"source": "s", "confidence": "unverified"},
        "planning": {"quick_win": {"max_effort_days": 1, "max_cost_krw": 0}},
        "actions": actions,
    }
    doc.update(over)
    return doc


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def mini(tmp_path: Path) -> tuple[Questionnaire, RuleSet]:
    lib = mini_library(tmp_path, mini_ruleset())
    return lib.questionnaires[("mini", "1")], lib.rulesets[("mini-rules", "1")]


def mini_library(tmp_path: Path, ruleset: dict[str, Any]) -> ContentLibrary:
    d = tmp_path / "content"
    d.mkdir(exist_ok=True)
    write_yaml(d / "mini.questionnaire.yaml", mini_questionnaire())
    write_yaml(d / "rules.ruleset.yaml", ruleset)
    lib = ContentLibrary.load([d])
    assert not lib.problems, [str(p) for p in lib.problems]
    return lib


def answers(**levels: int | str | None) -> dict[str, Answer]:
    """answers(A1_1=3, B1_2="na") -> {"A1-1": Answer(level=3), "B1-2": N/A with a reason}."""
    out = {}
    for key, value in levels.items():
        iid = key.replace("_", "-")
        if value == "na":
            out[iid] = Answer(na=True, justification="no such process here")
        elif value is None:
            out[iid] = Answer()
        else:
            assert isinstance(value, int)
            out[iid] = Answer(level=value)
    return out


@pytest.fixture(scope="session")
def shipped() -> ContentLibrary:
    lib = ContentLibrary.load([shipped_dir("questionnaires")])
    assert not lib.problems, [str(p) for p in lib.problems]
    return lib


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def deny_writing(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """os.access says no to writing ``denied`` (a file or a folder), as it would to a
    normal user, and yes to the rest (tests run as root, whom chmod does not stop)."""
    real: Callable[..., bool] = os.access

    def access(p: object, mode: int, *a: object, **k: object) -> bool:
        if mode & os.W_OK and Path(str(p)).absolute() == denied.absolute():
            return False
        return real(p, mode, *a, **k)

    monkeypatch.setattr(os, "access", access)


def run_python(
    code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``code`` run by this Python in a process of its own (at most 120 s), which must
    end with exit 0 and print no traceback (its stderr is the failure); its output. For
    what must happen away from the test's process: a fork, a signal, a fresh import."""
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=120, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done
