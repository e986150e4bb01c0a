"""The window, the start page, the session and the new-assessment dialog around files:
a document this user may not write, the open document opened again, Ctrl+Q, the lasting
read-only notice, the company budget, recent files named by file and the suggested file
name."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from levelcheck.core.assessment import AssessmentInfo, Company, Ref
from levelcheck.core.document import Document
from levelcheck.core.service import ScoringService
from levelcheck.gui.main_window import MainWindow, quit_keys
from levelcheck.gui.new_assessment_dialog import NewAssessmentDialog, suggested_file_name
from levelcheck.gui.settings import Settings
from levelcheck.gui.start_page import RecentInfo, StartPage, file_labels
from tests.conftest import deny_writing

Q = Ref(id="ks-smart-factory", version="1.0.0")
R = Ref(id="ks-default", version="1.0.0")


def make(path: Path, company: str = "Hanbit Precision Co.") -> str:
    """A closed document with one answer; its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = Document.create(path, questionnaire=Q, ruleset=R, company=Company(name=company),
                          info=AssessmentInfo(date="2026-11-21"))  # type: ignore[arg-type]  # fmt: skip
    with doc:
        doc.set_answer("PRC-PC-02", level=2)
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- read-only from the start, and said for good --------------------------------
@pytest.mark.parametrize(("denied", "reason"), [
    ("file", "you do not have permission to change this file"),
    ("folder", "you do not have permission to write in its folder"),
])  # fmt: skip
def test_a_file_that_may_not_be_written_opens_read_only_with_a_lasting_notice(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    denied: str, reason: str,
) -> None:  # fmt: skip
    path = tmp_path / "visit" / "ro.levelcheck"
    before = make(path)
    deny_writing(monkeypatch, path if denied == "file" else path.parent)
    assert window.open_path(path)
    session, workspace = window.session, window.workspace
    assert session is not None and workspace is not None
    assert session.readonly
    page = workspace.page
    assert not page.note.isEnabled() and not page.na_box.isEnabled()  # nothing to type
    banner = workspace.readonly_banner
    assert banner.isVisible() and reason in banner.text() and banner.text().startswith("Read-only")
    assert window.windowTitle() == "Hanbit Precision Co. (read-only) — LevelCheck"
    assert reason in window.statusBar().currentMessage()
    window.statusBar().showMessage("Open a document")  # a menu's hover hint
    window.statusBar().clearMessage()
    assert banner.isVisible() and reason in banner.text()  # the hint did not take it
    window.set_ui_language("en")  # a rebuilt workspace says it again
    assert window.workspace is not None and window.workspace.readonly_banner.isVisible()
    assert sorted(p.name for p in path.parent.iterdir()) == ["ro.levelcheck"]  # no lock
    window.close_assessment()
    assert sorted(p.name for p in path.parent.iterdir()) == ["ro.levelcheck"]  # no journal
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_editable_document_has_no_notice(opened: MainWindow) -> None:
    assert opened.workspace is not None and opened.session is not None
    assert not opened.workspace.readonly_banner.isVisible()
    assert opened.session.readonly_reason() == ""
    assert opened.windowTitle() == "(주)테스트 — LevelCheck"


