"""What scoring produces: plain frozen dataclasses, cheap to build.

The explanation trace is kept as structured data (which band, which gate, which check,
required vs actual); its sentences are rendered on demand (``.text``), so scoring a
batch costs no string formatting unless the text is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from levelcheck.core.explain import num, phrase, say
from levelcheck.core.text import LANGS, Lang, Text

ItemStatus = Literal["answered", "na", "unanswered"]


@dataclass(frozen=True, slots=True)
class ItemScore:
    status: ItemStatus
    level: int | None
    score: float
    max: float


class ItemTable(Mapping[str, ItemScore]):
    """Item scores by id, built on access from the engine's arrays (scoring a batch
    need not create an object per item)."""

    __slots__ = ("_index", "_levels", "_max", "_score", "_status")

    def __init__(
        self,
        index: Mapping[str, int],
        status: Sequence[ItemStatus],
        levels: Sequence[int | None],
        score: Sequence[float],
        max_: Sequence[float],
    ) -> None:
        self._index, self._status, self._levels = index, status, levels
        self._score, self._max = score, max_

    def __getitem__(self, item_id: str) -> ItemScore:
        i = self._index[item_id]
        return ItemScore(self._status[i], self._levels[i], self._score[i], self._max[i])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def scores(self) -> dict[str, float]:
        """Item id -> score, rounded as output shows it."""
        return {iid: round(x, 2) for iid, x in zip(self._index, self._score, strict=True)}

    def levels(self) -> dict[str, int | None]:
        return dict(zip(self._index, self._levels, strict=True))


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
    name: Text | None = None  # what the target is called
    failing: tuple[str, ...] = ()  # for min_item_level: the items below the bar
    not_applicable: bool = False  # its target is N/A, so the requirement does not apply

    def sentence(self, lang: Lang) -> str:
        name = self.name(lang) if self.name else phrase("whole", lang)
        if self.not_applicable:
            act = phrase("na", lang)
        elif self.kind == "min_item_level":
            act = _id_list(self.failing, lang) if self.failing else phrase("none_below", lang)
        elif self.actual is None:
            act = phrase("unanswered", lang)
        else:
            act = num(self.actual)
        return phrase(self.kind, lang).format(
            name=name, target=self.target, req=num(self.required), act=act
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "target": self.target,
            "required": self.required,
            "actual": self.actual,
            "passed": self.passed,
        }
        if self.failing:
            out["failing"] = list(self.failing)
        if self.not_applicable:
            out["not_applicable"] = True
        return out


LIST_AT_MOST = 8


def _id_list(ids: tuple[str, ...], lang: Lang) -> str:
    if len(ids) <= LIST_AT_MOST:
        return ", ".join(ids)
    shown = ", ".join(ids[:LIST_AT_MOST])
    return phrase("and_more", lang).format(shown=shown, more=len(ids) - LIST_AT_MOST)


@dataclass(frozen=True, slots=True)
class Combined:
    """An evaluated ``all`` / ``any`` / ``not``."""

    op: Literal["all", "any", "not"]
    passed: bool
    parts: tuple[Combined | Check, ...]

    def sentence(self, lang: Lang) -> str:
        if self.op == "not":
            return phrase("not", lang).format(act=self.parts[0].sentence(lang))
        # for a failed 'all', what is missing; otherwise everything
        shown = (
            [p for p in self.parts if not p.passed]
            if self.op == "all" and not self.passed
            else self.parts
        )
        joined = "; ".join(p.sentence(lang) for p in shown)
        return phrase("any_of", lang) + joined if self.op == "any" else joined


Outcome = Combined | Check


def leaf_checks(outcome: Outcome) -> list[Check]:
    if isinstance(outcome, Check):
        return [outcome]
    return [c for p in outcome.parts for c in leaf_checks(p)]


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One step of the explanation: a band, a gate, a note or the outcome.

    ``key`` and ``params`` name the sentence (see :mod:`levelcheck.core.explain`); a
    gate also carries its evaluated condition."""

    kind: Literal["band", "gate", "note", "outcome"]
    passed: bool
    key: str
    params: Mapping[str, object]
    level: int | None = None
    gate: str | None = None
    outcome: Outcome | None = None

    @property
    def text(self) -> dict[Lang, str]:
        params = {k: num(v) if isinstance(v, float) else v for k, v in self.params.items()}
        if self.outcome is not None:
            o = self.outcome
            params["checks"] = {lang: o.sentence(lang) for lang in LANGS}
        return say(self.key, **params)

    @property
    def checks(self) -> list[Check]:
        return leaf_checks(self.outcome) if self.outcome is not None else []

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "passed": self.passed}
        if self.level is not None:
            out["level"] = self.level
        if self.gate is not None:
            out["gate"] = self.gate
        if self.outcome is not None:
            out["checks"] = [c.to_dict() for c in self.checks]
        out["text"] = self.text
        return out


class Trace(Sequence[TraceEntry]):
    """The explanation trace, built on first access and kept (see ScoreResult.trace)."""

    __slots__ = ("_build", "_entries")

    def __init__(self, build: Callable[[], list[TraceEntry]]) -> None:
        self._build: Callable[[], list[TraceEntry]] | None = build
        self._entries: list[TraceEntry] = []

    def _all(self) -> list[TraceEntry]:
        if self._build is not None:
            self._entries, self._build = self._build(), None
        return self._entries

    def __getitem__(self, index: int) -> TraceEntry:  # type: ignore[override]
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[TraceEntry]:
        return iter(self._all())

    def __repr__(self) -> str:
        return f"Trace({self._all()!r})"


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
    items: ItemTable
    categories: Mapping[str, GroupScore]
    areas: Mapping[str, GroupScore]
    trace: Trace

    def explanation(self, lang: Lang) -> list[str]:
        return [t.text[lang] for t in self.trace]

    def unmet(self, level: int) -> list[TraceEntry]:
        """What keeps this result from ``level``: that level's total and requirements
        that are not met (empty when it is reached, or the rule set has no such level).
        The app's live panel shows them as the gap to the next level."""
        return [e for e in self.trace
                if e.kind in ("band", "gate") and e.level == level and not e.passed]  # fmt: skip

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
            "items": self.items.scores(),
            "item_levels": self.items.levels(),
            "questionnaire": {"id": self.questionnaire[0], "version": self.questionnaire[1]},
            "ruleset": {
                "id": self.ruleset.id,
                "version": self.ruleset.version,
                "hash": self.ruleset.hash,
            },
            "trace": [t.to_dict() for t in self.trace],
        }
