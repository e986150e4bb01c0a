"""What a report command asks for, and the checks of its outputs that come before any
work. Light on purpose: the command line checks the outputs and then starts the render
process (see :mod:`levelcheck.report.renderer`) before importing the heavy rest."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from levelcheck.core.errors import LevelCheckError
from levelcheck.core.files import output_target

if TYPE_CHECKING:
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
    # the key's passphrase (report.keys.key_passphrase), asked for once before any work
    passphrase: bytes | None = field(default=None, repr=False)


def check_outputs(source: Path, target: Path, job: ReportJob) -> None:
    """The PDF and the HTML may be written: the "already exists" rule (--force) for
    both, never over the source, the HTML never over the PDF (core.files.output_target).
    Checked before any work, and again when writing."""
    output_target(target, overwrite=job.force, inputs=[source])
    if job.html is not None:
        if os.path.realpath(job.html) == os.path.realpath(target):
            raise LevelCheckError("--html names the same file as the PDF", file=str(job.html))
        output_target(job.html, overwrite=job.force, inputs=[source])
