"""The explanation of the live score, in words: the level and total, then each step of
the rule set's trace (bands, gates, notes, the outcome) as the core words it in the
questionnaire's language, marked passed ✓ or failed ✗, failed steps highlighted.

The trace is built lazily by the core; this view builds it only while it is visible
(a hidden view keeps the latest result and shows it when it is next shown)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from levelcheck.core.result import ScoreResult
from levelcheck.core.text import Lang

PASSED, FAILED = "✓", "✗"
_FAILED_BACKGROUND = QColor("#fee2e2")
_FAILED_FOREGROUND = QColor("#991b1b")
PASSED_ROLE = Qt.ItemDataRole.UserRole + 1


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:,.1f}".removesuffix(".0")


class ResultsView(QWidget):
    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.result: ScoreResult | None = None
        self._shown: ScoreResult | None = None
        self.setAccessibleName(self.tr("Explanation of the result"))
        self.summary = QLabel()
        self.summary.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Level and total"))
        self.steps = QListWidget()
        self.steps.setWordWrap(True)
        self.steps.setAlternatingRowColors(False)
        self.steps.setAccessibleName(self.tr("Explanation steps"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps, 1)

    def show_result(self, result: ScoreResult) -> None:
        """Keep the latest result; show it now if the view is visible."""
        self.result = result
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        result = self.result
        if result is None or result is self._shown:
            return
        self._shown = result
        total = (self.tr("%1 / %2 points").replace("%1", _num(result.total))
                 .replace("%2", _num(result.max_total))
                 if result.total is not None else self.tr("no total"))  # fmt: skip
        if result.level is None:
            self.summary.setText(f"{self._no_level(result)} · {total}")
        else:
            stage = result.stage[self.lang] if result.stage else "—"
            self.summary.setText(self.tr("Level %1 · %2 · %3").replace("%1", str(result.level))
                                 .replace("%2", stage).replace("%3", total))  # fmt: skip
        self.steps.clear()
        for entry in result.trace:
            text = entry.text[self.lang]
            row = QListWidgetItem(f"{PASSED if entry.passed else FAILED}  {text}")
            row.setData(Qt.ItemDataRole.UserRole, text)
            row.setData(PASSED_ROLE, entry.passed)
            row.setToolTip(text)
            if not entry.passed:
                row.setBackground(QBrush(_FAILED_BACKGROUND))
                row.setForeground(QBrush(_FAILED_FOREGROUND))
                font = row.font()
                font.setBold(True)
                row.setFont(font)
            self.steps.addItem(row)

    def _no_level(self, result: ScoreResult) -> str:
        """Words rather than "Level — · —": provisional while items are unanswered."""
        if result.provisional:
            return self.tr("No level yet (provisional)")
        return self.tr("No level yet")

    def texts(self) -> list[str]:
        """The trace sentences shown, in order (without the ✓ / ✗ marks)."""
        return [str(self.steps.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.steps.count())]  # fmt: skip

    def passed(self) -> list[bool]:
        return [bool(self.steps.item(i).data(PASSED_ROLE)) for i in range(self.steps.count())]

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)
