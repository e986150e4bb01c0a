"""What a report shows, computed from an assessment, its score and its upgrade path.

Everything the templates print is prepared here as plain values (strings and lists),
already in the report's language; templates only lay it out. No Qt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from levelcheck.core.assessment import Assessment
from levelcheck.core.explain import num
from levelcheck.core.plan_text import budget_line
from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.result import ScoreResult
from levelcheck.core.roadmap import UpgradePlan, krw, krw_range
from levelcheck.core.ruleset import RuleSet
from levelcheck.core.text import Lang, confidence_label
from levelcheck.report import charts
from levelcheck.report.theme import ReportStrings, Theme


@dataclass(frozen=True)
class Certificate:
    number: str
    assessed: dt.date
    issued: dt.date
    valid_until: dt.date


def certificate_for(
    assessment: Assessment, result: ScoreResult, strings: ReportStrings, issued: dt.date
) -> Certificate:
    """The same assessment, rule set and issue year always give the same number."""
    canonical = json.dumps(assessment.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{canonical}|{result.ruleset.hash}".encode()).hexdigest()
    years = strings.certificate.valid_years
    try:
        until = issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        until = issued.replace(year=issued.year + years, day=28)
    number = f"{strings.certificate.number_prefix}-{issued.year}-{digest[:8].upper()}"
    return Certificate(number, assessment.assessment.date, issued, until - dt.timedelta(days=1))


def verification_payload(cert: Certificate, assessment: Assessment, result: ScoreResult) -> str:
    """What the QR code carries: enough to check a printed copy against the signed PDF."""
    return "|".join(
        [
            "LVCK1",
            cert.number,
            assessment.company.name,
            f"L{result.level or 0}",
            num(result.total),
            cert.issued.isoformat(),
            result.ruleset.hash[:16],
        ]
    )


def build_context(
    *,
    assessment: Assessment,
    questionnaire: Questionnaire,
    ruleset: RuleSet,
    result: ScoreResult,
    plan: UpgradePlan | None,
    theme: Theme,
    strings: ReportStrings,
    lang: Lang,
    cert: Certificate,
    font_family: str,
) -> dict[str, Any]:
    labels = strings.labels(lang)
    q = questionnaire
    company = assessment.company
    stage = result.stage[lang] if result.stage else "—"
    colours = theme.colors
    style = charts.ChartStyle(
        font_family=font_family,
        text=colours.text,
        grid=colours.line,
        current=colours.current,
        target=colours.target,
    )
    next_level = (result.level or 0) + 1 if plan is None else plan.target
    # at the top level there is no next level's requirement to draw (a ring at the rim
    # labelled "next level" said there was)
    top = (result.level or 0) >= q.max_level
    cats = list(q.categories.values())
    radar = charts.radar(
        [c.title(lang) for c in cats],
        [result.categories[c.id].level for c in cats],
        target=None if top else [float(min(next_level, q.max_level))] * len(cats),
        max_value=float(q.max_level),
        size=520,  # wide enough for the longest English category name
        style=style,
        title=labels.get("radar_title_top", labels["radar_title"])
        if top
        else labels["radar_title"],
        legend=(labels["legend_current"], labels["legend_target"]),
    )
    bars = charts.bars(
        [a.title(lang) for a in q.areas],
        [result.areas[a.id].score for a in q.areas],
        [result.areas[a.id].max for a in q.areas],
        style=style,
        title=labels["areas_title"],
    )
    badge = charts.level_badge(
        result.level, stage, max_level=q.max_level, style=style, caption="Level"
    )
    return {
        "lang": lang,
        "L": labels,
        "font_family": font_family,
        "theme": {
            "organisation": theme.organisation(lang),
            "logo": theme.logo_url,
            "colors": colours.model_dump(),
        },
        "company": company,
        "company_size": _name_size(company.name),
        "running_name": _shortened(company.name, 44),
        "assessors": assessment.assessment.assessors,
        "cert": {
            "number": cert.number,
            "assessed": _date(cert.assessed, lang),
            "issued": _date(cert.issued, lang),
            "valid_until": _date(cert.valid_until, lang),
        },
        "score": {
            "total_text": num(result.total),
            "max_text": f"{result.max_total:,.0f}"  # 1,000 as the methodology writes it
            if result.max_total is not None and result.max_total == int(result.max_total)
            else num(result.max_total),
            "provisional": result.provisional,
        },
        "charts": {
            "radar": radar,
            "bars": bars,
            "badge": badge,
            "qr": _qr(verification_payload(cert, assessment, result)),
        },
        "summary": _summary(assessment, q, result, plan, labels, lang, stage),
        "details": _details(assessment, q, result, labels, lang),
        "plan": _plan(plan, labels, lang, q, assessment.company.budget_krw),
        "method": _method(q, ruleset, result, plan, strings, labels, lang),
        "questionnaire_notice": q.notice(lang),
    }


def _date(d: dt.date, lang: Lang) -> str:
    return f"{d.year}년 {d.month}월 {d.day}일" if lang == "ko" else d.strftime("%d %B %Y")


def _qr(payload: str) -> str:
    import segno

    qr = segno.make(payload, error="m")
    svg: str = qr.svg_inline(scale=3, border=1, dark="#111827")
    return svg


def _summary(
    a: Assessment,
    q: Questionnaire,
    r: ScoreResult,
    plan: UpgradePlan | None,
    labels: dict[str, str],
    lang: Lang,
    stage: str,
) -> dict[str, Any]:
    if r.level is None:
        lead = labels["below_sentence"].format(company=a.company.name, total=num(r.total))
    else:
        lead = labels["result_sentence"].format(
            company=a.company.name, level=r.level, stage=stage, total=num(r.total)
        )
    ranked = sorted(q.categories.values(), key=lambda c: -(r.categories[c.id].level or 0))
    strengths = [
        f"{c.title(lang)} — {labels['level']} {num(r.categories[c.id].level)}" for c in ranked[:3]
    ]
    gaps: list[str] = []
    target = plan.target if plan is not None else (r.level or 0) + 1
    for entry in r.trace:  # the next level's unmet requirements first
        if entry.kind == "gate" and not entry.passed and entry.level == target:
            gaps += [c.sentence(lang) for c in entry.checks if not c.passed]
    for c in reversed(ranked):
        if len(gaps) >= 3:
            break
        gaps.append(f"{c.title(lang)} — {labels['level']} {num(r.categories[c.id].level)}")
    return {
        "lead": lead,
        "strengths": strengths,
        "gaps": gaps[:3],
        "next": _next_sentence(plan, labels, lang, q),
    }


def _next_sentence(
    plan: UpgradePlan | None, labels: dict[str, str], lang: Lang, q: Questionnaire
) -> str:
    if plan is None:
        return labels["top_level"]
    stage = q.levels.get(plan.target)
    stage_text = stage(lang) if stage else ""
    if not plan.reachable:
        return labels["next_unreachable"].format(
            target=plan.target, reason=(plan.reason or {}).get(lang, "")
        )
    if not plan.changes:
        return (plan.reason or {}).get(lang, labels["top_level"])
    lo, hi = plan.cost_range_krw
    return labels["next_sentence"].format(
        target=plan.target,
        stage=stage_text,
        count=len(plan.changes),
        days=f"{plan.effort_days:,}",
        cost=krw_range(lo, hi, lang),
        lo=krw(lo, lang),  # {lo} and {hi}: for labels written before {cost}
        hi=krw(hi, lang),
    )


# A details row moves to the next page whole (no row is split across pages) unless it
# cannot fit on one page anyway: then it starts where it is and goes on over the next
# page, instead of leaving the page before it nearly empty. The estimate follows
# report.css (7.9 pt text, line height 1.45, descriptor column 36 % and note column 28 %
# of the 174 mm text width, 1.5 mm cell padding) and errs towards keeping rows whole:
# a Korean character counts one em, any other character half of one.
_EM_MM = 7.9 * 0.3528
_LINE_MM = _EM_MM * 1.45
_DESCRIPTOR_MM = 174 * 0.36 - 3
_NOTE_MM = 174 * 0.28 - 3
_PAGE_MM = 255 - 8  # the page's text height less the table's repeated header row


def _lines(text: str, width_mm: float) -> int:
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)
    return math.ceil(ems * _EM_MM / width_mm) if text else 0


def _taller_than_a_page(descriptor: str, note: str, justification: str) -> bool:
    lines = max(
        _lines(descriptor, _DESCRIPTOR_MM),
        _lines(note, _NOTE_MM) + _lines(justification, _NOTE_MM),
    )
    return lines * _LINE_MM > _PAGE_MM


def _details(
    a: Assessment, q: Questionnaire, r: ScoreResult, labels: dict[str, str], lang: Lang
) -> list[dict[str, Any]]:
    out = []
    for cat in q.categories.values():
        rows = []
        for item in cat.items:
            ans = a.answers.get(item.id)
            score = r.items[item.id]
            level = score.level if score.status == "answered" else None
            descriptor = (
                item.rubric[level](lang)
                if level in item.rubric
                else (labels["na"] if score.status == "na" else labels["unanswered"])
            )
            note = ans.note if ans else ""
            justification = ans.justification if ans and ans.na else ""
            row = {
                "id": item.id,
                "title": item.title(lang),
                "level": level,
                "na": score.status == "na",
                "descriptor": descriptor,
                "note": note,
                "justification": justification,
                "evidence": len(ans.evidence) if ans else 0,
                "tall": _taller_than_a_page(descriptor, note, justification),
            }
            rows.append(row)
        out.append(
            {"title": cat.title(lang), "level_text": num(r.categories[cat.id].level), "rows": rows}
        )
    return out


def _plan(
    plan: UpgradePlan | None,
    labels: dict[str, str],
    lang: Lang,
    q: Questionnaire,
    stated_budget: int | None,
) -> dict[str, Any]:
    if plan is None or not plan.reachable:
        return {"phases": [], "programmes": [], "effects": [], "estimates": "", "budget": ""}
    lo, hi = plan.cost_range_krw
    budget = budget_line(plan, lang)  # "" unless the document's plan has a budget
    if plan.budget_krw is None and stated_budget is not None and (lo + hi) / 2 > stated_budget:
        # the report plans without the company's budget unless the document stores one;
        # say so when the plan costs more than the company said it could spend
        budget = labels["over_budget"].format(
            cost=krw((lo + hi) / 2, lang), budget=krw(stated_budget, lang)
        )
    phases = []
    for p in plan.phases:
        phases.append(
            {
                "title": p.title[lang],
                "summary": labels["phase_summary"].format(
                    days=f"{p.effort_days:,}",
                    cost=krw_range(p.cost_min_krw, p.cost_max_krw, lang),
                    lo=krw(p.cost_min_krw, lang),
                    hi=krw(p.cost_max_krw, lang),
                    weeks=p.duration_weeks,
                ),
                "changes": [
                    {
                        "item": c.item,
                        "from": c.action.from_,
                        "to": c.action.to,
                        "title": c.action.title(lang),
                        # "5인일" as the headings write it; "5 d" in English
                        "effort": f"{c.action.effort_days:,}{'' if lang == 'ko' else ' '}"
                        f"{labels['days']}",
                        "cost": krw_range(c.action.cost_krw.min, c.action.cost_krw.max, lang),
                        "why": [w.text[lang] for w in c.why],
                    }
                    for c in p.changes
                ],
            }
        )
    programmes = []
    for o in plan.offers:
        if not o.eligible:
            continue
        prog = o.programme
        free = prog.track == "level-check"
        programmes.append(
            {
                "name": prog.name(lang),
                "notes": prog.notes(lang) if prog.notes else "",
                "government": labels["free"]
                if free
                else (
                    krw(o.government_krw, lang)
                    if o.government_krw is not None
                    else labels["unknown"]
                ),
                "company": labels["free"]
                if free
                else (krw(o.company_krw, lang) if o.company_krw is not None else labels["unknown"]),
                "sponsor": krw(o.sponsor_krw, lang) if o.sponsor_krw else "—",
                "supported": krw(o.supported_krw or 0, lang),
                "beyond": krw(o.beyond_support_krw, lang) if o.beyond_support_krw else "",
                "source": f"{prog.source_in(lang)}, {prog.year} "
                f"({labels['confidence']}: {confidence_label(prog.confidence, lang)})",
            }
        )
    effects = [
        {
            "text": f"{plan.kpi_label(e.kpis, lang)} {e.change_pct:+.1f}% — {e.scope(lang)}",
            "source": f"{e.source_in(lang)}, {e.year}, {confidence_label(e.confidence, lang)}",
        }
        for e, _ in plan.kpi_effects[:6]
    ]
    estimates = labels["estimates_note"].format(
        source=plan.estimates_source[lang],
        confidence=confidence_label(plan.estimates_confidence, lang),
    )
    return {
        "phases": phases,
        "programmes": programmes,
        "effects": effects,
        "estimates": estimates,
        "budget": budget,
    }


def _method(
    q: Questionnaire,
    rs: RuleSet,
    r: ScoreResult,
    plan: UpgradePlan | None,
    strings: ReportStrings,
    labels: dict[str, str],
    lang: Lang,
) -> dict[str, Any]:
    sources = [
        f"{rs.title(lang)}: {rs.source_in(rs.source, lang)} "
        f"({labels['confidence']}: {confidence_label(rs.confidence, lang)})"
    ]
    if rs.points.source:
        sources.append(
            f"{rs.source_in(rs.points.source, lang)} "
            f"({confidence_label(rs.points.confidence, lang)})"
        )
    for b in rs.bands:
        if b.source:
            sources.append(
                labels["band_source"].format(
                    level=b.level,
                    source=rs.source_in(b.source, lang),
                    confidence=confidence_label(b.confidence, lang),
                )
            )
    sources.append(
        f"{strings.certificate.source_in(lang)} "
        f"({confidence_label(strings.certificate.confidence, lang)})"
    )
    if plan is not None and plan.reachable:
        seen = set()
        for o in plan.offers:
            p = o.programme
            if p.id not in seen:
                seen.add(p.id)
                sources.append(
                    f"{p.name(lang)}: {p.source_in(lang)}, {p.year} "
                    f"({confidence_label(p.confidence, lang)})"
                )
        for e, _ in plan.kpi_effects:
            sources.append(
                f"{plan.kpi_label(e.kpis, lang)} {e.change_pct:+.1f}%: {e.source_in(lang)}, "
                f"{e.year} ({confidence_label(e.confidence, lang)})"
            )
        sources.append(
            labels["estimates_note"].format(
                source=plan.estimates_source[lang],
                confidence=confidence_label(plan.estimates_confidence, lang),
            )
        )
    return {
        "questionnaire": f"{q.title(lang)} — {q.id} {q.version}",
        "ruleset": f"{rs.title(lang)} — {rs.id} {rs.version}",
        "hash": r.ruleset.hash,
        "trace": [{"text": t.text[lang], "passed": t.passed} for t in r.trace],
        "sources": sources,
    }


def _width(text: str) -> float:
    """Roughly how wide a text sets, in Hangul-character widths (Latin letters and
    digits are about half as wide)."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def _name_size(name: str) -> str:
    """The cover's company-name size class: a long registered name gets a smaller size
    rather than pushing the certificate's facts and sign-off off the page (never cut:
    it is the name on a certificate)."""
    width = _width(name)
    for limit, size in ((22, ""), (44, "name-m"), (90, "name-s")):
        if width <= limit:
            return size
    return "name-xs"


def _shortened(text: str, width: float) -> str:
    """``text`` cut to about ``width`` (see :func:`_width`) with an ellipsis: the running
    header has one line beside the certificate number."""
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out.rstrip() + "…"
