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
