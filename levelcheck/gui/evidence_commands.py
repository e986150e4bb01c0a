"""Undoable removal of an evidence file. It lives on the session's QUndoStack next to
the answer commands: undo attaches the same bytes again (same name, media type and
time taken; the document gives it a new id and "added" time, and its change log
records the detach and the attach)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from levelcheck.core.document import EvidenceInfo

if TYPE_CHECKING:
    from levelcheck.gui.session import AssessmentSession


class RemoveEvidenceCommand(QUndoCommand):
    def __init__(self, session: AssessmentSession, info: EvidenceInfo, data: bytes,
                 text: str) -> None:  # fmt: skip
        super().__init__(text)
        self.session = session
        self.info = info  # the evidence as it is now stored (its id changes on undo)
        self.data = data
        self._applied = True  # the session removed it before pushing

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session.remove_evidence(self.info)

    def undo(self) -> None:
        restored = self.session.restore_evidence(self.info, self.data)
        if restored is not None:
            self.info = restored
