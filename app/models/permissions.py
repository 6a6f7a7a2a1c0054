"""Who can see a calendar: its ``calendarPermission``s, as a table.

The role column is editable only where Graph allows a change: the editor offers the
permission's own ``allowedRoles`` (``ItemRole.ALLOWED_ROLES``), nothing else. A
change shows at once, greyed, until the server answers; the table is then reloaded,
so it always shows what the server has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app.graph.resources import CalendarPermission
from app.graph.roles import ordered, role_label, role_rank, role_sentence

from .item_roles import ItemRole
from .table import ColumnTableModel, Index

MY_ORGANIZATION_REASON = ("“My Organization” is always there and can't be removed. To hide "
                          "this calendar from your colleagues, set it to “No access”.")

NO_ADDRESS = "No address (no longer in the directory?)"
ORPHANED_REASON = ("Microsoft 365 names no one with an address for this entry: often "
                   "someone who has left. Remove it if nobody needs this access.")


class Column(IntEnum):
    PERSON = 0
    ADDRESS = 1
    ROLE = 2
    ORGANIZATION = 3
    REMOVABLE = 4


HEADERS = {
    Column.PERSON: "Person",
    Column.ADDRESS: "Email address",
    Column.ROLE: "Access",
    Column.ORGANIZATION: "Organization",
    Column.REMOVABLE: "Removable",
}


@dataclass
class PermissionRow:
    permission: CalendarPermission
    pending: str | None = None  # the new role, until the server answers
    until: str = ""  # time-limited access: when it runs out ("5 Dec 17:00")
    then: str = ""  # and what then ("removed", "back to Can view")

    @property
    def id(self) -> str:
        return self.permission.id


class PermissionTableModel(ColumnTableModel):
    """The permissions of one calendar.

    Attributes:
        editable: the signed-in identity may change this calendar's sharing.
        owner_name: whose calendar it is, for the role sentences.
        stale: the rows are being reloaded and are drawn greyed.
    """

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = False
        self.owner_name = "the owner"
        self.stale = False

    # ------------------------------------------------------------------ loading

    def set_permissions(self, permissions: list[CalendarPermission], *, editable: bool,
                        owner_name: str,
                        until: Mapping[str, tuple[str, str]] | None = None) -> None:
        """``until``: time-limited access, by the person's address (any case): when it
        runs out and what then."""
        self.editable, self.owner_name = editable, owner_name
        until = until or {}
        self._replace_rows([PermissionRow(p, None, *until.get(
            (p.email_address.address or "").casefold(), ("", ""))) for p in permissions])

    def clear(self) -> None:
        self.set_permissions([], editable=False, owner_name=self.owner_name)

    # ------------------------------------------------------------------ lookups

    @property
    def permissions(self) -> list[CalendarPermission]:
        return [r.permission for r in self._rows]

    def permission_at(self, row: int) -> CalendarPermission | None:
        return self._rows[row].permission if 0 <= row < len(self._rows) else None

    def removal_refusal(self, permission: CalendarPermission) -> str:
        """Why this permission can't be removed, or "" when it can."""
        if not self.editable:
            return self._owner_only()
        if permission.is_my_organization:
            return MY_ORGANIZATION_REASON
        if not permission.is_removable:
            return "Graph marks this permission as one that can't be removed."
        return ""

    def role_refusal(self, permission: CalendarPermission) -> str:
        """Why this permission's role can't be changed, or "" when it can."""
        if not self.editable:
            return self._owner_only()
        if len(ordered(permission.allowed_roles)) < 2:
            return "Graph allows no other role for this person on this calendar."
        return ""

    def _owner_only(self) -> str:
        return (f"Only {self.owner_name} or an administrator can change who can see this "
                "calendar.")

    # ------------------------------------------------------------------ Qt model API

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], Column(index.column())
        permission = row.permission
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return permission.role if column == Column.ROLE else self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._dimmed(row)
        if role == ItemRole.OBJECT:
            return permission
        if role == ItemRole.ALLOWED_ROLES:
            return ordered(permission.allowed_roles)
        if role == ItemRole.PENDING:
            return row.pending is not None
        if role == ItemRole.SORT:
            return role_rank(permission.role) if column == Column.ROLE else self._text(row, column)
        return None

    def mark_pending(self, permission_id: str, role: str) -> bool:
        """Show ``role`` as on its way ("Can edit (saving…)") until the server answers;
        False, and nothing shown, when it is no change or not an allowed role."""
        row = self.row_of(permission_id)
        if row < 0:
            return False
        permission = self._rows[row].permission
        if role == permission.role or role not in ordered(permission.allowed_roles):
            return False  # "custom" and the like are never offered, so never sent
        self._rows[row].pending = role
        self._row_changed(row)
        return True

    # ------------------------------------------------------------------ presentation

    def _text(self, row: PermissionRow, column: Column) -> str:
        permission = row.permission
        if column == Column.PERSON:
            return permission.person_name
        if column == Column.ADDRESS:
            if permission.is_my_organization:
                return "Everyone in your organization"
            if permission.is_orphaned:
                return NO_ADDRESS
            return permission.email_address.address or ""
        if column == Column.ROLE:
            if row.pending:
                return f"{role_label(row.pending)} (saving…)"
            if row.until:
                return f"{role_label(permission.role)} until {row.until}"
            return role_label(permission.role)
        if column == Column.ORGANIZATION:
            return "Inside" if permission.is_inside_organization else "Outside"
        if permission.is_my_organization or not permission.is_removable:
            return "No, always there"
        return "Yes"

    def _tooltip(self, row: PermissionRow, column: Column) -> str | None:
        permission = row.permission
        who = permission.email_address.name or "This person"
        if column in (Column.PERSON, Column.ADDRESS) and permission.is_orphaned:
            return ORPHANED_REASON
        if column == Column.ROLE:
            sentence = role_sentence(row.pending or permission.role, who, self.owner_name)
            return f"{sentence} Until {row.until}, then {row.then}." if row.until else sentence
        if column == Column.ORGANIZATION and not permission.is_inside_organization:
            return "Outside your organization: can be given view access only."
        if column == Column.REMOVABLE:
            return self.removal_refusal(permission) or None
        return None

