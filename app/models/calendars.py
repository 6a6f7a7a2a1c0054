"""The calendars of the selected mailbox, as a table.

A sharee may rename their own copy of someone's calendar. The edit shows at once, in
grey, while Deputy asks Graph; the row then shows what the server answered, or goes
back to the old name if the change failed. The model itself does no I/O: it asks for
the change with ``rename_requested``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor

from app.graph.capabilities import Action, Capability, capabilities
from app.graph.resources import Calendar
from app.graph.roles import access_badge

from .item_roles import ItemRole
from .table import ColumnTableModel, Index

# Outlook's calendar colours (Graph's ``calendarColor``), as Outlook on the web draws them.
CALENDAR_COLOURS = {
    "lightBlue": "#a6d1f5", "lightGreen": "#87d28e", "lightOrange": "#fcab73",
    "lightGray": "#c0c0c0", "lightYellow": "#f4e66f", "lightTeal": "#6fd4d1",
    "lightPink": "#f1a2c5", "lightBrown": "#d0a589", "lightRed": "#ee8b8f",
    "maxColor": "#c0c0c0",
}


class Column(IntEnum):
    NAME = 0
    OWNER = 1
    ACCESS = 2
    CAN_EDIT = 3
    CAN_SHARE = 4
    PRIVATE = 5
    SHARING = 6
    COLOUR = 7


HEADERS = {
    Column.NAME: "Calendar",
    Column.OWNER: "Owner",
    Column.ACCESS: "My access",
    Column.CAN_EDIT: "Can edit",
    Column.CAN_SHARE: "Can share",
    Column.PRIVATE: "Sees private events",
    Column.SHARING: "Sharing",
    Column.COLOUR: "Colour",
}


@dataclass
class CalendarRow:
    """A calendar as the signed-in identity sees it, and a rename on its way, if any."""

    calendar: Calendar
    abilities: dict[Action, Capability]
    primary: bool
    pending: str | None = None  # the new name, until the server answers

    @property
    def id(self) -> str:
        return self.calendar.id

    @property
    def own(self) -> bool:
        """The calendar itself, not a copy of someone else's: who owns it may share it."""
        return self.abilities[Action.MANAGE_SHARING].allowed


