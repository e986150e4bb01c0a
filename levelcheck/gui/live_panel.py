"""The live result beside the item page: total, level and stage, whether the result is
provisional, completeness, and the category radar -- the same SVG the report uses."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.result import ScoreResult
from levelcheck.core.text import Lang
from levelcheck.report import charts

RADAR_SIZE = 420
# Korean fonts the app can count on (fonts-nanum on Debian); QtSvg falls back otherwise.
RADAR_STYLE = charts.ChartStyle(font_family="NanumGothic, Noto Sans KR, sans-serif")


def _num(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.1f}".removesuffix(".0")


class LivePanel(QWidget):
    def __init__(self, questionnaire: Questionnaire, lang: Lang,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.q = questionnaire
        self.lang = lang
        self.setAccessibleName(self.tr("Live result"))
        self.total = QLabel()
        self.total.setStyleSheet("font-size: 22pt; font-weight: bold;")
        # a narrow side panel (or 200% scaling) wraps the big texts instead of cutting them
        self.total.setWordWrap(True)
        self.total.setAccessibleName(self.tr("Total score"))
        self.level = QLabel()
        self.level.setStyleSheet("font-size: 14pt;")
        self.level.setWordWrap(True)
        self.level.setAccessibleName(self.tr("Level and stage"))
        self.provisional = QLabel()
        self.provisional.setStyleSheet("color: #b45309;")
        self.provisional.setWordWrap(True)
        self.provisional.setAccessibleName(self.tr("Provisional"))
        self.completeness = QLabel()
        self.completeness.setAccessibleName(self.tr("Completeness"))
        self.gap = QLabel()
        self.gap.setWordWrap(True)
        self.gap.setTextFormat(Qt.TextFormat.PlainText)
        self.gap.setAccessibleName(self.tr("Gap to the next level"))
        # QSvgWidget draws the vector chart at paint time, so it is sharp at every device
        # pixel ratio (200% scaling: a test renders it at 2x).
        self.radar = QSvgWidget()
        self.radar.setAccessibleName(self.tr("Category levels radar chart"))
        self.radar.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.radar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.radar.setMinimumSize(QSize(240, 240))
        self.svg = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        for w in (self.total, self.level, self.provisional, self.completeness, self.gap):
            layout.addWidget(w)
        layout.addWidget(self.radar)
        layout.addStretch(1)

    def _gap_text(self, result: ScoreResult) -> str:
        """The next level and what it still needs, one line per unmet requirement."""
        nxt = (result.level or 0) + 1
        if nxt > self.q.max_level:
            return self.tr("Top level reached")
        missing = result.unmet(nxt)
        stage = self.q.levels.get(nxt)
        name = f"{nxt} · {stage(self.lang)}" if stage else str(nxt)
        if not missing:  # e.g. a profile rule set without bands, or a lower level unmet
            return ""
        head = self.tr("To reach Level %1:").replace("%1", name)
        return "\n".join([head, *(f"• {e.text[self.lang]}" for e in missing)])

    def _level_text(self, result: ScoreResult) -> str:
        """ "Level 2 · 기초", or words rather than "Level — · —" when there is no level
        (the provisional line under it says why: items not answered yet)."""
        if result.level is None:
            return self.tr("No level yet")
        stage = result.stage[self.lang] if result.stage else "—"
        return self.tr("Level %1 · %2").replace("%1", str(result.level)).replace("%2", stage)

    def show_result(self, result: ScoreResult) -> None:
        if result.total is not None:
            self.total.setText(self.tr("%1 / %2 points").replace("%1", _num(result.total))
                               .replace("%2", _num(result.max_total)))  # fmt: skip
        else:
            self.total.setText(self.tr("No total in this rule set"))
        self.level.setText(self._level_text(result))
        missing = sum(1 for i in result.items.values() if i.status == "unanswered")
        self.provisional.setText(
            self.tr("Provisional: %1 item(s) not answered yet").replace("%1", str(missing))
            if result.provisional else ""
        )  # fmt: skip
        self.provisional.setVisible(result.provisional)
        self.completeness.setText(self.tr("Completeness %1%")
                                  .replace("%1", f"{result.completeness * 100:.0f}"))  # fmt: skip
        self.gap.setText(self._gap_text(result))
        cats = list(self.q.categories.values())
        nxt = min((result.level or 0) + 1, self.q.max_level)
        self.svg = charts.radar(
            [c.title(self.lang) for c in cats],
            [result.categories[c.id].level for c in cats],
            target=[float(nxt)] * len(cats),  # as in the report: against the next level
            legend=(self.tr("Now"), self.tr("Level %1").replace("%1", str(nxt))),
            max_value=float(self.q.max_level),
            size=RADAR_SIZE,
            style=RADAR_STYLE,
        )
        self.radar.load(QByteArray(self.svg.encode("utf-8")))
        self.radar.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
