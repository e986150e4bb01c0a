"""Sentences of the explanation trace, in Korean and English.

These are interface strings (like a UI's), not content: the names, thresholds and
stage labels they are filled with come from the questionnaire and the rule set.
"""

from __future__ import annotations

from levelcheck.core.text import LANGS, Lang

_T: dict[str, dict[Lang, str]] = {
    "item_level": {
        "ko": "{name}({target}) 수준 {req} 이상 필요, 현재 {act}",
        "en": "{name} ({target}) at level {req} or above, now {act}",
    },
    "category_level": {
        "ko": "{name} 범주 수준 {req} 이상 필요, 현재 {act}",
        "en": "category {name} at level {req} or above, now {act}",
    },
    "area_level": {
        "ko": "{name} 영역 수준 {req} 이상 필요, 현재 {act}",
        "en": "area {name} at level {req} or above, now {act}",
    },
    "min_item_level": {
        "ko": "{name} 내 모든 항목 수준 {req} 이상 필요, 미달 {act}",
        "en": "every item in {name} at level {req} or above, below it now: {act}",
    },
    "area_score": {
        "ko": "{name} 영역 점수 {req}점 이상 필요, 현재 {act}점",
        "en": "area {name} at {req} points or more, now {act}",
    },
    "category_score": {
        "ko": "{name} 범주 점수 {req}점 이상 필요, 현재 {act}점",
        "en": "category {name} at {req} points or more, now {act}",
    },
    "total_score": {
        "ko": "총점 {req}점 이상 필요, 현재 {act}점",
        "en": "a total of {req} points or more, now {act}",
    },
    "not": {"ko": "다음이 아니어야 함: {act}", "en": "not: {act}"},
    "whole": {"ko": "전체 문항", "en": "the whole questionnaire"},
    "none_below": {"ko": "없음", "en": "none"},
    "and_more": {"ko": "{shown} 외 {more}개", "en": "{shown} and {more} more"},
    "na": {"ko": "해당없음", "en": "not applicable"},
    "unanswered": {"ko": "미응답", "en": "unanswered"},
    "band_met": {
        "ko": "Level {level}({stage}): 총점 {req}점 이상 — 충족 (현재 {act}점)",
        "en": "Level {level} ({stage}): a total of {req} or more — met ({act})",
    },
    "band_unmet": {
        "ko": "Level {level}({stage}) 미충족: 총점 {req}점 이상 필요, 현재 {act}점",
        "en": "Level {level} ({stage}) needs a total of {req} or more, now {act}",
    },
    "band_open": {
        "ko": "Level {level}({stage}): 총점 기준 없음",
        "en": "Level {level} ({stage}): no total threshold",
    },
    "gate_met": {
        "ko": "Level {level}({stage}) '{gate}' 요건 충족: {checks}",
        "en": "Level {level} ({stage}) requirement '{gate}' met: {checks}",
    },
    "gate_unmet": {
        "ko": "Level {level}({stage}) 미충족 — '{gate}' 요건: {checks}",
        "en": "Level {level} ({stage}) needs '{gate}': {checks}",
    },
    "any_of": {"ko": "다음 중 하나 — ", "en": "one of — "},
    "outcome": {
        "ko": "판정: Level {level}({stage}), 총점 {total}/{max}점",
        "en": "Result: Level {level} ({stage}), total {total} of {max}",
    },
    "outcome_profile": {
        "ko": "판정: 영역별 수준 프로파일 (총점 없음)",
        "en": "Result: a level profile per area (no total)",
    },
    "outcome_none": {
        "ko": "판정: Level 1 기준 미달, 총점 {total}/{max}점",
        "en": "Result: below Level 1, total {total} of {max}",
    },
    "stopped": {
        "ko": "Level {level} 요건 미충족으로 상위 수준은 인정되지 않음",
        "en": "Level {level} is not met, so no higher level counts",
    },
    "provisional": {
        "ko": "잠정 결과: {missing}/{count}개 문항 미응답",
        "en": "Provisional: {missing} of {count} items unanswered",
    },
    "na_unjustified": {
        "ko": "{target}: 사유 없는 '해당없음'은 인정되지 않아 미응답으로 처리",
        "en": "{target}: N/A without a justification is not accepted; counted as unanswered",
    },
    "na_not_allowed": {
        "ko": "{target}: 이 규칙은 '해당없음'을 허용하지 않아 미응답으로 처리",
        "en": "{target}: this rule set does not allow N/A; counted as unanswered",
    },
}


def say(key: str, **values: object) -> dict[Lang, str]:
    """Both languages of sentence ``key``. A value given as ``{"ko": …, "en": …}`` is
    used in its own language."""
    out: dict[Lang, str] = {}
    for lang in LANGS:
        filled = {k: v[lang] if isinstance(v, dict) else v for k, v in values.items()}
        out[lang] = _T[key][lang].format(**filled)
    return out


def phrase(key: str, lang: Lang) -> str:
    return _T[key][lang]


def num(x: float | None) -> str:
    """Numbers as the trace shows them: at most one decimal, no trailing .0."""
    if x is None:
        return "-"
    r = round(x, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"
