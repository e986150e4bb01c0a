"""What scoring produces. Plain frozen dataclasses: cheap to build, easy to serialise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from levelcheck.core.text import Lang

ItemStatus = Literal["answered", "na", "unanswered"]


@dataclass(frozen=True, slots=True)
class ItemScore:
    status: ItemStatus
    level: int | None
    score: float
    max: float


@dataclass(frozen=True, slots=True)
class GroupScore:
    """A category or an area."""

    score: float
    max: float
    level: float | None


@dataclass(frozen=True, slots=True)
class Check:
    """One leaf of a gate's condition, evaluated."""

    kind: str
    target: str | None
    required: float
    actual: float | None
    passed: bool
    text: dict[Lang, str]
    failing: tuple[str, ...] = ()  # for min_item_level: the items below the bar


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One step of the explanation: a band, a gate, a note or the outcome."""

    kind: Literal["band", "gate", "note", "outcome"]
    passed: bool
    text: dict[Lang, str]
    level: int | None = None
    gate: str | None = None
    checks: tuple[Check, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "passed": self.passed}
        if self.level is not None:
            out["level"] = self.level
        if self.gate is not None:
            out["gate"] = self.gate
        if self.checks:
            out["checks"] = [
                {
                    "kind": c.kind,
                    "target": c.target,
                    "required": c.required,
                    "actual": c.actual,
                    "passed": c.passed,
                    **({"failing": list(c.failing)} if c.failing else {}),
                }
                for c in self.checks
            ]
        out["text"] = dict(self.text)
        return out


@dataclass(frozen=True, slots=True)
class RulesetStamp:
    id: str
    version: str
    hash: str


@dataclass(frozen=True, slots=True)
class ScoreResult:
    questionnaire: tuple[str, str]
    ruleset: RulesetStamp
    total: float | None
    max_total: float | None
    level: int | None
    stage: dict[Lang, str] | None
    completeness: float
    provisional: bool
    items: dict[str, ItemScore]
    categories: dict[str, GroupScore]
    areas: dict[str, GroupScore]
    trace: tuple[TraceEntry, ...]

    def explanation(self, lang: Lang) -> list[str]:
        return [t.text[lang] for t in self.trace]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``levelcheck score --format json``."""

        def group(g: GroupScore) -> dict[str, Any]:
            return {"score": g.score, "max": g.max, "level": g.level}

        return {
            "total": self.total,
            "max_total": self.max_total,
            "level": self.level,
            "stage": self.stage,
            "provisional": self.provisional,
            "completeness": self.completeness,
            "areas": {k: group(v) for k, v in self.areas.items()},
            "categories": {k: group(v) for k, v in self.categories.items()},
            "items": {k: v.score for k, v in self.items.items()},
            "item_levels": {k: v.level for k, v in self.items.items()},
            "questionnaire": {"id": self.questionnaire[0], "version": self.questionnaire[1]},
            "ruleset": {
                "id": self.ruleset.id,
                "version": self.ruleset.version,
                "hash": self.ruleset.hash,
            },
            "trace": [t.to_dict() for t in self.trace],
        }
