"""Scoring many files, in this process or spread over several.

Each outcome is the JSON-ready row of a scored file (as ``levelcheck score`` prints
it) or, for a file that could not be scored, its one-line error. Outcomes come in the
order of the input, whatever the number of processes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from levelcheck.core.errors import LevelCheckError, set_warning_sink, warning_sink
from levelcheck.core.service import ScoringService

Outcome = dict[str, Any] | str

_worker: tuple[ScoringService, str | None] | None = None


def score_batch(
    paths: Sequence[Path], ruleset_id: str | None, extra_content: Sequence[Path] = (),
    *, jobs: int = 1,
) -> Iterator[Outcome]:  # fmt: skip
    # Content problems stop the batch before it starts, as one line.
    service = ScoringService.installed(extra_content=extra_content)
    if jobs <= 1 or len(paths) < 2 * jobs:
        for path in paths:
            yield _score_one(service, ruleset_id, path)
        return
    ctx = multiprocessing.get_context("spawn")
    args = (list(extra_content), ruleset_id, warning_sink())  # the workers warn too
    with ctx.Pool(jobs, initializer=_init, initargs=args) as pool:
        chunk = max(1, min(256, len(paths) // (jobs * 8)))
        yield from pool.imap(_work, paths, chunksize=chunk)


def _score_one(service: ScoringService, ruleset_id: str | None, path: Path) -> Outcome:
    try:
        company, result = service.score_file(path, ruleset_id=ruleset_id)
    except LevelCheckError as exc:
        return str(exc)
    return {"file": str(path), "company": company.name, **result.to_dict()}


def _init(
    extra_content: list[Path], ruleset_id: str | None, sink: Callable[[str], None] | None
) -> None:
    global _worker
    set_warning_sink(sink)
    _worker = (ScoringService.installed(extra_content=extra_content), ruleset_id)


def _work(path: Path) -> Outcome:
    assert _worker is not None
    return _score_one(_worker[0], _worker[1], path)
