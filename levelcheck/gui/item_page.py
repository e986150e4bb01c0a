"""The page for one item: question, guidance, what evidence to look at, the five rubric
cards, N/A with its justification, the note, evidence strength and evidence files
(with thumbnails: see :mod:`levelcheck.gui.evidence_view`). Every change goes through
the session (undoable, saved at once)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from levelcheck.core.questionnaire import Item
from levelcheck.core.text import Lang
from levelcheck.gui.commands import UndoText
from levelcheck.gui.evidence_view import EvidenceStrip
from levelcheck.gui.rubric_card import RubricCard
from levelcheck.gui.session import AssessmentSession, Attached
from levelcheck.gui.wheel_guard import guard_wheel
from levelcheck.gui.worker import Worker

NOTE_PAUSE_MS = 700  # a note is saved when typing pauses this long, or focus leaves
# ... and at the latest this long after the first unsaved keystroke, however steadily
# the consultant types (an interview is typed without pauses): a crash then loses at most
# a few seconds of a note, while saving is still one write per 3 s, not per keystroke.
# The saves merge into one undo step (AnswerCommand.mergeWith), so this adds none.
NOTE_MAX_DELAY_MS = 3000
STRENGTHS = ("claimed", "documented", "observed")
_LEVEL_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #6b7280; font-weight: bold; margin-top: 6px;")
    return label


def _body() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ItemPage(QWidget):
    def __init__(self, session: AssessmentSession, lang: Lang,
                 parent: QWidget | None = None, *, worker: Worker | None = None,
                 ) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.item_id = ""
        self.na_pending = False
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Item page"))

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.path = QLabel()
        self.path.setStyleSheet("color: #6b7280;")
        self.question = _body()
        self.question.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.guidance = _body()
        self.evidence_hint = _body()

        self.cards = [RubricCard(level) for level in sorted(session.questionnaire.levels)]
        for card in self.cards:
            card.chosen.connect(self.rate)

        self.na_box = QCheckBox(self.tr("Not applicable (N/A)"))
        self.na_box.setAccessibleName(self.tr("Not applicable"))
        self.na_box.clicked.connect(self._na_clicked)
        self.justification = QLineEdit()
        self.justification.setPlaceholderText(self.tr("Why this item does not apply here"))
        self.justification.setAccessibleName(self.tr("N/A justification"))
        self.justification.editingFinished.connect(self._justification_done)
        self.justification.textChanged.connect(self._justification_typed)
        self.na_problem = QLabel()
        self.na_problem.setStyleSheet("color: #b91c1c;")
        self.na_problem.setWordWrap(True)
        self.na_problem.setAccessibleName(self.tr("N/A problem"))
        self.na_problem.hide()

        self.strength = QComboBox()
        self.strength.setAccessibleName(self.tr("Evidence strength"))
        self.strength.addItem(self.tr("— not recorded —"), None)
        for key, label in zip(STRENGTHS, (self.tr("Claimed"), self.tr("Documented"),
                                          self.tr("Observed")), strict=True):  # fmt: skip
            self.strength.addItem(label, key)
        self.strength.activated.connect(self._strength_chosen)
        guard_wheel(self.strength)  # scrolling the page must not set the strength

        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Notes for this item (saved as you type)"))
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setFixedHeight(90)
        self.note.setTabChangesFocus(True)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_PAUSE_MS)
        self._note_timer.timeout.connect(self.save_note)
        self._note_deadline = QTimer(self)
        self._note_deadline.setSingleShot(True)
        self._note_deadline.setInterval(NOTE_MAX_DELAY_MS)
        self._note_deadline.timeout.connect(self.save_note)
        self.note.textChanged.connect(self._note_typed)
        self.note.installEventFilter(self)

        self.attach = QPushButton(self.tr("Attach evidence…"))
        self.attach.setAccessibleName(self.tr("Attach evidence"))
        self.attach.clicked.connect(self._attach_clicked)
        self.evidence_count = QLabel()
        self.evidence_count.setAccessibleName(self.tr("Evidence files"))
        # what became of the last attach (a file the item already has is skipped)
        self.attach_notice = QLabel()
        self.attach_notice.setWordWrap(True)
        self.attach_notice.setStyleSheet("color: #6b7280;")
        self.attach_notice.setAccessibleName(self.tr("Attach result"))
        self.attach_notice.hide()
        self.evidence_strip = EvidenceStrip(session, worker)
        session.evidenceChanged.connect(self._evidence_changed)

        self._build_layout()
        for first, second in ((self.strength, self.attach), (self.attach, self.evidence_strip.list),
                              (self.evidence_strip.list, self.evidence_strip.remove_button),
                              (self.evidence_strip.remove_button, self.note)):  # fmt: skip
            QWidget.setTabOrder(first, second)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.addWidget(self.path)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addWidget(_section(self.tr("Guidance")))
        layout.addWidget(self.guidance)
        layout.addWidget(_section(self.tr("Evidence to look at")))
        layout.addWidget(self.evidence_hint)
        layout.addWidget(_section(self.tr("Rating (keys 1–5)")))
        for card in self.cards:
            layout.addWidget(card)
        na_row = QHBoxLayout()
        na_row.addWidget(self.na_box)
        na_row.addWidget(self.justification, 1)
        layout.addLayout(na_row)
        layout.addWidget(self.na_problem)
        form = QFormLayout()
        form.addRow(self.tr("Evidence strength"), self.strength)
        files = QHBoxLayout()
        files.addWidget(self.attach)
        files.addWidget(self.evidence_count, 1)
        evidence = QVBoxLayout()
        evidence.addLayout(files)
        evidence.addWidget(self.attach_notice)
        evidence.addWidget(self.evidence_strip)
        form.addRow(self.tr("Evidence files"), evidence)
        form.addRow(self.tr("Note"), self.note)
        layout.addLayout(form)
        layout.addStretch(1)

    # --- showing -------------------------------------------------------------------------
    def show_item(self, item_id: str) -> None:
        if self.item_id and self.item_id != item_id:
            self.save_note()
        self.item_id = item_id
        q = self.session.questionnaire
        item: Item = q.items[item_id]
        cat = q.categories[q.item_category[item_id]]
        lang = self.lang
        self.path.setText(f"{item.id} · {cat.title(lang)}")
        self.title.setText(item.title(lang))
        self.question.setText(item.question(lang))
        self.guidance.setText(item.guidance(lang))
        self.evidence_hint.setText(item.evidence(lang))
        for card in self.cards:
            card.set_text(q.levels[card.level](lang), item.rubric[card.level](lang))
        self._set_pending(False)
        self.attach_notice.hide()
        self.refresh()
        self.evidence_strip.show_item(item_id)
        editable = not self.session.readonly
        self.evidence_strip.set_editable(editable)
        for w in (*self.cards, self.na_box, self.strength, self.note, self.attach):
            w.setEnabled(editable)
        self.justification.setEnabled(editable and self.na_box.isChecked())

    def refresh(self) -> None:
        """Show the stored answer (after a change, an undo or a redo)."""
        if not self.item_id:
            return
        a = self.session.answer(self.item_id)
        for card in self.cards:
            card.set_chosen(a.level == card.level)
        if a.na or a.level is not None:
            self._set_pending(False)
        self.na_box.setChecked(a.na or self.na_pending)
        if a.na or not self.justification.hasFocus():
            self.justification.setText(a.justification)
        self.justification.setEnabled(self.na_box.isChecked() and not self.session.readonly)
        self.strength.setCurrentIndex(max(0, self.strength.findData(a.strength)))
        if self.note.toPlainText() != a.note:
            self.note.blockSignals(True)
            self.note.setPlainText(a.note)
            self.note.blockSignals(False)
        self._show_evidence_count()

    def _show_evidence_count(self) -> None:
        n = self.session.evidence_count(self.item_id)
        self.evidence_count.setText(self.tr("%n file(s)", "", n).replace("%n", str(n)))

    def _evidence_changed(self, item_id: str) -> None:
        """Attached or removed (also by undo): the strip reloads itself; the count here."""
        if item_id == self.item_id:
            self._show_evidence_count()

    # --- changing ------------------------------------------------------------------------
    def rate(self, level: int) -> None:
        if (
            not self.item_id
            or self.session.readonly
            or level not in self.session.questionnaire.levels
        ):
            return
        self._set_pending(False)
        text = (UndoText.translate("ItemPage", "Rate %1 at level %2")
                .replace("%1", self.item_id).replace("%2", str(level)))  # fmt: skip
        self.session.change(self.item_id, text, level=level)
        self.refresh()

    def _na_clicked(self, checked: bool) -> None:
        self.justification.setEnabled(checked)
        if not checked:
            self._set_pending(False)
            if self.session.answer(self.item_id).na:
                text = UndoText.translate("ItemPage", "Clear N/A of %1")
                self.session.change(self.item_id, text.replace("%1", self.item_id), na=False)
            return
        self._save_na()

    def _justification_done(self) -> None:
        if self.na_box.isChecked():
            self._save_na()

    def _save_na(self) -> None:
        text = self.justification.text().strip()
        if not text:
            # The rule set accepts N/A only with a reason; say so here rather than store
            # an answer that would silently count as unanswered.
            self._set_pending(True)
            self.justification.setFocus()
            return
        self._set_pending(False)
        self.session.change(self.item_id, UndoText.translate("ItemPage", "Mark %1 N/A")
                            .replace("%1", self.item_id),
                            na=True, justification=text)  # fmt: skip

    def _set_pending(self, pending: bool) -> None:
        """N/A ticked but not accepted yet (no justification): the reason is shown."""
        self.na_pending = pending
        if pending:
            self._show_na_problem()
        self.na_problem.setVisible(pending)

    def _justification_typed(self, _text: str) -> None:
        if self.na_pending:
            self._show_na_problem()

    def _show_na_problem(self) -> None:
        """What a pending N/A still needs: a reason (in red) while the field is empty;
        once one is typed, how to confirm it (stored on Enter or when focus leaves), so
        the consultant is not told off for a reason already given."""
        if self.justification.text().strip():
            self.na_problem.setText(self.tr("Press Enter or Tab to mark the item N/A "
                                            "with this reason."))  # fmt: skip
            self.na_problem.setStyleSheet("color: #6b7280;")
        else:
            self.na_problem.setText(self.tr(
                "N/A needs a justification: say why this item does not apply. "
                "The item is not marked N/A until you do."))  # fmt: skip
            self.na_problem.setStyleSheet("color: #b91c1c;")

    def _strength_chosen(self, index: int) -> None:
        text = UndoText.translate("ItemPage", "Set evidence strength of %1")
        self.session.change(self.item_id, text.replace("%1", self.item_id),
                            strength=self.strength.itemData(index))  # fmt: skip

    def _note_typed(self) -> None:
        """Save after a pause in typing, or at the latest NOTE_MAX_DELAY_MS after the
        first keystroke not yet saved (the deadline is not restarted by later ones)."""
        self._note_timer.start()
        if not self._note_deadline.isActive():
            self._note_deadline.start()

    def save_note(self) -> None:
        self._note_timer.stop()
        self._note_deadline.stop()
        if not self.item_id or self.session.readonly:
            return
        text = self.note.toPlainText()
        if text != self.session.answer(self.item_id).note:
            self.session.change(self.item_id, UndoText.translate("ItemPage", "Edit note of %1")
                                .replace("%1", self.item_id), merge_notes=True,
                                note=text)  # fmt: skip

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.save_note()
        return super().eventFilter(watched, event)

    # --- evidence ------------------------------------------------------------------------
    def _attach_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach evidence"))
        self.attach_files(files)

    def attach_files(self, files: list[str]) -> None:
        """Attach each file, skipping one the item already has (the same bytes, by
        sha256, whatever its name): the same photo twice would count as two pieces of
        evidence in the report. What was skipped is said under the Attach button; a
        dialog would interrupt a drop of many files for what is not an error."""
        skipped: list[str] = []
        for f in files:
            outcome = self.session.attach_evidence(self.item_id, f)
            if outcome is Attached.DUPLICATE:
                skipped.append(Path(f).name)
            elif not outcome:
                break
        if skipped:
            text = self.tr("Already attached, skipped: %1").replace("%1", ", ".join(skipped))
            self.attach_notice.setText(text)
        self.attach_notice.setVisible(bool(skipped))
        self.refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.session.readonly:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.attach_files(files)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys 1-5 are also window shortcuts; this catches them when the shortcut
        # system does not (e.g. the window is not active).
        level = _LEVEL_KEYS.get(Qt.Key(event.key()))
        if level is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.rate(level)
            return
        super().keyPressEvent(event)
