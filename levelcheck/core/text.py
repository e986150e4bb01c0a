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


CONFIDENCE: dict[str, Text] = {
    "sourced": Text(ko="출처 확인", en="sourced"),
    "secondary": Text(ko="2차 자료", en="secondary source"),
    "unverified": Text(ko="미검증", en="unverified"),
}


def confidence_label(value: str | None, lang: Lang) -> str:
    """How sure a figure is (content's ``confidence``), in words for readers."""
    label = CONFIDENCE.get(value or "")
    return label(lang) if label is not None else (value or "")


def total_text(total: float | None) -> str:
    """A total score as `levelcheck score`, plans and the certificate print it: one
    decimal ('854.4'), or '—' when the rule set gives none."""
    return "—" if total is None else f"{total:.1f}"
