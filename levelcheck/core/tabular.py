"""One row per questionnaire item: the answers and item scores of an assessment as a
table (``levelcheck export --format csv``, File → Export CSV… in the app).

The CSV is written as UTF-8 with a byte-order mark (``utf-8-sig``): Excel, which most
consultants open it in, reads a file without the mark in the system code page (CP949
on a Korean Windows) and garbles every Korean text. Free text typed by a user (notes,
N/A justifications) that starts like a formula (``= + - @``) is prefixed with ``'``, so
a spreadsheet shows it instead of evaluating it."""

from __future__ import annotations

import csv
from pathlib import Path

from levelcheck.core.assessment import Assessment
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.files import replacing
from levelcheck.core.interchange import read_assessment
from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.result import ScoreResult
from levelcheck.core.service import ScoringService
from levelcheck.core.text import Lang

ENCODING = "utf-8-sig"
NA = "N/A"
HEADER: tuple[str, ...] = (
    "item_id", "area_id", "area", "category_id", "category", "title", "answer",
    "na_justification", "note", "evidence_strength", "evidence_count", "score", "max_score",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A cell of free text (a note, a company or file name) safe from formula injection:
    prefixed with ``'`` when it starts like a formula. Every CSV LevelCheck writes
    (export, ``score --format csv``) goes through this one guard."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _number(x: float) -> str:
    return f"{round(x, 2):g}"


def item_rows(assessment: Assessment, questionnaire: Questionnaire, result: ScoreResult,
              lang: Lang) -> list[list[str]]:  # fmt: skip
    """The header, then one row per item in questionnaire order; titles in `lang`.
    Answer is the level, ``N/A`` or empty; the score columns are empty when the rule set
    gives no points (a profile rule set: ``result.total`` is None)."""
    rows = [list(HEADER)]
    points = result.total is not None
    for area in questionnaire.areas:
        for cat in area.categories:
            for item in cat.items:
                a = assessment.answers.get(item.id)
                answer = "" if a is None else NA if a.na else str(a.level or "")
                scored = result.items.get(item.id)
                rows.append([
                    item.id, area.id, area.title(lang), cat.id, cat.title(lang),
                    item.title(lang), answer,
                    csv_text(a.justification) if a is not None and a.na else "",
                    csv_text(a.note) if a is not None else "",
                    (a.strength or "") if a is not None else "",
                    str(len(a.evidence)) if a is not None else "0",
                    _number(scored.score) if points and scored is not None else "",
                    _number(scored.max) if points and scored is not None else "",
                ])  # fmt: skip
    return rows


def write_csv(rows: list[list[str]], target: Path) -> None:
    """Write `rows` as CSV in UTF-8 with a BOM (see the module docstring), through a
    temporary file so a failed write leaves no half file at `target`."""
    with replacing(target) as tmp, open(tmp, "w", encoding=ENCODING, newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def export_csv(source: Path, target: Path, service: ScoringService, lang: Lang, *,
               overwrite: bool = False) -> list[list[str]]:  # fmt: skip
    """Score the assessment in `source` (a ``.levelcheck`` document, opened read-only,
    or a JSON assessment) with its own rule set and write its item table to `target`."""
    if target.exists() and not overwrite:
        raise LevelCheckError("already exists (use --force to replace it)", file=target)
    try:
        assessment = read_assessment(source)
        result = service.score(assessment)
    except LevelCheckError as exc:
        if exc.file is None:
            exc.file = str(source)
        raise
    q = service.library.questionnaire(assessment.questionnaire.id, assessment.questionnaire.version)
    rows = item_rows(assessment, q, result, lang)
    write_csv(rows, target)
    return rows
