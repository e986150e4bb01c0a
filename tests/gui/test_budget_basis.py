"""What the budget pays for, in the plan tab: the whole project or the company's own
share, which the best support programme the company is eligible for stretches. The
choice is stored in the document with the other plan choices."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from levelcheck.core.document import Document
from levelcheck.core.planning import load_request
from levelcheck.core.roadmap import PlanRequest, krw
from levelcheck.core.service import ScoringService
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.plan_view import PlanView
from tests.gui.test_plan import core_plan, ids, planned, shown_plan

HANMORU = 1  # examples/02: Level 2, a sponsor, a profile budget of 1.8억 원
BUDGET_MANWON = 4_000  # 4,000만 원: not enough for Level 3 as a whole project


def at_small_budget(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> PlanView:
    view = shown_plan(qtbot, window, tmp_path, example=HANMORU)
    assert view.plan is not None and view.plan.target == 3
    assert view.basis.currentData() == "project" and view.request.budget_basis == "project"
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.budget.setValue(BUDGET_MANWON)
    assert view.plan is not None and not view.plan.reachable
    assert view.plan.budget_krw == BUDGET_MANWON * 10_000
    return view


def choose_own_share(qtbot: QtBot, window: MainWindow, view: PlanView) -> None:
    """With the keyboard, as a consultant would: the label's mnemonic, then Down."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.basis.hasFocus)
    with qtbot.waitSignal(view.planned, timeout=20000):
        qtbot.keyClick(view.basis, Qt.Key.Key_Down)
    assert view.basis.currentData() == "own"


def test_the_companys_share_reaches_the_target_and_names_the_programme(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, service: ScoringService
) -> None:
    view = at_small_budget(qtbot, window, tmp_path)
    assert window.session is not None
    assert view.choices.text().startswith(f"Budget {krw(40_000_000, view.lang)}")
    assert "company's share" not in view.choices.text()
    choose_own_share(qtbot, window, view)
    plan = view.plan
    assert plan is not None and plan.reachable and view.action_ids()
    assert plan.request.budget_basis == "own" and plan.budget_krw == 40_000_000
    assert plan.funding is not None and plan.project_ceiling_krw is not None
    assert plan.project_ceiling_krw > plan.budget_krw
    expected = core_plan(
        service,
        window.session.document.path,
        PlanRequest(budget_krw=40_000_000, budget_basis="own"),
    )
    assert view.action_ids() == ids(expected)
    assert view.choices.text() == (
        f"Budget {krw(40_000_000, view.lang)} (company's share; with "
        f"{plan.funding.name(view.lang)}: a project of up to "
        f"{krw(plan.project_ceiling_krw, view.lang)})"
    )
    assert not view.problem.isVisible()
    # back to the whole project: out of reach again
    with qtbot.waitSignal(view.planned, timeout=20000):
        qtbot.keyClick(view.basis, Qt.Key.Key_Up)
    assert view.plan is not None and not view.plan.reachable
    assert view.request.budget_basis == "project" and view.problem.isVisible()


def test_without_a_programme_the_note_says_the_company_pays_it_all(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    view = at_small_budget(qtbot, window, tmp_path)
    choose_own_share(qtbot, window, view)
    assert view.plan is not None and view.plan.funding is not None
    view._show_plan(replace(view.plan, funding=None, project_ceiling_krw=40_000_000.0))
    assert view.choices.text() == (
        f"Budget {krw(40_000_000, view.lang)} "
        "(company's share; no programme applies, the company pays it all)"
    )


def test_the_choice_is_stored_and_survives_reopening(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    view = at_small_budget(qtbot, window, tmp_path)
    assert window.session is not None
    path = window.session.document.path
    choose_own_share(qtbot, window, view)
    assert load_request(window.session.document).budget_basis == "own"
    window.close_assessment()
    with Document.open(path, readonly=True) as doc:
        stored = load_request(doc)
    assert stored.budget_basis == "own" and stored.budget_krw == 40_000_000
    assert window.open_path(path)
    reopened = planned(qtbot, window)
    assert reopened.basis.currentData() == "own" and reopened.basis.isEnabled()
    assert reopened.plan is not None and reopened.plan.reachable
    assert "company's share" in reopened.choices.text()


def test_the_choice_is_off_while_the_budget_is_ignored(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    view = shown_plan(qtbot, window, tmp_path, example=HANMORU)
    assert view.basis.isEnabled()
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.no_budget.setChecked(True)
    assert not view.basis.isEnabled() and not view.budget.isEnabled()
    assert view.choices.text().startswith("Budget ignored")
    # it stays off in a new view (the stored choice), and on again when unchecked
    assert window.session is not None
    rebuilt = PlanView(window.session, view.lang, view.worker)
    qtbot.addWidget(rebuilt)
    assert not rebuilt.basis.isEnabled()
    with qtbot.waitSignal(view.planned, timeout=20000):
        view.no_budget.setChecked(False)
    assert view.basis.isEnabled()


def test_the_language_switch_retranslates_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    view = at_small_budget(qtbot, window, tmp_path)
    choose_own_share(qtbot, window, view)
    assert [view.basis.itemText(i) for i in range(2)] == ["Whole project", "Company's share"]
    window.set_ui_language("ko")
    window.set_content_language("ko")
    ko = planned(qtbot, window)
    assert ko is not view
    assert [ko.basis.itemText(i) for i in range(2)] == ["총 사업비", "기업 부담금"]
    assert ko.basis.currentData() == "own"  # the stored choice, not the default
    assert ko.basis.accessibleName() == "예산 기준"
    assert "기업 부담금" in ko.basis.toolTip()
    plan = ko.plan
    assert plan is not None and plan.funding is not None and plan.reachable
    assert plan.funding.name("ko") in ko.choices.text()  # the content language's name
    assert ko.choices.text().startswith(f"예산 {krw(40_000_000, 'ko')} (기업 부담금")


def test_the_programmes_text_never_scrolls_sideways(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """At 972 px in Korean the programmes text was 0.95 px wider than its view, and Qt
    showed a whole sideways scroll bar under it."""
    window.set_ui_language("ko")
    window.set_content_language("ko")
    window.resize(972, 700)
    view = at_small_budget(qtbot, window, tmp_path)
    choose_own_share(qtbot, window, view)
    view.outlook.setCurrentWidget(view.programmes)
    qtbot.waitUntil(view.programmes.isVisible)
    for browser in (view.programmes, view.effects, view.detail):
        assert not browser.horizontalScrollBar().isVisible()
        wide = browser.document().size().width()
        assert wide <= browser.viewport().width() + 1  # wrapped, only rounding beyond
