"""Seed tenants: the Contoso demo tenant from ``resources/seed``, and ``scale:N`` ones.

Seeds are built through the same operations that serve Graph requests, so seeded
meetings, copies, responses and messages obey the same rules as live ones.
"""

from __future__ import annotations

import contextlib
import json
import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from . import ids, meetings, roles
from .auth import KNOWN_APP_ROLES, KNOWN_DELEGATED_SCOPES, Identity
from .desk_seed import fill_desk
from .errors import GraphError
from .model import DELIVERY_OPTIONS, Calendar, Message, Permission, Person
from .seed_words import desk_option, mail_option, scale_parameters, seed_path
from .tenant import Clock, DemoStory, Tenant

_ALL_SCOPES = frozenset(KNOWN_DELEGATED_SCOPES)
_ADMIN = Identity(None, frozenset(KNOWN_APP_ROLES))


def build_tenant(seed: str, *, today: date | None = None) -> Tenant:
    """``contoso`` (or another file in resources/seed) or ``scale:N[:RANDOMSEED][:unreachable]``,
    either followed by ``:messages=N`` for a large mailbox (see ``fill_mailbox``) or
    ``:desk=ExN`` for an assistant of E busy executives (``desk_seed``)."""
    seed, desk = desk_option(seed)
    seed, mail = mail_option(seed)
    tenant = _build(seed, today=today)
    if mail:
        fill_mailbox(tenant, mail)
    if desk:
        fill_desk(tenant, *desk, today=today)
    return tenant


def _build(seed: str, *, today: date | None) -> Tenant:
    if seed.startswith("scale:"):
        count, random_seed, unreachable = scale_parameters(seed)
        return scale_tenant(count, random_seed, unreachable=unreachable)
    path = seed_path(seed)
    return tenant_from_description(json.loads(path.read_text(encoding="utf-8")), today=today)


# The largest generated tenant: an organization of this size is what admins sync
# (issue 20), and a bigger N only exhausts the memory of the machine building it.
def _as(person: Person) -> Identity:
    return Identity(person.key, _ALL_SCOPES)


def _share(
    tenant: Tenant, owner: Person, calendar_name: str, to: str, role: str, *, accepted: bool
) -> None:
    calendar = next(c for c in owner.mailbox.calendars.values() if c.name == calendar_name)
    calendar_id = None if calendar.is_primary else _calendar_id(tenant, owner, calendar.serial)
    access = tenant.reach_calendar(_ADMIN, owner, calendar_id)
    tenant.grant(access, {"emailAddress": {"address": to}, "role": role})
    sharee = tenant.find(to)
    if accepted and sharee is not None:
        invitation = max(sharee.mailbox.messages.values(), key=lambda m: m.serial)
        tenant.accept_sharing(_as(sharee), sharee, tenant.message_id(sharee, invitation))


def _calendar_id(tenant: Tenant, owner: Person, serial: int) -> str:
    return ids.encode(ids.ItemRef("c", owner.key, owner.key, serial))


def _workday(today: date, offset: int) -> date:
    """``offset`` working days from today (0: today, or the next working day at a weekend)."""
    day = today
    while day.weekday() >= 5:
        day += timedelta(days=1)
    step = 1 if offset >= 0 else -1
    for _ in range(abs(offset)):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


def tenant_from_description(description: dict[str, Any], *, today: date | None = None) -> Tenant:
    tenant = Tenant(description["domain"], description["tenantId"])
    if "demo" in description:
        tenant.story = DemoStory(description["demo"]["intro"], description["demo"].get("startWith"))
    now = datetime.now(UTC)
    today = today or now.date()
    for user in description["users"]:
        person = tenant.add_person(
            user["address"],
            user["name"],
            time_zone=user["timeZone"],
            job_title=user.get("jobTitle"),
        )
        if "delivery" in user:
            person.mailbox.settings["delegateMeetingMessageDeliveryOptions"] = user["delivery"]
        _mark_unreachable(person, user)
    for group in description.get("groups", []):
        tenant.add_person(
            group["address"],
            group["name"],
            is_group=True,
            members=group["members"],
            time_zone=group.get("timeZone", "UTC"),
        )
    for calendar in description.get("calendars", []):
        made = tenant.create_calendar(
            tenant.person(calendar["owner"]), calendar["name"], color=calendar.get("color", "auto")
        )
        made.owner_shape = calendar.get("ownerShape", "")
    # Sharing was set up weeks ago; its invitations sit below the recent meeting mail.
    tenant.clock = lambda: now - timedelta(days=30)
    for grant in description.get("permissions", []):
        _share(
            tenant,
            tenant.person(grant["owner"]),
            grant.get("calendar", "Calendar"),
            grant["to"],
            grant["role"],
            accepted=grant.get("accepted", True),
        )
    for entry in description.get("quirkyPermissions", []):
        owner = tenant.person(entry["owner"])
        wanted = entry.get("calendar", "Calendar")
        calendar = next(c for c in owner.mailbox.calendars.values() if c.name == wanted)
        add_quirky_permission(
            calendar,
            entry["quirk"],
            name=entry.get("name", ""),
            address=entry.get("address"),
            role=entry["role"],
            email_shape=entry.get("emailShape", "address"),
            extra_allowed=tuple(entry.get("allowedExtra", ())),
        )
    events = description.get("events", [])
    for index, spec in enumerate(events):
        # Staggered creation times, so inboxes read like days of real traffic.
        sent = now - timedelta(minutes=37 * (len(events) - index))
        tenant.clock = _stopped_at(sent)
        _seed_event(tenant, spec, today)
    tenant.clock = lambda: datetime.now(UTC)
    return tenant


