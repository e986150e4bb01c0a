"""Bilingual text, the shape of every user-facing string in LevelCheck content."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Lang = Literal["ko", "en"]
LANGS: tuple[Lang, ...] = ("ko", "en")

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class StrictModel(BaseModel):
    """Base of all content models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(StrictModel):
    """A text in Korean and English; both are required."""

    ko: NonEmpty
    en: NonEmpty

    def __call__(self, lang: Lang) -> str:
        return self.ko if lang == "ko" else self.en
