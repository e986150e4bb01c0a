"""Starting, creating and opening assessments; bad files; the error hook; settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from levelcheck.gui import excepthook
from levelcheck.gui.examples import example_files
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.new_assessment_dialog import NewAssessmentDialog
from levelcheck.gui.settings import Settings


def test_new_assessment_creates_a_document(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    def fill(dialog: NewAssessmentDialog) -> int:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # the company name is required
        dialog.company.setText("(주)한빛정밀")
        assert ok.isEnabled()
        dialog.industry.setText("금속가공")
        dialog.employees.setValue(48)
        dialog.assessor.setText("김진단")
        return NewAssessmentDialog.DialogCode.Accepted.value

    monkeypatch.setattr(NewAssessmentDialog, "exec", fill)
    target = tmp_path / "hanbit"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.new_assessment()
    assert window.session is not None and window.stack.currentWidget() is window.workspace
    doc = window.session.document
    assert doc.path == tmp_path / "hanbit.levelcheck" and doc.path.is_file()
    assert (doc.company.name, doc.company.industry, doc.company.employees) == (
        "(주)한빛정밀",
        "금속가공",
        48,
    )
    assert [a.name for a in doc.info.assessors] == ["김진단"]
    assert (doc.ruleset.id, doc.questionnaire.id) == ("ks-default", "ks-smart-factory")
    assert "(주)한빛정밀" in window.windowTitle()


def test_a_bad_file_shows_one_line_and_the_window_survives(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    bad = tmp_path / "bad.levelcheck"
    bad.write_bytes(os.urandom(4096))
    assert not window.open_path(bad)
    assert len(shown) == 1 and "\n" not in shown[0] and str(bad) in shown[0]
    assert window.isVisible() and window.stack.currentWidget() is window.start
    assert window.session is None
    example = example_files()[0]
    assert window.open_path(example)  # a JSON assessment is imported into a new document
    assert window.session is not None and window.session.result.completeness == 1.0


def test_opening_an_example_into_a_chosen_folder_and_recent_files(
    window: MainWindow,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "examples"
    folder.mkdir()
    example = example_files()[1]
    assert window.open_example(example, folder)
    assert window.session is not None
    path = folder / f"{example.stem}.levelcheck"
    assert window.session.document.path == path
    assert Settings().recent_files == [str(path.resolve())]
    assert window.start.recent_model.stringList() == [str(path.resolve())]
    assert window.settings.path.parent == Path(os.environ["LEVELCHECK_CONFIG_DIR"])


def test_the_exception_hook_shows_copyable_text(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    previous = excepthook.install(show=shown.append)
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert len(shown) == 1 and "RuntimeError: boom" in shown[0] and "Traceback" in shown[0]


def test_the_error_dialog_copies_its_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from levelcheck.gui.error_dialog import ErrorDialog

    dialog = ErrorDialog("Traceback: boom")
    qtbot.addWidget(dialog)
    dialog.copy()
    assert QGuiApplication.clipboard().text() == "Traceback: boom"
