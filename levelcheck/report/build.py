"""One report from one assessment: score, upgrade path, context, HTML, PDF, signature.

The upgrade path shown is the one the consultant's stored choices give (for a
``.levelcheck`` document), else the plan to the next level without a budget cap: the
report shows what it takes; the budget is a conversation, not a filter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from levelcheck.core.assessment import Assessment
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.result import ScoreResult
from levelcheck.core.roadmap import Planner, PlanRequest, UpgradePlan
from levelcheck.core.scoring import Scorer
from levelcheck.core.service import ScoringService
from levelcheck.core.text import Lang
from levelcheck.report.context import Certificate, build_context, certificate_for
from levelcheck.report.fonts import prepared_fonts
from levelcheck.report.render import FONT_FAMILY, render_html, write_pdf
from levelcheck.report.theme import ReportStrings, Theme

ASSESSMENT_ATTACHMENT = "assessment.json"
SCORE_ATTACHMENT = "score.json"


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    result: ScoreResult
    plan: UpgradePlan | None
    cert: Certificate
    html: str
    pdf: bytes
    refused: list[str]

    def attachments(self) -> dict[str, bytes]:
        """What a signed report carries, so that ``levelcheck verify`` can re-score it."""
        assessment = self.assessment.model_dump_json(indent=2).encode("utf-8")
        signed = {
            "certificate": self.cert.number,
            "issued": self.cert.issued.isoformat(),
            "valid_until": self.cert.valid_until.isoformat(),
            "total": self.result.total,
            "level": self.result.level,
            "ruleset": {"id": self.result.ruleset.id, "version": self.result.ruleset.version,
                        "hash": self.result.ruleset.hash},
        }  # fmt: skip
        score = json.dumps(signed, ensure_ascii=False, indent=2).encode("utf-8")
        return {ASSESSMENT_ATTACHMENT: assessment, SCORE_ATTACHMENT: score}


@dataclass(frozen=True)
class Draft:
    """A report up to its HTML: what is left is turning the HTML into the PDF."""

    assessment: Assessment
    result: ScoreResult
    plan: UpgradePlan | None
    cert: Certificate
    html: str

    def finish(self, pdf: bytes, refused: list[str]) -> Report:
        return Report(self.assessment, self.result, self.plan, self.cert, self.html, pdf, refused)


def build_report(
    assessment: Assessment, service: ScoringService, *, lang: Lang,
    theme_file: Path | None = None, templates: Path | None = None,
    issued: dt.date | None = None, plan_request: PlanRequest | None = None,
) -> Report:  # fmt: skip
    fonts = prepared_fonts()
    draft = draft_report(assessment, service, lang=lang, theme_file=theme_file,
                         templates=templates, issued=issued, plan_request=plan_request)  # fmt: skip
    return draft.finish(*write_pdf(draft.html, fonts, templates))


def draft_report(
    assessment: Assessment, service: ScoringService, *, lang: Lang,
    theme_file: Path | None = None, templates: Path | None = None,
    issued: dt.date | None = None, plan_request: PlanRequest | None = None,
    issuer_organisation: str = "",
) -> Draft:  # fmt: skip
    """Score, plan, context and HTML: everything but the PDF.

    The cover's issuing organisation is the theme's when a theme file is given; else
    ``issuer_organisation`` (the signing certificate's organisation) when there is
    one, so that a consultancy's signed report never names the default theme's
    centre as its issuer; else the default theme's."""
    theme = Theme.load(theme_file)
    if theme_file is None and issuer_organisation.strip():
        theme = theme.issued_by(issuer_organisation.strip())
    strings = ReportStrings.load(templates)
    ruleset = service.ruleset_for(assessment)
    result = service.score(assessment)
    scorer = service.scorer(ruleset)
    plan = _plan(service, scorer, assessment, result, plan_request)
    cert = certificate_for(assessment, result, strings, issued or dt.date.today())
    context = build_context(
        assessment=assessment, questionnaire=scorer.q, ruleset=ruleset, result=result,
        plan=plan, theme=theme, strings=strings, lang=lang, cert=cert, font_family=FONT_FAMILY,
    )  # fmt: skip
    return Draft(assessment, result, plan, cert, render_html(context, templates))


def _plan(
    service: ScoringService,
    scorer: Scorer,
    assessment: Assessment,
    result: ScoreResult,
    request: PlanRequest | None,
) -> UpgradePlan | None:
    top = max((b.level for b in scorer.rs.bands), default=None)
    if top is None or ((result.level or 0) >= top and request is None):
        return None  # a profile rule set, or the top level already
    try:
        planner = Planner(scorer, service.library.catalog_for(scorer.q))
        return planner.plan(
            assessment.answers, assessment.company, request or PlanRequest(no_budget=True)
        )
    except LevelCheckError:
        return None  # e.g. unrated items or no catalog: the report shows no plan
