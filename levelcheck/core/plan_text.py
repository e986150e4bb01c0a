"""An upgrade plan as plain lines of text, in Korean or English (the CLI's table).

Each step starts with its action's id (``PRC-PP-02-2``: the item and the level it
reaches), the name ``roadmap --pin/--drop`` take, so that a consultant can copy it from
the table. Lines are kept within :data:`WIDTH` terminal columns (Hangul takes two) by
breaking a long title at spaces under its first word, never by cutting it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from levelcheck.core.roadmap import Offer, UpgradePlan, krw, krw_range
from levelcheck.core.text import Lang, confidence_label, total_text

_L = {
    "ko": {
        "head": "{company} — 현재 Level {now}({total}점) → 목표 Level {target}",
        "none": "현재 수준 판정 없음",
        "budget_project": "예산: 총 사업비 {budget} 이내",
        "budget_own": "예산: 기업 부담 {budget} 이내",
        "budget_via": " — 지원사업({name}) 적용 시 사업비 최대 {ceiling}",
        "budget_alone": " — 이 목표에 해당하는 지원사업이 없어 전액 기업 부담",
        "reach": "달성 가능: 계획 적용 시 Level {level}, {total}점 예상",
        "noreach": "달성 불가 — {reason}",
        "phase": "{title} — {days}인일, {cost}, 약 {weeks}주",
        "step": "  {action}  {f}→{t}  ",
        "step_size": "({days}인일, {cost})",
        "total": "합계: {days}인일, {cost}",
        "programmes": "지원사업 (해당):",
        "offer": "  {name}: 기업 부담 약 {own} (정부 {gov}{sponsor}){beyond} "
        "[{source}, {year}, {conf}]",
        "sponsor": " · 후원기업 {x}",
        "beyond": "; 지원 대상 사업비는 {x}까지, 초과분 {y}은 기업 부담",
        "unknown": "미상",
        "free": "  {name}: 무료 [{source}, {year}, {conf}]",
        "effects": "기대 효과 (공개 자료):",
        "effect": "  {kpis} {pct:+.1f}% — {scope} [{source}, {year}, {conf}]",
        "estimates": "비용·공수는 {source} ({conf}).",
        "ids": "맨 앞은 조치 ID입니다: --pin ID로 계획에 넣고 --drop ID로 뺍니다.",
    },
    "en": {
        "head": "{company} — now Level {now} ({total}) → target Level {target}",
        "none": "no level yet",
        "budget_project": "Budget: {budget} for the whole project",
        "budget_own": "Budget: {budget} for the company's share",
        "budget_via": " — with {name}, a project of up to {ceiling}",
        "budget_alone": " — no programme applies to this target, so the company pays it all",
        "reach": "Reachable: with this plan, Level {level} at {total} points",
        "noreach": "Not reachable — {reason}",
        "phase": "{title} — {days} person-days, {cost}, about {weeks} weeks",
        "step": "  {action}  {f}→{t}  ",
        "step_size": "({days} d, {cost})",
        "total": "Total: {days} person-days, {cost}",
        "programmes": "Support programmes (eligible):",
        "offer": "  {name}: company pays about {own} (government {gov}{sponsor}){beyond} "
        "[{source}, {year}, {conf}]",
        "sponsor": ", sponsor {x}",
        "beyond": "; the programme supports up to {x}, the {y} above it is the company's",
        "unknown": "unknown",
        "free": "  {name}: free [{source}, {year}, {conf}]",
        "effects": "Expected effects (published figures):",
        "effect": "  {kpis} {pct:+.1f}% — {scope} [{source}, {year}, {conf}]",
        "estimates": "Costs and effort: {source} ({conf}).",
        "ids": "Each step starts with its action id: --pin ID keeps it, --drop ID leaves it out.",
    },
}


def plan_lines(plan: UpgradePlan, company: str, lang: Lang) -> Iterator[str]:
    """The plan as lines of at most :data:`WIDTH` columns."""
    for line in _lines(plan, company, lang):
        if line.startswith(" ") or display_width(line) <= WIDTH:
            yield line  # (indented lines are wrapped where they are made)
        else:
            yield from wrapped("", line, indent="  ")


def _lines(plan: UpgradePlan, company: str, lang: Lang) -> Iterator[str]:
    t = _L[lang]
    now = plan.current_level if plan.current_level is not None else t["none"]
    yield t["head"].format(
        company=company, now=now, total=total_text(plan.current_total), target=plan.target
    )
    if plan.budget_krw is not None:
        yield budget_line(plan, lang)
    if not plan.reachable:
        yield t["noreach"].format(reason=plan.reason[lang] if plan.reason else "")
        return
    if plan.reason:
        yield plan.reason[lang]
    if plan.predicted is not None and plan.phases:  # (none: already there, said above)
        yield t["reach"].format(level=plan.predicted.level, total=total_text(plan.predicted.total))
    for phase in plan.phases:
        yield ""
        yield t["phase"].format(
            title=phase.title[lang],
            days=f"{phase.effort_days:,}",
            cost=krw_range(phase.cost_min_krw, phase.cost_max_krw, lang),
            weeks=phase.duration_weeks,
        )
        for c in phase.changes:
            a = c.action
            size = t["step_size"].format(
                days=f"{a.effort_days:,}", cost=krw_range(a.cost_krw.min, a.cost_krw.max, lang)
            )
            head = t["step"].format(action=a.id, f=a.from_, t=a.to)
            # the size is kept whole, as one word: "(10 d," alone on a line would mislead
            yield from wrapped(head, f"{a.title(lang)}  {size.replace(' ', NBSP)}")
            for reason in c.why:
                yield from wrapped("      · ", reason.text[lang])
    if plan.phases:
        lo, hi = plan.cost_range_krw
        yield ""
        yield t["total"].format(days=f"{plan.effort_days:,}", cost=krw_range(lo, hi, lang))
        yield t["ids"]
    offers = [o for o in plan.offers if o.eligible]
    if offers:
        yield ""
        yield t["programmes"]
        for o in offers:
            yield from _cited(_offer(o, lang))
    if plan.kpi_effects:
        yield ""
        yield t["effects"]
        for effect, _ in plan.kpi_effects[:6]:
            line = t["effect"].format(
                kpis=plan.kpi_label(effect.kpis, lang),
                pct=effect.change_pct,
                scope=effect.scope(lang),
                source=effect.source_in(lang),
                year=effect.year,
                conf=confidence_label(effect.confidence, lang),
            )
            yield from _cited(line)
    yield ""
    yield t["estimates"].format(
        source=plan.estimates_source[lang], conf=confidence_label(plan.estimates_confidence, lang)
    )


WIDTH = 100  # a terminal's columns the table fits in


def display_width(text: str) -> int:
    """Columns on a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


