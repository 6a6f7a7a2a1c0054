"""The sidebar's mailboxes: me, the people whose calendars I reach, pinned ones, or
(for an administrator) the tenant's users.

Rows are added, changed and removed one by one, so the selection and scroll position
survive a refresh; ``replace`` diffs the new list against the rows held.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from .item_roles import ItemRole
from .table import replace_keyed

ME = "me"
Index = QModelIndex | QPersistentModelIndex


class MailboxKind(IntEnum):
    """Why a mailbox is in the sidebar, in the order the sidebar lists them."""

    ME = 0
    SHARED = 1  # its owner shared or delegated a calendar to me
    PINNED = 2  # added by address
    DIRECTORY = 3  # an administrator's view of the tenant


@dataclass(frozen=True)
class Mailbox:
    """One entry of the sidebar.

    Attributes:
        address: the user principal name, or ``"me"``.
        display_name: the person's name.
        kind: why the mailbox is listed.
        access: my access in words ("Delegate"), empty when not known or my own.
        pinned: kept in the sidebar across restarts.
    """

    address: str
    display_name: str
    kind: MailboxKind
    access: str = ""
    pinned: bool = False

    @property
    def key(self) -> str:
        return self.address.casefold()

    @property
    def is_me(self) -> bool:
        return self.address == ME


class MailboxListModel(QAbstractListModel):
    """A list model over ``Mailbox`` rows; ``ItemRole.OBJECT`` returns the Mailbox."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Mailbox] = []

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        mailbox = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return mailbox.display_name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _describe(mailbox)
        if role == ItemRole.OBJECT:
            return mailbox
        if role == ItemRole.KIND:
            return int(mailbox.kind)
        if role == ItemRole.BADGE:
            return mailbox.access
        return None

    # ------------------------------------------------------------------ changes

    @property
    def mailboxes(self) -> list[Mailbox]:
        return list(self._rows)

    def row_of(self, address: str) -> int:
        key = address.casefold()
        return next((i for i, m in enumerate(self._rows) if m.key == key), -1)

    def replace(self, mailboxes: list[Mailbox]) -> None:
        """Make the rows ``mailboxes``, in order, by removing, updating and inserting."""
        replace_keyed(self, self._rows, mailboxes, key=lambda m: m.key)

    def set_pinned(self, address: str, pinned: bool) -> None:
        key = address.casefold()
        self.replace([replace(m, pinned=pinned) if m.key == key else m for m in self._rows])


def _describe(mailbox: Mailbox) -> str:
    if mailbox.is_me:
        return f"{mailbox.display_name}: your own calendars"
    parts = [mailbox.display_name, mailbox.address]
    if mailbox.access:
        parts.append(f"your access: {mailbox.access}")
    if mailbox.pinned:
        parts.append("pinned")
    return ", ".join(parts)