def _stopped_at(moment: datetime) -> Clock:
    """A clock that always says ``moment``."""
    return lambda: moment


# Mailboxes Graph can't open (issue 16, item 6): what each seeded kind is, and the quirk
# that shows it (hidden while that quirk is off).
UNREACHABLE = {
    "guest": "mailbox-not-enabled",
    "unlicensed": "mailbox-not-enabled",
    "onPremises": "mailbox-not-enabled",
    "softDeleted": "mailbox-not-enabled",
    "room": "room-calendar-permissions-not-supported",
    "upnNotFound": "mailbox-by-upn-not-found",
    "outsideAccessPolicy": "application-access-policy",
}


def _mark_unreachable(person: Person, spec: dict[str, Any]) -> None:
    """``spec["unreachable"]``: one of ``UNREACHABLE``'s kinds; ``spec["mail"]`` a guest's
    own address."""
    kind = spec.get("unreachable")
    if kind is None:
        return
    person.quirk = UNREACHABLE[kind]
    person.mail = spec.get("mail")
    if kind == "guest":
        person.user_type = "Guest"
    if kind in ("guest", "unlicensed", "onPremises", "softDeleted", "room"):
        person.mailbox_kind = kind
    person.upn_not_found = kind == "upnNotFound"
    person.outside_access_policy = kind == "outsideAccessPolicy"


def add_quirky_permission(
    calendar: Calendar,
    quirk: str,
    *,
    name: str,
    address: str | None,
    role: str,
    email_shape: str = "address",
    extra_allowed: tuple[str, ...] = (),
) -> Permission:
    """An entry Graph lists although no Graph call could have made it (a level set in
    Outlook, a role added later, someone who left): shown only while ``quirk`` is on,
    and granting nothing in the emulator (it has no ``person_key``)."""
    seen = address or f"{name}#{len(calendar.permissions)}"
    permission = Permission(
        id=ids.permission_id(seen, True),
        name=name,
        address=address,
        role=role,
        inside=True,
        removable=True,
        person_key=None,
        quirk=quirk,
        email_shape=email_shape,
        extra_allowed=extra_allowed,
    )
    calendar.permissions[permission.id] = permission
    return permission


def _seed_event(tenant: Tenant, spec: dict[str, Any], today: date) -> None:
    owner = tenant.person(spec["owner"])
    creator = tenant.person(spec.get("by", spec["owner"]))
    calendar = next(
        c for c in owner.mailbox.calendars.values() if c.name == spec.get("calendar", "Calendar")
    )
    zone_name = owner.mailbox.settings["timeZone"]
    day = _workday(today, spec["day"])
    hours, minutes = (int(x) for x in spec.get("start", "09:00").split(":"))
    start = datetime.combine(day, time(hours, minutes))
    end = start + timedelta(minutes=spec.get("minutes", 60))
    body: dict[str, Any] = {
        "subject": spec["subject"],
        "start": {"dateTime": start.isoformat(), "timeZone": zone_name},
        "end": {"dateTime": end.isoformat(), "timeZone": zone_name},
        "body": {"contentType": "html", "content": spec.get("body", "")},
        "sensitivity": spec.get("sensitivity", "normal"),
        "attendees": [
            {"emailAddress": {"address": a}, "type": "required"} for a in spec.get("attendees", [])
        ],
    }
    if spec.get("allDay"):
        midnight = datetime.combine(day, time(0))
        body.update(
            isAllDay=True,
            start={"dateTime": midnight.isoformat(), "timeZone": zone_name},
            end={"dateTime": (midnight + timedelta(days=1)).isoformat(), "timeZone": zone_name},
        )
    if spec.get("location"):
        body["location"] = {"displayName": spec["location"]}
    calendar_id = None if calendar.is_primary else _calendar_id(tenant, owner, calendar.serial)
    access = (
        tenant.reach_calendar(_as(creator), owner, calendar_id)
        if not owner.is_group
        else tenant.reach_calendar(_as(creator), owner, None)
    )
    event = meetings.create_event(tenant, access, body)
    for address, action in spec.get("responses", {}).items():
        _seed_response(tenant, owner, event.ical_uid, address, action)
    if spec.get("cancelled"):  # by its organizer: each attendee keeps a "Canceled:" copy
        meetings.cancel(tenant, meetings.reach_event(tenant, access,
                                                     meetings.event_id(access, event)), {})


