"""``levelcheck verify``: is this report the one that was signed, and does its data
still score to what it says?"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from levelcheck.core.assessment import parse_assessment
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.files import read_user_file
from levelcheck.core.service import ScoringService
from levelcheck.core.text import total_text
from levelcheck.report.build import ASSESSMENT_ATTACHMENT, SCORE_ATTACHMENT

MAX_PDF_BYTES = 200 * 1024 * 1024


@dataclass
class Verdict:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"FAILED: {line}")


def verify_report(
    path: Path, *, trusted: Sequence[Path] = (), extra_content: Sequence[Path] = ()
) -> Verdict:
    from levelcheck.report.keys import default_trust
    from levelcheck.report.signing import NOT_SIGNED, SigningError, verify_pdf

    raw = read_user_file(path, MAX_PDF_BYTES)
    trust = list(trusted) or default_trust()
    verdict = Verdict()
    try:
        with warnings.catch_warnings():
            # odd certificates in a --trust bundle make cryptography warn about itself
            warnings.simplefilter("ignore")
            check = verify_pdf(raw, trusted=trust)
    except SigningError as exc:  # not a PDF at all, or an unreadable --trust file
        raise LevelCheckError(str(exc), file=path) from None
    if check.problems == [NOT_SIGNED]:
        verdict.fail("not signed: a draft made with --unsigned, or not a LevelCheck report")
        return verdict
    # each problem once, in the words that say what is wrong; the general lines only
    # where no specific one was found
    for problem in check.problems:
        verdict.fail(problem)
    if not check.problems:
        if not check.intact:
            verdict.fail("the signature does not match the document: it was changed after signing")
        if not check.covers_whole_file:
            verdict.fail("something was added to or changed in the file after it was signed")
        if not check.trusted:
            verdict.fail(
                f"signed by {check.signer or 'an unknown signer'}, who is not a trusted issuer"
                + ("" if trust else " (no trusted certificate given: use --trust CERT)")
            )
    signed_json = check.attachments.get(SCORE_ATTACHMENT)
    data = check.attachments.get(ASSESSMENT_ATTACHMENT)
    if signed_json is None or data is None:
        verdict.fail("not a LevelCheck report: it carries no assessment data to re-score")
        return verdict
    try:
        signed = json.loads(signed_json)
        assessment = parse_assessment(data, f"{path}#{ASSESSMENT_ATTACHMENT}")
        service = ScoringService.installed(extra_content=extra_content)
        result = service.score(assessment)
    except (ValueError, LevelCheckError) as exc:
        verdict.fail(f"the embedded assessment cannot be re-scored: {exc}")
        return verdict
    expected = {"total": result.total, "level": result.level,
                "ruleset": {"id": result.ruleset.id, "version": result.ruleset.version,
                            "hash": result.ruleset.hash}}  # fmt: skip
    for key, value in expected.items():
        if signed.get(key) != value:
            verdict.fail(f"{key}: the report says {signed.get(key)!r}, re-scoring gives {value!r}")
    if verdict.ok:
        verdict.lines.append(
            f"OK: {signed.get('certificate')} — {assessment.company.name}, Level {result.level}, "
            f"{total_text(result.total)} points; signed by {check.signer}; "
            "the data re-scores the same"
        )
    return verdict
