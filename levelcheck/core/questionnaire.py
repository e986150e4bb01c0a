"""The questionnaire: areas → categories → items, each item with a 5-level rubric."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from levelcheck.core.text import NonEmpty, StrictModel, Text

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=64)]


class Kpi(StrictModel):
    id: Identifier
    name: Text
    unit: NonEmpty
    direction: Literal["higher", "lower"]
    core: bool = False


class Item(StrictModel):
    id: Identifier
    title: Text
    question: Text
    guidance: Text
    evidence: Text
    rubric: dict[int, Text]
    kpis: list[Kpi] = Field(default_factory=list)


class Category(StrictModel):
    id: Identifier
    title: Text
    items: list[Item] = Field(min_length=1)


class Area(StrictModel):
    id: Identifier
    title: Text
    categories: list[Category] = Field(min_length=1)


class Questionnaire(StrictModel):
    format: Literal["levelcheck.questionnaire"]
    format_version: Literal[1]
    id: Identifier
    version: NonEmpty
    title: Text
    notice: Text
    source: NonEmpty
    levels: dict[int, Text] = Field(min_length=2)
    areas: list[Area] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels_are_consecutive(self) -> Questionnaire:
        keys = sorted(self.levels)
        if keys != list(range(1, len(keys) + 1)):
            raise ValueError(f"levels must be numbered 1..N, got {keys}")
        return self

    # Lookups used by scoring, validation and the GUI. The model is frozen, so
    # they are computed once.
    @cached_property
    def items(self) -> dict[str, Item]:
        return {i.id: i for a in self.areas for c in a.categories for i in c.items}

    @cached_property
    def categories(self) -> dict[str, Category]:
        return {c.id: c for a in self.areas for c in a.categories}

    @cached_property
    def area_map(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    @cached_property
    def item_category(self) -> dict[str, str]:
        return {i.id: c.id for a in self.areas for c in a.categories for i in c.items}

    def item_ids(self, area: str | None = None, category: str | None = None) -> list[str]:
        """The items of a category, of an area, or of the whole questionnaire, in order."""
        if category is not None:
            return [i.id for i in self.categories[category].items]
        if area is not None:
            return [i.id for c in self.area_map[area].categories for i in c.items]
        return list(self.items)

    @property
    def max_level(self) -> int:
        return max(self.levels)

    @property
    def ref(self) -> tuple[str, str]:
        return (self.id, self.version)
