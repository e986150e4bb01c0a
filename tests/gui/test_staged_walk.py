"""The staged walk: yes/no per level, pass by pass; the same answers as rubric mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from levelcheck.core.assessment import AssessmentInfo, Company
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.staged_walk import StagedWalk


def levels(window: MainWindow) -> dict[str, int | None]:
    assert window.session is not None
    return {i: a.level for i, a in window.session.document.answers().items()}


def test_the_bookkeeping() -> None:
    got: list[tuple[str, int]] = []
    walk = StagedWalk(["a", "b", "c"], [1, 2, 3, 4, 5], lambda i, lv: got.append((i, lv)))
    answers = {"a": [True, True, False], "b": [False], "c": [True, True, True, True]}
    asked: list[tuple[int, str, int]] = []
    while not walk.finished:
        item = walk.item
        assert item is not None
        asked.append((walk.pass_no, item, walk.asked_level))
        walk.answer(answers[item].pop(0))
    assert asked == [(1, "a", 2), (1, "b", 2), (1, "c", 2), (2, "a", 3), (2, "c", 3),
                     (3, "a", 4), (3, "c", 4), (4, "c", 5)]  # fmt: skip
    final = dict(got)  # the last answer recorded per item
    assert final == {"a": 3, "b": 1, "c": 5}


def test_a_basic_plant_is_done_after_one_pass(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    assert ws.walk_action.shortcut().toString() == "Ctrl+M"
    ws.walk_action.trigger()
    assert ws.staged and ws.walk_page.walk is not None
    with qtbot.waitSignal(ws.walk_page.finished, timeout=1000):
        for _ in session.item_ids:
            assert ws.current_item == ws.walk_page.walk.item  # the tree follows the walk
            qtbot.keyClick(ws.walk_page, Qt.Key.Key_N)
    walk = ws.walk_page.walk
    assert walk.finished and walk.pass_no == 1
    assert levels(opened) == dict.fromkeys(session.item_ids, 1)
    assert not ws.walk_page.yes.isEnabled()
    opened.undo_action.trigger()  # the walk's answers are the ordinary undoable ones
    assert session.item_ids[-1] not in levels(opened)


def test_the_walk_gives_the_same_answers_as_rubric_mode(
    qtbot,
    window: MainWindow,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    info = AssessmentInfo(date="2026-11-02", assessors=[])  # type: ignore[arg-type]
    assert window.create_assessment(tmp_path / "rubric.levelcheck", Company(name="A"), info)
    ws, session = window.workspace, window.session
    assert ws is not None and session is not None
    target = {item: 1 + n * 3 % 5 for n, item in enumerate(session.item_ids)}  # a mixed plant
    for item, level in target.items():
        ws.go_to(item)
        qtbot.keyClick(ws.page, getattr(Qt.Key, f"Key_{level}"))
    by_rubric = levels(window)
    assert by_rubric == target and len(set(target.values())) == 5

    assert window.create_assessment(tmp_path / "walk.levelcheck", Company(name="A"), info)
    ws = window.workspace
    assert ws is not None
    ws.set_staged_walk(True)
    walk = ws.walk_page.walk
    assert walk is not None
    questions = 0
    while not walk.finished:
        assert walk.item is not None
        met = walk.asked_level <= target[walk.item]
        qtbot.keyClick(ws.walk_page, Qt.Key.Key_Y if met else Qt.Key.Key_N)
        questions += 1
    assert levels(window) == by_rubric
    assert walk.pass_no == 4  # some item reached the top level
    assert questions == sum(min(lv, 4) for lv in target.values())  # one per level asked

    ws.set_staged_walk(False)  # back to rubric mode, on the same item
    assert not ws.staged and not ws.walk_action.isChecked()
    ws.page.rate(2)
    assert levels(window)[ws.current_item] == 2


def press(qtbot, window: MainWindow, key: str) -> None:  # type: ignore[no-untyped-def]
    """A key sequence as the user types it, to the focused walk (the Edit menu's
    shortcuts are the window's)."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    combo = QKeySequence(key)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def test_undo_and_redo_move_the_walk_with_the_answers(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow)
    ws.set_staged_walk(True)
    page, walk = ws.walk_page, ws.walk_page.walk
    assert walk is not None
    first, second, third, fourth = session.item_ids[:4]
    for key in (Qt.Key.Key_Y, Qt.Key.Key_N, Qt.Key.Key_Y):
        qtbot.keyClick(page, key)
    assert levels(opened) == {first: 2, second: 1, third: 2}
    assert walk.item == fourth

    press(qtbot, opened, "Ctrl+Z")
    assert levels(opened) == {first: 2, second: 1}  # the third answer is gone...
    assert (walk.pass_no, walk.item) == (1, third)  # ...and the walk asks it again
    title = session.questionnaire.items[third].title(opened.lang)
    assert ws.current_item == third and page.title.text() == title
    assert "item 3 of" in page.stage.text()
    press(qtbot, opened, "Ctrl+Z")
    assert walk.item == second and second not in levels(opened)

    press(qtbot, opened, "Ctrl+Shift+Z")
    assert walk.item == third and levels(opened) == {first: 2, second: 1}
    press(qtbot, opened, "Ctrl+Y")
    assert walk.item == fourth and levels(opened) == {first: 2, second: 1, third: 2}
    assert ws.current_item == fourth

    press(qtbot, opened, "Ctrl+Z")  # undo, then answer otherwise: the walk goes on from there
    qtbot.keyClick(page, Qt.Key.Key_N)
    assert levels(opened)[third] == 1 and walk.item == fourth
    assert not opened.redo_action.isEnabled()


def test_undo_goes_back_over_a_pass_and_a_finished_walk(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    ws.set_staged_walk(True)
    page, walk = ws.walk_page, ws.walk_page.walk
    assert walk is not None
    *rest, last = session.item_ids
    for _ in rest:
        qtbot.keyClick(page, Qt.Key.Key_N)
    qtbot.keyClick(page, Qt.Key.Key_Y)  # only the last item passes level 2
    assert (walk.pass_no, walk.item, walk.asked_level) == (2, last, 3)
    qtbot.keyClick(page, Qt.Key.Key_N)
    assert walk.finished and not page.yes.isEnabled()

    opened.undo_action.trigger()  # from finished, back into pass 2
    assert (walk.pass_no, walk.item, walk.asked_level) == (2, last, 3)
    assert page.yes.isEnabled() and levels(opened)[last] == 2
    opened.undo_action.trigger()  # over the pass boundary, back into pass 1
    assert (walk.pass_no, walk.item, walk.asked_level) == (1, last, 2)
    assert last not in levels(opened)
    opened.redo_action.trigger()
    opened.redo_action.trigger()
    assert walk.finished and levels(opened)[last] == 2


def test_undo_in_rubric_mode_moves_the_walk_it_resumes(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    ws.set_staged_walk(True)
    page, walk = ws.walk_page, ws.walk_page.walk
    assert walk is not None
    second = session.item_ids[1]
    qtbot.keyClick(page, Qt.Key.Key_N)
    qtbot.keyClick(page, Qt.Key.Key_N)
    ws.set_staged_walk(False)
    opened.undo_action.trigger()
    assert walk.item == second and second not in levels(opened)
    ws.set_staged_walk(True)  # resumes at the undone question, shown as such
    assert ws.walk_page.walk is walk and walk.item == second
    assert ws.current_item == second and "item 2 of" in page.stage.text()


def test_an_answer_that_cannot_be_saved_is_asked_again(qtbot, opened: MainWindow,
                                                       monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    ws.set_staged_walk(True)
    walk = ws.walk_page.walk
    assert walk is not None
    first = session.item_ids[0]
    monkeypatch.setattr(session, "write", lambda item_id, fields: False)  # e.g. disk full
    qtbot.keyClick(ws.walk_page, Qt.Key.Key_Y)
    assert walk.item == first and walk.position == 0 and session.undo_stack.count() == 0


def test_switching_the_language_keeps_the_walk_where_it_was(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow)
    ws.set_staged_walk(True)
    first, second, third = session.item_ids[:3]
    for key in (Qt.Key.Key_Y, Qt.Key.Key_N):
        qtbot.keyClick(ws.walk_page, key)
    opened.set_content_language("ko" if opened.lang == "en" else "en")  # a new workspace
    new = opened.workspace
    assert new is not None and new is not ws and new.staged
    walk = new.walk_page.walk
    assert walk is not None and (walk.pass_no, walk.item) == (1, third)  # not pass 1 again
    assert new.walk_page.title.text() == session.questionnaire.items[third].title(opened.lang)
    qtbot.keyClick(new.walk_page, Qt.Key.Key_Y)  # answers go on from there...
    assert levels(opened) == {first: 2, second: 1, third: 2}
    press(qtbot, opened, "Ctrl+Z")  # ...and undo still moves the walk back
    assert walk.item == third and third not in levels(opened)


def test_a_yes_keeps_a_higher_rating_in_the_bookkeeping() -> None:
    got: list[tuple[str, int]] = []
    rated = {"a": 4, "b": 3}
    walk = StagedWalk(["a", "b", "c"], [1, 2, 3, 4, 5], lambda i, lv: got.append((i, lv)),
                      rated.get)  # fmt: skip
    for met in (True, True, True):  # pass 1: "is level 2 met?" for a, b, c
        walk.answer(met)
    assert got == [("a", 4), ("b", 3), ("c", 2)]  # a yes never lowers a rating
    assert (walk.pass_no, walk.item) == (2, "a")  # the rated items go on as usual
    walk.answer(False)  # "is level 3 met?" no: the consultant says so, a is lowered
    assert got[-1] == ("a", 2)


def test_the_walk_over_a_rated_item_shows_and_keeps_its_rating(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws, session = opened.workspace, opened.session
    assert ws is not None and session is not None
    first, second, third = session.item_ids[:3]
    for item, level in ((first, 3), (second, 4)):
        ws.go_to(item)
        ws.page.rate(level)
    ws.set_staged_walk(True)
    page, walk = ws.walk_page, ws.walk_page.walk
    assert walk is not None and (walk.item, walk.asked_level) == (first, 2)
    assert page.rating.isVisibleTo(page)
    assert page.rating.text() == "Now: L3 (Yes keeps L3, No sets L1)"
    qtbot.keyClick(page, Qt.Key.Key_Y)  # level 2 is met: the item stays at 3
    assert levels(opened) == {first: 3, second: 4}
    assert walk.item == second and "Now: L4" in page.rating.text()
    qtbot.keyClick(page, Qt.Key.Key_N)  # level 2 not met: the consultant lowers it
    assert levels(opened) == {first: 3, second: 1}
    assert walk.item == third and page.rating.text() == "Now: not rated"

    opened.undo_action.trigger()  # the lowering is undone, the question asked again
    assert walk.item == second and levels(opened) == {first: 3, second: 4}
    opened.undo_action.trigger()  # the kept answer is a step of the walk alone
    assert walk.item == first and levels(opened) == {first: 3, second: 4}
    assert page.rating.text().startswith("Now: L3")
    opened.redo_action.trigger()
    assert walk.item == second and levels(opened)[first] == 3

    while walk.pass_no == 1:  # the rest of pass 1: yes
        qtbot.keyClick(page, Qt.Key.Key_Y)
    assert (walk.item, walk.asked_level) == (first, 3)  # the kept item goes on to pass 2
    assert page.rating.text() == "Now: L3"
    qtbot.keyClick(page, Qt.Key.Key_Y)
    assert levels(opened)[first] == 3
