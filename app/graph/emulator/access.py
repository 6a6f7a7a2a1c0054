"""Who may reach which calendar, and with which role (GUIDE §2.1, §2.2, §2.4).

The answer combines two things: the token's scopes or app roles (``auth.Need``) and
the calendar's sharing (``roles``). ``CalendarAccess`` carries the result to the
operations and to rendering, so the decision is made once per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import roles
from .auth import Identity, Need
from .errors import access_denied
from .model import Calendar, Permission, Person, SharedCopy


@dataclass(frozen=True)
class CalendarAccess:
    """A calendar as reached through one request.

    Attributes:
        mailbox: the mailbox named in the URL; ids in the response belong to it.
        holder: the mailbox that really holds the calendar.
        calendar: the calendar folder.
        copy: the local copy in ``mailbox`` when the calendar was reached through one.
        viewer: whose view of the calendar this is (the signed-in person, or for an
            app-only token the mailbox's owner).
        role: the viewer's role on the calendar (``roles.OWNER`` for the owner).
        identity: the caller.
    """

    mailbox: Person
    holder: Person
    calendar: Calendar
    copy: SharedCopy | None
    viewer: Person
    role: str
    identity: Identity

    @property
    def is_owner_view(self) -> bool:
        return self.role == roles.OWNER

    def require_read(self) -> None:
        self.identity.require(self._need(write=False))
        if not roles.can_read_events(self.role):
            raise _not_shared(self)

    def require_write(self, *, private: bool = False) -> None:
        self.identity.require(self._need(write=True))
        if not roles.can_write(self.role):
            raise access_denied(
                f"{self.viewer.display_name} can't change items in {self.holder.display_name}'s "
                f"calendar: their role is {self.role}, and changing items needs write or "
                "delegate access."
            )
        if private and not roles.can_view_private(self.role):
            raise access_denied(
                "Only the owner and delegates with access to private events can change a "
                "private event."
            )

    def require_act_on_behalf(self) -> None:
        self.identity.require(self._need(write=True))
        if not roles.can_act_on_behalf(self.role):
            raise access_denied(
                f"Only {self.holder.display_name} or a delegate can respond to meetings in "
                "this calendar."
            )

    def require_manage_sharing(self, *, write: bool) -> None:
        """calendarPermissions are for the owner or an app-only token, never a sharee."""
        if self.holder.is_group:
            self.identity.require(Need.GROUP_WRITE if write else Need.GROUP_READ)
        else:
            wanted = Need.CALENDARS_WRITE if write else Need.CALENDARS_READ
            self.identity.require(wanted)
        if not self.is_owner_view or self.copy is not None:
            raise access_denied(
                f"Only {self.holder.display_name} or an administrator can see or change who "
                "can see this calendar."
            )

    def _need(self, *, write: bool) -> Need:
        if self.holder.is_group:
            return Need.GROUP_WRITE if write else Need.GROUP_READ
        if self.identity.app_only or self.viewer.key == self.holder.key:
            return Need.CALENDARS_WRITE if write else Need.CALENDARS_READ
        if self.copy is not None and not write:
            # The sharee's local copy is in their own mailbox (get-shared page:
            # Calendars.Read is enough to read it); writing reaches the owner's mailbox.
            return Need.CALENDARS_READ
        return Need.CALENDARS_WRITE_SHARED if write else Need.CALENDARS_READ_SHARED


def _not_shared(access: CalendarAccess) -> Exception:
    return access_denied(
        f"{access.holder.display_name} hasn't shared this calendar with "
        f"{access.viewer.display_name}. Access is denied. Check credentials and try again."
    )


def explicit_permission(calendar: Calendar, person: Person) -> Permission | None:
    for permission in calendar.permissions.values():
        if permission.person_key == person.key:
            return permission
    return None


def role_of(viewer: Person, holder: Person, calendar: Calendar) -> str:
    """The viewer's role on a calendar.

    An explicit permission wins. Without one, "My Organization" applies, but only from
    limitedRead up: its default free/busy is what schedule lookups serve, and it does not
    open the calendar folder (the get-shared page: an unshared calendar is an error).
    """
    if viewer.key == holder.key:
        return roles.OWNER
    if holder.is_group and viewer.key in holder.members:
        return roles.OWNER
    permission = explicit_permission(calendar, viewer)
    if permission is not None:
        return permission.role
    for permission in calendar.permissions.values():
        if permission.is_my_organization and (
            roles.access_of(permission.role) >= roles.Access.SUBJECT_AND_LOCATION
        ):
            return permission.role
    return "none"
