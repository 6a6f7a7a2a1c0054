"""Who a permission is for, as one key across mailboxes and snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from app.addresses import name_and_address
from app.snapshot_store import PermissionRow

MY_ORGANIZATION = "my organization"  # the key of the built-in "everyone inside" entry


@dataclass(frozen=True)
class Person:
    """A column of the matrix: one person (or "My Organization") across every mailbox."""

    key: str
    name: str
    address: str | None
    inside: bool

    @property
    def is_my_organization(self) -> bool:
        return self.key == MY_ORGANIZATION

    @property
    def label(self) -> str:
        """"Adele Vance <AdeleV@contoso.com>"; a guest known by address only, once."""
        return name_and_address(self.name, self.address)

    @property
    def where(self) -> str:
        return "Inside" if self.inside else "Outside"


def person_key(row: PermissionRow) -> str:
    """The same person in every mailbox and snapshot: the address; "My Organization"
    has none and can't be removed."""
    if not row.person_address and not row.removable:
        return MY_ORGANIZATION
    return (row.person_address or row.person_name).casefold()


def person_of(row: PermissionRow) -> Person:
    key = person_key(row)
    if key == MY_ORGANIZATION:
        return Person(key, "My Organization", None, True)
    return Person(key, row.person_name or row.person_address or "", row.person_address,
                  row.inside)
