"""The tenant's state and the rules that change it.

Everything Graph enforces about ownership, sharing, delegation and meeting messages is
decided here, independent of HTTP: the routing layer parses a request into a call on
``Tenant`` and renders what comes back. Callers hold ``Tenant.lock`` around each call,
so concurrent requests see and leave a consistent state.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import ids, roles, schema, timezones
from .access import CalendarAccess, explicit_permission, role_of
from .auth import Identity, Need
from .errors import GraphError, access_denied, invalid_request, invalid_user, not_found
from .model import (
    DELIVERY_OPTIONS,
    Calendar,
    Event,
    Mailbox,
    Message,
    Permission,
    Person,
    SharedCopy,
)
from .quirks import Quirks

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DemoStory:
    """What the demo's sign-in picker says about a seed tenant, and whom it preselects.

    Attributes:
        intro: one or two sentences: whose eyes the newcomer can borrow, and why.
        start_with: the address of the person the story starts with; None for the
            administrator (a generated tenant has no story of people, only mailboxes).
    """

    intro: str
    start_with: str | None = None


@dataclass(frozen=True)
class EventAccess:
    """One event copy as reached through a calendar."""

    calendar: CalendarAccess
    event: Event


class Tenant:
    """A Microsoft 365 organization: its people, groups and their mailboxes.

    Attributes:
        domain: the organization's mail domain; other domains are outside it.
        lock: held by every caller around a call, for consistency under concurrency.
    """

    def __init__(self, domain: str, tenant_id: str, clock: Clock = utc_now) -> None:
        self.domain = domain.lower()
        self.tenant_id = tenant_id
        self.clock = clock
        self.lock = threading.RLock()
        self.people: dict[str, Person] = {}
        # What the service shows beyond its pages (the server sets its own profile):
        # entries a quirk that is off would show are hidden, as if never there.
        self.quirks = Quirks()
        self.story = DemoStory("A Microsoft 365 organization run by Deputy's Graph emulator.")
        self._by_address: dict[str, Person] = {}
        self._by_id: dict[str, Person] = {}
        # /users in name order, kept while the people and the quirks stay the same: a
        # tenant of 100,000 is sorted once, not for every page of 999.
        self._by_name: tuple[tuple[int, frozenset[str]], list[Person]] | None = None

    # ---------------------------------------------------------------- directory

    def add_person(
        self,
        address: str,
        display_name: str,
        *,
        time_zone: str = "UTC",
        is_group: bool = False,
        members: Iterable[str] = (),
        job_title: str | None = None,
    ) -> Person:
        key = f"{'g' if is_group else 'u'}{len(self.people) + 1}"
        object_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.tenant_id}/{address.lower()}"))
        mailbox = Mailbox(key=key, settings=default_settings(time_zone))
        person = Person(
            key=key,
            id=object_id,
            address=address,
            display_name=display_name,
            mailbox=mailbox,
            is_group=is_group,
            members=[self.person(m).key for m in members],
            job_title=job_title,
        )
        self.people[key] = person
        self._by_address[address.casefold()] = person
        self._by_id[object_id] = person
        self.create_calendar(person, "Calendar", primary=True)
        return person

    def person(self, selector: str) -> Person:
        """A user or group by object id or address, case-insensitively, as Graph resolves it."""
        found = self._by_id.get(selector.lower()) or self._by_address.get(selector.casefold())
        if found is None or not self.present(found):
            raise invalid_user(selector)
        return found

    def find(self, address: str | None) -> Person | None:
        found = self._by_address.get(address.casefold()) if address else None
        return found if found is not None and self.present(found) else None

    def present(self, person: Person) -> bool:
        """False for someone only a quirk that is off would show (a guest, a room...)."""
        return person.quirk is None or self.quirks.on(person.quirk)

    def open_mailbox(self, identity: Identity, person: Person, selector: str) -> None:
        """Refuse, as the service does, a mailbox it can't open for this caller (item 6)."""
        if not person.has_mailbox and self.quirks.on("mailbox-not-enabled"):
            raise GraphError(
                404,
                "MailboxNotEnabledForRESTAPI",
                # The same code, in the older words some hybrid tenants still get.
                "REST API is not yet supported for this mailbox."
                if person.mailbox_kind == "onPremises"
                else "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
            )
        if (
            person.upn_not_found
            and selector.lower() != person.id
            and self.quirks.on("mailbox-by-upn-not-found")
        ):
            raise GraphError(404, "ResourceNotFound", "Resource could not be discovered.")
        if (
            person.outside_access_policy
            and identity.app_only
            and self.quirks.on("application-access-policy")
        ):
            raise GraphError(403, "ErrorAccessDenied", "Access to OData is disabled.")

    def is_inside(self, address: str) -> bool:
        return address.rpartition("@")[2].lower() == self.domain

    def users(self) -> list[Person]:
        return [p for p in self.people.values() if not p.is_group and self.present(p)]

    def list_users(self, identity: Identity) -> list[Person]:
        """The directory, by display name (users are read-only here, so only a person
        added or a quirk switched changes it)."""
        identity.require(Need.USERS_READ)
        key = (len(self.people), self.quirks.names)
        if self._by_name is None or self._by_name[0] != key:
            self._by_name = (key, sorted(self.users(), key=lambda p: p.display_name))
        return self._by_name[1]

    def get_user(self, identity: Identity, person: Person) -> Person:
        if identity.user_key == person.key:
            identity.require(Need.USER_READ_SELF)
        else:
            identity.require(Need.USERS_READ)
        return person

    def me(self, identity: Identity) -> Person:
        if identity.user_key is None:  # app-only
            raise GraphError(
                400,
                "BadRequest",
                "/me request is only valid with delegated authentication flow.",
            )
        return self.people[identity.user_key]

    # ---------------------------------------------------------------- calendars

    def create_calendar(
        self, owner: Person, name: str, *, color: str = "auto", primary: bool = False
    ) -> Calendar:
        mailbox = owner.mailbox
        calendar = Calendar(
            serial=mailbox.next_serial(), name=name, color=color, is_primary=primary
        )
        if primary:
            my_org = Permission(
                id=ids.permission_id(None, True),
                name="My Organization",
                address=None,
                role="freeBusyRead",
                inside=True,
                removable=False,
                person_key=None,
            )
            calendar.permissions[my_org.id] = my_org
        mailbox.calendars[calendar.serial] = calendar
        return calendar

    def calendar_id(self, access: CalendarAccess) -> str:
        ref = ids.ItemRef("c", access.mailbox.key, access.holder.key, access.calendar.serial)
        return ids.encode(ref)

    def reach_calendar(
        self, identity: Identity, mailbox: Person, calendar_id: str | None
    ) -> CalendarAccess:
        """Resolve ``.../calendar`` (None) or ``.../calendars/{id}`` under a mailbox."""
        viewer = self._viewer(identity, mailbox)
        if calendar_id is None:
            holder, calendar, copy = mailbox, mailbox.mailbox.primary, None
        else:
            holder, calendar, copy = self._resolve_calendar_id(mailbox, calendar_id)
        if viewer.key != mailbox.key and copy is not None:
            raise access_denied(
                "Calendars that other people shared with this mailbox can be opened only by "
                "the mailbox owner."
            )
        role = role_of(viewer, holder, calendar)
        if identity.app_only and copy is None:
            role = roles.OWNER
        if holder.is_group and identity.app_only:
            identity.require(Need.GROUP_READ)
        return CalendarAccess(mailbox, holder, calendar, copy, viewer, role, identity)

    def _viewer(self, identity: Identity, mailbox: Person) -> Person:
        return mailbox if identity.user_key is None else self.people[identity.user_key]

    def _resolve_calendar_id(
        self, mailbox: Person, calendar_id: str
    ) -> tuple[Person, Calendar, SharedCopy | None]:
        ref = ids.resolve(calendar_id, "c", mailbox.key)
        holder = self.people.get(ref.holder)
        calendar = holder.mailbox.calendars.get(ref.serial) if holder else None
        if holder is None or calendar is None:
            raise not_found()
        if holder.key == mailbox.key:
            return holder, calendar, None
        copy = mailbox.mailbox.copies.get((holder.key, calendar.serial))
        if copy is None:
            raise not_found()
        return holder, calendar, copy

    def list_calendars(self, identity: Identity, mailbox: Person) -> list[CalendarAccess]:
        """``/calendars``: own calendars, then the accepted copies of shared ones."""
        viewer = self._viewer(identity, mailbox)
        if viewer.key != mailbox.key:
            identity.require(Need.CALENDARS_READ_SHARED)
            raise access_denied(
                f"Only {mailbox.display_name} or an administrator can list all of "
                f"{mailbox.display_name}'s calendars. Open a shared calendar with "
                "/users/{id}/calendar instead."
            )
        identity.require(Need.GROUP_READ if mailbox.is_group else Need.CALENDARS_READ)
        found = [
            CalendarAccess(mailbox, mailbox, c, None, viewer, roles.OWNER, identity)
            for c in mailbox.mailbox.calendars.values()
        ]
        for copy in mailbox.mailbox.copies.values():
            holder = self.people[copy.holder]
            calendar = holder.mailbox.calendars[copy.calendar_serial]
            role = role_of(mailbox, holder, calendar)
            found.append(CalendarAccess(mailbox, holder, calendar, copy, mailbox, role, identity))
        return found

    def get_calendar(self, access: CalendarAccess) -> CalendarAccess:
        if access.copy is None and not access.is_owner_view:
            access.require_read()
        else:
            access.identity.require(
                Need.GROUP_READ if access.holder.is_group else Need.CALENDARS_READ
            )
        return access

    def new_calendar(
        self, identity: Identity, mailbox: Person, body: dict[str, Any]
    ) -> CalendarAccess:
        viewer = self._viewer(identity, mailbox)
        if viewer.key != mailbox.key:
            raise access_denied(f"Only {mailbox.display_name} can add calendars to their mailbox.")
        identity.require(Need.CALENDARS_WRITE)
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise invalid_request("A new calendar needs a name.")
        if any(
            c.name.casefold() == name.strip().casefold() for c in mailbox.mailbox.calendars.values()
        ):
            raise GraphError(
                409, "ErrorFolderExists", "A folder with the specified name already exists."
            )
        calendar = self.create_calendar(mailbox, name.strip(), color=str(body.get("color", "auto")))
        return CalendarAccess(mailbox, mailbox, calendar, None, viewer, roles.OWNER, identity)

    def update_calendar(self, access: CalendarAccess, changes: dict[str, Any]) -> CalendarAccess:
        """Owners change name and colour; a sharee may rename only their own copy."""
        identity = access.identity
        if access.copy is not None:
            identity.require(Need.CALENDARS_WRITE)
            not_name = sorted(set(changes) - {"name"})
            if not_name:
                raise access_denied(
                    f"A shared calendar's {', '.join(not_name)} can be changed only by its "
                    f"owner, {access.holder.display_name}. You can rename your copy."
                )
            access.copy.name = _required_name(changes["name"]) if "name" in changes else None
            access.copy.change_serial += 1
            return access
        if not access.is_owner_view:
            access.require_read()
            raise access_denied(
                f"Only {access.holder.display_name} can change this calendar's properties."
            )
        identity.require(Need.GROUP_WRITE if access.holder.is_group else Need.CALENDARS_WRITE)
        if "name" in changes:
            access.calendar.name = _required_name(changes["name"])
        if "color" in changes:
            access.calendar.color = str(changes["color"])
        access.calendar.change_serial += 1
        return access

    def delete_calendar(self, access: CalendarAccess) -> None:
        identity = access.identity
        identity.require(Need.CALENDARS_WRITE)
        if access.copy is not None:  # a sharee removes the calendar from their own list
            del access.mailbox.mailbox.copies[(access.holder.key, access.calendar.serial)]
            return
        if not access.is_owner_view:
            raise access_denied(f"Only {access.holder.display_name} can delete this calendar.")
        if access.calendar.is_primary:
            raise GraphError(
                400, "ErrorDeleteDistinguishedFolder", "Distinguished folders cannot be deleted."
            )
        for permission in list(access.calendar.permissions.values()):
            self._drop_copy(access.holder, access.calendar, permission)
        mailbox = access.holder.mailbox
        for serial in [
            s for s, e in mailbox.events.items() if e.calendar_serial == access.calendar.serial
        ]:
            del mailbox.events[serial]
        del mailbox.calendars[access.calendar.serial]

    # ---------------------------------------------------------------- permissions

    def allowed_roles(
        self, holder: Person, calendar: Calendar, permission: Permission
    ) -> list[str]:
        return roles.allowed_roles(
            my_organization=permission.is_my_organization,
            inside=permission.inside,
            primary=calendar.is_primary,
            group=holder.is_group,
        ) + list(permission.extra_allowed)

    def shown(self, permission: Permission) -> bool:
        """False for an entry only a quirk that is off would show."""
        return permission.quirk is None or self.quirks.on(permission.quirk)

    def list_permissions(self, access: CalendarAccess) -> list[Permission]:
        access.require_manage_sharing(write=False)
        if access.holder.mailbox_kind == "room" and self.quirks.on(
            "room-calendar-permissions-not-supported"
        ):
            raise GraphError(400, "ErrorNotSupported", "Specified method is not supported.")
        return [p for p in access.calendar.permissions.values() if self.shown(p)]

    def get_permission(self, access: CalendarAccess, permission_id: str) -> Permission:
        access.require_manage_sharing(write=False)
        return self._permission(access, permission_id)

    def _permission(self, access: CalendarAccess, permission_id: str) -> Permission:
        permission = access.calendar.permissions.get(permission_id)
        if permission is None or not self.shown(permission):
            raise not_found("The specified permission was not found on this calendar.")
        return permission

    def allowed_roles_for(self, access: CalendarAccess, address: str) -> list[str]:
        """``allowedCalendarSharingRoles(User='...')``: what a new permission could be."""
        access.require_manage_sharing(write=False)
        inside = self._check_sharee(access, address)
        return roles.allowed_roles(
            my_organization=False,
            inside=inside,
            primary=access.calendar.is_primary,
            group=access.holder.is_group,
        )

    def _check_sharee(self, access: CalendarAccess, address: str) -> bool:
        if not address or "@" not in address:
            raise invalid_request("emailAddress.address must be an email address.")
        if not self.is_inside(address):
            return False
        person = self.find(address)
        if person is None:
            raise invalid_user(address)
        if person.key == access.holder.key:
            raise invalid_request("A calendar's owner can't be added as a sharee of it.")
        return True

    def grant(self, access: CalendarAccess, body: dict[str, Any]) -> Permission:
        """Share or delegate: create a permission and send the sharing invitation."""
        access.require_manage_sharing(write=True)
        schema.reject_unknown(body, schema.PERMISSION, "calendarPermission")
        email = body.get("emailAddress")
        role = body.get("role")
        if not isinstance(email, dict):
            raise invalid_request("A new permission needs emailAddress with an address.")
        address = str(email.get("address") or "").strip()
        inside = self._check_sharee(access, address)
        person = self.find(address) if inside else None
        if any(
            p.address and p.address.casefold() == address.casefold() and self.shown(p)
            for p in access.calendar.permissions.values()
        ):
            raise GraphError(
                409,
                "ErrorItemAlreadyExists",
                f"{person.display_name if person else address} already has a permission on "
                "this calendar. Change its role instead.",
            )
        allowed = roles.allowed_roles(
            my_organization=False,
            inside=inside,
            primary=access.calendar.is_primary,
            group=access.holder.is_group,
        )
        role = _checked_role(role, allowed, address, inside=inside,
                             primary=access.calendar.is_primary)
        name = person.display_name if person else str(email.get("name") or address)
        permission = Permission(
            id=ids.permission_id(address if person is None else person.address, inside),
            name=name,
            address=person.address if person else address,
            role=role,
            inside=inside,
            removable=True,
            person_key=person.key if person else None,
        )
        access.calendar.permissions[permission.id] = permission
        access.calendar.change_serial += 1
        if person is not None:
            self._send_sharing_invitation(access, person, permission)
        return permission

    def update_permission(
        self, access: CalendarAccess, permission_id: str, changes: dict[str, Any]
    ) -> Permission:
        access.require_manage_sharing(write=True)
        permission = self._permission(access, permission_id)
        other = sorted(set(changes) - {"role"})
        if other:
            raise invalid_request(
                f"Only role can be changed on a calendar permission, not {', '.join(other)}. To "
                "share with someone else, delete this permission and create a new one."
            )
        if "role" not in changes:
            raise invalid_request("The request must contain the new role.")
        allowed = self.allowed_roles(access.holder, access.calendar, permission)
        permission.role = _checked_role(
            changes["role"],
            allowed,
            permission.name,
            inside=permission.inside,
            primary=access.calendar.is_primary,
        )
        access.calendar.change_serial += 1
        return permission

    def revoke(self, access: CalendarAccess, permission_id: str) -> None:
        access.require_manage_sharing(write=True)
        permission = self._permission(access, permission_id)
        if not permission.removable:
            raise GraphError(
                400,
                "ErrorInvalidRequest",
                "My Organization can't be removed from a calendar. Set its role to none instead.",
            )
        del access.calendar.permissions[permission.id]
        access.calendar.change_serial += 1
        self._drop_copy(access.holder, access.calendar, permission)

    def _drop_copy(self, holder: Person, calendar: Calendar, permission: Permission) -> None:
        """A sharee who lost their permission loses their copy of the calendar."""
        if permission.person_key is None:
            return
        sharee = self.people[permission.person_key].mailbox
        sharee.copies.pop((holder.key, calendar.serial), None)

    def _send_sharing_invitation(
        self, access: CalendarAccess, sharee: Person, permission: Permission
    ) -> None:
        holder, calendar = access.holder, access.calendar
        delegate = roles.is_delegate(permission.role)
        suggested = holder.display_name if calendar.is_primary else calendar.name
        if delegate:
            subject = f"{holder.display_name} has made you a delegate of their calendar"
        elif calendar.is_primary:
            subject = f"{holder.display_name} has shared their calendar with you"
        else:
            subject = f"{holder.display_name} has shared '{calendar.name}' with you"
        self._deliver(
            sharee,
            Message(
                serial=0,
                odata_type="calendarSharingMessage",
                subject=subject,
                body=f"<html><body><p>{subject}. Accept to add it to your calendars.</p>"
                "</body></html>",
                sender=holder.email,
                from_=holder.email,
                to=[sharee.email],
                received=self.clock(),
                sharing=(holder.key, calendar.serial),
                sharing_role=permission.role,
                suggested_name=suggested,
            ),
        )

    def accept_sharing(
        self, identity: Identity, mailbox: Person, message_id: str
    ) -> CalendarAccess:
        """``calendarSharingMessage/accept``: the shared calendar joins the sharee's list."""
        message = self._own_message(identity, mailbox, message_id, write=False)
        identity.require(Need.CALENDARS_WRITE)
        if message.sharing is None:
            raise invalid_request("This message is not a calendar sharing invitation.")
        holder = self.people[message.sharing[0]]
        calendar = holder.mailbox.calendars.get(message.sharing[1])
        if calendar is None or explicit_permission(calendar, mailbox) is None:
            raise GraphError(
                404,
                "ErrorItemNotFound",
                f"{holder.display_name} no longer shares this calendar with you, so the "
                "invitation can't be accepted.",
            )
        key = (holder.key, calendar.serial)
        copy = mailbox.mailbox.copies.setdefault(key, SharedCopy(holder.key, calendar.serial))
        role = role_of(mailbox, holder, calendar)
        return CalendarAccess(mailbox, holder, calendar, copy, mailbox, role, identity)

    # ---------------------------------------------------------------- mailbox settings

    def mailbox_settings(self, identity: Identity, mailbox: Person, *, write: bool) -> Mailbox:
        identity.require(Need.SETTINGS_WRITE if write else Need.SETTINGS_READ)
        if not identity.app_only and identity.user_key != mailbox.key:
            raise access_denied(
                f"Only {mailbox.display_name} or an administrator can see or change "
                f"{mailbox.display_name}'s mailbox settings."
            )
        return mailbox.mailbox

    def update_mailbox_settings(
        self, identity: Identity, mailbox: Person, changes: dict[str, Any]
    ) -> dict[str, Any]:
        settings = self.mailbox_settings(identity, mailbox, write=True).settings
        option = changes.get("delegateMeetingMessageDeliveryOptions")
        if "delegateMeetingMessageDeliveryOptions" in changes and option not in DELIVERY_OPTIONS:
            raise GraphError(
                400,
                "ErrorInvalidRequest",
                f"'{option}' is not a valid delegateMeetingMessageDeliveryOptions value. Use one "
                f"of: {', '.join(DELIVERY_OPTIONS)}.",
            )
        if "timeZone" in changes:
            timezones.zone(str(changes["timeZone"]))
        settings.update(changes)
        return changes

    # ---------------------------------------------------------------- messages

    def _deliver(self, recipient: Person, message: Message) -> None:
        message.serial = recipient.mailbox.next_serial()
        recipient.mailbox.messages[message.serial] = message

    def list_messages(self, identity: Identity, mailbox: Person) -> list[Message]:
        self._require_own_mail(identity, mailbox, write=False)
        return sorted(mailbox.mailbox.messages.values(), key=lambda m: m.received, reverse=True)

    def _require_own_mail(self, identity: Identity, mailbox: Person, *, write: bool) -> None:
        identity.require(Need.MAIL_WRITE if write else Need.MAIL_READ)
        if not identity.app_only and identity.user_key != mailbox.key:
            raise access_denied(
                f"Only {mailbox.display_name} or an administrator can read "
                f"{mailbox.display_name}'s messages."
            )

    def _own_message(
        self, identity: Identity, mailbox: Person, message_id: str, *, write: bool
    ) -> Message:
        self._require_own_mail(identity, mailbox, write=write)
        ref = ids.resolve(message_id, "m", mailbox.key)
        message = mailbox.mailbox.messages.get(ref.serial)
        if message is None:
            raise not_found()
        return message

    def get_message(self, identity: Identity, mailbox: Person, message_id: str) -> Message:
        return self._own_message(identity, mailbox, message_id, write=False)

    def update_message(
        self, identity: Identity, mailbox: Person, message_id: str, changes: dict[str, Any]
    ) -> Message:
        message = self._own_message(identity, mailbox, message_id, write=True)
        other = sorted(set(changes) - {"isRead"})
        if other:
            raise invalid_request(f"The emulator can change only isRead on a message, not {other}.")
        message.is_read = bool(changes["isRead"]) if "isRead" in changes else message.is_read
        return message

    def delete_message(self, identity: Identity, mailbox: Person, message_id: str) -> None:
        message = self._own_message(identity, mailbox, message_id, write=True)
        del mailbox.mailbox.messages[message.serial]

    def message_id(self, mailbox: Person, message: Message) -> str:
        return ids.encode(ids.ItemRef("m", mailbox.key, mailbox.key, message.serial))

    # ---------------------------------------------------------------- delegation routing

    def delegates_of(self, principal: Person) -> list[Person]:
        primary = principal.mailbox.primary
        return [
            self.people[p.person_key]
            for p in primary.permissions.values()
            if p.person_key is not None and roles.is_delegate(p.role)
        ]

    def route_meeting_message(
        self,
        principal: Person,
        make: Callable[[Person, bool, bool], Message],
        *,
        private: bool = False,
    ) -> None:
        """Deliver a meeting request or response for ``principal`` where its owner said.

        ``make(recipient, is_delegated, informational)`` builds each copy. With no
        delegate, the principal gets everything whatever the option says; a message
        about a ``private`` meeting (sensitivity private, not confidential: the rule
        tests for that one value) reaches no delegate on the service.
        """
        delegates = self.delegates_of(principal)
        option = principal.mailbox.delivery_option
        if private and self.quirks.on("private-meeting-mail-not-forwarded"):
            # Outlook's delegate rule forwards only meeting messages whose sensitivity is
            # not private; the principal keeps the message, actionable ([MS-OXOCAL] 3.1.5.6).
            delegates, option = [], "sendToDelegateAndPrincipal"
        for delegate in delegates:
            self._deliver(delegate, make(delegate, True, False))
        if not delegates or option == "sendToDelegateAndPrincipal":
            self._deliver(principal, make(principal, False, False))
        elif option == "sendToDelegateAndInformationToPrincipal":
            self._deliver(principal, make(principal, False, True))


