""""Until": a change of access for a time, with the moment it runs out.

Off by default: access given is kept until someone takes it back, as in Outlook. Once
checked (Alt+U), the date and time field takes the keyboard (arrows or typed digits,
field by field, or the calendar under F4) in this computer's time; a moment that is
not in the future is refused beside the action, not after it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QWidget

from app import clock
from app.views.dialog_parts import explanation

FORMAT = "d MMM yyyy HH:mm"
PAST = "Choose a time in the future for the access to run out."


def suggested(now: datetime) -> datetime:
    """The moment offered first: this time tomorrow, on the hour (local time)."""
    local = now.astimezone() + timedelta(days=1)
    return local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class UntilField(QWidget):
    """A check box "Until" and the moment; ``moment`` is None while unchecked.

    Signals:
        changed(): checked, unchecked, or another moment.

    Attributes:
        check, edit, then: the parts, for tests; ``then`` says what happens at the moment.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox("&Until")
        self.check.setToolTip("Make this access run out at a date and time (Alt+U)")
        self.edit = QDateTimeEdit()
        self.edit.setAccessibleName("Until")
        self.edit.setDisplayFormat(FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setDateTime(wall_clock(suggested(clock.now())))
        self.edit.setEnabled(False)
        self.then = explanation()
        self.then.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit)
        row.addWidget(self.then, 100)
        # The field stays beside its box while the words after it are hidden.
        row.addStretch(1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self.on_check_toggled)
        self.edit.dateTimeChanged.connect(lambda _moment: self.changed.emit())

    def on_check_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        self.then.setVisible(checked)
        if checked:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)  # type the moment at once
        self.changed.emit()

    def set_then(self, words: str) -> None:
        """What happens at the moment: "Then Ben no longer sees the calendar."."""
        self.then.setText(words)
        self.then.setVisible(self.check.isChecked())

    def set_moment(self, moment: datetime) -> None:
        """Checked, at ``moment`` (for tests and for a moment chosen elsewhere)."""
        self.edit.setDateTime(wall_clock(moment))
        self.check.setChecked(True)

    @property
    def moment(self) -> datetime | None:
        """The chosen moment, aware; None when unchecked."""
        if not self.check.isChecked():
            return None
        local = self.edit.dateTime().toPython()
        assert isinstance(local, datetime)
        return local.astimezone()  # naive: this computer's time

    def problem(self) -> str:
        """Why the moment can't be used ("" when it can, or when unchecked)."""
        moment = self.moment
        return PAST if moment is not None and moment <= clock.now() else ""


def wall_clock(moment: datetime) -> QDateTime:
    """``moment`` as this computer's local date and time, as the field shows it."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute, local.second))
