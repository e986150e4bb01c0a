"""Writing reports to files, one or a batch (spread over processes with --jobs)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from levelcheck.core.document import Document
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.interchange import is_document, read_assessment
from levelcheck.core.planning import load_request
from levelcheck.core.roadmap import PlanRequest
from levelcheck.core.service import ScoringService
from levelcheck.core.text import Lang


@dataclass(frozen=True)
class ReportJob:
    lang: Lang
    theme: Path | None = None
    templates: Path | None = None
    key: Path | None = None
    unsigned: bool = False
    issued: dt.date | None = None
    force: bool = False
    content: tuple[Path, ...] = ()
    html: Path | None = None


def report_one(source: Path, target: Path, job: ReportJob, service: ScoringService) -> str:
    """Write one report; the outcome as one line ('wrote …' or 'error: …')."""
    from levelcheck.report.build import build_report

    try:
        if target.exists() and not job.force:
            raise LevelCheckError("already exists (use --force to replace it)", file=target)
        request: PlanRequest | None = None
        if is_document(source):
            with Document.open(source, readonly=True) as doc:
                assessment = doc.to_assessment()
                stored = doc.plan()
                request = load_request(doc) if stored else None
        else:
            assessment = read_assessment(source)
        report = build_report(assessment, service, lang=job.lang, theme_file=job.theme,
                              templates=job.templates, issued=job.issued,
                              plan_request=request)  # fmt: skip
        pdf = report.pdf
        signer = "unsigned"
        if not job.unsigned:
            pdf, signer = _sign(pdf, report.attachments(), job)
        _write(target, pdf)
        if job.html is not None:
            _write(job.html, report.html.encode("utf-8"))
        level = f"Level {report.result.level}" if report.result.level else "below Level 1"
        return f"wrote {target} ({level}, {report.result.total}; {signer})"
    except LevelCheckError as exc:
        if exc.file is None:
            exc.file = str(source)
        return f"error: {exc}"


def _sign(pdf: bytes, attachments: dict[str, bytes], job: ReportJob) -> tuple[bytes, str]:
    from levelcheck.report.keys import default_key
    from levelcheck.report.signing import SigningError, load_issuer, sign_pdf

    key = job.key or default_key()
    if not key.is_file():
        raise LevelCheckError(
            f"no issuer key at {key}: run 'levelcheck keys init' first (or use --unsigned)"
        )
    try:
        issuer = load_issuer(key)
        signed = sign_pdf(pdf, issuer, attachments=attachments,
                          reason="LevelCheck assessment certificate")  # fmt: skip
    except SigningError as exc:
        raise LevelCheckError(str(exc)) from None
    return signed, "signed"


def _write(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise LevelCheckError(f"cannot write: {exc.strerror or exc}", file=target) from None


_worker: tuple[ScoringService, ReportJob] | None = None


def report_batch(
    targets: Sequence[tuple[Path, Path]], job: ReportJob, *, jobs: int = 1
) -> Iterator[tuple[Path, str]]:
    service = ScoringService.installed(extra_content=job.content)
    if jobs <= 1 or len(targets) < 2:
        for source, target in targets:
            yield source, report_one(source, target, job, service)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(job,)) as pool:
        yield from zip((s for s, _ in targets), pool.imap(_work, targets), strict=True)


def _init(job: ReportJob) -> None:
    global _worker
    _worker = (ScoringService.installed(extra_content=job.content), job)


def _work(pair: tuple[Path, Path]) -> str:
    assert _worker is not None
    return report_one(pair[0], pair[1], _worker[1], _worker[0])
