"""Nothing entered is lost when the app is killed: the app runs in a process of its own,
answers and a note are entered through the window, then the process is killed (SIGKILL,
no chance to clean up) and the document is read back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from levelcheck.core.document import Document
from levelcheck.gui.examples import import_to_document
from tests.conftest import example_files

SCRIPT = r"""
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from levelcheck.core.service import ScoringService
from levelcheck.gui.item_page import NOTE_PAUSE_MS
from levelcheck.gui.main_window import MainWindow
from levelcheck.gui.settings import Settings

app = QApplication([])
window = MainWindow(ScoringService.installed(), Settings())
window.show()
assert window.open_path(Path(sys.argv[1]))
ws = window.workspace
items = window.session.item_ids[:3]
for n, item in enumerate(items):
    ws.go_to(item)
    QTest.keyClick(ws.page, getattr(Qt.Key, f"Key_{n + 2}"))  # rate 2, 3, 4
ws.page.note.setFocus()
QTest.keyClicks(ws.page.note, "killed right after")
print(",".join(items), flush=True)

def kill():
    os.kill(os.getpid(), signal.SIGKILL)

QTimer.singleShot(NOTE_PAUSE_MS + 200, kill)  # the note's pause has passed, nothing else
app.exec()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX")
def test_answers_and_notes_survive_a_kill(tmp_path: Path) -> None:
    doc = import_to_document(example_files()[0], tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(doc)], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr
    items = done.stdout.strip().split(",")
    with Document.open(doc, readonly=True) as reopened:
        answers = reopened.answers(with_evidence=False)
    assert [answers[i].level for i in items] == [2, 3, 4]
    assert "killed right after" in answers[items[-1]].note  # typed into the existing note
