"""Export the open assessment: a signed PDF report (File → Export PDF…, Ctrl+E), the
JSON interchange file or the per-item CSV table. The work runs on the worker helper
while a progress dialog with Cancel keeps the window responsive; the output is written
to a temporary file beside the target and moved into place on the main thread, so a
cancelled export leaves nothing behind, even when the app quits meanwhile."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.files import remove_quietly
from levelcheck.gui.worker import Task, Worker
from levelcheck.report.keys import MAX_NAME

if TYPE_CHECKING:
    from levelcheck.core.service import ScoringService
    from levelcheck.core.text import Lang


@dataclass(frozen=True)
class PdfOptions:
    lang: Lang
    theme: Path | None = None
    unsigned: bool = False
    # who signs, when there is no issuer key yet and one is made for this export
    issuer_name: str = ""
    issuer_organisation: str = ""


# --- the work (plain functions, run on a pool thread) ----------------------------------
# Each writes the export to `out`, a temporary file beside the target that
# :class:`_Output` makes and, when the export is cancelled or fails, removes.
def _temp_beside(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix,
                                dir=target.parent)  # fmt: skip
    os.close(fd)
    return Path(name)


def build_pdf(out: Path, source: Path, options: PdfOptions, issuer: str | None,
              service: ScoringService) -> None:  # fmt: skip
    """The report for the document `source` (signed unless asked not to; an issuer key
    is made first if there is none, for the issuer the export dialog asked for).

    The PDF is laid out in a render process of its own, as on the command line
    (levelcheck/report/renderer.py): WeasyPrint starts there while this prepares the
    report, the layout does not hold the window's interpreter lock for a second or
    two, and its memory goes when the export is done. The first export of a session
    took 2.6-3.2 s in the app's process, 1.6-1.8 s so."""
    from levelcheck.core.errors import LevelCheckError
    from levelcheck.report.keys import init_issuer_key
    from levelcheck.report.renderer import RenderProcess
    from levelcheck.report.service import ReportJob, report_one

    with RenderProcess() as renderer:
        if not options.unsigned:
            init_issuer_key(None, name=options.issuer_name or issuer,
                            organisation=options.issuer_organisation, force=False,
                            if_missing=True)  # fmt: skip
        job = ReportJob(lang=options.lang, theme=options.theme, unsigned=options.unsigned,
                        force=True)  # fmt: skip
        outcome = report_one(source, out, job, service, renderer)
    if outcome.startswith("error: "):
        raise LevelCheckError(outcome.removeprefix("error: "))


def build_json(out: Path, source: Path) -> None:
    """The JSON interchange file of the document `source`."""
    from levelcheck.core.interchange import export_json

    export_json(source, out, overwrite=True)


def build_csv(out: Path, source: Path, service: ScoringService, lang: Lang) -> None:
    """One row per item (answer, note, evidence, score); UTF-8 with a BOM for Excel."""
    from levelcheck.core.tabular import export_csv

    export_csv(source, out, service, lang, overwrite=True)