def _seed_response(
    tenant: Tenant, organizer: Person, ical_uid: str, address: str, action: str
) -> None:
    attendee = tenant.person(address)
    copy = next(e for e in attendee.mailbox.events.values() if e.ical_uid == ical_uid)
    access = tenant.reach_calendar(_as(attendee), attendee, None)
    reached = meetings.reach_event(tenant, access, meetings.event_id(access, copy))
    meetings.respond(tenant, reached, action.lower(), {"sendResponse": True})


# ----------------------------------------------------------------------- scale:N

_FIRST = (
    "Ada",
    "Ben",
    "Cleo",
    "Dev",
    "Elif",
    "Femi",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kai",
    "Lena",
    "Mo",
    "Nia",
    "Oren",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Vik",
    "Wren",
    "Xiu",
    "Yara",
    "Zed",
)
_LAST = (
    "Abbott",
    "Berg",
    "Chen",
    "Diaz",
    "Eze",
    "Fox",
    "Garcia",
    "Holm",
    "Ito",
    "Jensen",
    "Khan",
    "Lund",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Young",
    "Zhou",
)
_ZONES = (
    "Pacific Standard Time",
    "Eastern Standard Time",
    "GMT Standard Time",
    "W. Europe Standard Time",
    "Tokyo Standard Time",
)
_SECONDARY = ("Team", "Projects", "Travel", "On call", "Family")




def scale_tenant(count: int, random_seed: int = 1, *, unreachable: bool = False) -> Tenant:
    """N mailboxes with random but reproducible sharing, for benchmarks.

    Each has 1-3 calendars and 0-6 permissions per calendar, some for people outside
    the organization; about two in three sharees have accepted. ``unreachable``
    (``scale:N:unreachable``) adds one user in twenty whose mailbox Graph can't open,
    of every kind (``UNREACHABLE``), after the N.
    """
    if count < 1:
        raise ValueError("scale:N needs at least one mailbox.")
    rng = random.Random(random_seed)
    tenant = Tenant("contoso.com", f"00000000-0000-4000-8000-{random_seed:012d}")
    tenant.story = DemoStory(
        f"A generated organization of {count:,} {'mailbox' if count == 1 else 'mailboxes'} "
        "with random sharing, to try Deputy at scale. The administrator reviews every "
        "mailbox; anyone else sees their own calendars and what is shared with them."
    )
    people = []
    for index in range(count):
        name = f"{_FIRST[index % len(_FIRST)]} {_LAST[(index // len(_FIRST)) % len(_LAST)]}"
        person = tenant.add_person(
            f"user{index:05d}@contoso.com", f"{name} {index:05d}", time_zone=rng.choice(_ZONES)
        )
        person.mailbox.settings["delegateMeetingMessageDeliveryOptions"] = rng.choice(
            DELIVERY_OPTIONS
        )
        for extra in rng.sample(_SECONDARY, rng.randint(0, 2)):
            tenant.create_calendar(person, extra)
        people.append(person)
    for person in people:
        for calendar in list(person.mailbox.calendars.values()):
            if calendar.is_primary and rng.random() < 0.2:
                my_org = next(p for p in calendar.permissions.values() if p.is_my_organization)
                my_org.role = rng.choice(("none", "limitedRead", "read"))
            for _ in range(rng.randint(0, 6)):
                _random_grant(tenant, rng, people, person, calendar)
    _add_odd_shapes(people, random.Random(f"odd shapes {random_seed}"))
    if unreachable:
        _add_unreachable(tenant, count, random.Random(f"unreachable {random_seed}"))
    return tenant


