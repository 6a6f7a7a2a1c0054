"""Opaque, mailbox-scoped item ids.

Exchange ids belong to one mailbox: the copy of Alex's calendar in Adele's mailbox has
an id of its own, and so does every event seen through it. The emulator encodes in
each id the mailbox it belongs to (the *viewer*), the mailbox that really holds the
item (the *holder*) and the item's serial number. An id used under another mailbox is
detected by decoding it, with no lookup table to keep in step.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from .errors import GraphError, not_found

_PREFIX = "AAMk"


@dataclass(frozen=True)
class ItemRef:
    """What an id stands for.

    Attributes:
        kind: "c" calendar, "e" event, "m" message.
        viewer: key of the mailbox the id belongs to.
        holder: key of the mailbox that holds the item.
        serial: the item's number inside the holder's mailbox.
    """

    kind: str
    viewer: str
    holder: str
    serial: int


def encode(ref: ItemRef) -> str:
    raw = f"{ref.kind}|{ref.viewer}|{ref.holder}|{ref.serial}".encode()
    return _PREFIX + base64.urlsafe_b64encode(raw).decode("ascii")


def decode(item_id: str) -> ItemRef | None:
    """The reference behind an id, or None for anything that is not one of ours."""
    if not item_id.startswith(_PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(item_id[len(_PREFIX) :].encode("ascii")).decode()
        kind, viewer, holder, serial = raw.split("|")
        return ItemRef(kind, viewer, holder, int(serial))
    except (ValueError, binascii.Error, UnicodeError):
        return None


def resolve(item_id: str, kind: str, mailbox_key: str) -> ItemRef:
    """The reference behind an id used under a mailbox's URL, or the error Graph gives:
    404 for an id that names nothing, 400 for another mailbox's id."""
    ref = decode(item_id)
    if ref is None or ref.kind != kind:
        raise not_found()
    if ref.viewer != mailbox_key:
        raise GraphError(
            400, "ErrorInvalidMailboxItemId", "Item Id doesn't belong to the current mailbox."
        )
    return ref


def permission_id(address: str | None, inside_organization: bool) -> str:
    """Permission ids as Exchange forms them: the default entry, or the sharee's identity."""
    if address is None:
        return base64.b64encode(b"Default").decode("ascii")
    prefix = "ExchangePublishedUser." if not inside_organization else "/o=ExchangeLabs/cn="
    return base64.urlsafe_b64encode(f"{prefix}{address.lower()}".encode()).decode("ascii")