class _Output:
    """The temporary file one export writes, shared by the pool thread (which makes and
    fills it) and the main thread (which moves it into place, or cancels). Whoever
    learns last that the export was cancelled removes the file, so nothing is left
    behind even when the app quits before the cancelled work returns: the event loop
    that would deliver `discarded` is gone by then, but the pool is waited for."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path: Path | None = None
        self._lock = threading.Lock()
        self._cancelled = False
        self._returned = False

    def write(self, work: Callable[..., object], args: tuple[object, ...]) -> Path | None:
        """On the pool thread: the filled temporary file, or None once cancelled."""
        with self._lock:
            if self._cancelled:
                return None
            path = self.path = _temp_beside(self.target)
        try:
            work(path, *args)
        except BaseException:
            remove_quietly(path)
            raise
        with self._lock:
            self._returned = True
            if self._cancelled:
                remove_quietly(path)
                return None
        return path

    def discard(self) -> None:
        """On the main thread, on cancel: remove the file now if the work is done, else
        the work removes it when it returns."""
        with self._lock:
            self._cancelled = True
            if self._returned and self.path is not None:
                remove_quietly(self.path)


# --- the file dialogs ------------------------------------------------------------------
def qt_file_dialog_labels() -> tuple[str, str]:
    """Two labels of Qt's own file dialog (used where the system offers none, as on
    many Linux desktops) in the language installed. Qt 6 calls them "&Look in:" and
    "Files of &type:", but its Korean file (qtbase_ko.qm) still translates only the
    older "Look in:" and "Files of type:", so a Korean file dialog showed these two in
    English. Written here so that lupdate puts them in our own translation under Qt's
    context: Qt asks every installed translator, ours included."""
    return (QCoreApplication.translate("QFileDialog", "&Look in:"),
            QCoreApplication.translate("QFileDialog", "Files of &type:"))  # fmt: skip


# --- the dialog ------------------------------------------------------------------------
def issuer_subject() -> str | None:
    """Who the existing issuer key signs as ('CN=…,O=…'), or None when there is no key
    yet. Reads only the public certificate (cryptography's x509, not the signing stack,
    which would hold up the dialog for half a second)."""
    from levelcheck.report.keys import CERT, default_key, key_dir

    if not default_key().is_file():
        return None
    try:
        from cryptography import x509

        cert = x509.load_pem_x509_certificate((key_dir() / CERT).read_bytes())
        return cert.subject.rfc4514_string()
    except (OSError, ValueError):
        return ""  # a key without a readable certificate: it signs all the same


class ExportPdfDialog(QDialog):
    """Language of the report, an optional theme file, signed or not, and who signs.

    The first signed export makes the issuer's key (as `levelcheck keys init` does) and
    every later report is signed with it, so the dialog asks for the issuer's name and
    organisation then, prefilled from the assessment's first assessor, instead of
    quietly making a key in someone's name; once there is a key it says who signs."""

    def __init__(self, lang: Lang, parent: QWidget | None = None,
                 issuer_hint: tuple[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export PDF report"))
        self.lang = QComboBox()
        self.lang.setAccessibleName(self.tr("Report language"))
        self.lang.addItem(self.tr("Korean"), "ko")
        self.lang.addItem(self.tr("English"), "en")
        self.lang.setCurrentIndex(max(0, self.lang.findData(lang)))
        self.theme = QLineEdit()
        self.theme.setAccessibleName(self.tr("Theme file"))
        self.theme.setPlaceholderText(self.tr("Default theme"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName(self.tr("Choose a theme file"))
        browse.clicked.connect(self._browse)
        theme_row = QHBoxLayout()
        theme_row.addWidget(self.theme, 1)
        theme_row.addWidget(browse)
        self.unsigned = QCheckBox(self.tr("Unsigned (no issuer signature)"))
        self.unsigned.setAccessibleName(self.tr("Unsigned"))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.lang)
        form.addRow(self.tr("Theme (YAML)"), theme_row)
        form.addRow("", self.unsigned)
        subject = issuer_subject()
        self.issuer_name = QLineEdit()
        self.issuer_organisation = QLineEdit()
        for edit in (self.issuer_name, self.issuer_organisation):
            edit.setMaxLength(MAX_NAME)  # what a certificate's name takes
        self.issuer_note = QLabel()
        self.issuer_note.setWordWrap(True)
        if subject is None:
            name, organisation = issuer_hint or ("", "")
            self.issuer_name.setText(name)
            self.issuer_organisation.setText(organisation)
            self.issuer_name.setAccessibleName(self.tr("Issuer name"))
            self.issuer_organisation.setAccessibleName(self.tr("Issuer organisation"))
            note = self.tr("There is no signing key yet. One is made now for this issuer, "
                           "and every report from now on is signed with it.")  # fmt: skip
            self.issuer_note.setText(note)
            form.addRow(self.tr("Issuer"), self.issuer_name)
            form.addRow(self.tr("Organisation"), self.issuer_organisation)
            form.addRow("", self.issuer_note)
            self.issuer_name.textChanged.connect(self._check)
            self.unsigned.toggled.connect(self._check)
        else:
            signed_as = self.tr("Signed as: %1").replace("%1", subject or self.tr("unknown"))
            self.issuer_note.setText(signed_as)
            self.issuer_note.setAccessibleName(signed_as)
            form.addRow("", self.issuer_note)
        self._needs_issuer = subject is None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Export"))
        ok.setAccessibleName(self.tr("Export the report"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel"))  # fmt: skip
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        """A new key needs an issuer's name (an unsigned draft does not)."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(
            not self._needs_issuer
            or self.unsigned.isChecked()
            or bool(self.issuer_name.text().strip())
        )
        for field in (self.issuer_name, self.issuer_organisation):
            field.setEnabled(not self.unsigned.isChecked())

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Report theme"), "",
                                              self.tr("Themes (*.yaml *.yml)"))  # fmt: skip
        if path:
            self.theme.setText(path)

    def options(self) -> PdfOptions:
        theme = self.theme.text().strip()
        lang: Lang = "en" if self.lang.currentData() == "en" else "ko"
        unsigned = self.unsigned.isChecked()
        return PdfOptions(lang=lang, theme=Path(theme) if theme else None, unsigned=unsigned,
                          issuer_name="" if unsigned else self.issuer_name.text().strip(),
                          issuer_organisation="" if unsigned
                          else self.issuer_organisation.text().strip())  # fmt: skip


# --- running an export -----------------------------------------------------------------
class Export(QObject):
    """One export in progress: the worker task, the progress dialog and where the file
    goes. `finished(path)` once the file is in place; `failed(message)`; `cancelled()`."""

    finished = Signal(object)  # Path of the written file
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, worker: Worker, target: Path, work: Callable[..., object],
                 args: tuple[object, ...], label: str, parent: QWidget) -> None:  # fmt: skip
        """`work(out, *args)` writes the export to the temporary file `out`."""
        super().__init__(parent)
        self.target = target
        self.output = _Output(target)
        self.progress = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        self.progress.setWindowTitle(self.tr("Exporting"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.task: Task = worker.run(self.output.write, work, args)
        self.task.finished.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.discarded.connect(self._discard)
        self.progress.canceled.connect(self.cancel)
        self.progress.show()

    @property
    def running(self) -> bool:
        return self.task.running

    def cancel(self) -> None:
        """Stop waiting for the work; its file is removed (now, or when it returns)."""
        if self.task.running:
            self.task.cancel()
            self.output.discard()
            self.progress.close()
            self.cancelled.emit()

    def _done(self, temp: Path) -> None:
        self.progress.close()
        try:
            temp.replace(self.target)
        except OSError as exc:
            remove_quietly(temp)
            self.failed.emit(f"{self.target}: cannot write: {exc.strerror or exc}")
            return
        self.finished.emit(self.target)

    def _failed(self, exc: BaseException) -> None:
        from levelcheck.core.errors import LevelCheckError

        self.progress.close()
        text = str(exc) if isinstance(exc, LevelCheckError) else f"{type(exc).__name__}: {exc}"
        self.failed.emit(text)

    @staticmethod
    def _discard(value: object) -> None:
        if isinstance(value, Path):
            remove_quietly(value)


def open_in_viewer(path: Path) -> None:
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
