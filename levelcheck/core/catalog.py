"""The upgrade catalog: what it takes to raise each item one level, and the public
support programmes and published effects a plan can point to.

Effort, cost and duration of actions are planning estimates (the catalog's
``estimates`` says whose); every programme amount and KPI figure carries its own
``year``, ``source`` and ``confidence``, and reports print them.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from levelcheck.core.citation import Cited
from levelcheck.core.questionnaire import Identifier
from levelcheck.core.ruleset import Confidence, ContentRef
from levelcheck.core.text import NonEmpty, StrictModel, Text


class CostRange(StrictModel):
    min: int = Field(ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> CostRange:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is more than max {self.max}")
        return self

    @property
    def expected(self) -> float:
        """What a plan counts: the middle of the range."""
        return (self.min + self.max) / 2


class Requirement(StrictModel):
    """Item ``item`` must be at ``level`` or above (already, or raised in the same plan)."""

    item: Identifier
    level: int = Field(ge=1)


class Action(StrictModel):
    """What raises ``item`` from level ``from`` to ``to`` (= from + 1)."""

    id: Identifier
    item: Identifier
    from_: int = Field(alias="from", ge=1)
    to: int
    title: Text
    description: Text
    solutions: list[Identifier] = Field(default_factory=list)
    requires: list[Requirement] = Field(default_factory=list)
    effort_days: int = Field(ge=0)
    cost_krw: CostRange
    duration_weeks: int = Field(ge=0)
    kpis: list[Identifier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_step(self) -> Action:
        if self.to != self.from_ + 1:
            raise ValueError(f"an action raises one level: from {self.from_} to {self.from_ + 1}")
        return self


class Solution(StrictModel):
    id: Identifier
    name: Text
    description: Text
    # The step that installs this shared system (e.g. POP under SYS-IS-03 level 2). Any
    # other action listing the solution must require that step, so that its cost is
    # incremental and a plan does not pay for the system twice (checked by validate).
    installed_by: Requirement | None = None


Track = Literal["government", "win-win", "level-check", "lighthouse"]


class Programme(Cited):  # source: a citation, or one in each language
    id: Identifier
    name: Text
    track: Track
    target_levels: list[int] = Field(default_factory=list)
    requires_sponsor: bool = False
    max_employees: int | None = Field(default=None, ge=0)
    government_share: float | None = Field(default=None, ge=0, le=1)
    sponsor_share: float = Field(default=0.0, ge=0, le=1)
    cap_krw: int | None = Field(default=None, ge=0)
    year: int
    confidence: Confidence
    notes: Text | None = None


class KpiEffect(Cited):  # source: a citation, or one in each language
    id: Identifier
    kpis: list[Identifier] = Field(default_factory=list)
    change_pct: float
    levels: list[int] = Field(default_factory=list)
    # "average": a study or survey of many firms; "case": one firm's story, shown last
    basis: Literal["average", "case"] = "average"
    scope: Text
    year: int
    confidence: Confidence


class Estimates(Cited):  # source: a citation, or a sentence in both languages
    confidence: Confidence


class QuickWin(StrictModel):
    max_effort_days: int = Field(ge=0)
    max_cost_krw: int = Field(ge=0)


class Planning(StrictModel):
    quick_win: QuickWin


class Catalog(StrictModel):
    format: Literal["levelcheck.catalog"]
    format_version: Literal[1]
    id: Identifier
    version: NonEmpty
    title: Text
    questionnaire: ContentRef
    estimates: Estimates
    planning: Planning
    solutions: list[Solution] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    programmes: list[Programme] = Field(default_factory=list)
    kpi_effects: list[KpiEffect] = Field(default_factory=list)

    @property
    def ref(self) -> tuple[str, str]:
        return (self.id, self.version)

    @cached_property
    def steps(self) -> dict[tuple[str, int], Action]:
        """The action for each (item, level it raises to)."""
        return {(a.item, a.to): a for a in self.actions}

    @cached_property
    def action_map(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions}
