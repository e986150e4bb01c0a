"""Combo boxes and spin boxes that ignore the mouse wheel unless they have keyboard focus.

Qt gives them the wheel whenever the pointer is over them: scrolling the item page moved
the "Evidence strength" combo (saved as "Claimed"/"Documented") and the plan's budget as
they passed under the pointer. A guarded control takes focus only by click or Tab
(``Qt.StrongFocus``, not ``WheelFocus``), and a wheel event that reaches it unfocused is
passed to the scroll area around it, so the page scrolls as if the pointer were on the
page itself. With focus (the user clicked or tabbed into it) the wheel changes the value
as before.

An event filter rather than subclasses: it is applied to the controls the pages already
make, whatever their class."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget


def _has_focus(widget: QWidget) -> bool:
    """The widget or a part of it (a spin box's line edit) has keyboard focus."""
    focused = QApplication.focusWidget()
    return widget.hasFocus() or (focused is not None and widget.isAncestorOf(focused))


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area the widget sits in (not one inside the widget itself, such
    as a combo box's popup list)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """Keeps wheel events from guarded widgets that do not have focus (see the module)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.Wheel
            or not isinstance(watched, QWidget)
            or not isinstance(event, QWheelEvent)
            or _has_focus(watched)
        ):
            return super().eventFilter(watched, event)
        area = _scroll_area(watched)
        if area is not None:
            viewport = area.viewport()
            global_pos = event.globalPosition()
            local = viewport.mapFromGlobal(global_pos.toPoint()).toPointF()
            forwarded = QWheelEvent(
                local, global_pos, event.pixelDelta(), event.angleDelta(), event.buttons(),
                event.modifiers(), event.phase(), event.inverted(), event.source(),
                event.pointingDevice(),
            )  # fmt: skip
            QCoreApplication.sendEvent(viewport, forwarded)
            event.accept()
            return True
        # No scroll area: ignored and not handled, so Qt offers a real wheel event to
        # the parents (a synthesized one simply ends here) and the value stays.
        event.ignore()
        return True


def guard_wheel(*widgets: QWidget) -> None:
    """Make each widget ignore the wheel unless focused. Each gets its own filter, a
    child of the widget, so the filter lives exactly as long as the widget."""
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(WheelGuard(widget))
