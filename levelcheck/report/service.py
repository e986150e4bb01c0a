"""Writing reports to files, one or a batch (spread over processes with --jobs)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def report_one(
    source: Path,
    target: Path,
    job: ReportJob,
    service: ScoringService,
    signer: Signer | None = None,
) -> str:
    """Write one report; the outcome as one line ('wrote …' or 'error: …'). ``signer``:
    a signer already started in another process (see :class:`Signer`)."""
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
        if not job.unsigned:
            if signer is not None:
                pdf = signer.sign(pdf, report.attachments())
                outcome = "signed"
            else:
                pdf, outcome = _sign(pdf, report.attachments(), job)
        else:
            outcome = "unsigned"
        _write(target, pdf)
        if job.html is not None:
            _write(job.html, report.html.encode("utf-8"))
        level = f"Level {report.result.level}" if report.result.level else "below Level 1"
        return f"wrote {target} ({level}, {report.result.total}; {outcome})"
    except LevelCheckError as exc:
        if exc.file is None:
            exc.file = str(source)
        return f"error: {exc}"


def _key(job: ReportJob) -> Path:
    from levelcheck.report.keys import default_key

    key = job.key or default_key()
    if not key.is_file():
        raise LevelCheckError(
            f"no issuer key at {key}: run 'levelcheck keys init' first (or use --unsigned)"
        )
    return key


class Signer:
    """Signs in a second process, started before the report is built: importing pyHanko
    and reading the key (about 0.6 s) then overlap with rendering on the other core."""

    def __init__(self, key: Path) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_sign_server, args=(child, str(key)), daemon=True)
        self._proc.start()
        child.close()

    def sign(self, pdf: bytes, attachments: dict[str, bytes]) -> bytes:
        try:
            self._conn.send((pdf, attachments))
            ok, value = self._conn.recv()
        except (EOFError, OSError):
            raise LevelCheckError("the signing process ended unexpectedly") from None
        if not ok:
            raise LevelCheckError(str(value))
        assert isinstance(value, bytes)
        return value

    def close(self) -> None:
        self._conn.close()
        self._proc.join(timeout=2)
        if self._proc.is_alive():
            self._proc.terminate()


def _sign_server(conn: Any, key: str) -> None:
    """The signing process: get ready, then sign one PDF sent over the pipe."""
    from levelcheck.report.signing import SigningError, load_issuer, sign_pdf

    try:
        issuer: Any = load_issuer(Path(key))
        problem = ""
    except SigningError as exc:
        issuer, problem = None, str(exc)
    try:
        pdf, attachments = conn.recv()
    except EOFError:
        return  # the report failed before signing: nothing to do
    if issuer is None:
        conn.send((False, problem))
        return
    try:
        signed = sign_pdf(
            pdf, issuer, attachments=attachments, reason="LevelCheck assessment certificate"
        )
        conn.send((True, signed))
    except SigningError as exc:
        conn.send((False, str(exc)))


def _sign(pdf: bytes, attachments: dict[str, bytes], job: ReportJob) -> tuple[bytes, str]:
    from levelcheck.report.signing import SigningError, load_issuer, sign_pdf

    key = _key(job)
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
    if len(targets) == 1 and not job.unsigned:
        # one report: start signing's set-up now, in parallel with everything else
        source, target = targets[0]
        try:
            signer = Signer(_key(job))
        except LevelCheckError as exc:
            yield source, f"error: {exc}"
            return
        try:
            service = ScoringService.installed(extra_content=job.content)
            yield source, report_one(source, target, job, service, signer)
        finally:
            signer.close()
        return
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
