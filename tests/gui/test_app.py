"""Starting, creating and opening assessments; bad files; the error hook; settings."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from levelcheck.core.service import ScoringService
from levelcheck.gui import excepthook
from levelcheck.gui.examples import example_files, import_to_document
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
    assert window.start.recent_paths() == [str(path.resolve())]
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


def file_open(path: Path) -> bool:
    """What macOS does on a double-click: a QFileOpenEvent sent to the application."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    return QCoreApplication.sendEvent(QCoreApplication.instance(), QFileOpenEvent(str(path)))


def test_file_open_events_open_the_file_also_before_the_window_exists(
    qtbot,
    qapp,
    service: ScoringService,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from levelcheck.gui.app import FileOpener

    first = import_to_document(example_files()[0], tmp_path)
    second = import_to_document(example_files()[1], tmp_path)
    opener = FileOpener()
    qapp.installEventFilter(opener)
    try:
        file_open(first)  # the app has started, the window is not made yet
        assert opener.pending == [first]
        gate = threading.Event()

        def slow_load() -> ScoringService:
            gate.wait(10)
            return service

        window = MainWindow(None, Settings(), load_service=slow_load)
        qtbot.addWidget(window)
        opener.attach(window)
        assert opener.pending == [] and window.session is None  # waits for the service
        with qtbot.waitSignal(window.serviceReady, timeout=10_000):
            gate.set()
        assert window.session is not None and window.session.document.path == first
        file_open(second)  # with the window there: opened at once, replacing the first
        assert window.session is not None and window.session.document.path == second
        window.close_assessment()
    finally:
        qapp.removeEventFilter(opener)


def test_main_opens_the_files_the_system_sends(
    qtbot,
    qapp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from levelcheck.gui import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    doc = import_to_document(example_files()[2], tmp_path)
    opened: list[Path | None] = []
    windows: list[MainWindow] = []

    def ready(window: MainWindow) -> None:
        windows.append(window)
        assert file_open(doc)  # accepted by the app's filter

        def check() -> None:
            opened.append(window.session.document.path if window.session else None)
            qapp.quit()

        window.when_ready(lambda: QTimer.singleShot(0, check))

    guard = QTimer()  # never hang the suite; stopped after, or it would quit later loops
    guard.setSingleShot(True)
    guard.timeout.connect(qapp.quit)
    guard.start(60_000)
    try:
        assert app.main(["levelcheck"], on_ready=ready) == 0
    finally:
        guard.stop()
        for window in windows:
            window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
            window.close()
        # Quitting leaves a second Quit event posted; handled outside an event loop (by
        # pytest-qt's processEvents) it would end every later loop at once. Let it end
        # a loop of ours instead.
        drain = QEventLoop()
        QTimer.singleShot(0, drain.quit)
        drain.exec()
    assert opened == [doc]
    assert not file_open(doc)  # the filter is removed when the event loop ends


def test_the_first_window_fits_the_screen(window: MainWindow) -> None:
    """No saved geometry: 1360 × 860, or less on a small (or 200%-scaled) screen."""
    screen = window.screen().availableGeometry().size()
    assert window.width() <= max(screen.width(), 1360)
    assert window.width() <= screen.width() and window.height() <= screen.height()


def test_the_na_reason_is_editable_only_when_na_is_ticked(opened: MainWindow) -> None:
    assert opened.workspace is not None
    page = opened.workspace.page
    assert not page.na_box.isChecked()
    assert not page.justification.isEnabled()
    page.na_box.click()  # as the user does (no reason yet: it waits for one)
    assert page.justification.isEnabled()
    opened.workspace.go_next()
    assert not page.na_box.isChecked() and not page.justification.isEnabled()


def test_quit_and_close_have_their_usual_keys(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    keys = {
        a.text(): {k.toString() for k in a.shortcuts()}
        for a in window.menuBar().actions()[0].menu().actions()
    }
    assert "Ctrl+Q" in keys["&Quit"]
    assert (
        "Ctrl+W" in keys["&Close assessment"]
        or QKeySequence.keyBindings(QKeySequence.StandardKey.Close) == []
    )


def test_the_app_object_takes_file_open_events_itself(tmp_path: Path) -> None:
    """The real app (its own QApplication, so a separate process) hands file-open events
    to the opener without an application-wide event filter."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtGui import QFileOpenEvent\n"
        "from levelcheck.gui.app import FileOpener, LevelCheckApplication\n"
        "app = LevelCheckApplication([])\n"
        "app.opener = FileOpener(app)\n"
        "assert QCoreApplication.sendEvent(app, QFileOpenEvent(sys.argv[1]))\n"
        "assert app.opener.pending == [Path(sys.argv[1])], app.opener.pending\n"
        "print('ok')\n"
    )
    target = tmp_path / "a.levelcheck"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, str(target)], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.stdout.strip() == "ok", done.stderr


def test_a_broken_json_leaves_no_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a broken JSON in the app left an empty levelcheck-XXXX folder in /tmp."""
    from levelcheck.core.errors import LevelCheckError

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(LevelCheckError):
        import_to_document(broken)
    assert list(temp.iterdir()) == []
    made = import_to_document(example_files()[0])  # a good one keeps its folder
    assert made.is_file() and made.parent.parent == temp
