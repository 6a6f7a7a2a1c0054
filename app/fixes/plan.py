"""What a fix changes: one ``Change`` per permission, planned from a rule, a CSV or rows.

A plan is made from a snapshot and reads nothing from the tenant: the preview checks
each change against the live permission before anything is sent. A change names the
permission as the snapshot saw it (``before``) and what it should become (``after``):
a role, or None to remove it; a change with no ``before`` adds a permission (undoing a
removal). A change with a ``setting`` is of the mailbox, not of a permission: its
``before`` and ``after`` are the setting's values (``app.fixes.delivery``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.addresses import name_and_address
from app.graph.roles import ROLE_ORDER, role_label
from app.review.findings import Rule, find
from app.review.new_findings import rule_name
from app.review.people import person_of
from app.review.snapshot_store import PermissionRow, SnapshotStore

REMOVE = "remove"


class PlanError(ValueError):
    """Why a plan can't be made, in one sentence for the user."""


RULES = {rule_name(rule): rule for rule in Rule}


def rule_named(name: str) -> Rule:
    rule = RULES.get(name.strip().lower().replace("_", "-"))
    if rule is None:
        raise PlanError(f"There is no rule {name!r}; the rules are {', '.join(RULES)}.")
    return rule


@dataclass(frozen=True)
class Action:
    """What to do to each planned permission: remove it, or give it ``role``."""

    role: str | None  # None: remove

    @classmethod
    def parse(cls, text: str) -> Action:
        """"remove" or "role=ROLE" (a Graph role name, such as freeBusyRead)."""
        text = text.strip()
        if text == REMOVE:
            return cls(None)
        kind, _, role = text.partition("=")
        if kind != "role" or role not in ROLE_ORDER:
            raise PlanError(f"The action is \"remove\" or \"role=ROLE\" with ROLE one of "
                            f"{', '.join(ROLE_ORDER)}; not {text!r}.")
        return cls(role)

    @property
    def words(self) -> str:
        return "remove" if self.role is None else f"set the role to {role_label(self.role)}"


@dataclass(frozen=True)
class Change:
    """One permission to change.

    Attributes:
        mailbox: whose calendar (the address the snapshot holds).
        permission_id: Graph's id of the permission; "" for one to add.
        person_address: None for "My Organization" and entries for no one.
        before: the role as the snapshot (or the run being undone) left it; None when
            the person has no permission there (an add).
        after: the role to give; None to remove the permission.
        removable: whether Graph lets the permission be removed ("My Organization"
            can't be).
        setting: "" for a permission; the mailbox setting's name for a change of it.
        note: what the plan adds to the preview's notice ("lowered from ...").
    """

    mailbox: str
    calendar_id: str
    calendar_name: str
    permission_id: str
    person_name: str
    person_address: str | None
    before: str | None
    after: str | None
    removable: bool = True
    mailbox_name: str = ""
    setting: str = ""
    note: str = ""

    @property
    def is_setting(self) -> bool:
        return bool(self.setting)

    @property
    def is_removal(self) -> bool:
        return self.after is None and not self.setting

    @property
    def is_addition(self) -> bool:
        return self.before is None and not self.setting

    @property
    def person(self) -> str:
        return name_and_address(self.person_name, self.person_address)

    @property
    def owner(self) -> str:
        return name_and_address(self.mailbox_name or None, self.mailbox)

    def to_json(self) -> dict[str, Any]:
        return {"mailbox": self.mailbox, "calendar_id": self.calendar_id,
                "calendar_name": self.calendar_name, "permission_id": self.permission_id,
                "person_name": self.person_name, "person_address": self.person_address,
                "before": self.before, "after": self.after, "removable": self.removable,
                "mailbox_name": self.mailbox_name, "setting": self.setting,
                "note": self.note}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Change:
        return cls(str(data["mailbox"]), str(data["calendar_id"]), str(data["calendar_name"]),
                   str(data["permission_id"]), str(data["person_name"]),
                   data.get("person_address"), data.get("before"), data.get("after"),
                   bool(data.get("removable", True)), str(data.get("mailbox_name", "")),
                   str(data.get("setting", "")), str(data.get("note", "")))


def change_of(row: PermissionRow, action: Action, names: Mapping[str, str]) -> Change:
    """The change ``action`` makes to a snapshot's row."""
    person = person_of(row)
    return Change(row.mailbox, row.calendar_id, row.calendar_name, row.permission_id,
                  person.name, row.person_address, row.role, action.role, row.removable,
                  names.get(row.mailbox, ""))


def plan_rows(rows: Iterable[PermissionRow], action: Action,
              names: Mapping[str, str] | None = None) -> list[Change]:
    """One change per row (rows picked in the review), each row once."""
    unique = dict.fromkeys(rows)
    return [change_of(row, action, names or {}) for row in unique]


def plan_rule(store: SnapshotStore, snapshot_id: int, rule: Rule,
              action: Action) -> list[Change]:
    """A change for every row ``rule`` flags in the snapshot."""
    found = find(store.flaggable(snapshot_id), store.delivery_options(snapshot_id))
    return plan_rows((f.row for f in found if f.rule is rule), action,
                     store.mailbox_names(snapshot_id))


# The columns a CSV names a permission by: those of ``deputy report --format csv``
# (the findings and the matrix tables), so a report can be filtered in a spreadsheet
# and fed back.
MAILBOX, CALENDAR, PERSON, ADDRESS = "Mailbox", "Calendar", "Person", "Address"


def plan_csv(path: Path, store: SnapshotStore, snapshot_id: int,
             action: Action) -> tuple[list[Change], list[str]]:
    """The changes for the rows of a CSV, each found in the snapshot by mailbox,
    calendar and person (address, or name when there is none); and a sentence for
    each CSV row the snapshot does not hold."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            lines = list(csv.DictReader(stream))
    except OSError as exc:
        raise PlanError(f"Can't read {path}: {exc.strerror or exc}.") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise PlanError(f"{path} is not a CSV file of permissions ({exc}).") from exc
    if lines and not {MAILBOX, CALENDAR, PERSON} <= set(lines[0]):
        raise PlanError(f"{path} needs the columns {MAILBOX}, {CALENDAR}, {PERSON} (and "
                        f"{ADDRESS}), as `deputy report --format csv` writes them.")
    held: dict[tuple[str, str, str], PermissionRow] = {}
    for row in store.permissions(snapshot_id):
        person = person_of(row)
        held[_key(row.mailbox, row.calendar_name, person.address or person.name)] = row
    rows: list[PermissionRow] = []
    missing: list[str] = []
    for number, line in enumerate(lines, start=2):
        who = _text(line.get(ADDRESS)) or _text(line.get(PERSON))
        found = held.get(_key(_text(line.get(MAILBOX)), _text(line.get(CALENDAR)), who))
        if found is None:
            missing.append(f"Line {number} ({_text(line.get(MAILBOX))}, "
                           f"{_text(line.get(CALENDAR))}, {who}) is not in snapshot "
                           f"{snapshot_id}.")
        else:
            rows.append(found)
    return plan_rows(rows, action, store.mailbox_names(snapshot_id)), missing


def _text(cell: str | None) -> str:
    """A cell as written; a leading quote that made it safe for a spreadsheet dropped."""
    text = (cell or "").strip()
    return text[1:] if text.startswith("'") and len(text) > 1 and text[1] in "=+-@" else text


def _key(mailbox: str, calendar: str, who: str) -> tuple[str, str, str]:
    return mailbox.casefold(), calendar, who.casefold()
