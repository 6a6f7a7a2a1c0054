"""A fix of a mailbox's delivery option: who receives the meeting requests and responses
sent to a mailbox with delegates (``mailboxSettings.delegateMeetingMessageDeliveryOptions``,
GUIDE §2.3).

It is a change like a permission's (``Change`` with ``setting``), so it goes through the
same preview, apply, journal and undo: read live from ``/users/{id}/mailboxSettings``
before it is sent, sent as a PATCH of that one property, put back the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.graph.auth.scopes import scopes_for
from app.graph.roles import delivery_label, delivery_sentence

from .addressing import SCOPES, Mailboxes
from .plan import Change

if TYPE_CHECKING:
    from app.graph.http import BatchRequest, GraphClient

DELIVERY = "delegateMeetingMessageDeliveryOptions"
DEFAULT = "sendToDelegateOnly"  # what a mailbox that never chose has (GUIDE §2.3)
WHAT = "Meeting requests"  # the Person column of a delivery change: what it is about
# Reading and changing another mailbox's settings: MailboxSettings.ReadWrite (for an
# administrator's app, its application permission of that name).
SETTING_SCOPES = sorted({*SCOPES, *scopes_for("mailbox_settings")})


def delivery_change(mailbox: str, mailbox_name: str, before: str, after: str) -> Change:
    """The change of ``mailbox``'s delivery option from ``before`` to ``after``."""
    return Change(mailbox, "", "Mailbox settings", "", WHAT, None, before, after,
                  removable=False, mailbox_name=mailbox_name, setting=DELIVERY)


def scopes_of(changes: Iterable[Change]) -> list[str]:
    """The scopes a flow of ``changes`` needs."""
    return SETTING_SCOPES if any(c.is_setting for c in changes) else list(SCOPES)


def words(change: Change, value: str | None) -> str:
    """A delivery option as the tables say it: "Delegates and Patti Fernandez"."""
    return delivery_label(value, change.mailbox_name or change.mailbox)


def notice(change: Change) -> str:
    """What people notice: who gets the meeting messages from now on (no mail is sent)."""
    owner = change.mailbox_name or "the owner"
    return (f"{delivery_sentence(change.after or DEFAULT, owner, own=False)} Changing who "
            "receives them sends no mail.")


def settings_path(mailboxes: Mailboxes, mailbox: str) -> str:
    return f"{mailboxes.mailbox_path(mailbox)}/mailboxSettings"


def request_of(change: Change, mailboxes: Mailboxes, request_id: str) -> BatchRequest:
    """A PATCH of the one property: setting it again is harmless, so it may be resent."""
    from app.graph.http import BatchRequest  # requests: loaded for a fix, not a review

    return BatchRequest("PATCH", settings_path(mailboxes, change.mailbox),
                        {DELIVERY: change.after}, id=request_id)


@dataclass(frozen=True)
class LiveOption:
    """A mailbox's delivery option as read now, or why it could not be read."""

    option: str | None
    why: str = ""


def read_options(client: GraphClient, wanted: Iterable[str], *,
                 mailboxes: Mailboxes | None = None,
                 cancel: threading.Event | None = None) -> dict[str, LiveOption]:
    """Each mailbox's delivery option as Graph has it now, by address, in one flow of
    ``$batch`` calls. Raises Cancelled."""
    from app.graph.http import BatchRequest  # requests: loaded for a fix, not a review

    mailboxes = mailboxes or Mailboxes()
    asked = {str(at): mailbox for at, mailbox in enumerate(sorted(set(wanted)))}
    requests = [BatchRequest("GET", f"{settings_path(mailboxes, mailbox)}?$select={DELIVERY}",
                             id=at) for at, mailbox in asked.items()]
    found: dict[str, LiveOption] = {}
    if not requests:
        return found
    for answers in client.flow(requests, scopes=SETTING_SCOPES, cancel=cancel):
        for sent, answer in answers:
            if answer.ok:
                found[asked[sent.id]] = LiveOption(answer.body.get(DELIVERY) or DEFAULT)
            else:
                found[asked[sent.id]] = LiveOption(None, client.error_of(sent, answer).message)
    return found
