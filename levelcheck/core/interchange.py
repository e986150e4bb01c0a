"""Moving assessments between ``.levelcheck`` documents and JSON files.

``export`` writes the JSON interchange format; ``--no-evidence`` keeps the list of
evidence (names, sizes, hashes) but not the files; ``--scrub`` makes an anonymous
sample: the company's name, registration number, site and contacts, the assessors'
names, every free-text note and justification, evidence names and files are removed
(an N/A keeps a placeholder justification so the sample stays valid); industry, size,
sponsor presence, budget, priorities and every rating stay, so the sample still
scores and plans the same.
"""

from __future__ import annotations

import json
from pathlib import Path

from levelcheck.core.assessment import Assessment, Contact, load_assessment
from levelcheck.core.document import SUFFIX, Document, write_document
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.files import replacing

SCRUBBED_COMPANY = "익명 기업 (anonymous)"
SCRUBBED_TEXT = "(removed)"


def read_assessment(path: Path) -> Assessment:
    """An assessment from a JSON file or a ``.levelcheck`` document (read-only)."""
    if is_document(path):
        with Document.open(path, readonly=True) as doc:
            return doc.to_assessment()
    return load_assessment(path)


def is_document(path: Path) -> bool:
    if path.suffix == SUFFIX:
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def import_json(source: Path, target: Path, *, overwrite: bool = False) -> None:
    write_document(load_assessment(source), target, overwrite=overwrite)


def export_json(
    source: Path, target: Path, *, evidence: bool = True, scrub: bool = False,
    overwrite: bool = False,
) -> Assessment:  # fmt: skip
    if target.exists() and not overwrite:
        raise LevelCheckError("already exists (use --force to replace it)", file=target)
    with Document.open(source, readonly=True) as doc:
        assessment = doc.to_assessment(with_evidence_data=evidence and not scrub)
    if scrub:
        assessment = scrubbed(assessment)
    write_json(assessment, target)
    return assessment


def write_json(assessment: Assessment, target: Path) -> None:
    text = json.dumps(
        assessment.model_dump(mode="json", exclude_none=False), ensure_ascii=False, indent=2
    )
    with replacing(target) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")


def scrubbed(a: Assessment) -> Assessment:
    company = a.company.model_copy(update={
        "name": SCRUBBED_COMPANY, "registration_number": "", "site": "", "contacts": [],
        "sponsor": "(sponsor)" if a.company.sponsor else "",
    })  # fmt: skip
    count = len(a.assessment.assessors)
    info = a.assessment.model_copy(
        update={"assessors": [Contact(name=f"Assessor {n}") for n in range(1, count + 1)]}
    )
    answers = {}
    for item_id, ans in a.answers.items():
        evidence = [
            e.model_copy(update={"name": f"evidence-{n}{Path(e.name).suffix}", "data": None})
            for n, e in enumerate(ans.evidence, 1)
        ]
        answers[item_id] = ans.model_copy(update={
            "note": "", "justification": SCRUBBED_TEXT if ans.na else "", "evidence": evidence,
        })  # fmt: skip
    return a.model_copy(update={"company": company, "assessment": info, "answers": answers})