NBSP = "\u00a0"  # joins words that must stay on one line; printed as a space
_WORD = re.compile(r"( *)([^ ]+)")


def wrapped(
    head: str, text: str, *, indent: str | None = None, width: int = WIDTH
) -> Iterator[str]:
    """``head`` and then ``text``, broken at spaces into lines of at most ``width``
    columns. A continuation line starts with ``indent`` (default: under the text's first
    word) and drops the spaces it was broken at; a word wider than a line is left whole."""
    more = " " * display_width(head) if indent is None else indent
    line, used = head, display_width(head)
    for n, (gap, word) in enumerate(_WORD.findall(text)):
        word = word.replace(NBSP, " ")
        w = display_width(word)
        if n == 0 or used + len(gap) + w <= width:
            gap = "" if n == 0 else gap
            line, used = line + gap + word, used + len(gap) + w
        else:
            yield line
            line, used = more + word, display_width(more) + w
    yield line


def _cited(line: str) -> Iterator[str]:
    """An indented line ending in a ``[source, year, confidence]`` citation, wrapped with
    the citation kept on one line where it fits one: split, it could not be found or
    copied whole."""
    text = line.removeprefix("  ")
    at = text.rfind(" [")
    if at >= 0 and display_width(text[at:]) <= WIDTH - 4:
        text = text[:at] + " " + text[at + 1 :].replace(" ", NBSP)
    return wrapped("  ", text, indent="    ")


def budget_line(plan: UpgradePlan, lang: Lang) -> str:
    """What the plan's budget pays for and, for the company's share, how far the best
    eligible programme stretches it ("" without a budget)."""
    if plan.budget_krw is None:
        return ""
    t, budget = _L[lang], krw(plan.budget_krw, lang)
    if plan.request.budget_basis == "project":
        return t["budget_project"].format(budget=budget)
    line = t["budget_own"].format(budget=budget)
    if plan.funding is None:
        return line + t["budget_alone"]
    if plan.project_ceiling_krw is None:
        return line
    ceiling = krw(plan.project_ceiling_krw, lang)
    return line + t["budget_via"].format(name=plan.funding.name(lang), ceiling=ceiling)


def _offer(o: Offer, lang: Lang) -> str:
    t = _L[lang]
    p = o.programme
    if p.track == "level-check":
        conf = confidence_label(p.confidence, lang)
        return t["free"].format(name=p.name(lang), source=p.source_in(lang), year=p.year, conf=conf)
    own = krw(o.company_krw, lang) if o.company_krw is not None else t["unknown"]
    gov = krw(o.government_krw, lang) if o.government_krw is not None else t["unknown"]
    sponsor = t["sponsor"].format(x=krw(o.sponsor_krw, lang)) if o.sponsor_krw else ""
    beyond = (
        t["beyond"].format(x=krw(o.supported_krw or 0, lang), y=krw(o.beyond_support_krw, lang))
        if o.beyond_support_krw
        else ""
    )
    return t["offer"].format(
        name=p.name(lang),
        own=own,
        gov=gov,
        sponsor=sponsor,
        beyond=beyond,
        source=p.source_in(lang),
        year=p.year,
        conf=confidence_label(p.confidence, lang),
    )
