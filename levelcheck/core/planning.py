"""Planning for a saved assessment: content lookup, stored plan choices, the plan.

A consultant's choices for a plan (target, effort or cost, budget, pinned and dropped
actions) are stored in the ``.levelcheck`` document under the key ``request`` and used
as the starting point next time; choices given now override them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from levelcheck.core.assessment import Company
from levelcheck.core.document import (
    Document,
    display_name,
    migrated_note,
    refuse_if_migrated_before,
)
from levelcheck.core.errors import AssessmentError, DocumentError, LevelCheckError
from levelcheck.core.files import is_document
from levelcheck.core.interchange import read_assessment
from levelcheck.core.roadmap import BudgetBasis, Optimize, Planner, PlanRequest, UpgradePlan
from levelcheck.core.service import ScoringService

PLAN_KEY = "request"


def load_request(doc: Document) -> PlanRequest:
    """The document's stored choices; stored choices of the wrong shape (a hand edit)
    are a damaged file, said in one line as for any other damaged value."""
    try:
        return stored_request(doc.plan()) or PlanRequest()
    except AssessmentError as exc:
        raise DocumentError(
            f"the file is damaged ({exc.message})", file=display_name(doc.path)
        ) from None


def stored_request(plan: Mapping[str, Any], *, file: str | None = None) -> PlanRequest | None:
    """The choices stored under ``request`` in a document's plan table, or in an
    exported assessment's ``plan``; None when there are none. Values of the wrong
    shape (PlanRequest.from_dict) are one AssessmentError line, "plan.request.KEY: …"."""
    stored = plan.get(PLAN_KEY)
    if stored is None:
        return None
    where = f"plan.{PLAN_KEY}"
    if not isinstance(stored, dict):
        raise AssessmentError(f"{where}: not an object", file=file)
    try:
        return PlanRequest.from_dict(stored)
    except ValueError as exc:
        raise AssessmentError(f"{where}.{exc}", file=file) from None


def save_request(doc: Document, request: PlanRequest) -> None:
    doc.set_plan(PLAN_KEY, request.to_dict())


def edited(
    base: PlanRequest,
    *,
    target: int | None = None,
    optimize: Optimize | None = None,
    budget_krw: int | None = None,
    no_budget: bool = False,
    budget_basis: BudgetBasis | None = None,
    pin: Sequence[str] = (),
    drop: Sequence[str] = (),
) -> PlanRequest:
    """``base`` with the consultant's new choices on top. Pinning an action un-drops it
    and dropping one un-pins it."""
    pinned = (base.pinned - set(drop)) | set(pin)
    dropped = (base.dropped - set(pin)) | set(drop)
    return PlanRequest(
        target=target if target is not None else base.target,
        optimize=optimize or base.optimize,
        budget_krw=budget_krw if budget_krw is not None else base.budget_krw,
        no_budget=no_budget or (base.no_budget and budget_krw is None),
        budget_basis=budget_basis or base.budget_basis,
        pinned=frozenset(pinned),
        dropped=frozenset(dropped),
    )


def plan_for_file(
    path: Path,
    *,
    extra_content: Sequence[Path] = (),
    target: int | None = None,
    optimize: Optimize | None = None,
    budget_krw: int | None = None,
    no_budget: bool = False,
    budget_basis: BudgetBasis | None = None,
    pin: Sequence[str] = (),
    drop: Sequence[str] = (),
    save: bool = False,
    notes: list[str] | None = None,
) -> tuple[UpgradePlan, Company]:
    """The plan for a JSON assessment or a document, with the choices given now on top
    of the stored ones; ``save`` stores them in the document. Where choices saved into
    an old document went is appended to ``notes`` (the command line prints it on
    stderr; a document's warnings go to errors.set_warning_sink). An old
    document is upgraded into one copy beside it, once: saving again is refused, naming
    that copy (see document.refuse_if_migrated_before)."""
    service = ScoringService.installed(extra_content=extra_content)

    def apply(base: PlanRequest) -> PlanRequest:
        return edited(
            base,
            target=target,
            optimize=optimize,
            budget_krw=budget_krw,
            no_budget=no_budget,
            budget_basis=budget_basis,
            pin=pin,
            drop=drop,
        )

    said = notes if notes is not None else []
    if is_document(path):
        if save:
            refuse_if_migrated_before(path)
        with Document.open(path, readonly=not save) as doc:
            request = apply(load_request(doc))
            if save:
                save_request(doc, request)
                if doc.migrated_from is not None:
                    said.append(migrated_note(doc.migrated_from, doc.path))
            assessment = doc.to_assessment()
    else:
        assessment = read_assessment(path)
        if save:
            raise LevelCheckError("--save needs a .levelcheck document (import it first)",
                                  file=str(path))  # fmt: skip
        request = apply(stored_request(assessment.plan, file=str(path)) or PlanRequest())
    scorer = service.scorer(service.ruleset_for(assessment))
    planner = Planner(scorer, service.library.catalog_for(scorer.q))
    return planner.plan(assessment.answers, assessment.company, request), assessment.company
