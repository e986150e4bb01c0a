"""Writing reports to files, one or a batch (spread over processes with --jobs)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from levelcheck.core.document import Document
from levelcheck.core.errors import LevelCheckError, set_warning_sink, warning_sink
from levelcheck.core.files import is_document, remove_quietly, replacing
from levelcheck.core.interchange import read_assessment
from levelcheck.core.planning import load_request, stored_request
from levelcheck.core.roadmap import PlanRequest
from levelcheck.core.service import ScoringService
from levelcheck.core.text import total_text
from levelcheck.report.job import ReportJob, check_outputs
from levelcheck.report.renderer import RenderProcess

__all__ = ["ReportJob", "check_outputs", "report_batch", "report_one"]


def report_one(
    source: Path,
    target: Path,
    job: ReportJob,
    service: ScoringService,
    renderer: RenderProcess | None = None,
    issuer: Any = None,
) -> str:
    """Write one report; the outcome as one line ('wrote …' or 'error: …').
    ``renderer``: a render process already started (see :mod:`levelcheck.report.renderer`);
    without one the PDF is rendered here. ``issuer``: the signing key, loaded and
    checked by the caller (a batch does it once); else it is loaded here."""
    from levelcheck.report.build import draft_report
    from levelcheck.report.fonts import prepared_fonts
    from levelcheck.report.render import write_pdf

    try:
        check_outputs(source, target, job)
        request: PlanRequest | None = None
        if is_document(source):
            with Document.open(source, readonly=True, whole=True) as doc:  # what is signed
                assessment = doc.to_assessment()
                stored = doc.plan()
                request = load_request(doc) if stored else None
        else:
            assessment = read_assessment(source)
            request = stored_request(assessment.plan)  # an exported document's choices
        _check_issue_date(job.issued, assessment.assessment.date)
        draft = draft_report(assessment, service, lang=job.lang, theme_file=job.theme,
                             templates=job.templates, issued=job.issued, plan_request=request,
                             issuer_organisation=_organisation(job))  # fmt: skip
        if renderer is not None:
            renderer.submit(draft.html)
            if not job.unsigned and issuer is None:
                issuer = _issuer(job)  # while the PDF is laid out
            report = draft.finish(*renderer.result())
        else:
            if not job.unsigned and issuer is None:
                issuer = _issuer(job)
            report = draft.finish(*write_pdf(draft.html, prepared_fonts(), job.templates))
        pdf = report.pdf if issuer is None else _sign(report.pdf, report.attachments(), issuer)
        _write(source, target, pdf, job, report.html.encode("utf-8"))
        level = f"Level {report.result.level}" if report.result.level else "below Level 1"
        outcome = "unsigned" if issuer is None else "signed"
        return f"wrote {target} ({level}, {total_text(report.result.total)}; {outcome})"
    except LevelCheckError as exc:
        if exc.file is None:
            exc.file = str(source)
        return f"error: {exc}"


def _check_issue_date(issued: dt.date | None, assessed: dt.date) -> None:
    """A certificate is issued on or after its assessment (``verify`` fails one that is
    not): an ``--issued`` date before it, or an assessment dated after today when the
    issue date is today's, is refused before any work."""
    if issued is not None and issued < assessed:
        raise LevelCheckError(
            f"--issued {issued} is before the assessment date {assessed}: a certificate "
            "is issued after the assessment"
        )
    today = dt.date.today()
    if issued is None and today < assessed:
        raise LevelCheckError(
            f"the assessment is dated {assessed}, after today ({today}): a certificate is "
            "issued after the assessment; correct the assessment date"
        )


def _key(job: ReportJob) -> Path:
    from levelcheck.report.keys import issuer_key

    return issuer_key(job.key)


def _organisation(job: ReportJob) -> str:
    """The signing certificate's organisation, which the cover names as the issuer
    when no theme file is given ("" when themed). An unsigned draft names the
    organisation of the key it would be signed with, when there is one (a draft from
    a consultancy is theirs, not LevelCheck's default centre's)."""
    if job.theme is not None:
        return ""
    from levelcheck.report.keys import default_key, issuer_organisation

    if job.unsigned:
        key = job.key or default_key()
        return issuer_organisation(key, job.passphrase) if key.is_file() else ""
    return issuer_organisation(_key(job), job.passphrase)


