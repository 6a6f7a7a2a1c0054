"""The attendees of one meeting and their answers, filterable to "who hasn't answered?".

Answers exist only on the organizer's copy; on any other copy the model says so
(``responses_known``) instead of showing everybody as "no response".
"""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.graph.resources import Attendee, Event
from app.graph.responses import RESPONSE_WORDS, answered, has_responses
from app.zones import moment_words

from .item_roles import ItemRole
from .table import ColumnTableModel, Index

NEVER = "0001-01-01"  # Graph's "no time" for a response not given


class Column(IntEnum):
    NAME = 0
    ADDRESS = 1
    TYPE = 2
    RESPONSE = 3
    TIME = 4


HEADERS = {
    Column.NAME: "Attendee",
    Column.ADDRESS: "Email address",
    Column.TYPE: "Attendance",
    Column.RESPONSE: "Response",
    Column.TIME: "Answered",
}
TYPES = {"required": "Required", "optional": "Optional", "resource": "Room or resource"}


class AttendeeTableModel(ColumnTableModel):
    """One event's attendees; ``ItemRole.OBJECT`` returns the Attendee.

    Attributes:
        responses_known: the event is the organizer's copy, so answers are real.
    """

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.responses_known = False
        self.zone: tzinfo | None = None  # answer times are shown in it (None: this computer's)

    def set_event(self, event: Event | None) -> None:
        self.beginResetModel()
        self._rows = list(event.attendees) if event else []
        self.responses_known = event is not None and has_responses(event)
        self.endResetModel()

    @property
    def attendees(self) -> list[Attendee]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        attendee: Attendee = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(attendee, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.NAME:
            return attendee.email_address.address or None
        if role == ItemRole.OBJECT:
            return attendee
        if role == ItemRole.SORT:
            return self._text(attendee, column)
        return None

    def _text(self, attendee: Attendee, column: Column) -> str:
        address = attendee.email_address
        if column == Column.NAME:
            return address.name or address.address or ""
        if column == Column.ADDRESS:
            return address.address or ""
        if column == Column.TYPE:
            return TYPES.get(attendee.type, attendee.type)
        if not self.responses_known:
            return "Unknown" if column == Column.RESPONSE else ""
        if column == Column.RESPONSE:
            return RESPONSE_WORDS.get(attendee.status.response, attendee.status.response
                                      ).capitalize()
        time = attendee.status.time or ""
        return "" if not time or time.startswith(NEVER) else moment_words(time, self.zone)


class AttendeeFilter(QSortFilterProxyModel):
    """Sorts, and can keep only the attendees who have not answered yet."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ItemRole.SORT)
        self._unanswered_only = False

    def set_unanswered_only(self, on: bool) -> None:
        self.beginFilterChange()
        self._unanswered_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._unanswered_only:
            return True
        if not getattr(self.sourceModel(), "responses_known", False):
            return False  # answers unknown on this copy: nobody is known not to have answered
        attendee: Attendee = self.sourceModel().index(source_row, 0, source_parent).data(
            ItemRole.OBJECT)
        return attendee.type != "resource" and not answered(attendee)

    def addresses(self) -> list[str]:
        """The addresses shown, in order: "copy the non-responders' addresses"."""
        shown = (self.index(row, 0).data(ItemRole.OBJECT) for row in range(self.rowCount()))
        return [a.email_address.address for a in shown if a.email_address.address]
