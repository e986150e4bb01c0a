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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from levelcheck.core.assessment import MAX_ASSESSMENT_BYTES, Assessment, Contact, load_assessment
from levelcheck.core.document import Document, display_name, write_document
from levelcheck.core.errors import DocumentError, LevelCheckError
from levelcheck.core.files import (
    editing_guard,
    is_document,
    output_target,
    replacing,
    size_text,
)

if TYPE_CHECKING:
    from levelcheck.core.service import ScoringService

SCRUBBED_COMPANY = "익명 기업 (anonymous)"
SCRUBBED_TEXT = "(removed)"


def read_assessment(path: Path) -> Assessment:
    """An assessment from a JSON file or a ``.levelcheck`` document (read-only)."""
    if is_document(path):
        with Document.open(path, readonly=True) as doc:
            return doc.to_assessment()
    return load_assessment(path)


def import_json(
    source: Path, target: Path, *, overwrite: bool = False,
    extra_content: Sequence[Path] = (), service: ScoringService | None = None,
) -> None:  # fmt: skip
    """A JSON assessment as a new document. The output is checked first (see
    core.files.output_target: never the input, never a folder or device, a symlink
    written through) and, when it replaces a document, that document's edit lock is
    held while it is replaced: one open for editing elsewhere is refused. The
    assessment is scored first, by ``service`` (default: the installed content plus
    ``extra_content``), so one that ``score`` refuses (a level above the questionnaire's
    top, an unknown item, content that is not installed) is refused here with the same
    line, before the output is touched: never a document that nothing can read."""
    real = output_target(target, DocumentError, name=display_name(target), overwrite=overwrite,
                         inputs=[source])  # fmt: skip
    assessment = load_assessment(source)
    if service is None:
        from levelcheck.core.service import ScoringService

        service = ScoringService.installed(extra_content=extra_content)
    try:
        service.score(assessment)
    except LevelCheckError as exc:
        if exc.file is None:
            exc.file = str(source)
        raise
    with editing_guard(real, DocumentError, name=display_name(target)):
        write_document(assessment, real, overwrite=True)


def export_json(
    source: Path, target: Path, *, evidence: bool = True, scrub: bool = False,
    overwrite: bool = False,
) -> Assessment:  # fmt: skip
    output_target(target, overwrite=overwrite, inputs=[source])
    with Document.open(source, readonly=True, whole=True) as doc:  # what is handed on
        assessment = doc.to_assessment(with_evidence_data=evidence and not scrub)
    if scrub:
        assessment = scrubbed(assessment)
    write_json(assessment, target, overwrite=overwrite, inputs=[source])
    return assessment


def write_json(
    assessment: Assessment, target: Path, *, overwrite: bool = True, inputs: Sequence[Path] = ()
) -> None:
    """Write the interchange JSON. One larger than LevelCheck reads back
    (MAX_ASSESSMENT_BYTES) is refused before anything is written: a file that
    ``import`` and ``score`` then refuse is found out only at the client's."""
    data = (
        json.dumps(
            assessment.model_dump(mode="json", exclude_none=False), ensure_ascii=False, indent=2
        )
        + "\n"
    ).encode("utf-8")
    if len(data) > MAX_ASSESSMENT_BYTES:
        with_files = any(e.data for a in assessment.answers.values() for e in a.evidence)
        hint = "; use --no-evidence (the files stay in the document)" if with_files else ""
        raise LevelCheckError(
            f"would be {size_text(len(data))}, more than the {size_text(MAX_ASSESSMENT_BYTES)} "
            f"that import and score read{hint}",
            file=target,
        )
    with replacing(target, overwrite=overwrite, inputs=inputs) as tmp:
        tmp.write_bytes(data)


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
