"""Calendar roles and what each one allows (GUIDE §2.2), in one place.

Every rule that depends on a role, from ``allowedRoles`` to masking a private event,
asks this module, so a rule is written once.
"""

from __future__ import annotations

from enum import IntEnum

ROLE_NAMES = (
    "none",
    "freeBusyRead",
    "limitedRead",
    "read",
    "write",
    "delegateWithoutPrivateEventAccess",
    "delegateWithPrivateEventAccess",
)
VIEW_ROLES = ("freeBusyRead", "limitedRead", "read")
SHARE_ROLES = (*VIEW_ROLES, "write")
DELEGATE_ROLES = ("delegateWithoutPrivateEventAccess", "delegateWithPrivateEventAccess")
MY_ORGANIZATION_ROLES = ("none", *SHARE_ROLES)
# "custom" comes from Outlook's own permission editor: reported, never granted here.
CUSTOM = "custom"
OWNER = "owner"  # not a Graph role: the emulator's name for the mailbox owner's access


class Access(IntEnum):
    """How much of a calendar a role opens, from nothing to everything."""

    NONE = 0
    FREE_BUSY = 1
    SUBJECT_AND_LOCATION = 2
    DETAILS = 3
    WRITE = 4
    DELEGATE = 5
    DELEGATE_PRIVATE = 6
    OWNER = 7


_ACCESS_BY_ROLE = {
    "none": Access.NONE,
    "freeBusyRead": Access.FREE_BUSY,
    "limitedRead": Access.SUBJECT_AND_LOCATION,
    "read": Access.DETAILS,
    CUSTOM: Access.DETAILS,
    "write": Access.WRITE,
    "delegateWithoutPrivateEventAccess": Access.DELEGATE,
    "delegateWithPrivateEventAccess": Access.DELEGATE_PRIVATE,
    OWNER: Access.OWNER,
}


def access_of(role: str) -> Access:
    return _ACCESS_BY_ROLE.get(role, Access.NONE)


def can_read_events(role: str) -> bool:
    """Free/busy is enough to list events; what each one shows is masked by ``event_view``."""
    return access_of(role) >= Access.FREE_BUSY


def can_write(role: str) -> bool:
    return access_of(role) >= Access.WRITE


def is_delegate(role: str) -> bool:
    return role in DELEGATE_ROLES


def can_act_on_behalf(role: str) -> bool:
    """Respond to meeting requests for the owner: delegates and the owner only."""
    return access_of(role) >= Access.DELEGATE


def can_view_private(role: str) -> bool:
    return access_of(role) >= Access.DELEGATE_PRIVATE


def event_view(role: str, private: bool) -> str:
    """How much of one event a role shows: "full", "subject" (limited) or "freebusy"."""
    access = access_of(role)
    if private and access < Access.DELEGATE_PRIVATE:
        return "freebusy"
    if access >= Access.DETAILS:
        return "full"
    if access == Access.SUBJECT_AND_LOCATION:
        return "subject"
    return "freebusy"


def allowed_roles(*, my_organization: bool, inside: bool, primary: bool, group: bool) -> list[str]:
    """The roles a permission may take, as Outlook computes ``allowedRoles``."""
    if my_organization:
        return list(MY_ORGANIZATION_ROLES)
    if not inside:
        return list(VIEW_ROLES)
    if primary and not group:
        return [*SHARE_ROLES, *DELEGATE_ROLES]
    return list(SHARE_ROLES)
