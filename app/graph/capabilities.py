"""What the signed-in identity can do with a calendar, and why not, before it tries.

Only an owner (or an admin's app-only identity) can see or change sharing and the
delivery option; delegates and sharees get a 403 if they try. The GUI shows those
actions disabled with the reason below as a tooltip, instead of letting the user
walk into the refusal.

Everything is decided from the calendar as Graph returns it to this identity
(``owner``, ``canEdit``, ``canViewPrivateItems``, ``canShare``), so no extra call is
needed. One thing Graph does not tell a sharee is whether edit rights on someone's
primary calendar come from delegation or from a plain write share; ``primary``
lets the caller say what it knows, and edit rights are otherwise taken as delegation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .resources import Calendar


class Action(StrEnum):
    MANAGE_SHARING = "manage sharing"
    READ_SHARING = "read sharing"
    CHANGE_DELIVERY_OPTION = "change delivery option"
    CREATE_EVENTS = "create events on behalf"
    RESPOND_ON_BEHALF = "respond on behalf"
    READ_PRIVATE_ITEMS = "read private items"
    RENAME_COPY = "rename copy"


@dataclass(frozen=True)
class Capability:
    allowed: bool
    reason: str = ""


def capabilities(
    signed_in: str | None, calendar: Calendar, *, primary: bool | None = None
) -> dict[Action, Capability]:
    """For each action, whether ``signed_in`` (a UPN; None for app-only) may do it."""
    owner = calendar.owner.name or calendar.owner.address or "the owner"
    if signed_in is None:
        # An admin's app acts as the mailbox's owner; a shared copy in it stays a copy.
        owns = calendar.can_share is not False
    elif calendar.owner.address:
        owns = calendar.owner.address.casefold() == signed_in.casefold()
    else:
        # Graph may leave ``owner`` out (its page: "if set"); only the owner may share.
        owns = calendar.can_share is True
    could_be_delegate = bool(calendar.can_edit) and primary is not False

    def rule(allowed: bool, reason: str) -> Capability:
        return Capability(True) if allowed else Capability(False, reason)

    return {
        Action.MANAGE_SHARING: rule(
            owns,
            f"Only {owner} or an administrator can change who can see this calendar."),
        # Reading is as narrow as changing: another user's calendarPermissions and
        # mailboxSettings answer 403 (or an empty list) to anyone but the owner or an app.
        Action.READ_SHARING: rule(
            owns,
            f"Only {owner} or an administrator can read who can see {owner}'s calendars "
            f"and who receives {owner}'s meeting requests."),
        Action.CHANGE_DELIVERY_OPTION: rule(
            owns or signed_in is None,
            f"Only {owner} or an administrator can choose who receives {owner}'s meeting "
            "requests and responses."),
        Action.CREATE_EVENTS: rule(
            owns or bool(calendar.can_edit),
            f"You can see {owner}'s calendar but not add to it. Ask {owner} for write or "
            "delegate access."),
        Action.RESPOND_ON_BEHALF: rule(
            owns or could_be_delegate,
            f"Only {owner} or one of {owner}'s delegates can answer meeting requests in this "
            "calendar."),
        Action.READ_PRIVATE_ITEMS: rule(
            owns or bool(calendar.can_view_private_items),
            f"{owner}'s private events show only as busy: {owner} has not given you access "
            "to private events."),
        Action.RENAME_COPY: rule(
            not owns,
            RENAME_OWN if signed_in is not None else
            f"Only copies of others' calendars can be renamed here; {owner} renames their "
            "own calendars in Outlook."),
    }


# Why the calendar itself can't be renamed in Deputy, said before the person tries.
RENAME_OWN = ("Only copies of others' calendars can be renamed here; rename your own "
              "calendars in Outlook.")
