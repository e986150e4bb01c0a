"""The main window: the start page, or the workspace of the open assessment.

The window shows before the core is loaded: the scoring service (content, pydantic
models) loads in the background, and what needs it (new, open, examples, recent files)
is disabled until it is ready; a file asked for earlier (the command line) waits for it.
This module and what it imports at the top never load ``levelcheck.core`` or
``levelcheck.report`` (a test checks)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from levelcheck.gui import i18n
from levelcheck.gui.examples import SUFFIX, example_files, import_to_document
from levelcheck.gui.settings import Settings
from levelcheck.gui.start_page import StartPage
from levelcheck.gui.worker import Worker

if TYPE_CHECKING:
    from levelcheck.core.assessment import AssessmentInfo, Company
    from levelcheck.core.document import Document
    from levelcheck.core.service import ScoringService
    from levelcheck.core.text import Lang
    from levelcheck.gui.examples import ExampleInfo
    from levelcheck.gui.exporting import Export, PdfOptions
    from levelcheck.gui.session import AssessmentSession
    from levelcheck.gui.start_page import RecentInfo
    from levelcheck.gui.workspace import Workspace

DEFAULT_RULESET = "ks-default"  # the installed default; the questionnaire follows from it


def load_installed_service(content_folder: Path | None = None) -> ScoringService:
    """The installed content, plus the user's own content folder when set, as a scoring
    service (runs on a worker thread). Also loads what the workspace needs, so opening
    the first assessment does not wait for it. A user folder with a problem does not
    stop the app: the shipped content is loaded alone and the problem is kept in
    :data:`content_problems` for the window to show."""
    import levelcheck.core.document
    import levelcheck.core.interchange
    import levelcheck.report.charts  # noqa: F401
    from levelcheck.core.errors import LevelCheckError
    from levelcheck.core.service import ScoringService

    content_problems.clear()
    if content_folder is not None:
        try:
            return ScoringService.installed([content_folder])
        except LevelCheckError as exc:
            content_problems.append(str(exc))
    return ScoringService.installed()


content_problems: list[str] = []  # what load_installed_service could not load, one line each


def quit_keys(platform: list[QKeySequence]) -> list[QKeySequence]:
    """File → Quit's keys: the platform's (`platform`, QKeySequence.keyBindings(Quit)),
    plus Ctrl+Q when they lack it (Windows and some desktops have none). Never twice: a
    key given to one action twice is "ambiguous" to Qt and does nothing, and xcb's Quit
    binding already is Ctrl+Q (macOS's Cmd+Q is Qt's Ctrl+Q too)."""
    ctrl_q = QKeySequence("Ctrl+Q")
    return list(platform) if ctrl_q in platform else [*platform, ctrl_q]


def _open_in_viewer(path: Path) -> None:
    from levelcheck.gui.exporting import open_in_viewer

    open_in_viewer(path)


class MainWindow(QMainWindow):
    serviceReady = Signal()
    serviceFailed = Signal(str)

    def __init__(self, service: ScoringService | None, settings: Settings,
                 parent: QWidget | None = None, *,
                 load_service: Callable[[], ScoringService] = load_installed_service,
                 ) -> None:  # fmt: skip
        """`service` None: load it in the background with `load_service`."""
        super().__init__(parent)
        self.service: ScoringService | None = None
        self.settings = settings
        self.worker = Worker(self)
        self._waiting: list[Callable[[], object]] = []
        self.export: Export | None = None  # the export in progress
        self.open_file: Callable[[Path], object] = _open_in_viewer  # tests: a list.append
        self.session: AssessmentSession | None = None
        self.workspace: Workspace | None = None
        self.example_infos: list[ExampleInfo] = []  # company and level, once read
        i18n.apply_language(i18n.resolve(settings.ui_language))
        self.lang: Lang = self._content_language()
        self.setWindowTitle(self.tr("LevelCheck"))
        self.undo_group = QUndoGroup(self)
        self.stack = QStackedWidget()
        self.start = self._make_start_page()
        self.setCentralWidget(self.stack)
        self._make_menus()
        geometry = settings.window_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(self._first_size())
        state = settings.window_state
        if state is not None:
            self.restoreState(state)
        if service is not None:
            self._service_loaded(service)
        else:
            self._set_ready(False)
            self.statusBar().showMessage(self.tr("Loading the questionnaire and rule sets…"))
            if load_service is load_installed_service:
                task = self.worker.run(load_installed_service, settings.content_folder)
            else:
                task = self.worker.run(load_service)
            task.finished.connect(self._service_loaded)
            task.failed.connect(self._service_failed)

    # --- the scoring service -------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.service is not None

    def _set_ready(self, ready: bool) -> None:
        for w in (self.start.new_button, self.start.open_button, self.start.recent):
            w.setEnabled(ready)
        for a in self.needs_service:
            a.setEnabled(ready)
        self.start.example_button.setEnabled(ready and bool(self.start.examples))

    def _first_size(self) -> QSize:
        """1360 × 860, or what the screen has room for (a laptop at 200% has less)."""
        size = QSize(1360, 860)
        screen = self.screen()
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size() * 0.95)
        return size

    def _service_loaded(self, service: ScoringService) -> None:
        self.service = service
        self._set_ready(True)
        self.statusBar().clearMessage()
        if content_problems:
            problem = self.tr("Your content folder was not loaded: %1")
            self.statusBar().showMessage(problem.replace("%1", content_problems[0]))
        self._refresh_recent()  # company, level and date: they need the service
        self._read_examples()
        waiting, self._waiting = self._waiting, []
        for call in waiting:
            call()
        self.serviceReady.emit()

    def _service_failed(self, exc: BaseException) -> None:
        from levelcheck.core.errors import LevelCheckError

        text = str(exc) if isinstance(exc, LevelCheckError) else f"{type(exc).__name__}: {exc}"
        self._waiting.clear()
        self.statusBar().showMessage(text)
        self.serviceFailed.emit(text)
        QMessageBox.critical(self, self.tr("LevelCheck"), text)

    def when_ready(self, call: Callable[[], object]) -> None:
        """Call now if the service is loaded, else as soon as it is."""
        if self.service is not None:
            call()
        else:
            self._waiting.append(call)

    def _make_start_page(self) -> StartPage:
        start = StartPage(example_files())
        start.newRequested.connect(self.new_assessment)
        start.openRequested.connect(self.ask_open)
        start.exampleRequested.connect(lambda p: self.open_example(Path(p)))
        start.recentRequested.connect(lambda p: self.open_path(Path(p)))
        start.set_example_info(self.example_infos)
        self._refresh_recent(start)
        self.stack.insertWidget(0, start)
        return start

    def _refresh_recent(self, start: StartPage | None = None) -> None:
        """Show the recent files on the start page (`start`, else the one shown): their
        names at once, then, once the service is loaded, their company, level and date
        read in the background (a file on a slow share does not hold up the window)."""
        from levelcheck.gui.start_page import read_recent

        files = self.settings.recent_files
        (start or self.start).set_recent(files)
        if self.service is not None:
            task = self.worker.run(read_recent, files, self.service)
            task.finished.connect(self._recent_read)

    def _recent_read(self, infos: list[RecentInfo]) -> None:
        self.start.set_recent_info(infos)  # the page now shown (a language switch makes one)

    def _read_examples(self) -> None:
        """Name the examples by company and level (read and scored in the background,
        once: a language switch shows the same facts in the new language)."""
        from levelcheck.gui.examples import read_examples

        if self.service is None or self.example_infos or not self.start.examples:
            return
        task = self.worker.run(read_examples, self.start.examples, self.service)
        task.finished.connect(self._examples_read)

    def _examples_read(self, infos: list[ExampleInfo]) -> None:
        self.example_infos = infos
        self.start.set_example_info(infos)

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.needs_service: list[QAction] = []
        for text, keys, slot, needs in (
            (self.tr("&New assessment…"), QKeySequence.StandardKey.New, self.new_assessment,
             True),
            (self.tr("&Open…"), QKeySequence.StandardKey.Open, self.ask_open, True),
            (self.tr("&Close assessment"), QKeySequence.StandardKey.Close,
             self.ask_close_assessment, False),
        ):  # fmt: skip
            action = QAction(text, file_menu)
            action.setShortcuts(QKeySequence.keyBindings(keys))
            action.triggered.connect(slot)
            file_menu.addAction(action)
            if needs:
                self.needs_service.append(action)
        file_menu.addSeparator()
        self.export_pdf_action = QAction(self.tr("Export &PDF…"), file_menu)
        self.export_pdf_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_pdf_action.triggered.connect(self.ask_export_pdf)
        self.export_json_action = QAction(self.tr("Export &JSON…"), file_menu)
        self.export_json_action.triggered.connect(self.ask_export_json)
        self.export_csv_action = QAction(self.tr("Export CS&V…"), file_menu)
        self.export_csv_action.setToolTip(self.tr("One row per item: answer, note, evidence "
                                                  "and score, for a spreadsheet"))  # fmt: skip
        self.export_csv_action.triggered.connect(self.ask_export_csv)
        self.needs_workspace = [self.export_pdf_action, self.export_json_action,
                                self.export_csv_action]  # fmt: skip
        file_menu.addActions(self.needs_workspace)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), file_menu)
        quit_action.setShortcuts(quit_keys(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._update_actions()
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_group.createUndoAction(edit_menu, self.tr("&Undo"))
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.undo_group.createRedoAction(edit_menu, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo
        self.go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.go_menu.setEnabled(False)
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.ui_language_menu = self.view_menu.addMenu(self.tr("Interface &language"))
        group = QActionGroup(self.ui_language_menu)
        self.ui_language_actions: dict[str, QAction] = {}
        for key, text in (("system", self.tr("System default")), ("ko", "한국어"),
                          ("en", "English")):  # fmt: skip
            action = group.addAction(text)
            action.setCheckable(True)
            action.setChecked(self.settings.ui_language == key)
            action.triggered.connect(lambda _=False, k=key: self.set_ui_language(k))
            self.ui_language_actions[key] = action
        self.ui_language_menu.addActions(group.actions())
        self.content_language_menu = self.view_menu.addMenu(self.tr("&Questionnaire language"))
        group = QActionGroup(self.content_language_menu)
        self.content_language_actions: dict[str, QAction] = {}
        for key, text in (("ko", self.tr("Korean")), ("en", self.tr("English"))):
            action = group.addAction(text)
            action.setCheckable(True)
            action.setChecked(self.lang == key)
            action.triggered.connect(lambda _=False, k=key: self.set_content_language(k))
            self.content_language_actions[key] = action
        self.content_language_menu.addActions(group.actions())
        self.view_menu.addSeparator()
        folder = QAction(self.tr("Own &content folder…"), self.view_menu)
        tip = self.tr("Questionnaires, rule sets and catalogs of your own, offered next to "
                      "the shipped ones from the next start")  # fmt: skip
        folder.setToolTip(tip)
        folder.triggered.connect(self.ask_content_folder)
        self.view_menu.addAction(folder)

    def ask_content_folder(self) -> None:
        current = self.settings.content_folder
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder of your own content (Cancel: none)"),
            str(current) if current else "")  # fmt: skip
        self.set_content_folder(Path(chosen) if chosen else None)

    def set_content_folder(self, folder: Path | None) -> None:
        """Remember the user's content folder; it is loaded from the next start (run
        'levelcheck validate FOLDER' to check it first)."""
        self.settings.content_folder = folder
        text = self.tr("Content folder: %1 (used from the next start)")
        self.statusBar().showMessage(text.replace("%1", str(folder) if folder else self.tr("none")))

    # --- languages -----------------------------------------------------------------------
    def _content_language(self) -> Lang:
        """The questionnaire language: the user's choice, else the interface language
        (an English interface with Korean questionnaire text mixes the two in the
        sentences the app builds from both)."""
        return self.settings.content_language or i18n.resolve(self.settings.ui_language)

    def set_ui_language(self, setting: str) -> None:
        """Switch the interface language ('ko', 'en' or 'system') now and remember it
        (the questionnaire follows it unless the user chose its language)."""
        self.settings.ui_language = setting
        lang = i18n.resolve(setting)
        if lang != i18n.current():
            i18n.apply_language(lang)
        self.lang = self._content_language()
        self.retranslate()

    def set_content_language(self, lang: Lang) -> None:
        """Show the questionnaire's own texts (items, rubrics, stages) in `lang`; the
        choice is kept, whatever the interface language."""
        self.settings.content_language = lang
        if lang != self.lang:
            self.lang = lang
            self.retranslate()

    def retranslate(self) -> None:
        """Rebuild what shows translated text: the menus, the start page and the open
        workspace (the session, its undo history and the current item are kept). Simpler
        and more complete than retranslating each label in place: every text is set in
        one place only, the constructor."""
        for menu in self.menuBar().findChildren(
            QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            menu.deleteLater()  # with their actions
        self.menuBar().clear()
        self._make_menus()
        old_start = self.start
        self.start = self._make_start_page()
        self.stack.removeWidget(old_start)
        old_start.deleteLater()
        self._set_ready(self.ready)
        if self.workspace is not None and self.session is not None:
            self._make_workspace(self.session)
        else:
            self.stack.setCurrentWidget(self.start)
        self._set_title()

    def _update_actions(self) -> None:
        busy = self.export is not None and self.export.running
        for a in self.needs_workspace:
            a.setEnabled(self.session is not None and not busy)

    # --- exporting -----------------------------------------------------------------------
    def _default_target(self, suffix: str) -> str:
        assert self.session is not None
        return str(self.session.document.path.with_suffix(suffix))

    def ask_export_pdf(self) -> None:
        from levelcheck.gui.exporting import ExportPdfDialog

        if self.session is None:
            return
        assessors = self.session.document.info.assessors
        hint = (assessors[0].name, assessors[0].organisation) if assessors else None
        dialog = ExportPdfDialog(self.lang, self, issuer_hint=hint)
        if dialog.exec() != ExportPdfDialog.DialogCode.Accepted:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as"), self._default_target(".pdf"),
            self.tr("PDF files (*.pdf)"))  # fmt: skip
        if path:
            self.export_pdf(Path(path), dialog.options())

    def ask_export_json(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the assessment as"), self._default_target(".json"),
            self.tr("JSON assessments (*.json)"))  # fmt: skip
        if path:
            self.export_json(Path(path))

    def ask_export_csv(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the items as"), self._default_target(".csv"),
            self.tr("CSV files (*.csv)"))  # fmt: skip
        if path:
            self.export_csv(Path(path))

    def export_pdf(self, target: Path, options: PdfOptions, *, open_when_done: bool = True,
                   ) -> Export | None:  # fmt: skip
        """Build (and sign) the report in the background, then open it."""
        from levelcheck.gui.exporting import build_pdf

        if self.session is None or self.service is None:
            return None
        doc = self.session.document
        issuer = doc.info.assessors[0].name if doc.info.assessors else None
        args = (doc.path, options, issuer, self.service)
        label = self.tr("Building and signing the report…")
        return self._export(target, build_pdf, args, label, open_when_done)

    def export_json(self, target: Path, *, open_when_done: bool = False) -> Export | None:
        from levelcheck.gui.exporting import build_json

        if self.session is None:
            return None
        return self._export(target, build_json, (self.session.document.path,),
                            self.tr("Exporting the assessment…"), open_when_done)  # fmt: skip

    def export_csv(self, target: Path, *, open_when_done: bool = False) -> Export | None:
        """The item table (one row per item) in the questionnaire language shown."""
        from levelcheck.gui.exporting import build_csv

        if self.session is None or self.service is None:
            return None
        args = (self.session.document.path, self.service, self.lang)
        return self._export(target, build_csv, args, self.tr("Exporting the items…"),
                            open_when_done)  # fmt: skip

    def _export(self, target: Path, work: Callable[..., object], args: tuple[object, ...],
                label: str, open_when_done: bool) -> Export | None:  # fmt: skip
        from levelcheck.gui.exporting import Export

        if self.export is not None and self.export.running:
            return None
        if self.workspace is not None:
            self.workspace.page.save_note()  # the report shows what is typed so far
        export = Export(self.worker, target, work, args, label, self)
        self.export = export

        def finished(path: Path) -> None:
            self.statusBar().showMessage(self.tr("Wrote %1").replace("%1", str(path)))
            if open_when_done:
                self.open_file(path)

        export.finished.connect(finished)
        export.failed.connect(lambda msg: QMessageBox.critical(self, self.tr("LevelCheck"), msg))
        export.cancelled.connect(lambda: self.statusBar().showMessage(self.tr("Export cancelled")))
        for signal in (export.finished, export.failed, export.cancelled):
            signal.connect(self._update_actions)
        self._update_actions()
        return export

    # --- opening -------------------------------------------------------------------------
    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open assessment"), "",
            self.tr("LevelCheck documents (*.levelcheck);;JSON assessments (*.json)"),
        )  # fmt: skip
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open a document (a JSON assessment is imported into a new one first). The
        document this window is editing only comes to the front (see :meth:`is_open_here`)."""
        from levelcheck.core.document import Document
        from levelcheck.core.errors import LevelCheckError
        from levelcheck.core.files import is_document

        if self.service is None:
            return False
        if self.is_open_here(path):
            self._bring_to_front(path)
            return True
        try:
            if path.is_file() and not is_document(path):
                path = import_to_document(path, service=self.service)
            document = Document.open(path)
        except (LevelCheckError, OSError) as exc:
            self._refuse(exc)
            return False
        return self._show(document)

    def is_open_here(self, path: Path) -> bool:
        """`path` is the document this window is editing (or the older file its open copy
        was migrated from), by real path or inode (core.files.same_file). Opening it again
        (File → Open, Recent, a file-open event, `gui FILE`) would find this window's own
        lock and open it read-only, blaming "another window"; so it is only shown. A
        document open read-only here holds no lock: opening it again is a retry, which
        gets it for editing once the other window has let it go."""
        from levelcheck.core.files import same_file

        if self.session is None or self.session.readonly:
            return False
        doc = self.session.document
        return any(same_file(path, p) for p in (doc.path, doc.migrated_from) if p is not None)

    def _bring_to_front(self, path: Path) -> None:
        assert self.workspace is not None
        self.stack.setCurrentWidget(self.workspace)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage(self.tr("%1 is already open here").replace("%1", path.name))

    def open_example(self, source: Path, folder: Path | None = None) -> bool:
        from levelcheck.core.errors import LevelCheckError

        if self.service is None:
            return False
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self, self.tr("Folder for the example (Cancel: a temporary folder)"))  # fmt: skip
            folder = Path(chosen) if chosen else None
        try:
            path = import_to_document(source, folder, service=self.service)
        except (LevelCheckError, OSError) as exc:
            self._refuse(exc)
            return False
        return self.open_path(path)

    def new_assessment(self) -> None:
        """Ask for the facts, then where to save them. Cancelling the file dialog goes
        back to the form as it was filled; a file that may not be replaced (see
        :meth:`replace_problem`) is refused and the file dialog asked again."""
        from levelcheck.gui.new_assessment_dialog import NewAssessmentDialog, suggested_file_name

        if self.service is None:
            return
        rs = self.service.library.ruleset(DEFAULT_RULESET)
        dialog = NewAssessmentDialog(self.service.library, self, lang=self.lang, ruleset=rs.ref)
        while dialog.exec() == NewAssessmentDialog.DialogCode.Accepted:
            company = dialog.company_value()
            suggested = suggested_file_name(company.name, self.tr("Assessment"))
            while True:
                path, _ = QFileDialog.getSaveFileName(
                    self, self.tr("Save the new assessment as"), suggested,
                    self.tr("LevelCheck documents (*.levelcheck)"))  # fmt: skip
                if not path:
                    break  # back to the form
                suggested = path
                if self.create_assessment(Path(path), company, dialog.info_value(),
                                          ruleset=dialog.ruleset_value()):  # fmt: skip
                    return

    def replace_problem(self, path: Path) -> str:
        """Why a new document may not be saved as `path` (empty: it may). The file
        dialog has asked before replacing a file, but never the document open in this
        window (that would wipe it out, and the new one would then find its own lock)
        nor one open for editing in another window (which would lose it, and its
        next change)."""
        from levelcheck.core.files import is_document, same_file
        from levelcheck.core.lock import EditLock

        if self.session is not None and same_file(path, self.session.document.path):
            return self.tr("%1 is the assessment open now. Choose another name for the "
                           "new assessment.").replace("%1", path.name)  # fmt: skip
        if not (path.is_file() and is_document(path)):
            return ""
        try:
            lock = EditLock.acquire(path)
        except OSError as exc:  # e.g. a read-only folder: creating it would fail as well
            return f"{path.name}: {exc.strerror or exc}"
        if lock is not None:
            lock.release()
            return ""
        who = EditLock.holder(path)
        if who:
            text = self.tr(
                "%1 is open for editing in another LevelCheck window (%2 on %3, "
                "process %4). Choose another name for the new assessment."
            )
            for n, key in (("%2", "user"), ("%3", "host"), ("%4", "pid")):
                text = text.replace(n, str(who.get(key, "?")))
        else:
            text = self.tr("%1 is open for editing in another LevelCheck window. Choose "
                           "another name for the new assessment.")  # fmt: skip
        return text.replace("%1", path.name)

    def create_assessment(self, path: Path, company: Company, info: AssessmentInfo, *,
                          ruleset: tuple[str, str] | None = None) -> bool:  # fmt: skip
        """A new document scored by `ruleset` (id, version; default: the installed
        default) on the questionnaire that rule set scores. Never replaces the open
        document or one being edited elsewhere (refused with a message: False)."""
        from levelcheck.core.assessment import Ref
        from levelcheck.core.document import Document
        from levelcheck.core.errors import LevelCheckError

        assert self.service is not None, "wait for serviceReady"
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        problem = self.replace_problem(path)
        if problem:
            QMessageBox.warning(self, self.tr("LevelCheck"), problem)
            return False
        try:
            rs = self.service.library.ruleset(*(ruleset or (DEFAULT_RULESET, None)))
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
        from levelcheck.core.document import display_name
        from levelcheck.core.errors import LevelCheckError

        message = str(exc) if isinstance(exc, LevelCheckError) else display_name(Path(str(exc)))
        QMessageBox.critical(self, self.tr("LevelCheck"), message)

    def _show(self, document: Document) -> bool:
        """Show an opened document. Its workspace is built before the one shown goes:
        a damaged value found only then (the plan tab reads the stored plan choices) is
        the same one-line message as any other damaged file, the document is closed
        (its edit lock released) and the assessment open before stays open."""
        from levelcheck.core.document import display_name
        from levelcheck.core.errors import LevelCheckError
        from levelcheck.gui.session import AssessmentSession
        from levelcheck.gui.workspace import Workspace

        assert self.service is not None
        session: AssessmentSession | None = None
        try:
            session = AssessmentSession(document, self.service, self)
            workspace = Workspace(session, self.lang, self.worker)
        except LevelCheckError as exc:
            if session is None:
                document.close()
            else:
                session.close()
                session.deleteLater()
            self._refuse(exc)
            return False
        self.close_assessment()
        self.session = session
        session.failed.connect(lambda msg: QMessageBox.warning(self, self.tr("LevelCheck"), msg))
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        self._make_workspace(session, workspace)
        if document.unclosed:  # copied without its -wal, or the app died while editing
            text = self.tr(
                "%1 was not closed properly, and the file with its last changes (%2) is not "
                "beside it: changes made after its last save may be missing."
            )
            name = document.path.name
            text = text.replace("%1", name).replace("%2", f"{name}-wal")
            QMessageBox.warning(self, self.tr("LevelCheck"), text)
        self._update_actions()
        self.settings.add_recent(document.path)
        self._refresh_recent()
        self._set_title()
        notes = []
        if document.readonly:
            notes.append(self.tr("Read-only: %1").replace("%1", session.readonly_reason()))
        if document.migrated_from is not None:
            notes.append(self.tr("Migrated from an older LevelCheck into %1")
                         .replace("%1", display_name(document.path)))  # fmt: skip
        self.statusBar().showMessage(" · ".join(notes) or display_name(document.path))
        assert self.workspace is not None
        self.workspace.page.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _make_workspace(self, session: AssessmentSession, built: Workspace | None = None) -> None:
        """The workspace for `session` (or `built`, made for it already), replacing the
        one shown (on the same item and in the same mode) when the languages change."""
        from levelcheck.gui.workspace import Workspace

        old = self.workspace
        workspace = built or Workspace(session, self.lang, self.worker)
        if old is not None:
            old.page.save_note()
            workspace.splitter.chosen = old.splitter.chosen  # a dragged tree width stays
            workspace.unanswered_only.setChecked(old.unanswered_only.isChecked())
            workspace.go_to(old.current_item)
            workspace.side.setCurrentIndex(old.side.currentIndex())
            workspace.walk_page.adopt(old.walk_page.walk)
            if old.staged:
                workspace.set_staged_walk(True)
            old.discard()
            self.stack.removeWidget(old)
            old.deleteLater()
        self.workspace = workspace
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        self.go_menu.clear()
        self.go_menu.addActions(workspace.actions_)
        self.go_menu.setEnabled(True)

    def _set_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(self.tr("LevelCheck"))
        else:
            name = self.session.document.company.name
            if self.session.readonly:  # said for good: the status bar's notice goes
                title = self.tr("%1 (read-only) — LevelCheck")
            else:
                title = self.tr("%1 — LevelCheck")
            self.setWindowTitle(title.replace("%1", name))

    def close_assessment(self) -> None:
        if self.workspace is not None:
            self.workspace.page.save_note()
            self.workspace.discard()
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
        if self.export is not None:
            self.export.cancel()
        self._update_actions()
        self.stack.setCurrentWidget(self.start)
        self.setWindowTitle(self.tr("LevelCheck"))

    def _export_may_stop(self, question: str) -> bool:
        """No export running, or the user agrees to cancel it (its temporary file is
        removed, now or when the work returns: see exporting._Output)."""
        if self.export is None or not self.export.running:
            return True
        answer = QMessageBox.question(
            self, self.tr("LevelCheck"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.export.cancel()
        return True

    def ask_close_assessment(self) -> None:
        """File → Close assessment: as closing, but a running export is not cancelled
        without asking."""
        if self._export_may_stop(self.tr("An export is running. Cancel it and close the "
                                         "assessment?")):  # fmt: skip
            self.close_assessment()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit; a running export is cancelled only if the user says so."""
        if not self._export_may_stop(self.tr("An export is running. Cancel it and quit?")):
            event.ignore()
            return
        self.close_assessment()
        self._waiting.clear()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
        super().closeEvent(event)