def default_settings(time_zone: str) -> dict[str, Any]:
    """A new mailbox's settings, shaped like the share-or-delegate page's example."""
    return {
        "archiveFolder": "",
        "timeZone": time_zone,
        "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly",
        "dateFormat": "M/d/yyyy",
        "timeFormat": "h:mm tt",
        "automaticRepliesSetting": {
            "status": "disabled",
            "externalAudience": "all",
            "internalReplyMessage": "",
            "externalReplyMessage": "",
        },
        "language": {"locale": "en-US", "displayName": "English (United States)"},
        "workingHours": {
            "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000",
            "timeZone": {"name": time_zone},
        },
        "userPurpose": "user",
    }


def _required_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid_request("A calendar name can't be empty.")
    return value.strip()


def _checked_role(role: object, allowed: list[str], who: str, *, inside: bool,
                  primary: bool) -> str:
    """``role`` when it is one of ``allowed`` (and not custom); otherwise the 400 Graph
    answers, saying why."""
    if isinstance(role, str) and role in allowed and role != roles.CUSTOM:
        return role
    if role in roles.DELEGATE_ROLES and not primary:
        why = "Delegation is possible only on a primary calendar."
    elif role in (*roles.DELEGATE_ROLES, "write") and not inside:
        why = "People outside the organization can only be given view roles."
    elif role == roles.CUSTOM:
        why = "The custom role can't be set through Microsoft Graph."
    elif role not in roles.ROLE_NAMES:
        why = f"'{role}' is not a calendar role."
    else:
        why = f"'{role}' is not one of the roles allowed here."
    raise GraphError(
        400,
        "ErrorInvalidRequest",
        f"{why} Allowed roles for {who}: {', '.join(allowed)}.",
    )
