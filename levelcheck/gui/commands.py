"""Undoable changes to answers. Every answer, N/A, note and strength change is one
command on the session's QUndoStack; undo writes the earlier answer back to the
document (there is no separate save)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from levelcheck.gui.session import AssessmentSession

Fields = dict[str, Any]  # the Answer fields without evidence; None: no answer at all
NOTE_MERGE_ID = 1


class AnswerCommand(QUndoCommand):
    def __init__(
        self, session: AssessmentSession, item_id: str, before: Fields | None,
        after: Fields, text: str, *, merge_notes: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(text)
        self.session = session
        self.item_id = item_id
        self.before = before
        self.after = after
        self.merge_notes = merge_notes
        self._applied = True  # the session wrote `after` before pushing
        # What else the change moved, put back with it: the staged walk sets these so
        # undo asks the undone question again and redo moves on as the answer did.
        self.after_undo: Callable[[], object] | None = None
        self.after_redo: Callable[[], object] | None = None

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session.write(self.item_id, self.after)
        if self.after_redo is not None:
            self.after_redo()

    def undo(self) -> None:
        self.session.write(self.item_id, self.before)
        if self.after_undo is not None:
            self.after_undo()

    def id(self) -> int:
        return NOTE_MERGE_ID if self.merge_notes else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Typing a note saves at each pause; one undo takes back the whole edit.
        if not isinstance(other, AnswerCommand) or other.item_id != self.item_id:
            return False
        self.after = other.after
        return True


class StepCommand(QUndoCommand):
    """A step that changed no answer but moved something the user follows (the staged
    walk, when a "no" keeps the level already stored): one undo step all the same, so
    Ctrl+Z asks the question just answered again. Already done when pushed."""

    def __init__(self, text: str, undo: Callable[[], object],
                 redo: Callable[[], object]) -> None:  # fmt: skip
        super().__init__(text)
        self._undo, self._redo = undo, redo
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()
