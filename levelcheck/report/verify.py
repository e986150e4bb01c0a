"""``levelcheck verify``: is this report the one that was signed, and does its data
still score to what it says?"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    path: Path,
    *,
    trusted: Sequence[Path] = (),
    extra_content: Sequence[Path] = (),
    today: dt.date | None = None,
) -> Verdict:
    """Check a report; see the README's "What OK means". ``today``: the day its
    validity is judged on (default: today)."""
    from levelcheck.report.keys import default_trust
    from levelcheck.report.signing import NOT_SIGNED, SigningError, load_trusted, verify_pdf

    trust = list(trusted) or default_trust()
    try:  # a bad --trust file is its own error, before the report is read
        load_trusted(trust)
    except SigningError as exc:
        raise LevelCheckError(str(exc)) from None
    raw = read_user_file(path, MAX_PDF_BYTES)
    verdict = Verdict()
    try:
        with warnings.catch_warnings():
            # odd certificates in a --trust bundle make cryptography warn about itself
            warnings.simplefilter("ignore")
            check = verify_pdf(raw, trusted=trust)
    except SigningError as exc:  # not a PDF at all
        raise LevelCheckError(str(exc), file=path) from None
    if check.damaged:  # cut short or garbled: nothing in it can be judged
        raise LevelCheckError(check.problems[0], file=path)
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
    if check.signatures > 1:
        verdict.fail(
            f"signed {check.signatures} times: a LevelCheck report carries one signature, "
            f"and this one was signed again later (last by {check.signer})"
        )
    signed_json = check.attachments.get(SCORE_ATTACHMENT)
    data = check.attachments.get(ASSESSMENT_ATTACHMENT)
    if signed_json is None or data is None:
        verdict.fail("not a LevelCheck report: it carries no assessment data to re-score")
        return verdict
    signed = _signed_score(signed_json)
    if isinstance(signed, str):
        verdict.fail(signed)
        return verdict
    try:
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
    dates = _dates(signed)
    if isinstance(dates, str):
        verdict.fail(dates)
        return verdict
    issued, valid_until = dates
    for problem in _date_problems(
        issued, valid_until, assessment.assessment.date, check.signed_at, today or dt.date.today()
    ):
        verdict.fail(problem)
    if verdict.ok:
        when = f" on {check.signed_at:%Y-%m-%d %H:%M} UTC" if check.signed_at else ""
        company = assessment.company
        registered = (
            f" (registration no. {company.registration_number})"
            if company.registration_number
            else ""
        )
        verdict.lines += [
            f"OK: {signed.get('certificate')} — {company.name}{registered}, Level {result.level}, "
            f"{total_text(result.total)} points; the data re-scores the same",
            f"  issued {issued}, valid until {valid_until}",
            f"  signed by {check.signer}{when} (the time by the signer's own clock)",
            f"  signer's certificate SHA-256 {check.fingerprint_sha256}",
        ]
    return verdict


def _signed_score(raw: bytes) -> dict[str, Any] | str:
    """The signed score as a JSON object, or why it is not one."""
    try:
        signed = json.loads(raw)
    except RecursionError:
        return f"the signed score ({SCORE_ATTACHMENT}) is nested too deeply"
    except ValueError as exc:  # not JSON, or not UTF-8
        return f"the signed score ({SCORE_ATTACHMENT}) is not valid JSON: {exc}"
    if not isinstance(signed, dict):
        return f"the signed score ({SCORE_ATTACHMENT}) is not a JSON object"
    return signed


def _dates(signed: dict[str, Any]) -> tuple[dt.date, dt.date] | str:
    try:
        return (
            dt.date.fromisoformat(signed["issued"]),
            dt.date.fromisoformat(signed["valid_until"]),
        )
    except (KeyError, TypeError, ValueError):
        return (
            f"the signed score ({SCORE_ATTACHMENT}) has no readable issue and valid-until "
            "dates (YYYY-MM-DD)"
        )


def _date_problems(
    issued: dt.date,
    valid_until: dt.date,
    assessed: dt.date,
    signed_at: dt.datetime | None,
    today: dt.date,
) -> list[str]:
    """What the dates a report states say against each other, the signing time and
    today. A day of slack on the signing time: it is UTC, an issue date local."""
    problems = []
    if issued < assessed:
        problems.append(f"issued {issued}, before the assessment of {assessed}")
    if valid_until <= issued:
        problems.append(f"valid until {valid_until}, not after its issue date {issued}")
    if signed_at is not None and signed_at.date() < issued - dt.timedelta(days=1):
        problems.append(
            f"signed on {signed_at:%Y-%m-%d}, before the issue date it states ({issued}); "
            "the signing time is the signer's own claim"
        )
    if issued > today + dt.timedelta(days=1):
        problems.append(f"issued {issued}, a date still to come")
    elif valid_until < today:
        problems.append(f"the certificate expired on {valid_until} (issued {issued})")
    return problems
