"""Undoable changes to answers. Every answer, N/A, note and strength change is one
command on the session's QUndoStack; undo writes the earlier answer back to the
document (there is no separate save)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from levelcheck.gui.session import AssessmentSession

Fields = dict[str, Any]  # the Answer fields without evidence; None: no answer at all
NOTE_MERGE_ID = 1


class UndoText:
    """What an undo step says, kept as its tr() source so it can be said again in the
    language installed later: a text translated once keeps the language it was made in
    after View → Language. Written where the text is made as
    ``UndoText.translate("ItemPage", "Rate %1 at level %2").replace("%1", item_id)``,
    which lupdate reads as that class's ``tr()`` (same context and source)."""

    def __init__(self, context: str, source: str,
                 values: tuple[tuple[str, str], ...] = ()) -> None:  # fmt: skip
        self.context = context
        self.source = source
        self.values = values  # (placeholder, value) in the order they are put in

    @classmethod
    def translate(cls, context: str, source: str) -> UndoText:
        return cls(context, source)

    def replace(self, placeholder: str, value: str) -> UndoText:
        """As ``str.replace``, done again on each translation."""
        return UndoText(self.context, self.source, (*self.values, (placeholder, value)))

    def __str__(self) -> str:
        text = QCoreApplication.translate(self.context, self.source)
        for placeholder, value in self.values:
            text = text.replace(placeholder, value)
        return text

    def __repr__(self) -> str:
        return f"UndoText({self.context!r}, {self.source!r}, {self.values!r})"


Text = str | UndoText  # a plain str stays as it is in every language


def retranslate(command: QUndoCommand) -> None:
    """Say a command's text again in the language now installed (a command made from a
    plain string keeps it)."""
    source = getattr(command, "text_source", None)
    if isinstance(source, UndoText):
        command.setText(str(source))


class AnswerCommand(QUndoCommand):
    def __init__(
        self, session: AssessmentSession, item_id: str, before: Fields | None,
        after: Fields, text: Text, *, merge_notes: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(str(text))
        self.text_source = text  # said again on a language change (see retranslate)
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

    def __init__(self, text: Text, undo: Callable[[], object],
                 redo: Callable[[], object]) -> None:  # fmt: skip
        super().__init__(str(text))
        self.text_source = text  # said again on a language change (see retranslate)
        self._undo, self._redo = undo, redo
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()
