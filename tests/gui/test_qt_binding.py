"""The Qt binding itself: PySide6 6.12.0 on Python 3.11 dropped a reference to None on
every static void call (QCoreApplication.processEvents and the like), so the app and
pytest-qt's waits aborted after some thousands of them ('deallocating None')."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget


def test_static_calls_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    before = sys.getrefcount(None)
    for _ in range(1_000):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents()
        QWidget.setTabOrder(QWidget(), QWidget())
    assert sys.getrefcount(None) - before > -100  # 6.12.0: -3,000
