"""Offline scoring speed, and the cost of saving one answer.

Scores N generated assessments (default 5,000) on one core, once as JSON files and
once as .levelcheck documents, and compares each with merely reading the same files:
  JSON baseline:      open().read() + json.loads
  document baseline:  sqlite3 read-only open + SELECT meta and answers + close
Ours is what ``levelcheck score`` does per file: read, validate, score with the
default rule set (the result with its explanation trace, built on demand).
Targets: at least 2,000 files per second and at most 3x the baseline, for both kinds;
one answer change through the document API (a durable transaction) under 5 ms median.

Usage: python bench/score.py [N]      (run by hand, not in CI)
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gen import make_assessments, write_assessments

from levelcheck.core.assessment import AssessmentInfo, Company, Ref
from levelcheck.core.document import Document, write_document
from levelcheck.core.service import ScoringService


def interleaved(fns: list[Callable[[], object]], rounds: int = 7) -> tuple[list[float], float]:
    """Median time of each function, run in alternating rounds, and the median of the
    per-round ratios of the second to the first. Shared virtual machines drift in
    speed; a ratio taken within one round, back to back, is robust to that."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for n, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[n].append(time.perf_counter() - start)
    ratio = statistics.median(b / a for a, b in zip(times[0], times[1], strict=True))
    return [statistics.median(t) for t in times], ratio


def report(
    kind: str, count: int, t_base: float, t_ours: float, ratio: float, base_label: str
) -> None:
    print(f"{kind}:")
    print(f"  baseline  {base_label:34s} {t_base:6.3f} s  ({count / t_base:8,.0f}/s)")
    print(f"  ours      read + validate + score        {t_ours:6.3f} s  ({count / t_ours:8,.0f}/s)")
    print(
        f"  ratio ours / baseline: {ratio:.2f} (median of paired rounds; target <= 3.0,"
        " and >= 2,000/s)"
    )


def bench_scoring(service: ScoringService, paths: list[Path], kind: str,
                  baseline: Callable[[Path], object], base_label: str) -> None:  # fmt: skip
    """Score every file against `baseline` doing the least a reader must for each."""

    def base() -> None:
        for p in paths:
            baseline(p)

    def ours() -> None:
        for p in paths:
            service.score_file(p)

    base()
    ours()  # warm both
    (t_base, t_ours), ratio = interleaved([base, ours])
    report(kind, len(paths), t_base, t_ours, ratio, base_label)


def read_json(p: Path) -> object:
    with open(p, "rb") as fh:
        return json.loads(fh.read())


def read_document(p: Path) -> object:
    conn = sqlite3.connect(f"{p.as_uri()}?mode=ro", uri=True)
    conn.execute("SELECT key, value FROM meta").fetchall()
    rows = conn.execute("SELECT * FROM answers").fetchall()
    conn.close()
    return rows


def bench_answer_change(folder: Path) -> None:
    doc = Document.create(folder / "edit.levelcheck", questionnaire=Ref(id="q", version="1"),
                          ruleset=Ref(id="r", version="1"), company=Company(name="bench"),
                          info=AssessmentInfo(date="2026-11-02"))  # fmt: skip
    times = []
    try:
        for n in range(300):
            start = time.perf_counter()
            doc.set_answer(f"X-{n % 42}", level=n % 5 + 1, note=f"현장 확인 메모 {n}")
            times.append(time.perf_counter() - start)
    finally:
        doc.close()
    times.sort()
    print("one answer change (durable transaction, synchronous=FULL):")
    print(f"  median {statistics.median(times) * 1000:.2f} ms, p95 {times[284] * 1000:.2f} ms"
          "   (target median < 5 ms)")  # fmt: skip


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    service = ScoringService.installed()
    rs = service.library.ruleset("ks-default")
    q = service.library.questionnaire(rs.questionnaire.id, rs.questionnaire.version)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        json_paths = write_assessments(q, folder / "json", count)
        docs = folder / "docs"
        docs.mkdir()
        doc_paths = []
        for n, assessment in enumerate(make_assessments(q, count)):
            doc_paths.append(docs / f"a{n:05d}.levelcheck")
            write_document(assessment, doc_paths[-1])
        print(f"{count} generated assessments, {len(q.items)} items each, scored on one core")
        bench_scoring(service, json_paths, "JSON assessments", read_json, "read + json.loads")
        bench_scoring(service, doc_paths, ".levelcheck documents", read_document,
                      "sqlite open + read + close")  # fmt: skip
        bench_answer_change(folder)


if __name__ == "__main__":
    main()
