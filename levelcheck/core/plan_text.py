"""An upgrade plan as plain lines of text, in Korean or English (the CLI's table)."""

from __future__ import annotations

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
        "step": "  {item} {f}→{t}  {title}  ({days}인일, {cost})",
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
        "step": "  {item} {f}→{t}  {title}  ({days} d, {cost})",
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
    },
}


def plan_lines(plan: UpgradePlan, company: str, lang: Lang) -> Iterator[str]:
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
            yield t["step"].format(
                item=a.item,
                f=a.from_,
                t=a.to,
                title=a.title(lang),
                days=f"{a.effort_days:,}",
                cost=krw_range(a.cost_krw.min, a.cost_krw.max, lang),
            )
            for reason in c.why:
                yield f"      · {reason.text[lang]}"
    if plan.phases:
        lo, hi = plan.cost_range_krw
        yield ""
        yield t["total"].format(days=f"{plan.effort_days:,}", cost=krw_range(lo, hi, lang))
    offers = [o for o in plan.offers if o.eligible]
    if offers:
        yield ""
        yield t["programmes"]
        for o in offers:
            yield _offer(o, lang)
    if plan.kpi_effects:
        yield ""
        yield t["effects"]
        for effect, _ in plan.kpi_effects[:6]:
            yield t["effect"].format(
                kpis=plan.kpi_label(effect.kpis, lang),
                pct=effect.change_pct,
                scope=effect.scope(lang),
                source=effect.source_in(lang),
                year=effect.year,
                conf=confidence_label(effect.confidence, lang),
            )
    yield ""
    yield t["estimates"].format(
        source=plan.estimates_source[lang], conf=confidence_label(plan.estimates_confidence, lang)
    )


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
