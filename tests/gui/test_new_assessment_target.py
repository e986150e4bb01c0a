"""Saving a new assessment: never over the document open in the window or one being
edited elsewhere (review gui2 #1); cancelling the file dialog goes back to the filled
form (#3)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from levelcheck.core.assessment import AssessmentInfo, Company
from levelcheck.core.document import Document
from levelcheck.gui.examples import example_files
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.new_assessment_dialog import NewAssessmentDialog


def _answer_count(path: Path) -> tuple[str, int]:
    with Document.open(path, readonly=True) as doc:
        return doc.company.name, len(doc.answers(with_evidence=False))


def _fill_and_create(name: str) -> object:
    def fill(dialog: NewAssessmentDialog) -> int:
        dialog.company.setText(name)
        dialog.accept()
        return dialog.result()

    return fill


def _save_as(monkeypatch: pytest.MonkeyPatch, *answers: Path | str) -> list[str]:
    """The file dialog answers `answers` in turn ("": Cancel); returns what it suggested."""
    suggested: list[str] = []
    left = [str(a) for a in answers]

    def ask(parent: object, title: str, start: str, *a: object, **k: object) -> tuple[str, str]:
        suggested.append(start)
        return left.pop(0), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return suggested


def test_the_open_document_is_never_replaced_and_the_new_one_opens_editable(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_example(example_files()[0], tmp_path)
    assert window.session is not None
    open_path = window.session.document.path
    before = _answer_count(open_path)
    assert before[1] > 0
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a: warnings.append(text))
    monkeypatch.setattr(NewAssessmentDialog, "exec", _fill_and_create("Overwrite Two"))
    other = tmp_path / "other.levelcheck"
    suggested = _save_as(monkeypatch, open_path, other)
    window.new_assessment()
    assert len(warnings) == 1 and "open now" in warnings[0] and open_path.name in warnings[0]
    assert suggested[1] == str(open_path)  # the file dialog again, on the name refused
    assert _answer_count(open_path) == before  # untouched
    assert window.session is not None
    assert window.session.document.path == other
    assert window.session.document.company.name == "Overwrite Two"
    assert not window.session.readonly  # not locked by the app itself
    assert window.workspace is not None


def test_a_document_open_for_editing_elsewhere_is_never_replaced(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_example(example_files()[1], tmp_path)
    assert window.session is not None
    locked = window.session.document.path
    window.close_assessment()
    before = _answer_count(locked)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a: warnings.append(text))
    forms: list[str] = []

    def fill_then_cancel(dialog: NewAssessmentDialog) -> int:
        forms.append(dialog.company.text())
        if len(forms) > 1:
            return NewAssessmentDialog.DialogCode.Rejected.value
        dialog.company.setText("Overwrite Co")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewAssessmentDialog, "exec", fill_then_cancel)
    _save_as(monkeypatch, locked, "")  # refused; then Cancel: back to the form, cancelled
    with Document.open(locked) as elsewhere:  # "another window" holds its edit lock
        assert not elsewhere.readonly
        window.new_assessment()
        # create_assessment itself refuses it too (every new document is made there)
        info = AssessmentInfo(date=date(2026, 11, 2), assessors=[])
        assert not window.create_assessment(locked, Company(name="X"), info)
    assert forms == ["", "Overwrite Co"]
    assert len(warnings) == 2
    assert "another LevelCheck window" in warnings[0] and f"process {os.getpid()}" in warnings[0]
    assert _answer_count(locked) == before
    assert window.session is None


def test_cancelling_the_file_dialog_returns_to_the_filled_form(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def fill_once(dialog: NewAssessmentDialog) -> int:
        shown.append(dialog.company.text())
        if not shown[0]:
            dialog.company.setText("Second Try Co")
            dialog.industry.setText("Plastics")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewAssessmentDialog, "exec", fill_once)
    _save_as(monkeypatch, "", tmp_path / "second")
    window.new_assessment()
    assert shown == ["", "Second Try Co"]  # the form came back as it was filled
    assert window.session is not None
    doc = window.session.document
    assert doc.path == tmp_path / "second.levelcheck"
    assert (doc.company.name, doc.company.industry) == ("Second Try Co", "Plastics")
