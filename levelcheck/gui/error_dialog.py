"""Shown by the global exception hook: what went wrong, as text that can be copied into
a bug report, instead of the app vanishing."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ErrorDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("LevelCheck: unexpected error"))
        intro = QLabel(self.tr(
            "Something went wrong inside LevelCheck. Your answers are saved as you go. "
            "Please copy the text below into a bug report."))  # fmt: skip
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Error details"))
        self.details.setTabChangesFocus(True)  # Tab leaves the text, as in every field
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        copy = buttons.addButton(self.tr("Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setAccessibleName(self.tr("Copy error details"))
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
