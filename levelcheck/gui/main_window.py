"""The main window: the start page, or the workspace of the open assessment."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from levelcheck.core.assessment import AssessmentInfo, Company, Ref
from levelcheck.core.document import SUFFIX, Document, display_name
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.interchange import is_document
from levelcheck.core.service import ScoringService
from levelcheck.gui.examples import example_files, import_to_document
from levelcheck.gui.new_assessment_dialog import NewAssessmentDialog
from levelcheck.gui.session import AssessmentSession
from levelcheck.gui.settings import Settings
from levelcheck.gui.start_page import StartPage
from levelcheck.gui.workspace import Workspace

DEFAULT_RULESET = "ks-default"  # the installed default; the questionnaire follows from it


class MainWindow(QMainWindow):
    def __init__(self, service: ScoringService, settings: Settings,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.lang = settings.content_language
        self.session: AssessmentSession | None = None
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("LevelCheck"))
        self.undo_group = QUndoGroup(self)
        self.start = StartPage(example_files())
        self.start.newRequested.connect(self.new_assessment)
        self.start.openRequested.connect(self.ask_open)
        self.start.exampleRequested.connect(lambda p: self.open_example(Path(p)))
        self.start.recentRequested.connect(lambda p: self.open_path(Path(p)))
        self.start.set_recent(settings.recent_files)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self._make_menus()
        geometry = settings.window_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1360, 860)

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for text, keys, slot in (
            (self.tr("&New assessment…"), QKeySequence.StandardKey.New, self.new_assessment),
            (self.tr("&Open…"), QKeySequence.StandardKey.Open, self.ask_open),
            (self.tr("&Close assessment"), QKeySequence.StandardKey.Close, self.close_assessment),
            (self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo
        self.go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.go_menu.setEnabled(False)

    # --- opening -------------------------------------------------------------------------
    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open assessment"), "",
            self.tr("LevelCheck documents (*.levelcheck);;JSON assessments (*.json)"),
        )  # fmt: skip
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open a document (a JSON assessment is imported into a new one first)."""
        try:
            if path.is_file() and not is_document(path):
                path = import_to_document(path)
            document = Document.open(path)
        except (LevelCheckError, OSError) as exc:
            self._refuse(exc)
            return False
        return self._show(document)

    def open_example(self, source: Path, folder: Path | None = None) -> bool:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self, self.tr("Folder for the example (Cancel: a temporary folder)"))  # fmt: skip
            folder = Path(chosen) if chosen else None
        try:
            path = import_to_document(source, folder)
        except (LevelCheckError, OSError) as exc:
            self._refuse(exc)
            return False
        return self.open_path(path)

    def new_assessment(self) -> None:
        rs = self.service.library.ruleset(DEFAULT_RULESET)
        q = self.service.library.questionnaire(rs.questionnaire.id, rs.questionnaire.version)
        dialog = NewAssessmentDialog(f"{q.title(self.lang)} · {rs.id} {rs.version}", self)
        if dialog.exec() != NewAssessmentDialog.DialogCode.Accepted:
            return
        company = dialog.company_value()
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the new assessment as"), f"{company.name}{SUFFIX}",
            self.tr("LevelCheck documents (*.levelcheck)"))  # fmt: skip
        if path:
            self.create_assessment(Path(path), company, dialog.info_value())

    def create_assessment(self, path: Path, company: Company, info: AssessmentInfo) -> bool:
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        rs = self.service.library.ruleset(DEFAULT_RULESET)
        try:
            document = Document.create(
                path, questionnaire=Ref(id=rs.questionnaire.id, version=rs.questionnaire.version),
                ruleset=Ref(id=rs.id, version=rs.version), company=company, info=info,
                overwrite=True,  # the save dialog has asked
            )  # fmt: skip
        except (LevelCheckError, OSError) as exc:
            self._refuse(exc)
            return False
        return self._show(document)

    def _refuse(self, exc: Exception) -> None:
        message = str(exc) if isinstance(exc, LevelCheckError) else display_name(Path(str(exc)))
        QMessageBox.critical(self, self.tr("LevelCheck"), message)

    def _show(self, document: Document) -> bool:
        try:
            session = AssessmentSession(document, self.service, self)
        except LevelCheckError as exc:
            document.close()
            self._refuse(exc)
            return False
        self.close_assessment()
        self.session = session
        session.failed.connect(lambda msg: QMessageBox.warning(self, self.tr("LevelCheck"), msg))
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        self.workspace = Workspace(session, self.lang)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.go_menu.clear()
        self.go_menu.addActions(self.workspace.actions_)
        self.go_menu.setEnabled(True)
        self.settings.add_recent(document.path)
        self.start.set_recent(self.settings.recent_files)
        self.setWindowTitle(self.tr("%1 — LevelCheck").replace("%1", document.company.name))
        notes = []
        if document.readonly:
            notes.append(self.tr("Read-only: %1").replace("%1", document.readonly_reason))
        if document.migrated_from is not None:
            notes.append(self.tr("Migrated from an older LevelCheck into %1")
                         .replace("%1", display_name(document.path)))  # fmt: skip
        self.statusBar().showMessage(" · ".join(notes) or display_name(document.path))
        self.workspace.page.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def close_assessment(self) -> None:
        if self.workspace is not None:
            self.workspace.page.save_note()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.session is not None:
            self.undo_group.removeStack(self.session.undo_stack)
            self.session.close()
            self.session.deleteLater()
            self.session = None
        self.go_menu.clear()
        self.go_menu.setEnabled(False)
        self.stack.setCurrentWidget(self.start)
        self.setWindowTitle(self.tr("LevelCheck"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_assessment()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)
