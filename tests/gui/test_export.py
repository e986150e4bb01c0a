"""Export from the workspace: a signed PDF built in the background, JSON, cancelling."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from levelcheck.gui.examples import example_files
from levelcheck.gui.exporting import ExportPdfDialog, PdfOptions
from levelcheck.gui.main_window import MainWindow
from tests.conftest import run_python


@pytest.fixture
def example(window: MainWindow, tmp_path: Path) -> MainWindow:
    folder = tmp_path / "docs"
    folder.mkdir()
    assert window.open_example(example_files()[0], folder)
    return window


def test_export_pdf_runs_in_the_worker_and_writes_a_signed_pdf(
    qtbot,
    example: MainWindow,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    opened: list[Path] = []
    example.open_file = opened.append
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    main = threading.current_thread()
    export = example.export_pdf(target, PdfOptions(lang="en"))
    assert export is not None and export.running
    assert not example.export_pdf_action.isEnabled()  # one export at a time
    with qtbot.waitSignal(export.finished, timeout=120_000) as blocker:
        pass
    assert threading.current_thread() is main
    assert blocker.args == [target]
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and b"/ByteRange" in data  # signed
    assert opened == [target]
    assert (Path(os.environ["LEVELCHECK_CONFIG_DIR"]) / "keys" / "issuer.p12").is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]  # no temp left
    assert example.export_pdf_action.isEnabled()


def test_an_unsigned_pdf_needs_no_key(qtbot, example: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    example.open_file = lambda p: None
    target = tmp_path / "unsigned.pdf"
    export = example.export_pdf(target, PdfOptions(lang="ko", unsigned=True))
    assert export is not None
    with qtbot.waitSignal(export.finished, timeout=120_000):
        pass
    assert target.read_bytes().startswith(b"%PDF")
    assert not (Path(os.environ["LEVELCHECK_CONFIG_DIR"]) / "keys" / "issuer.p12").exists()


def test_cancelling_an_export_discards_it(qtbot, example: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    opened: list[Path] = []
    example.open_file = opened.append
    out = tmp_path / "out"
    out.mkdir()
    export = example.export_pdf(out / "report.pdf", PdfOptions(lang="en", unsigned=True))
    assert export is not None
    with qtbot.waitSignal(export.cancelled, timeout=1000):
        export.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
    assert not export.running and example.export_pdf_action.isEnabled()
    with qtbot.waitSignal(export.task.discarded, timeout=120_000):
        pass  # the worker finished in the background; its file is thrown away
    assert list(out.iterdir()) == [] and opened == []


def test_a_failed_export_says_why(
    qtbot,
    example: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    bad_theme = tmp_path / "theme.yaml"
    bad_theme.write_text("colours: [unclosed\n")
    export = example.export_pdf(tmp_path / "r.pdf",
                                PdfOptions(lang="en", theme=bad_theme, unsigned=True))  # fmt: skip
    assert export is not None
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    with qtbot.waitSignal(export.failed, timeout=120_000) as blocker:
        pass
    assert "theme.yaml" in blocker.args[0] and shown == blocker.args
    assert not (tmp_path / "r.pdf").exists()


def test_export_json(qtbot, example: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a.json"
    export = example.export_json(target)
    assert export is not None
    with qtbot.waitSignal(export.finished, timeout=30_000):
        pass
    data = json.loads(target.read_text(encoding="utf-8"))
    assert example.session is not None
    assert data["company"]["name"] == example.session.document.company.name


def test_the_menu_asks_for_options_and_a_path(
    qtbot,
    example: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    asked: list[tuple[Path, PdfOptions]] = []

    def fill(dialog: ExportPdfDialog) -> int:
        dialog.lang.setCurrentIndex(dialog.lang.findData("en"))
        dialog.unsigned.setChecked(True)
        return ExportPdfDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ExportPdfDialog, "exec", fill)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "x.pdf"), ""))  # fmt: skip
    monkeypatch.setattr(example, "export_pdf", lambda t, o: asked.append((t, o)))
    assert example.export_pdf_action.shortcut().toString() == "Ctrl+E"
    example.export_pdf_action.trigger()
    assert asked == [(tmp_path / "x.pdf", PdfOptions(lang="en", theme=None, unsigned=True))]


def test_export_is_disabled_without_an_assessment(window: MainWindow) -> None:
    assert not window.export_pdf_action.isEnabled()
    assert not window.export_json_action.isEnabled()
    assert not window.export_csv_action.isEnabled()


def test_export_csv_from_the_menu(
    qtbot,
    example: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from levelcheck.core.tabular import HEADER

    target = tmp_path / "out" / "items.csv"
    target.parent.mkdir()
    asked: list[str] = []

    def save_as(parent: object, caption: str, start: str, filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    example.set_content_language("en")
    assert example.export_csv_action.isEnabled()
    started: list[object] = []
    real = example.export_csv
    monkeypatch.setattr(example, "export_csv", lambda t: started.append(real(t)))
    example.export_csv_action.trigger()
    export = started[0]
    assert export is not None and asked[0].endswith(".csv")
    with qtbot.waitSignal(export.finished, timeout=30_000) as blocker:  # type: ignore[attr-defined]
        pass
    assert blocker.args == [target]
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Korean right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    session = example.session
    assert session is not None
    assert rows[0] == list(HEADER)
    assert [r[0] for r in rows[1:]] == session.item_ids
    q = session.questionnaire
    first = rows[1]
    assert first[5] == q.items[first[0]].title("en")
    level = session.answer(first[0]).level
    assert first[6] == ("" if level is None else str(level))
    assert sorted(p.name for p in target.parent.iterdir()) == ["items.csv"]  # no temp left


def slow_csv(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """CSV exports write part of their file, then wait for the returned gate."""
    from levelcheck.core import tabular

    gate = threading.Event()
    real = tabular.export_csv

    def slow(source: Path, out: Path, *args: object, **kw: object) -> object:
        out.write_text("half a file")
        gate.wait(10)
        return real(source, out, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(tabular, "export_csv", slow)
    return gate


def test_quitting_during_an_export_asks_and_no_keeps_the_window(
    qtbot,
    example: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    gate = slow_csv(monkeypatch)
    asked: list[str] = []

    def no(parent: object, title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    out = tmp_path / "out"
    out.mkdir()
    export = example.export_csv(out / "items.csv")
    assert export is not None
    try:
        assert not example.close()
        assert asked == ["An export is running. Cancel it and quit?"]
        assert example.isVisible() and export.running and example.session is not None
    finally:
        gate.set()
    with qtbot.waitSignal(export.finished, timeout=30_000):
        pass  # the export carried on and completes
    assert (out / "items.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("nothing to ask"))
    assert example.close()  # no export running: no question


def test_quitting_during_an_export_can_cancel_it_and_leaves_no_file(
    qtbot,
    example: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    gate = slow_csv(monkeypatch)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: QMessageBox.StandardButton.Yes)  # fmt: skip
    out = tmp_path / "out"
    out.mkdir()
    export = example.export_csv(out / "items.csv")
    assert export is not None
    qtbot.waitUntil(lambda: any(out.iterdir()), timeout=10_000)  # the temp file is written
    finished: list[object] = []
    export.finished.connect(finished.append)
    with qtbot.waitSignal(export.cancelled, timeout=1000):
        assert example.close()
    assert not example.isVisible() and not export.running and example.session is None
    gate.set()
    assert example.worker.wait(30_000)  # what main() does after the event loop ends
    assert list(out.iterdir()) == []  # neither the target nor the temporary file
    assert finished == []


def test_closing_the_assessment_during_an_export_asks_too(
    qtbot,
    example: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    gate = slow_csv(monkeypatch)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(parent: object, title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    out = tmp_path / "out"
    out.mkdir()
    export = example.export_csv(out / "items.csv")
    assert export is not None
    try:
        example.ask_close_assessment()  # No: the assessment stays open, the export runs
        assert example.session is not None and export.running
        example.ask_close_assessment()  # Yes: cancelled and closed
        assert example.session is None
        assert asked == ["An export is running. Cancel it and close the assessment?"] * 2
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not export.running, timeout=30_000)
    assert not (out / "items.csv").exists()


def test_the_first_signed_export_asks_who_signs(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No key yet: the dialog asks for the issuer (prefilled from the first assessor),
    will not sign without a name, and the key it makes carries that name and
    organisation; once a key exists the dialog says who signs instead."""
    from cryptography import x509

    from levelcheck.core.service import ScoringService
    from levelcheck.gui.exporting import build_pdf
    from levelcheck.report.keys import CERT, key_dir

    dialog = ExportPdfDialog("en", None, issuer_hint=("한지윤", "(주)바른공정컨설팅"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.issuer_name.text() == "한지윤" and ok.isEnabled()
    dialog.issuer_name.clear()
    assert not ok.isEnabled()  # a key in nobody's name: no
    dialog.unsigned.setChecked(True)
    assert ok.isEnabled()  # an unsigned draft needs no issuer
    dialog.unsigned.setChecked(False)
    dialog.issuer_name.setText("김민수")
    options = dialog.options()
    assert (options.issuer_name, options.issuer_organisation) == ("김민수", "(주)바른공정컨설팅")

    source = tmp_path / "a.levelcheck"
    from levelcheck.core.interchange import import_json

    import_json(example_files()[0], source)
    build_pdf(tmp_path / "r.pdf", source, options, "someone else", ScoringService.installed())
    cert = x509.load_pem_x509_certificate((key_dir() / CERT).read_bytes())
    assert cert.subject.rfc4514_string() == "CN=김민수,O=(주)바른공정컨설팅"

    again = ExportPdfDialog("en", None, issuer_hint=("다른 사람", ""))
    qtbot.addWidget(again)
    assert again.issuer_note.text() == "Signed as: CN=김민수,O=(주)바른공정컨설팅"
    assert again.options().issuer_name == ""  # the existing key signs


def test_the_pdf_is_laid_out_outside_the_window_s_process(tmp_path: Path) -> None:
    """WeasyPrint runs in a render process of its own: the window's process never
    imports it (its layout would hold the interpreter lock the window needs, and its
    memory would stay after the export)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from levelcheck.core.interchange import import_json\n"
        "from levelcheck.core.service import ScoringService\n"
        "from levelcheck.gui.examples import example_files\n"
        "from levelcheck.gui.exporting import PdfOptions, build_pdf\n"
        "folder = Path(sys.argv[1])\n"
        "import_json(example_files()[0], folder / 'a.levelcheck')\n"
        "build_pdf(folder / 'r.pdf', folder / 'a.levelcheck', PdfOptions(lang='ko', "
        "unsigned=True), None, ScoringService.installed())\n"
        "print((folder / 'r.pdf').read_bytes()[:5].decode(), 'weasyprint' in sys.modules)\n"
    )
    env = {**os.environ, "LEVELCHECK_CONFIG_DIR": str(tmp_path / "config")}
    assert run_python(code, str(tmp_path), env=env).stdout.split() == ["%PDF-", "False"]
