"""Generated assessment files for the benchmarks (deterministic, realistic size)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from levelcheck.core.assessment import Assessment
from levelcheck.core.questionnaire import Questionnaire

NOTES = [
    "POP 단말기 3대 운영, 교대 종료 시 실적 입력. 설비 카운터 연동 없음.",
    "검사성적서 엑셀 관리, 월 1회 불량 집계 보고.",
    "MES 현황판에서 라인별 계획 대비 실적 실시간 확인함.",
    "Work orders printed from ERP each morning; no dispatch screen on the floor.",
]


def make_assessment(q: Questionnaire, n: int, rnd: random.Random) -> dict[str, object]:
    base = rnd.randint(1, 5)
    answers: dict[str, object] = {}
    for iid in q.items:
        if rnd.random() < 0.03:
            answers[iid] = {"na": True, "justification": "해당 공정 없음 (외주 가공)"}
            continue
        level = min(5, max(1, base + rnd.choice((-1, 0, 0, 0, 1))))
        answers[iid] = {
            "level": level,
            "note": rnd.choice(NOTES),
            "strength": rnd.choice(("claimed", "documented", "observed")),
            "evidence": [{"name": f"photo_{iid}.jpg", "media_type": "image/jpeg"}]
            if rnd.random() < 0.3
            else [],
        }
    return {
        "format": "levelcheck.assessment",
        "format_version": 1,
        "questionnaire": {"id": q.id, "version": q.version},
        "ruleset": {"id": "ks-default", "version": "1.0.0"},
        "company": {"name": f"(주)벤치마크{n:05d}", "industry": "금속가공", "employees": 40},
        "assessment": {"date": "2026-11-02", "assessors": [{"name": "김민수"}]},
        "answers": answers,
    }


def write_assessments(q: Questionnaire, folder: Path, count: int, seed: int = 7) -> list[Path]:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        p = folder / f"a{n:05d}.json"
        p.write_text(
            json.dumps(make_assessment(q, n, rnd), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        paths.append(p)
    return paths


def make_assessments(q: Questionnaire, count: int, seed: int = 7) -> list[Assessment]:
    rnd = random.Random(seed)
    return [Assessment.model_validate(make_assessment(q, n, rnd)) for n in range(count)]
