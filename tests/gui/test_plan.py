"""The upgrade-path tab: the core's plan for the document's stored choices, computed in
the background; pin and drop stored in the document; unrated items explained."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from levelcheck.core.document import Document
from levelcheck.core.planning import load_request
from levelcheck.core.roadmap import Planner, PlanRequest, UpgradePlan, krw, krw_range
from levelcheck.core.service import ScoringService
from levelcheck.gui.examples import example_files
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.plan_view import PlanView


def core_plan(service: ScoringService, path: Path, request: PlanRequest) -> UpgradePlan:
    with Document.open(path, readonly=True) as doc:
        assessment = doc.to_assessment()
    scorer = service.scorer(service.ruleset_for(assessment))
    planner = Planner(scorer, service.library.catalog_for(scorer.q))
    return planner.plan(assessment.answers, assessment.company, request)


def ids(plan: UpgradePlan) -> list[str]:
    return [c.action.id for c in plan.changes]


def shown_plan(qtbot, window: MainWindow, tmp_path: Path, example: int = 1) -> PlanView:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    assert window.open_example(example_files()[example], folder)
    ws = window.workspace
    assert ws is not None
    with qtbot.waitSignal(ws.plan_view.planned, timeout=20000):
        qtbot.keyClick(ws, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert ws.side.currentWidget() is ws.plan_view
    return ws.plan_view


def planned(qtbot: QtBot, window: MainWindow) -> PlanView:
    """The open workspace's upgrade path, shown and planned (after opening a file or a
    language switch, which make a new workspace)."""
    ws = window.workspace
    assert ws is not None
    with qtbot.waitSignal(ws.plan_view.planned, timeout=20000):
        ws.show_upgrade_path()
    return ws.plan_view


def test_the_tab_shows_the_cores_plan(qtbot, window: MainWindow, tmp_path: Path,
                                      service: ScoringService) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    assert window.session is not None
    expected = core_plan(service, window.session.document.path, PlanRequest())
    assert view.plan is not None and view.error is None
    assert expected.changes and view.action_ids() == ids(expected)
    assert view.plan.target == expected.target == view.target.currentData()
    assert str(expected.target) in view.status.text()
    assert view.summary.text()  # totals (and programmes)


def test_dropping_an_action_replans_and_is_stored(qtbot, window: MainWindow, tmp_path: Path,
                                                  service: ScoringService) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    assert window.session is not None
    path = window.session.document.path
    victim = view.action_ids()[0]
    assert view.select_action(victim)
    window.activateWindow()
    view.tree.setFocus()
    qtbot.waitUntil(view.tree.hasFocus)
    with qtbot.waitSignal(view.planned, timeout=20000):
        qtbot.keyClick(view.tree, Qt.Key.Key_D,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert victim not in view.action_ids()
    assert victim in view.request.dropped
    expected = core_plan(service, path, view.request)
    assert view.action_ids() == ids(expected)
    window.close_assessment()
    with Document.open(path, readonly=True) as doc:
        assert victim in load_request(doc).dropped
    # reopened, the stored choice is the starting point again
    assert window.open_path(path)
    assert window.workspace is not None
    assert victim in window.workspace.plan_view.request.dropped


def test_pinning_keeps_an_action_and_is_stored(qtbot, window: MainWindow,
                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    kept = view.action_ids()[-1]
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.pin(kept)
    assert kept in view.action_ids() and kept in view.request.pinned
    assert window.session is not None
    assert kept in load_request(window.session.document).pinned


def test_switching_the_target_replans(qtbot, window: MainWindow, tmp_path: Path,
                                      service: ScoringService) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path, example=0)
    levels = [view.target.itemData(i) for i in range(view.target.count())]
    assert len(levels) >= 2 and levels == sorted(levels)
    assert window.session is not None
    assert all(lv > (window.session.result.level or 0) for lv in levels)
    higher = levels[-1]
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.target.setCurrentIndex(levels.index(higher))
        view.target.activated.emit(levels.index(higher))
    assert view.plan is not None and view.plan.target == higher
    assert load_request(window.session.document).target == higher
    expected = core_plan(service, window.session.document.path, PlanRequest(target=higher))
    assert view.action_ids() == ids(expected)


def test_unrated_items_show_the_planning_error(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = planned(qtbot, opened)
    assert view.plan is None and view.action_ids() == []
    assert "not rated yet" in view.status.text()


def test_changed_answers_replan_while_visible(qtbot, window: MainWindow, tmp_path: Path,
                                              service: ScoringService) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    ws, session = window.workspace, window.session
    assert ws is not None and session is not None
    item = view.plan.changes[0].action.item if view.plan else session.item_ids[0]
    with qtbot.waitSignal(view.planned, timeout=20000):
        session.change(item, "raise", level=5)
        session.change(item, "raise", level=5)  # debounced: one plan for both
    expected = core_plan(service, session.document.path, view.request)
    assert view.action_ids() == ids(expected)
    assert all(not a.startswith(f"{item}-") or a not in ids(expected) for a in view.action_ids())


def test_the_budget_field_plans_and_is_stored(qtbot, window: MainWindow, tmp_path: Path,
                                              service: ScoringService) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    session = window.session
    assert session is not None and view.plan is not None
    profile = session.document.company.budget_krw
    assert profile is not None and view.request.budget_krw is None
    # the company profile's budget is the starting point, shown in 만원
    assert view.budget.value() * 10_000 == profile == view.plan.budget_krw
    assert view.budget.isEnabled()
    answers = session.answers()
    window.activateWindow()
    view.budget.setFocus()
    qtbot.waitUntil(view.budget.hasFocus)
    view.budget.selectAll()
    with qtbot.waitSignal(view.planned, timeout=20000):
        qtbot.keyClicks(view.budget, "25000")  # digits go to the field, not to "rate level"
        qtbot.keyClick(view.budget, Qt.Key.Key_Return)
    assert session.answers() == answers
    assert view.request.budget_krw == 250_000_000
    assert view.plan.request.budget_krw == view.plan.budget_krw == 250_000_000
    path = session.document.path
    assert view.action_ids() == ids(core_plan(service, path, PlanRequest(budget_krw=250_000_000)))
    window.close_assessment()
    with Document.open(path, readonly=True) as doc:
        assert load_request(doc).budget_krw == 250_000_000
    assert window.open_path(path)
    assert window.workspace is not None
    assert window.workspace.plan_view.budget.value() == 25_000


def test_a_small_budget_shows_why_the_target_is_out_of_reach(qtbot, window: MainWindow,
                                                             tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    assert view.plan is not None and view.plan.reachable
    assert not view.problem.isVisible()
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.budget.setValue(1)  # 1만 원
    plan = view.plan
    assert plan is not None and not plan.reachable and plan.reason is not None
    assert plan.budget_krw == 10_000 and view.action_ids() == []
    assert plan.reason["en"].startswith("Over budget")
    assert view.problem.isVisible() and view.problem.text() == plan.reason[view.lang]
    assert "not reachable" in view.status.text()
    # ignoring the budget turns the field off and the target is in reach again
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.no_budget.setChecked(True)
    assert not view.budget.isEnabled()
    assert view.plan is not None and view.plan.reachable and view.plan.budget_krw is None
    assert not view.problem.isVisible() and view.action_ids()


def without_budget(qtbot, view: PlanView) -> UpgradePlan:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.no_budget.setChecked(True)
    assert view.plan is not None and view.plan.reachable
    return view.plan


def test_the_expected_effects_of_the_plan_are_listed(qtbot, window: MainWindow,
                                                     tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path, example=0)
    plan, lang = without_budget(qtbot, view), view.lang
    priority = [p for _, p in plan.kpi_effects]
    assert len(plan.kpi_effects) >= 3 and True in priority and False in priority
    effects = view.effects.toPlainText()
    # every effect, in the planner's order (priority KPIs first), with its source and year
    at = 0
    for e, _ in plan.kpi_effects:
        at = effects.index(f"{e.change_pct:+.1f}%", at)
        at = effects.index(e.scope(lang), at)
        at = effects.index(f"{e.source_in(lang)}, {e.year}", at)
    assert effects.count("★") == priority.count(True)
    assert effects.index("★") < effects.index(plan.kpi_effects[-1][0].scope(lang))
    assert str(len(plan.kpi_effects)) in view.outlook.tabText(1)


def test_the_programmes_show_shares_sponsor_and_source(qtbot, window: MainWindow,
                                                       tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path)
    plan, lang = view.plan, view.lang
    assert plan is not None and window.session is not None
    company = window.session.document.company
    programmes = view.programmes.toPlainText()
    eligible = [o for o in plan.offers if o.eligible]
    assert eligible
    for o in eligible:
        p = o.programme
        assert p.name(lang) in programmes and o.reason[lang] in programmes
        assert f"{p.source_in(lang)}, {p.year}" in programmes
    sponsored = next(o for o in eligible if o.programme.sponsor_share)
    assert company.sponsor and company.sponsor in programmes
    assert f"{sponsored.programme.sponsor_share:.0%}" in programmes
    assert krw(sponsored.sponsor_krw, lang) in programmes


def test_the_selected_action_is_shown_in_full(qtbot, window: MainWindow,
                                              tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path, example=0)
    plan, lang = without_budget(qtbot, view), view.lang
    assert len(plan.phases) >= 2
    change = max(plan.changes, key=lambda c: sum(len(w.text[lang]) for w in c.why))
    a = change.action
    assert change.why
    assert view.select_action(a.id)
    text = view.detail.toPlainText()
    for why in change.why:
        assert why.text[lang] in text  # whole, not elided as in the tree
    assert a.title(lang) in text and a.description(lang) in text
    assert krw_range(a.cost_krw.min, a.cost_krw.max, lang) in text
    assert f"{a.from_} → {a.to}" in text
    phase = next(p for p in plan.phases if change in p.changes)
    assert phase.title[lang] in text
    # keyboard: the tree keeps the focus and the pane follows the arrow keys
    window.activateWindow()
    view.tree.setFocus()
    qtbot.waitUntil(view.tree.hasFocus)
    last = plan.changes[-1].action
    qtbot.keyClick(view.tree, Qt.Key.Key_End)
    assert view.tree.hasFocus()
    assert last.title(lang) in view.detail.toPlainText()
    first = plan.changes[0].action
    assert view.select_action(first.id)
    qtbot.keyClick(view.tree, Qt.Key.Key_Up)  # the phase row above it
    assert view.tree.currentItem() is not None and view.current_action() is None
    assert plan.phases[0].title[lang] in view.detail.toPlainText()
    assert first.title(lang) in view.detail.toPlainText()  # listed in its phase


def test_company_text_is_shown_escaped(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(example_files()[1].read_text(encoding="utf-8"))
    data["company"]["name"] = "<b>Bold</b> & Co"
    data["company"]["sponsor"] = "<i>Sponsor</i> <img src=x>"
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert window.open_path(source)
    view = planned(qtbot, window)
    assert view.plan is not None and view.plan.reachable
    assert "<b>Bold</b> & Co" in view.detail.toPlainText()
    assert "<i>Sponsor</i> <img src=x>" in view.programmes.toPlainText()


def test_action_titles_and_reasons_are_readable_in_a_narrow_panel(qtbot, window: MainWindow,
                                                                  tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    from PySide6.QtGui import QFontMetrics

    view = shown_plan(qtbot, window, tmp_path, example=0)
    plan, lang = without_budget(qtbot, view), view.lang
    window.resize(1024, 700)  # the smallest supported window: a narrow side panel
    qtbot.waitUntil(lambda: view.tree.viewport().width() < 400)
    rows = view._action_rows()
    assert [r.text(0).split("\n")[0] for r in rows] == [c.action.title(lang) for c in plan.changes]
    a = plan.changes[0].action
    assert rows[0].text(0).split("\n")[1].startswith(f"{a.item} {a.from_}→{a.to} · ")
    assert krw_range(a.cost_krw.min, a.cost_krw.max, lang) in rows[0].text(0)
    tree = view.tree
    style = tree.style()
    margin = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    wrapped = 0
    for row in [*rows, *(r.child(i) for r in rows for i in range(r.childCount()))]:
        assert row is not None
        rect = tree.visualRect(tree.indexFromItem(row))
        fm = QFontMetrics(row.font(0))
        needed = fm.boundingRect(0, 0, rect.width() - margin, 10_000,
                                 Qt.TextFlag.TextWordWrap, row.text(0)).height()  # fmt: skip
        assert rect.height() >= needed, row.text(0)  # the whole text, wrapped, not cut
        wrapped += needed > 2 * fm.lineSpacing()
    assert wrapped  # some title or reason is long enough to wrap here


def test_each_payer_has_one_line_with_what_its_share_is_of(qtbot, window: MainWindow,
                                                           tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    view = shown_plan(qtbot, window, tmp_path, example=0)
    plan, lang = without_budget(qtbot, view), view.lang
    text = view.programmes.toPlainText()
    capped = next(o for o in plan.offers if o.eligible and o.beyond_support_krw > 0)
    p = capped.programme
    assert p.cap_krw is not None and p.government_share is not None
    assert capped.supported_krw is not None and capped.company_krw is not None
    supported = krw(capped.supported_krw, lang)
    assert (f"Government: {krw(capped.government_krw or 0, lang)} ({p.government_share:.0%} "
            f"of the {supported} supported, cap {krw(p.cap_krw, lang)})") in text  # fmt: skip
    assert (f"The company pays: {krw(capped.company_krw, lang)} (including "
            f"{krw(capped.beyond_support_krw, lang)} above the supported amount)") in text  # fmt: skip
    payers = [line for line in text.splitlines()
              if line.startswith(("Government:", "Sponsor", "The company pays:"))]  # fmt: skip
    assert payers and all("→" not in line for line in payers)  # each figure once
    assert not any("The programme supports" in line for line in text.splitlines())
    lo, hi = plan.cost_range_krw
    assert f"person-days, {krw_range(lo, hi, lang)}" in view.summary.text()  # one range style

    view = shown_plan(qtbot, window, tmp_path, example=1)  # a sponsored programme
    plan = view.plan
    assert plan is not None and window.session is not None
    sponsored = next(o for o in plan.offers if o.eligible and o.programme.sponsor_share)
    sponsor = window.session.document.company.sponsor
    of = krw(sponsored.supported_krw or sponsored.cost_krw, lang)
    assert (f"Sponsor {sponsor}: {krw(sponsored.sponsor_krw, lang)} "
            f"({sponsored.programme.sponsor_share:.0%} of the {of} supported)"
            ) in view.programmes.toPlainText()  # fmt: skip


def test_a_plan_from_no_level_says_so_in_words(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    view = shown_plan(qtbot, window, tmp_path, example=0)
    assert view.plan is not None
    view._show_plan(replace(view.plan, current_level=None))  # e.g. a gate below Level 1
    assert view.status.text().startswith(f"No level yet → target Level {view.plan.target}")
    assert "—" not in view.status.text().split(":")[0]


def test_the_estimates_basis_is_one_short_line_under_the_list(qtbot, window: MainWindow,
                                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """The catalog's paragraph on whose estimates the costs are would take half of a
    small window under the list: the list keeps one short line, and the paragraph is in
    its tooltip and in the detail pane while no action is selected."""
    view = shown_plan(qtbot, window, tmp_path, example=0)
    plan = without_budget(qtbot, view)
    basis = plan.estimates_source[view.lang]
    lines = view.summary.text().splitlines()
    assert len(lines) == 2 and basis not in view.summary.text()
    assert lines[1].startswith("Effort and cost are estimates (")
    assert basis in view.summary.toolTip()
    view.tree.clearSelection()
    view._show_detail(None)
    assert basis in view.detail.toPlainText()


def test_a_read_only_document_plans_with_new_choices_without_saving_or_complaining(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A document open elsewhere: the plan tab still answers "what if" (target 4 here),
    nothing is written, and no "read-only" error pops up at each change (the workspace's
    banner says it once)."""
    from levelcheck.core.document import Document as Doc

    folder = tmp_path / "docs"
    folder.mkdir()
    assert window.open_example(example_files()[1], folder)
    assert window.session is not None
    path = window.session.document.path
    window.close_assessment()
    with Doc.open(path) as holder:  # another writer holds the edit lock
        before = path.read_bytes()
        assert window.open_path(path)
        assert window.session is not None and window.session.readonly
        errors: list[str] = []
        window.session.failed.connect(errors.append)
        view = planned(qtbot, window)
        with qtbot.waitSignal(view.planned, timeout=20000):
            view.set_target(4)
        assert errors == []
        assert view.plan is not None and view.plan.target == 4
        window.close_assessment()
        assert path.read_bytes() == before
        assert load_request(holder).target is None  # nothing stored