def _issuer(job: ReportJob) -> Any:
    from levelcheck.report.signing import SigningError, load_issuer

    key = _key(job)
    try:
        issuer = load_issuer(key, job.passphrase)
    except SigningError as exc:
        raise LevelCheckError(str(exc).removeprefix(f"{key}: "), file=str(key)) from None
    why = issuer.unusable()
    if why is not None:  # its reports would fail `levelcheck verify` everywhere
        raise LevelCheckError(
            f"{why}: reports signed with it would not verify; make a new key "
            "(levelcheck keys init --force) or give another (--key)",
            file=str(key),
        )
    return issuer


def _sign(pdf: bytes, attachments: dict[str, bytes], issuer: Any) -> bytes:
    from levelcheck.report.signing import SigningError, sign_pdf

    try:
        return sign_pdf(pdf, issuer, attachments=attachments,
                        reason="LevelCheck assessment certificate")  # fmt: skip
    except SigningError as exc:
        raise LevelCheckError(str(exc)) from None


def _write(source: Path, target: Path, pdf: bytes, job: ReportJob, html: bytes) -> None:
    """Write the PDF and, with --html, the HTML: both or neither. Both are written to
    temporary files first and the HTML is moved into place before the PDF; should the
    PDF's move fail after that, the new HTML is removed again."""
    html_written = False
    try:
        with replacing(target, overwrite=job.force, inputs=[source]) as tmp_pdf:
            tmp_pdf.write_bytes(pdf)
            if job.html is not None:
                with replacing(job.html, overwrite=job.force, inputs=[source]) as tmp_html:
                    tmp_html.write_bytes(html)
                html_written = True
    except BaseException:
        if html_written and job.html is not None:
            remove_quietly(Path(os.path.realpath(job.html)))
        raise


_worker: tuple[ScoringService, ReportJob, Any] | None = None


def report_batch(
    targets: Sequence[tuple[Path, Path]],
    job: ReportJob,
    *,
    jobs: int = 1,
    renderer: RenderProcess | None = None,
) -> Iterator[tuple[Path, str]]:
    """Write the reports, yielding (source, outcome line) as each is done. ``renderer``:
    a render process the caller started early for a single report (else one is
    started here); it is closed when done."""
    if len(targets) != 1 and renderer is not None:
        renderer.close()
        renderer = None
    if len(targets) == 1:
        # one report: WeasyPrint starts in a second process at once (see renderer.py)
        source, target = targets[0]
        if not job.unsigned:
            try:
                _key(job)  # no key: say so before any work
            except LevelCheckError as exc:
                if renderer is not None:
                    renderer.close()
                yield source, f"error: {exc}"
                return
        with renderer or RenderProcess(job.templates) as renderer:
            service = ScoringService.installed(extra_content=job.content)
            yield source, report_one(source, target, job, service, renderer)
        return
    # the key is the batch's, not a report's: loaded and checked once, before any work
    # (an expired key used to be found after each report was laid out); a problem with
    # it ends the batch as one LevelCheckError
    issuer = None if job.unsigned else _issuer(job)
    service = ScoringService.installed(extra_content=job.content)
    if jobs <= 1 or len(targets) < 2:
        for source, target in targets:
            yield source, report_one(source, target, job, service, issuer=issuer)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(job, warning_sink())) as pool:
        yield from zip((s for s, _ in targets), pool.imap(_work, targets), strict=True)


def _init(job: ReportJob, sink: Callable[[str], None] | None) -> None:
    global _worker
    set_warning_sink(sink)  # a document's warnings, from the workers too
    issuer = None if job.unsigned else _issuer(job)  # checked by the batch already
    _worker = (ScoringService.installed(extra_content=job.content), job, issuer)


def _work(pair: tuple[Path, Path]) -> str:
    assert _worker is not None
    service, job, issuer = _worker
    return report_one(pair[0], pair[1], job, service, issuer=issuer)