def _add_unreachable(tenant: Tenant, count: int, rng: random.Random) -> None:
    kinds = list(UNREACHABLE)
    for index in range(max(len(kinds), count // 20)):
        kind = kinds[index % len(kinds)]
        name = f"{_FIRST[rng.randrange(len(_FIRST))]} {_LAST[rng.randrange(len(_LAST))]}"
        spec: dict[str, Any] = {"unreachable": kind}
        address = f"other{index:05d}@contoso.com"
        if kind == "guest":
            spec["mail"] = f"guest{index:05d}@fabrikam.example"
            address = f"guest{index:05d}_fabrikam.example#EXT#@contoso.onmicrosoft.com"
        elif kind == "room":
            name = f"Room {index:05d}"
        person = tenant.add_person(address, f"{name} (other {index:05d})",
                                   time_zone=rng.choice(_ZONES))
        _mark_unreachable(person, spec)


_LEFT = ("Isaiah Langer", "Johanna Lorenz", "Nestor Wilke", "Pradeep Gupta")


def _add_odd_shapes(people: list[Person], rng: random.Random) -> None:
    """What a real tenant of this size holds beyond the pages' shapes, each shown only
    while its quirk is on: a level set in Outlook (custom), a role added later, entries
    of people who left, calendars without an owner. Drawn apart from the sharing, so
    the tenant is otherwise the same with or without them."""
    for person in people:
        primary = person.mailbox.primary
        draw = rng.random()
        if draw < 0.03:
            colleague = rng.choice(people)
            if colleague.key != person.key and not any(
                p.address == colleague.address for p in primary.permissions.values()
            ):
                add_quirky_permission(
                    primary, "custom-calendar-role", name=colleague.display_name,
                    address=colleague.address, role="custom",
                    extra_allowed=("custom",),
                )
        elif draw < 0.04:
            add_quirky_permission(
                primary, "unknown-calendar-role", name="Team assistant",
                address=f"assistant{rng.randint(1, 99)}@contoso.com",
                role="unknownFutureValue", extra_allowed=("unknownFutureValue",),
            )
        elif draw < 0.06:
            null = rng.random() < 0.5
            add_quirky_permission(
                primary, "orphaned-calendar-permission",
                name="" if null else rng.choice(_LEFT), address=None,
                role=rng.choice(("freeBusyRead", "read", "write")),
                email_shape="null" if null else "name-only",
            )
        for calendar in person.mailbox.calendars.values():
            if not calendar.is_primary and rng.random() < 0.05:
                calendar.owner_shape = rng.choice(("null", "absent"))


def _random_grant(
    tenant: Tenant, rng: random.Random, people: list[Person], owner: Person, calendar: Any
) -> None:
    external = rng.random() < 0.1
    if external:
        address = f"guest{rng.randint(1, 500)}@fabrikam.example"
        allowed = list(roles.VIEW_ROLES)
    else:
        sharee = rng.choice(people)
        if sharee.key == owner.key:
            return
        address = sharee.address
        allowed = roles.allowed_roles(
            my_organization=False, inside=True, primary=calendar.is_primary, group=False
        )
    with contextlib.suppress(GraphError):  # already shared with them: keep the first grant
        _share(
            tenant,
            owner,
            calendar.name,
            address,
            rng.choice(allowed),
            accepted=not external and rng.random() < 0.66,
        )


# ----------------------------------------------------------------------- a large mailbox

_MAIL_SUBJECTS = (
    "Quarterly numbers",
    "Re: Board pack",
    "Travel itinerary",
    "FW: Customer escalation",
    "Weekly update",
    "Re: Hiring plan",
    "Invoice for approval",
    "Newsletter",
    "Re: Offsite agenda",
    "Expense report",
)


def fill_mailbox(tenant: Tenant, count: int, *, days: int = 365) -> Person:
    """``count`` ordinary messages, spread over the last ``days`` days, in the mailbox
    of the person the demo starts with (Contoso: Adele Vance, whose inbox receives two
    executives' meeting mail; else the first person): an inbox as large as an
    executive's, in which the meeting messages are a few among thousands."""
    people = [p for p in tenant.people.values() if not p.is_group]
    owner = next(
        (p for p in people if tenant.story.start_with and p.address.casefold()
         == tenant.story.start_with.casefold()),
        people[0],
    )
    rng = random.Random(count)
    now = datetime.now(UTC)
    senders = [p.email for p in people if p.key != owner.key] + [
        ("Fabrikam Billing", "billing@fabrikam.example"),
        ("Northwind News", "news@northwind.example"),
    ]
    step = timedelta(days=days) / max(count, 1)
    for index in range(count):
        sender = rng.choice(senders)
        serial = owner.mailbox.next_serial()
        owner.mailbox.messages[serial] = Message(
            serial=serial,
            odata_type="message",
            subject=_MAIL_SUBJECTS[index % len(_MAIL_SUBJECTS)],
            body=f"<p>Message {index + 1} of a large mailbox.</p>",
            sender=sender,
            from_=sender,
            to=[owner.email],
            received=now - step * (index + 0.5),
            is_read=index > 20,
        )
    return owner
