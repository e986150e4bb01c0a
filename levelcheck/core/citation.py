"""Where a figure comes from: a content ``source`` in the reader's language.

A source is either one string (a citation that reads the same in both languages, and
what users' own catalogs written before bilingual sources still hold) or a
``{ko: ..., en: ...}`` pair, so that a Korean report names 한국경제, not Hankyung.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ValidationError, ValidatorFunctionWrapHandler, WrapValidator

from levelcheck.core.text import Lang, NonEmpty, StrictModel, Text

SOURCE_SHAPE = "a source is a non-empty string or {ko: ..., en: ...} with both non-empty"


def _one_error(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # A union reports one error per member ("not a string", "ko is missing", ...),
    # which `levelcheck validate` would print as several lines for one mistake.
    try:
        return handler(value)
    except ValidationError:
        raise ValueError(SOURCE_SHAPE) from None


Source = Annotated[NonEmpty | Text, WrapValidator(_one_error)]


def source_text(source: str | Text, lang: Lang) -> str:
    """The source as a reader of ``lang`` should see it."""
    return source if isinstance(source, str) else source(lang)


class Cited(StrictModel):
    """A content model whose figures carry a ``source``."""

    source: Source

    def source_in(self, lang: Lang) -> str:
        return source_text(self.source, lang)
