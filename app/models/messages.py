"""Meeting requests and responses that reached the signed-in person, for any executive.

A delegate receives the requests and responses of everyone who delegated to them, in
one inbox. Each row says who it is *for* (the executive it concerns), who sent it and
on whose behalf (``sender`` vs ``from``), so an assistant never answers for the wrong
person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from app.graph.resources import EventMessage, Recipient
from app.graph.services import MESSAGE_DAYS
from app.zones import moment_words, shown_in

from .events import span_words
from .item_roles import ItemRole
from .table import ColumnTableModel, Index

YOU = "You"


class Kind(StrEnum):
    REQUEST = "request"
    RESPONSE = "response"
    CANCELLATION = "cancellation"


# meetingMessageType -> (words, kind). "Tenatively" is Graph's own spelling.
MESSAGE_TYPES = {
    "meetingRequest": ("Request", Kind.REQUEST),
    "meetingCancelled": ("Cancelled", Kind.CANCELLATION),
    "meetingAccepted": ("Accepted", Kind.RESPONSE),
    "meetingTenativelyAccepted": ("Tentative", Kind.RESPONSE),
    "meetingDeclined": ("Declined", Kind.RESPONSE),
}


class Column(IntEnum):
    RECEIVED = 0
    TYPE = 1
    FOR = 2
    FROM = 3
    SUBJECT = 4


HEADERS = {
    Column.RECEIVED: "Received",
    Column.TYPE: "Type",
    Column.FOR: "For",
    Column.FROM: "From",
    Column.SUBJECT: "Subject",
}


def _name(recipient: Recipient | None) -> str:
    if recipient is None:
        return ""
    return recipient.email_address.name or recipient.email_address.address or ""


def _address(recipient: Recipient | None) -> str:
    return (recipient.email_address.address or "").casefold() if recipient else ""


def received(message: EventMessage, zone: tzinfo | None = None) -> str:
    """When it arrived, in ``zone`` (None: this computer's): "Sat 21 Nov 20:01"."""
    return moment_words(message.received_date_time, zone)


def meeting_time(message: EventMessage, zone: tzinfo | None = None) -> str:
    """The meeting's time as the message itself carries it (startDateTime, endDateTime),
    in ``zone``; "" when the message doesn't say."""
    start, end = message.start_date_time, message.end_date_time
    if start is None or end is None or not start.date_time or not end.date_time:
        return ""
    try:
        return span_words(shown_in(start.date_time, start.time_zone, zone),
                          shown_in(end.date_time, end.time_zone, zone))
    except ValueError:
        return ""


def kind_of(message: EventMessage) -> Kind | None:
    found = MESSAGE_TYPES.get(message.meeting_message_type or "")
    return found[1] if found else None


def type_words(message: EventMessage) -> str:
    words = MESSAGE_TYPES.get(message.meeting_message_type or "", (
        message.meeting_message_type or "Message", None))[0]
    if message.extra.get("meetingRequestType") == "principalWantsCopy":
        return f"{words} (copy for information)"
    return words


def sent_by(message: EventMessage) -> str:
    """ "Christie Cline", or "Adele Vance on behalf of Alex Wilber"."""
    sender, author = _name(message.sender), _name(message.from_)
    if message.sender and _address(message.sender) != _address(message.from_):
        return f"{sender} on behalf of {author}"
    return author or sender


def addressed_to(message: EventMessage, principals: dict[str, str],
                 calendar_owner: str = "") -> list[tuple[str, str]]:
    """Whom the message is for: (address, name) pairs; ``("", "You")`` for my own mail.

    Graph does not name the principal a delegated message was routed for. A response
    goes to the meeting's organizer, so it is for the organizer of the meeting it
    opens; a request or cancellation is addressed to every attendee, so it is for
    the principals of mine among its recipients; when several of them are invited,
    ``calendar_owner`` (whose calendar the opened meeting is in) tells which.
    """
    if not message.is_delegated:
        return [("", YOU)]
    if calendar_owner in principals:
        return [(calendar_owner, principals[calendar_owner])]
    if kind_of(message) == Kind.RESPONSE:
        organizer = message.event.organizer if message.event else None
        # Without its meeting (Outlook may give "event": {} on responses), a response
        # is still addressed to the organizer it answers.
        candidates = [organizer] if organizer else list(message.to_recipients)
    else:
        candidates = list(message.to_recipients)
    answered = kind_of(message) == Kind.RESPONSE and message.event is not None
    found = [(_address(r), principals.get(_address(r)) or _name(r)) for r in candidates
             if _address(r) in principals or answered]
    return found or [("", "Someone you're a delegate for")]


@dataclass(frozen=True)
class MessageWindow:
    """How far back the inbox was read (Deputy reads a recent window, not all of it).

    Attributes:
        since: the oldest moment read.
        whole_window: every message of the last ``MESSAGE_DAYS`` days was read; False
            when the page limit stopped the read at ``since``.
    """

    since: datetime
    whole_window: bool


def window_words(window: MessageWindow | None, zone: tzinfo | None = None) -> str:
    """What the list covers, so that nobody takes it for the whole inbox."""
    if window is None or window.whole_window:
        return (f"Requests and responses Outlook delivered to you in the last {MESSAGE_DAYS} "
                "days, for yourself and for everyone you're a delegate for.")
    since = f"{window.since.astimezone(zone):%a %d %b %H:%M}"
    return ("Requests and responses for yourself and for everyone you're a delegate for, "
            f"among the newest messages of your inbox: since {since}. Older ones are in "
            "Outlook.")


class MessageTableModel(ColumnTableModel):
    """Meeting messages, newest first; ``ItemRole.OBJECT`` returns the EventMessage.

    Attributes:
        principals: casefolded address -> name of the people I'm a delegate for.
        calendar_owners: message id -> casefolded address of the owner of the calendar
            its meeting is in, where the recipients alone leave that open.
        zone: the time zone times are shown in (None: this computer's).
    """

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.principals: dict[str, str] = {}
        self.calendar_owners: dict[str, str] = {}
        self.zone: tzinfo | None = None
        self.window: MessageWindow | None = None

    def set_zone(self, zone: tzinfo | None) -> None:
        self.zone = zone
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.RECEIVED),
                                  self.index(len(self._rows) - 1, Column.RECEIVED),
                                  [Qt.ItemDataRole.DisplayRole])

    def set_messages(self, messages: list[EventMessage], principals: dict[str, str],
                     calendar_owners: dict[str, str] | None = None,
                     window: MessageWindow | None = None) -> None:
        self.window = window
        self.principals = dict(principals)
        self.calendar_owners = dict(calendar_owners or {})
        self._replace_rows(sorted(messages, key=lambda m: m.received_date_time, reverse=True))

    def add_calendar_owners(self, owners: dict[str, str]) -> None:
        """Owners worked out after the messages showed: their "For" is told again."""
        self.calendar_owners.update(owners)
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.FOR),
                                  self.index(len(self._rows) - 1, Column.FOR),
                                  [Qt.ItemDataRole.DisplayRole, ItemRole.SORT])

    @property
    def messages(self) -> list[EventMessage]:
        return list(self._rows)

    def for_whom(self, message: EventMessage) -> list[tuple[str, str]]:
        return addressed_to(message, self.principals, self.calendar_owners.get(message.id, ""))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        message: EventMessage = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, ItemRole.SORT):
            if role == ItemRole.SORT and column == Column.RECEIVED:
                return message.received_date_time
            return self._text(message, column)
        if role == Qt.ItemDataRole.FontRole and not message.is_read:
            font = QFont()
            font.setBold(True)  # unread, as in a mail client
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._dimmed(message)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.FROM:
            return (f"Sent by {_name(message.sender)}; from {_name(message.from_)}"
                    if message.sender else None)
        if role == ItemRole.OBJECT:
            return message
        return None

    def _text(self, message: EventMessage, column: Column) -> str:
        if column == Column.RECEIVED:
            return received(message, self.zone)
        if column == Column.TYPE:
            return type_words(message)
        if column == Column.SUBJECT:
            return message.subject
        if column == Column.FOR:
            return ", ".join(name for _address_, name in self.for_whom(message))
        return sent_by(message)


class MessageFilter(QSortFilterProxyModel):
    """Keeps the messages for one person and of one kind; both None keep everything."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ItemRole.SORT)
        self.principal: str | None = None
        self.kind: Kind | None = None

    def set_filter(self, principal: str | None, kind: Kind | None) -> None:
        """``principal``: a casefolded address, ``""`` for my own mail, None for all.
        The same filter again changes nothing: every read of the messages asks for it,
        and filtering 800 messages again held the window some 10 ms for nothing."""
        if (principal, kind) == (self.principal, self.kind):
            return
        self.beginFilterChange()
        self.principal, self.kind = principal, kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, MessageTableModel)  # the only model it filters
        message: EventMessage = model.index(source_row, 0, source_parent).data(ItemRole.OBJECT)
        if self.kind is not None and kind_of(message) != self.kind:
            return False
        if self.principal is None:
            return True
        return any(address == self.principal for address, _ in model.for_whom(message))
