"""The questionnaire language follows the interface language until the user chooses
one (review gui2 #4); the start page names the examples by company and level (#9)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from levelcheck.core.service import ScoringService
from levelcheck.gui.examples import example_files
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings


def test_the_questionnaire_follows_the_interface_language_by_default(
    qtbot: QtBot,
    opened: MainWindow,
    service: ScoringService,
) -> None:
    assert Settings().content_language is None  # never chosen
    assert opened.lang == "en"  # an English system: English questionnaire too
    assert opened.workspace is not None and opened.session is not None
    item = opened.session.questionnaire.items[opened.workspace.current_item]
    assert opened.workspace.page.title.text() == item.title("en")
    opened.set_ui_language("ko")
    assert opened.lang == "ko"  # type: ignore[comparison-overlap]
    assert opened.workspace.page.title.text() == item.title("ko")
    assert Settings().content_language is None  # following is not a choice
    opened.set_ui_language("en")
    assert opened.lang == "en"


def test_a_chosen_questionnaire_language_is_kept(
    qtbot: QtBot,
    opened: MainWindow,
    service: ScoringService,
) -> None:
    opened.content_language_actions["ko"].trigger()  # View → Questionnaire language
    assert Settings().content_language == "ko"
    opened.set_ui_language("en")
    assert opened.lang == "ko"
    assert opened.content_language_actions["ko"].isChecked()
    again = MainWindow(service, Settings())  # the next start
    qtbot.addWidget(again)
    assert again.lang == "ko"


def test_examples_are_named_by_company_and_level(window: MainWindow, qtbot: QtBot) -> None:
    first = str(example_files()[0])
    action = window.start.example_actions[first]
    qtbot.waitUntil(lambda: action.text() != Path(first).stem, timeout=10_000)
    assert action.text() == "(주)새터금속 · Level 1"
    levels = [window.start.example_actions[str(p)].text().rsplit(" ", 1)[-1]
              for p in example_files()]  # fmt: skip
    assert levels == ["1", "2", "3", "4", "5"]
    window.set_ui_language("ko")  # a new start page: named at once, in Korean
    assert window.start.example_actions[first].text() == "(주)새터금속 · 수준 1"
