"""The "Needs attention" rows as a table: for whom, what to do, when, and what it clashes
with. Times in the zone the person reads meetings in (``set_zone``)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app.attention.rows import Conflict, Need, Row
from app.models.events import span_words
from app.models.item_roles import ItemRole
from app.models.table import ColumnTableModel, Index, replace_keyed
from app.words import shortened


class Column(IntEnum):
    FOR = 0
    TO_DO = 1
    WHEN = 2
    FROM = 3
    DETAILS = 4


HEADERS = {
    Column.FOR: "For",
    Column.TO_DO: "To do",
    Column.WHEN: "When",
    Column.FROM: "From",
    Column.DETAILS: "Details",
}
NAMED = 10  # people or meetings named in one cell or line; then how many more
SUBJECT_CHARS, NAME_CHARS = 120, 60  # others' words in one cell or line
NEED_WORDS = {Need.ANSWER: "Answer", Need.FOLLOW_UP: "Follow up",
              Need.ADD_CALENDAR: "Add calendar", Need.CHANGED: "Changed",
              Need.CANCELLED: "Cancelled"}


def to_do(row: Row) -> str:
    """ "Answer: Cloud spend review", "Follow up: Budget sign-off", "Add calendar:
    Lee Gu's calendar"."""
    return f"{NEED_WORDS[row.need]}: {shortened(row.subject, SUBJECT_CHARS)}"


def waiting_words(row: Row) -> str:
    """ "2 of 3 haven't answered: Patti Fernandez, Lee Gu"; "" for none. At most
    NAMED people by name, then how many more (a meeting may invite hundreds; Copy their
    addresses copies them all)."""
    if not row.unanswered:
        return ""
    names = ", ".join(shortened(name, NAME_CHARS) for name, _address in row.unanswered[:NAMED])
    if len(row.unanswered) > NAMED:
        names += f" and {len(row.unanswered) - NAMED:,} more"
    verb = "hasn't" if len(row.unanswered) == 1 else "haven't"
    return f"{len(row.unanswered)} of {row.attendees} {verb} answered: {names}"


def clash_words(conflicts: tuple[Conflict, ...], zone: tzinfo | None) -> str:
    """ "Audit committee (Tue 08 Dec 10:00-11:00); Busy (…)"; "" for none. At most NAMED
    meetings, then how many more."""
    words = "; ".join(f"{shortened(c.words, SUBJECT_CHARS)} ({_span(c.start, c.end, zone)})"
                      for c in conflicts[:NAMED])
    if len(conflicts) > NAMED:
        words += f"; and {len(conflicts) - NAMED:,} more"
    return words


def change_words(row: Row, zone: tzinfo | None) -> str:
    """ "Moved, was Tue 08 Dec 10:00-11:00"; "Cancelled by the organizer"; "" for a row
    that is not about a change."""
    if row.was is not None:
        return f"{row.change}, was {_span(*row.was, zone)}"
    return row.change


def _span(start: datetime, end: datetime, zone: tzinfo | None) -> str:
    return span_words(start.astimezone(zone), end.astimezone(zone))


class AttentionTableModel(ColumnTableModel):
    """Rows of ``app.attention.rows``, newest first; ``ItemRole.OBJECT`` gives the Row.

    Attributes:
        zone: where times are shown (None: this computer's zone).
    """

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.zone: tzinfo | None = None
        # Each cell's words, made once per row: the view asks for them again and again
        # (every paint, every column fitting), and a row's times and clashes cost some
        # microseconds to put in words each time. A row that changes is another Row
        # (they are frozen), so its words are made again; the year is in them when it
        # isn't this one.
        self._texts: dict[tuple[int, int], tuple[Row, str]] = {}
        self._texts_year = date.today().year

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def set_rows(self, rows: list[Row]) -> None:
        replace_keyed(self, self._rows, rows, key=lambda row: row.key)
        if self._texts_year != date.today().year:
            self._texts_year = date.today().year
            self._texts.clear()
        shown = {id(row) for row in self._rows}
        self._texts = {key: kept for key, kept in self._texts.items() if key[0] in shown}
        self.stale = False
        self.replaced.emit()

    def set_zone(self, zone: tzinfo | None) -> None:
        self.zone = zone
        self._texts.clear()
        self._all_changed([Qt.ItemDataRole.DisplayRole])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row: Row = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, ItemRole.SORT):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.DETAILS:
            return self._text(row, column) or None
        if role == ItemRole.OBJECT:
            return row
        return None

    def _text(self, row: Row, column: Column) -> str:
        kept = self._texts.get((id(row), column))
        if kept is not None and kept[0] is row:  # the row itself, not one at its address
            return kept[1]
        text = self._words(row, column)
        self._texts[(id(row), column)] = (row, text)
        return text

    def _words(self, row: Row, column: Column) -> str:
        if column == Column.FOR:
            return row.for_name
        if column == Column.TO_DO:
            return to_do(row)
        if column == Column.WHEN:
            return _span(row.start, row.end, self.zone) if row.start and row.end else ""
        if column == Column.FROM:
            return shortened(row.from_name, NAME_CHARS)
        return (change_words(row, self.zone) or waiting_words(row)
                or clash_words(row.conflicts, self.zone))
