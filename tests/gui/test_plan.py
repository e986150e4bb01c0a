"""The upgrade-path tab: the core's plan for the document's stored choices, computed in
the background; pin and drop stored in the document; unrated items explained."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from levelcheck.core.document import Document
from levelcheck.core.planning import load_request
from levelcheck.core.roadmap import Planner, PlanRequest, UpgradePlan
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
    ws = opened.workspace
    assert ws is not None
    with qtbot.waitSignal(ws.plan_view.planned, timeout=20000):
        ws.show_upgrade_path()
    assert ws.plan_view.plan is None and ws.plan_view.action_ids() == []
    assert "not rated yet" in ws.plan_view.status.text()


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
