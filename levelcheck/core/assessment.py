"""Assessments in the JSON interchange format (``levelcheck.assessment``, version 1).

The shape is documented by the JSON Schema shipped as
``levelcheck/core/schema/assessment.schema.json`` (generated from these models; a
test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    ValidationError,
    model_validator,
)

from levelcheck.core.errors import AssessmentError
from levelcheck.core.files import read_user_file

FORMAT: Literal["levelcheck.assessment"] = "levelcheck.assessment"
FORMAT_VERSION: Literal[1] = 1
# What `export` writes with its evidence files, `import` and `score` must read: one
# evidence file may be up to 50 MiB (document.DEFAULT_MAX_EVIDENCE_BYTES), 67 MiB in
# base64. 256 MiB holds three such files, or some 38 phone photos of 5 MB, and parsing
# it stays within a laptop's memory; `export` refuses a larger JSON (--no-evidence).
# The size is checked before reading, so the limit costs batch scoring nothing.
MAX_ASSESSMENT_BYTES = 256 * 1024 * 1024

Strength = Literal["claimed", "documented", "observed"]
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(_Model):
    id: str
    version: str


class Contact(_Model):
    name: ShortText
    role: ShortText = ""
    organisation: ShortText = ""
    email: ShortText = ""
    phone: ShortText = ""


class Company(_Model):
    name: ShortText
    registration_number: ShortText = ""
    industry: ShortText = ""
    site: ShortText = ""
    employees: int | None = Field(default=None, ge=0)
    annual_sales_krw: int | None = Field(default=None, ge=0)
    sponsor: ShortText = ""
    budget_krw: int | None = Field(default=None, ge=0)
    priority_kpis: list[ShortText] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)


class AssessmentInfo(_Model):
    date: dt.date
    assessors: list[Contact] = Field(default_factory=list)


class Evidence(_Model):
    name: ShortText
    media_type: ShortText = ""
    size: int | None = Field(default=None, ge=0)
    sha256: ShortText = ""
    taken_at: dt.datetime | None = None
    data: str | None = None  # base64, present when a document is exported with evidence


class Answer(_Model):
    # strict: a hand-edited `true` or "3" is a mistake to point out, not a level to guess
    level: int | None = Field(default=None, ge=1, le=9, strict=True)
    na: bool = False
    justification: LongText = ""
    note: LongText = ""
    strength: Strength | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Assessment(_Model):
    format: Literal["levelcheck.assessment"]
    format_version: Literal[1]
    questionnaire: Ref
    ruleset: Ref
    company: Company
    assessment: AssessmentInfo
    answers: dict[str, Answer] = Field(default_factory=dict)
    # a document's stored upgrade-plan choices, by key ("request": target, effort or
    # cost, budget, pinned and dropped actions; see core.planning), carried so that an
    # exported document comes back with them; empty for a plain assessment
    plan: dict[str, JsonValue] = Field(default_factory=dict)

    # One check over all answers rather than a validator per answer: loading thousands
    # of files is on the hot path of batch scoring.
    @model_validator(mode="after")
    def _na_has_no_level(self) -> Assessment:
        for item_id, answer in self.answers.items():
            if answer.na and answer.level is not None:
                raise ValueError(f"answers.{item_id}: an N/A answer has no level")
        return self


def load_assessment(path: str | Path) -> Assessment:
    """Read one assessment JSON file; raise AssessmentError naming file and field."""
    name = str(path)
    return parse_assessment(read_user_file(path, MAX_ASSESSMENT_BYTES, AssessmentError), name)


def parse_assessment(raw: bytes | str, name: str = "<input>") -> Assessment:
    try:
        return Assessment.model_validate_json(raw)
    except ValidationError as exc:
        raise _explain(raw, exc, name) from None


def _explain(raw: bytes | str, exc: ValidationError, name: str) -> AssessmentError:
    """Turn a validation failure into one line; only runs on the error path."""
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as bad:
        return AssessmentError(f"not valid JSON (line {bad.lineno}, column {bad.colno})", file=name)
    except (ValueError, UnicodeDecodeError):
        return AssessmentError("not valid JSON (not UTF-8 text)", file=name)
    except RecursionError:  # pydantic stops at its own depth limit; json.loads overflows
        return AssessmentError("not an assessment: nested too deeply", file=name)
    if not isinstance(data, dict):
        return AssessmentError("not a LevelCheck assessment (expected a JSON object)", file=name)
    if data.get("format") != FORMAT:
        return AssessmentError(
            f'not a LevelCheck assessment (expected "format": "{FORMAT}")', file=name
        )
    version = data.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        return AssessmentError(
            f"written by a newer LevelCheck (format_version {version}); "
            f"this version reads format_version {FORMAT_VERSION}",
            file=name,
        )
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(top level)"
    more = len(exc.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return AssessmentError(f"{field}: {first['msg']}{tail}", file=name)


def assessment_json_schema() -> dict[str, Any]:
    schema = Assessment.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://levelcheck.invalid/schema/assessment-1.json"
    schema["title"] = "LevelCheck assessment, format_version 1"
    return schema