def test_a_document_locked_elsewhere_names_the_holder_in_the_notice(
    window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "a.levelcheck"
    make(path)
    elsewhere = Document.open(path)
    try:
        assert window.open_path(path)
        assert window.workspace is not None
        text = window.workspace.readonly_banner.text()
        assert "open for editing in another LevelCheck window (" in text
        assert f"process {os.getpid()})" in text
    finally:
        window.close_assessment()
        elsewhere.close()


# --- the open document opened again ------------------------------------------------------
def test_opening_the_open_document_again_only_shows_it(opened: MainWindow, tmp_path: Path) -> None:
    session = opened.session
    assert session is not None and not session.readonly
    path = session.document.path
    lock = path.with_name(path.name + ".lock")
    assert lock.exists()
    link = tmp_path / "link.levelcheck"
    link.symlink_to(path)
    for again in (path, Path(str(path.parent) + "/./" + path.name), link):
        opened.statusBar().clearMessage()
        assert opened.open_path(again)  # File → Open, Recent, a file-open event, gui FILE
        assert opened.session is session and not session.readonly  # the same, editable
        assert opened.stack.currentWidget() is opened.workspace
        assert "already open" in opened.statusBar().currentMessage()
        assert lock.exists()  # still this window's
    assert session.change("PRC-PC-02", "rate", level=3)  # and it still saves


def test_a_document_open_read_only_is_opened_again_for_editing_once_free(
    window: MainWindow, tmp_path: Path
) -> None:
    """Read-only here holds no lock: opening it again retries."""
    path = tmp_path / "a.levelcheck"
    make(path)
    elsewhere = Document.open(path)
    assert window.open_path(path)
    assert window.session is not None and window.session.readonly
    elsewhere.close()
    assert window.open_path(path)
    assert window.session is not None and not window.session.readonly
    assert window.windowTitle() == "Hanbit Precision Co. — LevelCheck"


# --- Ctrl+Q once ------------------------------------------------------------------------
def test_ctrl_q_is_added_only_when_the_platform_lacks_it() -> None:
    ctrl_q = QKeySequence("Ctrl+Q")
    xcb = [QKeySequence("Ctrl+Q"), QKeySequence("Exit")]  # what xcb binds to Quit
    assert [k.toString() for k in quit_keys(xcb)] == ["Ctrl+Q", "Exit"]
    assert quit_keys([]) == [ctrl_q]  # Windows, offscreen
    assert [k.toString() for k in quit_keys([QKeySequence("Exit")])] == ["Exit", "Ctrl+Q"]


def test_the_quit_action_never_has_a_key_twice(window: MainWindow) -> None:
    quit_action = next(a for a in window.menuBar().actions()[0].menu().actions()
                       if a.text() == "&Quit")  # fmt: skip
    keys = [k.toString() for k in quit_action.shortcuts()]
    assert "Ctrl+Q" in keys and len(keys) == len(set(keys))


# --- the company's budget ---------------------------------------------------------------
def test_the_budget_is_stored_in_the_company_profile_and_empty_stores_none(
    qtbot,
    service: ScoringService,  # type: ignore[no-untyped-def]
) -> None:
    dialog = NewAssessmentDialog(service.library, ruleset=("ks-default", "1.0.0"))
    qtbot.addWidget(dialog)
    dialog.company.setText("Hanbit Precision Co.")
    assert dialog.budget.accessibleName() == "Investment budget"
    assert dialog.budget.text() == "—"  # empty until typed
    assert dialog.company_value().budget_krw is None
    dialog.budget.setValue(1.5)  # 억원, as the sales
    assert dialog.company_value().budget_krw == 150_000_000
    dialog.budget.setValue(0)
    assert dialog.company_value().budget_krw is None


# --- recent files by file name ------------------------------------------------------------
def test_recent_lines_name_the_file_and_the_folder_when_names_clash(
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    visit, ro, other_ro = (str(tmp_path / "visit.levelcheck"), str(tmp_path / "ro.levelcheck"),
                           str(tmp_path / "rodir" / "ro.levelcheck"))  # fmt: skip
    assert file_labels([visit, ro, other_ro]) == {
        visit: "visit.levelcheck",
        ro: f"ro.levelcheck ({tmp_path})",
        other_ro: f"ro.levelcheck ({tmp_path / 'rodir'})",
    }
    page = StartPage([])
    qtbot.addWidget(page)
    page.set_recent([visit, ro, other_ro])
    model = page.recent_model
    assert model.index(0, 0).data() == "visit.levelcheck"  # before the facts are read
    facts = dict(company="Hanbit Precision Co.", date="2026-11-21", level=2)
    page.set_recent_info([RecentInfo(visit, **facts),  # type: ignore[arg-type]
                          RecentInfo(ro, **facts),  # type: ignore[arg-type]
                          RecentInfo(other_ro, missing=True)])  # fmt: skip
    lines = [model.index(r, 0).data() for r in range(3)]
    assert lines == [
        "Hanbit Precision Co. · Level 2 · 2026-11-21 — visit.levelcheck",
        f"Hanbit Precision Co. · Level 2 · 2026-11-21 — ro.levelcheck ({tmp_path})",
        f"ro.levelcheck ({tmp_path / 'rodir'})",
    ]


# --- the suggested file name --------------------------------------------------------------
@pytest.mark.parametrize(("company", "name"), [
    ("Hanbit Precision Co.", "Hanbit Precision Co.levelcheck"),
    ("A/S Metal: Line 2", "A-S Metal Line 2.levelcheck"),
    ("(주)한빛정밀", "(주)한빛정밀.levelcheck"),
    ('  a\\b*c?"d"<e>|f  ', "a-b c d e f.levelcheck"),
    ("...hidden", "hidden.levelcheck"),
    ("Tab\tand\n  lines", "Tab and lines.levelcheck"),
    ("CON", "CON_.levelcheck"),
    ("///", "Assessment.levelcheck"),
    (" ?*. ", "Assessment.levelcheck"),
])  # fmt: skip
def test_the_suggested_file_name_is_valid_everywhere(company: str, name: str) -> None:
    assert suggested_file_name(company, "Assessment") == name


def test_the_save_dialog_suggests_the_cleaned_name(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fill(dialog: NewAssessmentDialog) -> int:
        dialog.company.setText("A/S Metal: Line 2")
        dialog.accept()
        return dialog.result()

    def save(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / suggested), ""

    monkeypatch.setattr(NewAssessmentDialog, "exec", fill)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    window.new_assessment()
    assert asked == ["A-S Metal Line 2.levelcheck"]
    assert window.session is not None
    assert window.session.document.path == tmp_path / "A-S Metal Line 2.levelcheck"
    assert window.session.document.company.name == "A/S Metal: Line 2"


def test_settings_keep_both_copies_apart(tmp_path: Path) -> None:
    """The recent list keeps each copy by its real path (what the lines above name)."""
    settings = Settings()
    a, b = tmp_path / "ro.levelcheck", tmp_path / "rodir" / "ro.levelcheck"
    settings.add_recent(a)
    settings.add_recent(b)
    assert settings.recent_files == [str(b.resolve()), str(a.resolve())]
