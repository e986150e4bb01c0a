"""The staged walk (DESIGN.md "The walk"): pass 1 asks, item by item, "is the basic
descriptor (level 2) met?"; items answered yes go to pass 2 (level 3), and so on up to
the top level. An item's answer is the highest consecutive level met: no at the first
question is level 1. A basic plant is done after one quick pass.

:class:`StagedWalk` is the bookkeeping (no Qt); :class:`StagedWalkPage` shows one
question with Yes / No (keys Y / N) and the item's current rating. A "yes" never lowers
a rating: an item already rated above the level asked keeps it (and is asked again in
the next pass); a "no" sets the level below, as the consultant says. Answers go
through the session's undoable changes, exactly as the rubric cards' do; undo and redo
of a walk answer also move the walk back to that question and forward again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.text import Lang
from levelcheck.gui.commands import AnswerCommand, StepCommand, Text, UndoText
from levelcheck.gui.session import AssessmentSession


@dataclass(frozen=True)
class WalkState:
    """Where a walk is: enough to put it back there (undo)."""

    pass_no: int
    queue: tuple[str, ...]
    position: int
    next_pass: tuple[str, ...]


class StagedWalk:
    """Which item is asked about which level. `record(item, level)` stores an answer;
    `current(item)` is the item's stored level (None: not rated), which a "yes" keeps
    when it is higher than the level asked."""

    def __init__(self, items: Sequence[str], levels: Sequence[int],
                 record: Callable[[str, int], object],
                 current: Callable[[str], int | None] | None = None) -> None:  # fmt: skip
        self.levels = sorted(levels)
        self.record = record
        self.current = current
        self.pass_no = 1  # pass n asks about self.levels[n]
        self.queue: list[str] = list(items)
        self.position = 0
        self._next_pass: list[str] = []
        if len(self.levels) < 2 or not self.queue:
            self.queue = []

    @property
    def finished(self) -> bool:
        return self.position >= len(self.queue)

    @property
    def passes(self) -> int:
        return len(self.levels) - 1

    @property
    def item(self) -> str | None:
        return None if self.finished else self.queue[self.position]

    @property
    def asked_level(self) -> int:
        """The level whose descriptor the current question is about."""
        return self.levels[self.pass_no]

    def snapshot(self) -> WalkState:
        return WalkState(self.pass_no, tuple(self.queue), self.position,
                         tuple(self._next_pass))  # fmt: skip

    def restore(self, state: WalkState) -> None:
        self.pass_no, self.position = state.pass_no, state.position
        self.queue, self._next_pass = list(state.queue), list(state.next_pass)

    def answer(self, met: bool) -> None:
        item = self.item
        if item is None:
            return
        level = self.asked_level
        if met:
            now = self.current(item) if self.current is not None else None
            # "level k is met" says nothing against a higher rating: keep it
            self.record(item, now if now is not None and now > level else level)
            if self.pass_no < self.passes:
                self._next_pass.append(item)
        else:
            self.record(item, self.levels[self.pass_no - 1])
        self.position += 1
        if self.finished and self._next_pass:
            self.pass_no += 1
            self.queue, self._next_pass, self.position = self._next_pass, [], 0


class StagedWalkPage(QWidget):
    """One question of the staged walk; `moved(item_id)` when the question changes."""

    moved = Signal(str)
    finished = Signal()

    def __init__(self, session: AssessmentSession, lang: Lang,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.walk: StagedWalk | None = None
        self._answering = False  # our own change is on its way to the undo stack
        self._saved = True  # whether the last answer recorded was saved
        self._step_text: Text = ""  # the undo text of the last answer recorded
        self._stale = False  # the walk moved (undo) while hidden: refresh when shown
        session.undo_stack.indexChanged.connect(self._undo_moved)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Staged walk"))
        self.stage = QLabel()
        self.stage.setStyleSheet("color: #6b7280; font-weight: bold;")
        self.stage.setAccessibleName(self.tr("Pass"))
        self.path = QLabel()
        self.path.setStyleSheet("color: #6b7280;")
        # the stored rating: a walk over a rated assessment must not hide what it changes
        self.rating = QLabel()
        self.rating.setWordWrap(True)
        self.rating.setStyleSheet("font-weight: bold;")
        self.rating.setAccessibleName(self.tr("Current rating"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.descriptor = QLabel()
        self.descriptor.setWordWrap(True)
        self.descriptor.setAccessibleName(self.tr("Descriptor"))
        self.descriptor.setStyleSheet(
            "border: 2px solid #2563eb; border-radius: 6px; padding: 10px; font-size: 12pt;"
        )
        self.yes = QPushButton(self.tr("Yes, met (Y)"))
        self.yes.setAccessibleName(self.tr("Descriptor met"))
        self.yes.clicked.connect(lambda: self.answer(True))
        self.no = QPushButton(self.tr("No, not met (N)"))
        self.no.setAccessibleName(self.tr("Descriptor not met"))
        self.no.clicked.connect(lambda: self.answer(False))
        for b in (self.yes, self.no):
            b.setMinimumHeight(40)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Y / N go to the page
        buttons = QHBoxLayout()
        buttons.addWidget(self.yes)
        buttons.addWidget(self.no)
        buttons.addStretch(1)
        self.done = QLabel()
        self.done.setWordWrap(True)
        self.done.setStyleSheet("font-size: 14pt; color: #15803d;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        for w in (self.stage, self.path, self.rating, self.title, self.question,
                  self.descriptor):  # fmt: skip
            layout.addWidget(w)
        layout.addLayout(buttons)
        layout.addWidget(self.done)
        layout.addStretch(1)

    def adopt(self, walk: StagedWalk | None) -> None:
        """Carry on the walk of the page this one replaces (the interface language was
        switched): same place, and the undo steps that move it keep working."""
        self.walk = walk
        if walk is not None:
            walk.record, walk.current = self._record, self._current
        self.refresh()

    def start(self) -> None:
        """A new walk over every item not marked N/A, from pass 1."""
        items = [i for i in self.session.item_ids if self.session.state(i) != "na"]
        self.walk = StagedWalk(items, list(self.session.questionnaire.levels), self._record,
                               self._current)  # fmt: skip
        self.refresh()

    def _current(self, item_id: str) -> int | None:
        return self.session.answer(item_id).level

    def _record(self, item_id: str, level: int) -> None:
        self._step_text = (UndoText.translate("StagedWalkPage", "Walk: %1 at level %2")
                           .replace("%1", item_id).replace("%2", str(level)))  # fmt: skip
        self._saved = self.session.change(item_id, self._step_text, level=level)

    def answer(self, met: bool) -> None:
        """Record the answer and ask the next question. Every answer is one undo step
        that carries the walk's place before and after, so undo asks this question again
        and redo moves on; an answer that keeps the stored level (a "no" after the pass
        that stored it) is a step of the walk alone."""
        walk = self.walk
        if walk is None or walk.finished or self.session.readonly:
            return
        stack = self.session.undo_stack
        before, index = walk.snapshot(), stack.index()
        self._answering, self._saved = True, True
        try:
            walk.answer(met)
            after = walk.snapshot()
            command = stack.command(index) if stack.index() == index + 1 else None
            if not self._saved:
                walk.restore(before)  # not stored (the session said why): ask again
            elif isinstance(command, AnswerCommand) and command.after_undo is None:
                command.after_undo = lambda: walk.restore(before)
                command.after_redo = lambda: walk.restore(after)
            else:
                stack.push(StepCommand(self._step_text, lambda: walk.restore(before),
                                       lambda: walk.restore(after)))  # fmt: skip
        finally:
            self._answering = False
        self.refresh()

    def _undo_moved(self, _index: int) -> None:
        """Undo or redo may have moved the walk (see :meth:`answer`): show where it is."""
        if self._answering or self.walk is None:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        walk = self.walk
        active = walk is not None and not walk.finished and not self.session.readonly
        self.yes.setEnabled(active)
        self.no.setEnabled(active)
        for w in (self.path, self.rating, self.title, self.question, self.descriptor):
            w.setVisible(walk is not None and not walk.finished)
        if walk is None:
            return
        if walk.item is None:
            self.stage.setText(self.tr("Staged walk finished after %1 pass(es)")
                               .replace("%1", str(walk.pass_no)))  # fmt: skip
            self.done.setText(self.tr("Every item has its level. Switch to rubric mode to "
                                      "review or change single items."))  # fmt: skip
            self.done.show()
            self.finished.emit()
            return
        self.done.hide()
        q = self.session.questionnaire
        item = q.items[walk.item]
        level = walk.asked_level
        self.stage.setText(self.tr("Pass %1 of %2 · item %3 of %4 · is level %5 met?")
                           .replace("%1", str(walk.pass_no)).replace("%2", str(walk.passes))
                           .replace("%3", str(walk.position + 1))
                           .replace("%4", str(len(walk.queue)))
                           .replace("%5", str(level)))  # fmt: skip
        cat = q.categories[q.item_category[walk.item]]
        self.path.setText(f"{item.id} · {cat.title(self.lang)}")
        self.rating.setText(self._rating_text(walk.item, level))
        self.title.setText(item.title(self.lang))
        self.question.setText(item.question(self.lang))
        self.descriptor.setText(f"<b>{level} · {escape(q.levels[level](self.lang))}</b><br>"
                                f"{escape(item.rubric[level](self.lang))}")  # fmt: skip
        self.descriptor.setTextFormat(Qt.TextFormat.RichText)
        self.moved.emit(walk.item)

    def _rating_text(self, item_id: str, asked: int) -> str:
        """The item's stored rating, and what the answers do to it when it is above the
        level asked (yes keeps it, no lowers it)."""
        now = self._current(item_id)
        if now is None:
            return self.tr("Now: not rated")
        if now > asked and self.walk is not None:
            below = self.walk.levels[self.walk.pass_no - 1]
            text = self.tr("Now: L%1 (Yes keeps L%1, No sets L%2)")
            return text.replace("%1", str(now)).replace("%2", str(below))
        return self.tr("Now: L%1").replace("%1", str(now))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if event.key() == Qt.Key.Key_Y:
                self.answer(True)
                return
            if event.key() == Qt.Key.Key_N:
                self.answer(False)
                return
        super().keyPressEvent(event)
