"""Undoable attaching and removal of evidence files. They live on the session's
QUndoStack next to the answer commands: undoing a removal (or redoing an attach)
attaches the same bytes again (same name, media type and time taken; the document gives
it a new id and "added" time, and its change log records the detach and the attach)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from levelcheck.core.document import EvidenceInfo
from levelcheck.gui.commands import Text

if TYPE_CHECKING:
    from levelcheck.gui.session import AssessmentSession


class RemoveEvidenceCommand(QUndoCommand):
    def __init__(self, session: AssessmentSession, info: EvidenceInfo, data: bytes,
                 text: Text) -> None:  # fmt: skip
        super().__init__(str(text))
        self.text_source = text  # said again on a language change (commands.retranslate)
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


class AttachEvidenceCommand(QUndoCommand):
    """A file attached (already stored when pushed): undo removes it, keeping its bytes
    so that redo can put it back."""

    def __init__(self, session: AssessmentSession, info: EvidenceInfo, text: Text) -> None:
        super().__init__(str(text))
        self.text_source = text  # said again on a language change (commands.retranslate)
        self.session = session
        self.info = info
        self.data: bytes | None = None
        self._applied = True  # the session attached it before pushing

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        if self.data is not None:
            restored = self.session.restore_evidence(self.info, self.data)
            if restored is not None:
                self.info = restored

    def undo(self) -> None:
        self.data = self.session.evidence_data(self.info.id)
        if self.data is not None:
            self.session.remove_evidence(self.info)
