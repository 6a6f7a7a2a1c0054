"""Who a permission is for, as one key across mailboxes and snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from app.addresses import name_and_address
from app.graph.resources import UNKNOWN_PERSON
from app.review.snapshot_store import PermissionRow

MY_ORGANIZATION = "my organization"  # the key of the built-in "everyone inside" entry
ORPHANED_PREFIX = "no address: "  # keys of entries without an address, apart from addresses


@dataclass(frozen=True, slots=True)
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
    return key_of(row.person_address, row.person_name, row.removable)


def key_of(address: str | None, name: str, removable: bool | int) -> str:
    """``person_key`` of a permission's values, for readers that hold no row."""
    if not address and not removable:
        return MY_ORGANIZATION
    if not address:
        return f"{ORPHANED_PREFIX}{(name or UNKNOWN_PERSON).casefold()}"
    return address.casefold()


def person_of(row: PermissionRow) -> Person:
    return person_named(person_key(row), row.person_name, row.person_address, row.inside)


def person_named(key: str, name: str, address: str | None, inside: bool | int) -> Person:
    """``person_of`` of a permission's values, its key worked out (``key_of``)."""
    if key == MY_ORGANIZATION:
        return Person(key, "My Organization", None, True)
    return Person(key, name or address or UNKNOWN_PERSON, address, bool(inside))


def is_orphaned(row: PermissionRow) -> bool:
    """An entry for no one with an address, other than "My Organization"."""
    return not row.person_address and bool(row.removable)


class People(Sequence[Person]):
    """The matrix's columns, kept as four lists; a ``Person`` is made when one is asked
    for. 100,000 ``Person`` objects were as many objects for every full garbage
    collection to walk (two snapshots' worth: half of all the review held); four lists
    of strings and a byte each are four.

    Attributes:
        keys, names, addresses: each person's, in column order.
        inside: 1 for each person inside the organization, else 0.
    """

    def __init__(self, keys: list[str], names: list[str], addresses: list[str | None],
                 inside: bytearray) -> None:
        self.keys, self.names, self.addresses, self.inside = keys, names, addresses, inside

    @classmethod
    def of(cls, people: Iterable[Person]) -> People:
        made = cls([], [], [], bytearray())
        for person in people:
            made.keys.append(person.key)
            made.names.append(person.name)
            made.addresses.append(person.address)
            made.inside.append(person.inside)
        return made

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, at: int) -> Person: ...
    @overload
    def __getitem__(self, at: slice) -> list[Person]: ...
    def __getitem__(self, at: int | slice) -> Person | list[Person]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        return Person(self.keys[at], self.names[at], self.addresses[at], bool(self.inside[at]))

    def __iter__(self) -> Iterator[Person]:
        for at in range(len(self.keys)):
            yield self[at]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, People):
            return (self.keys, self.names, self.addresses, self.inside) == (
                other.keys, other.names, other.addresses, other.inside)
        return isinstance(other, Sequence) and list(self) == list(other)