class CalendarTableModel(ColumnTableModel):
    """Calendars of one mailbox.

    Signals:
        rename_requested(calendar, name): the user renamed their copy in the table.

    Attributes:
        stale: the rows are being reloaded; they are drawn greyed until then.
    """

    rename_requested = Signal(object, str)

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._signed_in: str | None = None
        self._holder = ""
        self.stale = False

    # ------------------------------------------------------------------ loading

    def set_calendars(self, calendars: list[Calendar], signed_in: str | None,
                      primary_ids: set[str] | None = None, holder: str = "") -> None:
        """Show ``calendars``; ``primary_ids``: which of them are primary calendars (or
        copies of one), when the caller knows better than ``isDefaultCalendar``.

        ``signed_in`` None is an administrator's app, which has no calendars of its
        own: the table then speaks of ``holder``, whose mailbox the calendars are in
        ("Adele Vance's access", "Shared with Adele Vance"), never of "me".
        """
        self._signed_in, self._holder = signed_in, holder
        rows = []
        for calendar in calendars:
            primary = (calendar.id in primary_ids if primary_ids is not None
                       else bool(calendar.is_default_calendar))
            rows.append(CalendarRow(calendar, capabilities(signed_in, calendar,
                                                           primary=primary), primary))
        self._replace_rows(rows)

    def update_calendar(self, calendar: Calendar) -> None:
        """The server's answer to a rename: replace the row, drop the pending name."""
        row = self.row_of(calendar.id)
        if row < 0:
            return
        old = self._rows[row]
        self._rows[row] = CalendarRow(calendar, old.abilities, old.primary)
        self._row_changed(row)

    # ------------------------------------------------------------------ lookups

    @property
    def calendars(self) -> list[Calendar]:
        return [r.calendar for r in self._rows]

    def calendar_row(self, row: int) -> CalendarRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # ------------------------------------------------------------------ Qt model API

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and section == Column.ACCESS and self._for_holder):
            return f"{self._holder}'s access"
        return super().headerData(section, orientation, role)

    @property
    def _for_holder(self) -> bool:
        """The administrator's app looks at someone's mailbox: no "me" in it."""
        return self._signed_in is None and bool(self._holder)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        row = self._rows[index.row()]
        if (index.column() == Column.NAME and row.abilities[Action.RENAME_COPY].allowed
                and row.pending is None):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column, edit=role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._dimmed(row)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.COLOUR:
            return QColor(CALENDAR_COLOURS.get(row.calendar.color, "#c0c0c0"))
        if role == ItemRole.OBJECT:
            return row.calendar
        if role == ItemRole.PENDING:
            return row.pending is not None
        return None

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not self._accepts_edit(index, role):
            return False
        name = str(value).strip()
        row = self._rows[index.row()]
        if not name or name == row.calendar.name:
            return False
        row.pending = name
        self._row_changed(index.row())
        self.rename_requested.emit(row.calendar, name)
        return True

    # ------------------------------------------------------------------ presentation

    def _text(self, row: CalendarRow, column: Column, *, edit: bool) -> str:
        calendar = row.calendar
        if column == Column.NAME:
            if edit:
                return calendar.name
            return f"{row.pending} (saving…)" if row.pending else calendar.name
        if column == Column.OWNER:
            return calendar.owner.name or calendar.owner.address or ""
        if column == Column.ACCESS:
            if row.own:
                return "Owner"
            return access_badge(calendar, primary=row.primary)
        if column == Column.CAN_EDIT:
            return _yes(calendar.can_edit)
        if column == Column.CAN_SHARE:
            return _yes(calendar.can_share)
        if column == Column.PRIVATE:
            return _yes(calendar.can_view_private_items)
        if column == Column.SHARING:
            return _sharing(calendar, self._holder if self._for_holder else "")
        return _colour_name(calendar.color)

    def _tooltip(self, row: CalendarRow, column: Column) -> str | None:
        owner = row.calendar.owner.name or row.calendar.owner.address or "the owner"
        if column == Column.NAME and self._for_holder and row.calendar.can_share is False:
            return f"{self._holder}'s copy of {owner}'s calendar."
        if column == Column.NAME and not row.own:
            return ("Your copy of this calendar. You can rename it (F2): only you see the "
                    "new name; the owner and others keep theirs.")
        if column == Column.ACCESS and self._for_holder:
            return ("As administrator (app-only) you have full access to every calendar in "
                    f"{self._holder}'s mailbox; this is {self._holder}'s own access.")
        if column == Column.NAME:
            return row.calendar.owner.address
        if column == Column.CAN_SHARE and not row.calendar.can_share:
            return row.abilities[Action.MANAGE_SHARING].reason
        if column == Column.PRIVATE and not row.calendar.can_view_private_items:
            return row.abilities[Action.READ_PRIVATE_ITEMS].reason
        return None



def _yes(value: bool | None) -> str:
    return "Yes" if value else "No"


def _sharing(calendar: Calendar, holder: str = "") -> str:
    """"Shared with me" ("with Adele Vance" when ``holder`` is whose mailbox it is)."""
    if calendar.is_shared_with_me:
        return f"Shared with {holder or 'me'}"
    if calendar.is_shared:
        return f"Shared by {holder or 'me'}"
    if calendar.is_shared is None and calendar.is_shared_with_me is None:
        return "Unknown"
    return "Not shared"


def _colour_name(colour: str) -> str:
    if colour in ("auto", ""):
        return "Automatic"
    spaced = "".join(f" {c.lower()}" if c.isupper() else c for c in colour)
    return spaced.strip().capitalize()
