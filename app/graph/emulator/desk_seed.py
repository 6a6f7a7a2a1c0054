"""``contoso:desk=ExN``: the assistant's desk at scale, for benchmarks.

Adele (the demo's assistant) becomes a delegate of E executives (Alex, Patti, then new
ones), each with N events over the next four weeks in their main calendar: mostly
appointments, every tenth a meeting they organize with two colleagues who haven't
answered (a follow-up row), every fortieth a colleague's invitation to them (a request
waiting in Adele's inbox, often a conflict). What Needs attention and Side by side read
for an assistant of busy executives.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from . import meetings
from .auth import KNOWN_APP_ROLES, KNOWN_DELEGATED_SCOPES, Identity
from .tenant import Tenant

DAYS = 28
ZONES = ("Pacific Standard Time", "Eastern Standard Time", "GMT Standard Time",
         "Central Standard Time", "W. Europe Standard Time")
_ADMIN = Identity(None, frozenset(KNOWN_APP_ROLES))
_SHOW_AS = ("busy", "busy", "busy", "tentative", "oof", "workingElsewhere")


def fill_desk(tenant: Tenant, executives: int, events: int, *,
              today: date | None = None) -> None:
    """Make the start-with person a delegate of ``executives`` people with ``events``
    events each in the next DAYS days."""
    assistant = tenant.person(tenant.story.start_with or "AdeleV@contoso.com")
    colleagues = [p for p in tenant.people.values() if not p.is_group and p.has_mailbox
                  and p.key != assistant.key]
    bosses = [p for p in colleagues if p.address.casefold() in (
        "alexw@contoso.com", "pattif@contoso.com")][:executives]
    for number in range(len(bosses), executives):
        boss = tenant.add_person(f"exec{number + 1}@{tenant.domain}", f"Executive {number + 1}",
                                 time_zone=ZONES[number % len(ZONES)],
                                 job_title="Vice President")
        access = tenant.reach_calendar(_ADMIN, boss, None)
        tenant.grant(access, {"emailAddress": {"address": assistant.address},
                              "role": "delegateWithoutPrivateEventAccess"})
        invitation = max(assistant.mailbox.messages.values(), key=lambda m: m.serial)
        tenant.accept_sharing(Identity(assistant.key, frozenset(KNOWN_DELEGATED_SCOPES)),
                              assistant, tenant.message_id(assistant, invitation))
        bosses.append(boss)
    others = [p for p in colleagues if p not in bosses]
    rng = random.Random(executives * 100_003 + events)
    first = today or datetime.now(UTC).date()
    for boss in bosses:
        for index in range(events):
            organizer = boss
            body = _event(rng, first, boss.mailbox.settings["timeZone"], index)
            if index % 10 == 0:
                body["attendees"] = [{"emailAddress": {"address": p.address},
                                      "type": "required"} for p in rng.sample(others, 2)]
            elif index % 40 == 1:
                organizer = rng.choice(others)
                body["attendees"] = [{"emailAddress": {"address": boss.address},
                                      "type": "required"}]
            who = Identity(organizer.key, frozenset(KNOWN_DELEGATED_SCOPES))
            meetings.create_event(tenant, tenant.reach_calendar(who, organizer, None), body)


def _event(rng: random.Random, first: date, zone: str, index: int) -> dict[str, Any]:
    day = first + timedelta(days=rng.randrange(DAYS))
    start = datetime.combine(day, time(rng.randrange(7, 19), rng.choice((0, 30))))
    end = start + timedelta(minutes=rng.choice((30, 30, 60, 60, 90)))
    return {"subject": f"Desk item {index + 1}",
            "start": {"dateTime": start.isoformat(), "timeZone": zone},
            "end": {"dateTime": end.isoformat(), "timeZone": zone},
            "showAs": rng.choice(_SHOW_AS), "sensitivity": "private" if index % 25 == 7
            else "normal"}
