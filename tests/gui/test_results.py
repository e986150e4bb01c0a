"""The results view: the live score's explanation trace in words, as the core words it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from levelcheck.core.service import ScoringService
from levelcheck.gui.examples import example_files
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.results_view import FAILED, PASSED


def test_the_trace_shown_equals_the_cores(
    qtbot, opened: MainWindow, service: ScoringService
) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    ws.show_explanation()
    assert ws.side.currentWidget() is ws.results and ws.results.isVisible()
    before = ws.results.texts()
    _, expected = service.score_file(session.document.path)
    assert before == expected.explanation(opened.lang)

    for level in (2, 2, 3):  # raise the first item step by step, then the next ones
        qtbot.keyClick(ws.page, getattr(Qt.Key, f"Key_{level}"))
    ws.go_next()
    qtbot.keyClick(ws.page, Qt.Key.Key_5)
    ws.page.rate(4)  # raised again, on the same item
    _, expected = service.score_file(session.document.path)
    shown = ws.results.texts()
    assert shown == expected.explanation(opened.lang) and shown != before
    assert ws.results.passed() == [t.passed for t in expected.trace]
    level = f"Level {expected.level}" if expected.level is not None else "No level yet"
    assert ws.results.summary.text().startswith(level)
    for i, entry in enumerate(expected.trace):
        row = ws.results.steps.item(i)
        assert row.text().startswith(PASSED if entry.passed else FAILED)
        assert row.font().bold() == (not entry.passed)  # failed steps stand out


def test_a_hidden_view_catches_up_when_shown(
    qtbot, opened: MainWindow, service: ScoringService
) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    assert not ws.results.isVisible()  # the live panel's tab is in front
    qtbot.keyClick(ws.page, Qt.Key.Key_4)
    ws.show_explanation()
    _, expected = service.score_file(session.document.path)
    assert ws.results.texts() == expected.explanation(opened.lang)


def test_the_view_follows_the_questionnaire_language(
    opened: MainWindow, service: ScoringService
) -> None:
    assert opened.session is not None
    opened.set_content_language("en")
    ws = opened.workspace
    assert ws is not None
    ws.show_explanation()
    _, expected = service.score_file(opened.session.document.path)
    assert ws.results.texts() == expected.explanation("en")


def test_the_live_panel_shows_the_gap_to_the_next_level(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_example(example_files()[1], tmp_path)  # level 2, held from 3
    assert window.workspace is not None and window.session is not None
    panel, result = window.workspace.live, window.session.result
    nxt = (result.level or 0) + 1
    unmet = result.unmet(nxt)
    assert unmet and all(not e.passed and e.level == nxt for e in unmet)
    lines = panel.gap.text().splitlines()
    assert lines[0].startswith(f"To reach Level {nxt}")
    assert lines[1:] == [f"• {e.text[window.lang]}" for e in unmet]
    assert "Level 3" in panel.svg  # the radar's legend: now against the next level


def test_no_level_yet_is_said_in_words(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    qtbot.keyClick(ws.page, Qt.Key.Key_3)  # one item: no level, provisional
    assert session.result.level is None and session.result.provisional
    assert ws.live.level.text() == "No level yet"
    assert ws.live.provisional.isVisibleTo(ws.live)  # says why, under it
    ws.show_explanation()
    summary = ws.results.summary.text()
    assert summary.startswith("No level yet (provisional) · ") and "—" not in summary
    assert summary.endswith(" points")


def test_a_level_is_shown_with_its_stage(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_example(example_files()[1], tmp_path)  # level 2
    ws, result = window.workspace, window.session.result if window.session else None
    assert ws is not None and result is not None and result.level is not None
    assert result.stage is not None
    assert ws.live.level.text() == f"Level {result.level} · {result.stage[window.lang]}"
    ws.show_explanation()
    assert ws.results.summary.text().startswith(
        f"Level {result.level} · {result.stage[window.lang]} · "
    )
