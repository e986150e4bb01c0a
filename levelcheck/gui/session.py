"""One open assessment: the document, its content, the compiled scorer and the undo
stack. Widgets read answers and the latest score here and change answers only through
:meth:`AssessmentSession.change`, so every change is undoable and saved at once."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QUndoStack

from levelcheck.core.assessment import Answer
from levelcheck.core.document import AlreadyAttached, Document, EvidenceInfo
from levelcheck.core.errors import LevelCheckError
from levelcheck.core.lock import EditLock
from levelcheck.core.questionnaire import Questionnaire
from levelcheck.core.result import ScoreResult
from levelcheck.core.ruleset import RuleSet
from levelcheck.core.scoring import Scorer
from levelcheck.core.service import ScoringService
from levelcheck.gui.commands import AnswerCommand, Fields, Text, UndoText, retranslate
from levelcheck.gui.evidence_commands import AttachEvidenceCommand, RemoveEvidenceCommand

ItemState = str  # "answered", "na" or "unanswered"


class Attached(IntEnum):
    """What became of a file given to :meth:`AssessmentSession.attach_evidence`
    (FAILED is false, so ``if not session.attach_evidence(…)`` reads as before)."""

    FAILED = 0  # said through `failed`
    ATTACHED = 1
    DUPLICATE = 2  # the item already has these bytes: nothing stored


class AssessmentSession(QObject):
    answerChanged = Signal(str)
    scored = Signal(object)  # ScoreResult
    failed = Signal(str)  # a change could not be saved: one line
    evidenceChanged = Signal(str)  # an item's evidence files were attached or removed

    def __init__(self, document: Document, service: ScoringService,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.document = document
        self.service = service
        lib = service.library
        self.ruleset: RuleSet = lib.ruleset(document.ruleset.id, document.ruleset.version)
        self.questionnaire: Questionnaire = lib.questionnaire(
            document.questionnaire.id, document.questionnaire.version
        )
        self.scorer: Scorer = service.scorer(self.ruleset)  # compiled once, reused per answer
        self.item_ids: list[str] = list(self.questionnaire.items)
        self._answers: dict[str, Answer] = document.answers(with_evidence=False)
        self._evidence: dict[str, int] = {}
        for e in document.evidence():
            self._evidence[e.item_id] = self._evidence.get(e.item_id, 0) + 1
        self.undo_stack = QUndoStack(self)
        self.result: ScoreResult = self.scorer.score(self._answers)
        # who holds the lock, read once: the notice keeps naming them after a language switch
        self._holder = EditLock.holder(document.path) if document.readonly_kind == "locked" else {}

    @property
    def readonly(self) -> bool:
        return self.document.readonly

    def readonly_reason(self) -> str:
        """Why the document is read-only, in the interface language ("" if it is not):
        the core says it in English, by kind (see core.document.ReadonlyKind)."""
        doc = self.document
        if not doc.readonly:
            return ""
        kind = doc.readonly_kind
        if kind == "no-write-file":
            return self.tr("you do not have permission to change this file")
        if kind == "no-write-folder":
            return self.tr("you do not have permission to write in its folder")
        if kind == "migrated":
            return self.tr("an older LevelCheck file, migrated in memory")
        if kind == "locked":
            who = self._holder
            if not who:
                return self.tr("open for editing in another LevelCheck window")
            text = self.tr("open for editing in another LevelCheck window "
                           "(%1 on %2, process %3)")  # fmt: skip
            for n, key in (("%1", "user"), ("%2", "host"), ("%3", "pid")):
                text = text.replace(n, str(who.get(key, "?")))
            return text
        return doc.readonly_reason

    # --- reading -------------------------------------------------------------------------
    def answer(self, item_id: str) -> Answer:
        return self._answers.get(item_id) or Answer()

    def answers(self) -> dict[str, Answer]:
        """A copy of the answers given (for work on another thread)."""
        return dict(self._answers)

    def state(self, item_id: str) -> ItemState:
        a = self._answers.get(item_id)
        if a is None:
            return "unanswered"
        if a.na:
            return "na"
        return "answered" if a.level is not None else "unanswered"

    def evidence_count(self, item_id: str) -> int:
        return self._evidence.get(item_id, 0)

    def evidence(self, item_id: str) -> list[EvidenceInfo]:
        """The evidence of one item, without the files (cheap: no BLOB is read)."""
        try:
            return self.document.evidence(item_id)
        except LevelCheckError as exc:
            self.failed.emit(str(exc))
            return []

    def evidence_data(self, evidence_id: int) -> bytes | None:
        """One stored file; None when it is listed without its file or cannot be read
        (then `failed` says why)."""
        try:
            return self.document.evidence_data(evidence_id)
        except LevelCheckError as exc:
            self.failed.emit(str(exc))
            return None

    # --- changing ------------------------------------------------------------------------
    def change(self, item_id: str, text: Text, *, merge_notes: bool = False,
               **given: Any) -> bool:  # fmt: skip
        """Change some fields of an answer as one undoable step; False if not saved.
        `text` names the step in the Edit menu: an :class:`UndoText` follows the
        interface language, a str stays as it is."""
        current = self._answers.get(item_id)
        before: Fields | None = current.model_dump(exclude={"evidence"}) if current else None
        after: Fields = dict(before or Answer().model_dump(exclude={"evidence"}))
        after.update(given)
        if given.get("na") is True and "level" not in given:
            after["level"] = None
        if given.get("level") is not None:
            after["na"] = False
        if after == before:
            return True
        if not self.write(item_id, after):
            return False
        cmd = AnswerCommand(self, item_id, before, after, text, merge_notes=merge_notes)
        self.undo_stack.push(cmd)
        return True

    def write(self, item_id: str, fields: Fields | None) -> bool:
        """Store an answer (None: remove it), re-score and tell the views."""
        try:
            if fields is None:
                self.document.clear_answer(item_id)
                self._answers.pop(item_id, None)
            else:
                self._answers[item_id] = self.document.set_answer(item_id, **fields)
        except LevelCheckError as exc:
            self.failed.emit(str(exc))
            return False
        self.result = self.scorer.score(self._answers)
        self.answerChanged.emit(item_id)
        self.scored.emit(self.result)
        return True

    def attach_evidence(self, item_id: str, path: str) -> Attached:
        """Store a file with an item, as one step on the undo stack (undo removes it,
        redo puts the same bytes back); a file the item already has is not stored again
        (DUPLICATE, no message: the caller says what it skipped)."""
        try:
            info = self.document.attach_evidence(item_id, path, once=True)
        except AlreadyAttached:
            return Attached.DUPLICATE
        except LevelCheckError as exc:
            self.failed.emit(str(exc))
            return Attached.FAILED
        self._evidence_added(item_id)
        text = (UndoText.translate("AssessmentSession", "Attach %1 to %2")
                .replace("%1", info.name).replace("%2", item_id))  # fmt: skip
        self.undo_stack.push(AttachEvidenceCommand(self, info, text))
        return Attached.ATTACHED

    def restore_evidence(self, info: EvidenceInfo, data: bytes) -> EvidenceInfo | None:
        """Attach a removed file again (undo of a removal); it gets a new id."""
        try:
            new = self.document.attach_evidence(info.item_id, data, name=info.name,
                                                media_type=info.media_type,
                                                taken_at=info.taken_at)  # fmt: skip
        except LevelCheckError as exc:
            self.failed.emit(str(exc))
            return None
        self._evidence_added(info.item_id)
        return new

    def remove_evidence(self, info: EvidenceInfo) -> bool:
        """Delete one evidence file from the document (not undoable by itself: see
        :meth:`remove_evidence_undoably`)."""
        try:
            self.document.remove_evidence(info.id)
        except LevelCheckError as exc:
            self.failed.emit(str(exc))
            return False
        left = self._evidence.get(info.item_id, 0) - 1
        if left > 0:
            self._evidence[info.item_id] = left
        else:
            self._evidence.pop(info.item_id, None)
        self.evidenceChanged.emit(info.item_id)
        self.answerChanged.emit(info.item_id)
        return True

    def remove_evidence_undoably(self, info: EvidenceInfo, text: Text) -> bool:
        """Remove evidence as one step on the undo stack. The file's bytes are kept by
        the command so undo can put it back; evidence listed without its file cannot be
        restored, so its removal is final (and clears nothing from the stack)."""
        data = self.evidence_data(info.id) if info.size is not None else None
        if info.size is not None and data is None:
            return False  # could not read it: keep it rather than lose it for good
        if not self.remove_evidence(info):
            return False
        if data is not None:
            self.undo_stack.push(RemoveEvidenceCommand(self, info, data, text))
        return True

    def _evidence_added(self, item_id: str) -> None:
        self._evidence[item_id] = self._evidence.get(item_id, 0) + 1
        self.evidenceChanged.emit(item_id)
        self.answerChanged.emit(item_id)

    # --- language ----------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # The window passes LanguageChange on to its children, this session among them.
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().event(event)

    def retranslate(self) -> None:
        """Say every step of the undo history in the language now installed: the Edit
        menu's "Undo …" and "Redo …" would otherwise keep the language each step was
        made in. The stack tells its actions only when its index moves, so they are
        told here."""
        stack = self.undo_stack
        for i in range(stack.count()):
            command = stack.command(i)
            if command is not None:
                retranslate(command)
        stack.undoTextChanged.emit(stack.undoText())
        stack.redoTextChanged.emit(stack.redoText())

    def close(self) -> None:
        self.undo_stack.clear()
        self.document.close()
