"""Offline scoring speed: N generated assessment files, scored on one core.

Baseline: merely reading and JSON-parsing the same files (``open().read()`` +
``json.loads``). Ours: what ``levelcheck score`` does per file — read, validate into
the assessment model, score with the default rule set (result with its trace).
Targets: at least 2,000 assessments per second, and at most 3x the baseline.

Usage: python bench/score.py [N]      (default N = 5000; run by hand, not in CI)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gen import write_assessments

from levelcheck.core.service import ScoringService


def interleaved(fns: list[Callable[[], object]], rounds: int = 5) -> list[float]:
    """Median time of each function, run in alternating rounds so that a machine
    whose speed drifts (shared virtual machines do) affects all of them alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for n, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[n].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    service = ScoringService.installed()
    rs = service.library.ruleset("ks-default")
    q = service.library.questionnaire(rs.questionnaire.id, rs.questionnaire.version)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_assessments(q, Path(tmp), count)

        def baseline() -> None:
            for p in paths:
                with open(p, "rb") as fh:
                    json.loads(fh.read())

        def ours() -> None:
            for p in paths:
                service.score_file(p)

        def ours_json() -> None:
            for p in paths:
                service.score_file(p)[1].to_dict()

        baseline()  # warm the page cache and the scorer
        ours()
        t_base, t_ours, t_json = interleaved([baseline, ours, ours_json])
    print(f"files: {count} generated assessments, {len(q.items)} items each")
    print(f"baseline  read + json.loads:              {t_base:.3f} s  ({count / t_base:,.0f}/s)")
    print(f"ours      read + validate + score:        {t_ours:.3f} s  ({count / t_ours:,.0f}/s)")
    print(f"ours      ... + result as JSON-ready dict: {t_json:.3f} s  ({count / t_json:,.0f}/s)")
    print(f"ratio ours / baseline: {t_ours / t_base:.2f}  (target <= 3.0; rate target >= 2,000/s)")


if __name__ == "__main__":
    main()
