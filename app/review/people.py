"""Who a permission is for, as one key across mailboxes and snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from app.addresses import name_and_address
from app.graph.resources import UNKNOWN_PERSON
from app.review.snapshot_store import PermissionRow

MY_ORGANIZATION = "my organization"  # the key of the built-in "everyone inside" entry
ORPHANED_PREFIX = "no address: "  # keys of entries without an address, apart from addresses


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
    has none and can't be removed. An entry with no address (someone who left) is keyed
    by the name Graph still gives, or is the one "Unknown person"."""
    if not row.person_address and not row.removable:
        return MY_ORGANIZATION
    if not row.person_address:
        return f"{ORPHANED_PREFIX}{(row.person_name or UNKNOWN_PERSON).casefold()}"
    return row.person_address.casefold()


def person_of(row: PermissionRow) -> Person:
    key = person_key(row)
    if key == MY_ORGANIZATION:
        return Person(key, "My Organization", None, True)
    return Person(key, row.person_name or row.person_address or UNKNOWN_PERSON,
                  row.person_address, row.inside)


def is_orphaned(row: PermissionRow) -> bool:
    """An entry for no one with an address, other than "My Organization"."""
    return not row.person_address and bool(row.removable)
