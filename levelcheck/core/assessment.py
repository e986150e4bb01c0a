"""Assessments in the JSON interchange format (``levelcheck.assessment``, version 1).

The shape is documented by the JSON Schema shipped as
``levelcheck/core/schema/assessment.schema.json`` (generated from these models; a
test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
    # A Windows editor's "UTF-8 with BOM" is UTF-8 all the same (the YAML loader takes it
    # too); a slice copies the text, but only for such a file.
    if isinstance(raw, bytes):
        if raw[:3] == _BOM:
            raw = raw[3:]
    elif raw[:1] == "\ufeff":
        raw = raw[1:]
    # An object key given twice keeps its last value, as in most JSON readers (RFC 8259
    # leaves it open): catching it cost 5-7% of scoring a file, on the batch hot path.
    try:
        return Assessment.model_validate_json(raw)
    except ValidationError as exc:
        raise _explain(raw, exc, name) from None


_BOM = b"\xef\xbb\xbf"


def _explain(raw: bytes | str, exc: ValidationError, name: str) -> AssessmentError:
    """Turn a validation failure into one line; only runs on the error path."""
    wide = _wide_encoding(raw)
    if wide:
        return AssessmentError(f"{wide} text: save it as UTF-8", file=name)
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as bad:
        return AssessmentError(f"not valid JSON (line {bad.lineno}, column {bad.colno})", file=name)
    except UnicodeDecodeError:
        return AssessmentError("not valid JSON (not UTF-8 text)", file=name)
    except ValueError:  # Python's limit on the digits of an int (sys.get_int_max_str_digits)
        return AssessmentError(f"{_long_number_key(raw)}number too long", file=name)
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


def _wide_encoding(raw: bytes | str) -> str:
    """ "UTF-16" or "UTF-32" for text saved so (by its byte-order mark, or by the NUL
    bytes beside the ASCII that every JSON file starts with), else ""."""
    if isinstance(raw, str):
        return ""
    head = raw[:4]
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if len(head) < 4:
        return ""
    if (head[0] and not any(head[1:])) or (head[3] and not any(head[:3])):
        return "UTF-32"
    if (head[0] and head[2] and not head[1] and not head[3]) or (
        head[1] and head[3] and not head[0] and not head[2]
    ):
        return "UTF-16"
    return ""


def _long_number_key(raw: bytes | str) -> str:
    """ "employees: " for the key whose value is the first number past Python's digit
    limit, or "" when no key holds it (a number in a list)."""
    text = raw if isinstance(raw, bytes) else raw.encode("utf-8", "replace")
    found = re.search(rb'"([^"\\]{1,200})"\s*:\s*-?[0-9]{4000}', text)
    return f"{found.group(1).decode('utf-8', 'replace')}: " if found else ""


def assessment_json_schema() -> dict[str, Any]:
    schema = Assessment.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://levelcheck.invalid/schema/assessment-1.json"
    schema["title"] = "LevelCheck assessment, format_version 1"
    return schema
