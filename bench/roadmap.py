"""Upgrade-path planning speed: the full questionnaire, every example, every higher
level, with and without the company's budget. Prints the median time of one plan
(target: under 200 ms) and the slowest.

Usage: python bench/roadmap.py      (run by hand, not in CI)
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from levelcheck.core.assessment import load_assessment
from levelcheck.core.roadmap import Planner, PlanRequest
from levelcheck.core.service import ScoringService

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    service = ScoringService.installed()
    times: list[float] = []
    cases = 0
    for path in sorted(EXAMPLES.glob("*.json")):
        a = load_assessment(path)
        scorer = service.scorer(service.ruleset_for(a))
        planner = Planner(scorer, service.library.catalog_for(scorer.q))
        planner.plan(a.answers, a.company, PlanRequest(no_budget=True))  # warm up (imports)
        now = scorer.score(a.answers).level or 0
        for target in range(now + 1, 6):  # only requests that need a plan
            for no_budget in (True, False):
                for optimize in ("effort", "cost"):
                    request = PlanRequest(target=target, no_budget=no_budget, optimize=optimize)
                    for _ in range(3):
                        start = time.perf_counter()
                        planner.plan(a.answers, a.company, request)
                        times.append(time.perf_counter() - start)
                    cases += 1
    n = len(list(EXAMPLES.glob("*.json")))
    print(f"{cases} plan requests (each example to each higher level; with and without its")
    print(f"budget; least effort and least cost) x 3 runs over {n} examples")
    print(
        f"median {statistics.median(times) * 1000:.1f} ms, "
        f"slowest {max(times) * 1000:.1f} ms   (target: median under 200 ms)"
    )


if __name__ == "__main__":
    main()
