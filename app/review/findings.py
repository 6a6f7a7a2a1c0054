"""Findings: the rows an auditor asks about, each under the rule that flags it.

A permission can be flagged by more than one rule (someone outside with "Can edit" is
both outside above free/busy and outside with write access): each rule lists all the
rows it concerns, so a rule's list can be read on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from app.graph.roles import DELEGATE_ROLES, is_known, role_rank
from app.review.matrix import FREE_BUSY, PRIVATE, WRITE
from app.review.people import Person, is_orphaned, person_key, person_of
from app.review.snapshot_store import PermissionRow
from app.sorting import sorted_in_steps


class Rule(Enum):
    """Each rule: (title, why an auditor cares)."""

    EXTERNAL_ABOVE_FREE_BUSY = (
        "Outside the organization, sees more than free/busy",
        "People outside the organization can read event details.")
    EXTERNAL_WRITE_OR_DELEGATE = (
        "Outside the organization, can edit or is a delegate",
        "Someone outside the organization can change this calendar or act for its owner.")
    ORGANIZATION_ABOVE_FREE_BUSY = (
        "“My Organization” sees more than free/busy",
        "Everyone in the organization, present and future, can read event details.")
    DELEGATES_ONLY_DELIVERY = (
        "Delegate on a mailbox whose meeting requests go to delegates only",
        "The owner does not see meeting requests; only these delegates do.")
    DELEGATE_WITH_PRIVATE = (
        "Delegate who sees private events",
        "Private events are visible to this delegate.")
    UNDESCRIBED_ACCESS = (
        "Access Microsoft Graph can't describe",
        "Set in Outlook or with PowerShell (custom), or a role newer than this Deputy: "
        "it may show event details. Check it in Outlook.")
    NO_ADDRESS = (
        "Entry for no one with an address",
        "Often someone who has left the organization; their access stays until it is "
        "removed.")

    @property
    def title(self) -> str:
        return self.value[0]

    @property
    def why(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class Finding:
    rule: Rule
    row: PermissionRow
    person: Person


def _rules_for(row: PermissionRow, person: Person, delivery: str | None) -> list[Rule]:
    rank = role_rank(row.role)
    rules = []
    outside = not person.inside and not person.is_my_organization
    if outside and rank > FREE_BUSY:
        rules.append(Rule.EXTERNAL_ABOVE_FREE_BUSY)
    if outside and rank >= WRITE:
        rules.append(Rule.EXTERNAL_WRITE_OR_DELEGATE)
    if person.is_my_organization and rank > FREE_BUSY:
        rules.append(Rule.ORGANIZATION_ABOVE_FREE_BUSY)
    if row.role in DELEGATE_ROLES and delivery == "sendToDelegateOnly":
        rules.append(Rule.DELEGATES_ONLY_DELIVERY)
    if row.role == PRIVATE:
        rules.append(Rule.DELEGATE_WITH_PRIVATE)
    if not is_known(row.role):
        rules.append(Rule.UNDESCRIBED_ACCESS)
    if is_orphaned(row):
        rules.append(Rule.NO_ADDRESS)
    return rules


def find(rows: Iterable[PermissionRow],
         delivery_options: Mapping[str, str | None]) -> list[Finding]:
    """Every (rule, row) flagged, in rule order, then by mailbox and person.

    The rules depend on a row's role, its person and its mailbox's delivery option
    only: they are worked out once per such combination (a few dozen in a snapshot of
    700,000 rows), and each person is made once."""
    found: list[Finding] = []
    people: dict[tuple[str, str, bool], Person] = {}
    rules_of: dict[tuple[str, bool, bool, bool, bool], list[Rule]] = {}
    for row in rows:
        who = (person_key(row), row.person_name, row.inside)
        person = people.get(who)
        if person is None:
            person = people[who] = person_of(row)
        delivery = delivery_options.get(row.mailbox)
        kind = (row.role, person.is_my_organization, person.inside, is_orphaned(row),
                delivery == "sendToDelegateOnly")
        rules = rules_of.get(kind)
        if rules is None:
            rules = rules_of[kind] = _rules_for(row, person, delivery)
        found.extend(Finding(rule, row, person) for rule in rules)
    order = {rule: at for at, rule in enumerate(Rule)}
    return sorted_in_steps(found, lambda f: (order[f.rule], f.row.mailbox.casefold(),
                                             f.person.name.casefold(), f.row.calendar_name))
