"""Rule sets: how a questionnaire's answers become scores, levels and explanations.

A rule set is data. Conditions are structured (``all`` / ``any`` / ``not`` and a
fixed set of checks); nothing in a rule set is ever evaluated as code. The engine in
:mod:`levelcheck.core.scoring` has no code special to any one rule set.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from levelcheck.core.citation import Source, source_text
from levelcheck.core.questionnaire import Identifier
from levelcheck.core.text import Lang, NonEmpty, StrictModel, Text

Confidence = Literal["sourced", "secondary", "unverified"]


class ContentRef(StrictModel):
    id: Identifier
    version: NonEmpty


# --- checks: the leaves of a condition ------------------------------------------------


class ItemLevelCheck(StrictModel):
    """Item X is rated at least level N."""

    item: Identifier
    at_least: float


class CategoryLevelCheck(StrictModel):
    """The level of category X (as the rule set aggregates it) is at least N."""

    category: Identifier
    at_least: float


class AreaLevelCheck(StrictModel):
    area: Identifier
    at_least: float


class MinItemLevelCheck(StrictModel):
    """No item in the scope (an area, a category, or the whole questionnaire) is below N."""

    area: Identifier | None = None
    category: Identifier | None = None
    at_least: float

    @model_validator(mode="after")
    def _one_scope(self) -> MinItemLevelCheck:
        if self.area is not None and self.category is not None:
            raise ValueError("give an area or a category, not both")
        return self


class AreaScoreCheck(StrictModel):
    area: Identifier
    at_least: float


class CategoryScoreCheck(StrictModel):
    category: Identifier
    at_least: float


class TotalScoreCheck(StrictModel):
    at_least: float


class ItemLevel(StrictModel):
    item_level: ItemLevelCheck


class CategoryLevel(StrictModel):
    category_level: CategoryLevelCheck


class AreaLevel(StrictModel):
    area_level: AreaLevelCheck


class MinItemLevel(StrictModel):
    min_item_level: MinItemLevelCheck


class AreaScore(StrictModel):
    area_score: AreaScoreCheck


class CategoryScore(StrictModel):
    category_score: CategoryScoreCheck


class TotalScore(StrictModel):
    total_score: TotalScoreCheck


class All(StrictModel):
    all: list[Condition] = Field(min_length=1)


class Any_(StrictModel):
    any: list[Condition] = Field(min_length=1)


class Not(StrictModel):
    not_: Condition = Field(alias="not")


CONDITION_KINDS = (
    "all", "any", "not", "item_level", "category_level", "area_level",
    "min_item_level", "area_score", "category_score", "total_score",
)  # fmt: skip


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in CONDITION_KINDS else None
    if isinstance(value, StrictModel):
        return next(iter(type(value).model_fields), None) if not isinstance(value, Not) else "not"
    return None


Condition = Annotated[
    Union[  # noqa: UP007 - tagged union members
        Annotated[All, Tag("all")],
        Annotated[Any_, Tag("any")],
        Annotated[Not, Tag("not")],
        Annotated[ItemLevel, Tag("item_level")],
        Annotated[CategoryLevel, Tag("category_level")],
        Annotated[AreaLevel, Tag("area_level")],
        Annotated[MinItemLevel, Tag("min_item_level")],
        Annotated[AreaScore, Tag("area_score")],
        Annotated[CategoryScore, Tag("category_score")],
        Annotated[TotalScore, Tag("total_score")],
    ],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition is a mapping with exactly one key, one of: "
        + ", ".join(CONDITION_KINDS),
    ),
]

All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


# --- the rule set ----------------------------------------------------------------------


class Gate(StrictModel):
    id: Identifier
    title: Text
    require: Condition


class Band(StrictModel):
    level: int = Field(ge=1)
    stage: Text
    min_total: float | None = None
    gates: list[Gate] = Field(default_factory=list)
    source: Source | None = None
    confidence: Confidence | None = None


class Points(StrictModel):
    """Points per area; per category and item where given, else an equal share of
    what the parent has left."""

    areas: dict[str, float]
    categories: dict[str, float] = Field(default_factory=dict)
    items: dict[str, float] = Field(default_factory=dict)
    source: Source | None = None
    confidence: Confidence | None = None


class Aggregation(StrictModel):
    """How item levels roll up into category and area levels."""

    category_level: Literal["weighted_mean", "min"] = "weighted_mean"
    area_level: Literal["weighted_mean", "min"] = "weighted_mean"


class NaPolicy(StrictModel):
    allowed: bool = True
    justification_required: bool = True


class RuleSet(StrictModel):
    format: Literal["levelcheck.ruleset"]
    format_version: Literal[1]
    id: Identifier
    version: NonEmpty
    title: Text
    description: Text | None = None
    questionnaire: ContentRef
    extends: Identifier | None = None
    source: Source
    confidence: Confidence
    level_points: dict[int, float]
    points: Points
    aggregation: Aggregation = Aggregation()
    total: Literal["sum", "none"] = "sum"
    na: NaPolicy = NaPolicy()
    unanswered: Literal["zero", "exclude"] = "zero"
    bands: list[Band] = Field(default_factory=list)
    # Readings of the rule set's one-language sources in another language, for reports:
    # {ko: {"<source as written>": "<Korean>"}}. Not part of the rule set's identity (its
    # hash), like a report's own labels: a rule set published with English sources gets
    # a Korean reading without becoming a new version, so old reports still verify and
    # this year's score stays comparable with last year's. New rule sets can write a
    # source as {ko: ..., en: ...} instead.
    translations: dict[Lang, dict[str, NonEmpty]] = Field(default_factory=dict)

    @field_validator("translations")
    @classmethod
    def _translates_own_sources(
        cls, value: dict[Lang, dict[str, str]], info: ValidationInfo
    ) -> dict[Lang, dict[str, str]]:
        points = info.data.get("points")
        sources = [info.data.get("source"), points.source if points else None]
        sources += [b.source for b in info.data.get("bands", [])]
        own = {s for s in sources if isinstance(s, str)}
        for lang, texts in value.items():
            for original in texts:
                if original not in own:
                    raise ValueError(
                        f"{lang}: {_excerpt(original)} is not one of this rule set's "
                        "one-language sources (write it exactly as in its source:)"
                    )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        for level, share in self.level_points.items():
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"level_points[{level}] must be between 0 and 1, got {share}")
        if self.total == "none" and any(b.min_total is not None for b in self.bands):
            raise ValueError("bands with min_total need total: sum")
        levels = [b.level for b in self.bands]
        if levels != sorted(set(levels)):
            raise ValueError("bands must be listed by ascending level, each level once")
        mins = [b.min_total for b in self.bands if b.min_total is not None]
        if mins != sorted(mins):
            raise ValueError("band min_total must not decrease as the level rises")
        return self

    def source_in(self, source: str | Text, lang: Lang) -> str:
        """One of this rule set's sources as a reader of ``lang`` should see it: its own
        two-language text, else its translation into ``lang``, else as written."""
        if isinstance(source, str):
            return self.translations.get(lang, {}).get(source, source)
        return source_text(source, lang)

    @property
    def ref(self) -> tuple[str, str]:
        return (self.id, self.version)

    @cached_property
    def content_hash(self) -> str:
        """sha256 of the resolved rule set, the same on every machine."""
        canonical = json.dumps(
            self.model_dump(mode="json", by_alias=True, exclude={"translations"}),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _excerpt(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
