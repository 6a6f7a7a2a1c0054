"""What a person's sync could not read because no person may read it, said plainly.

Only a calendar's owner, or an administrator's app, may list who can see the calendar
and read the owner's meeting-request delivery (GUIDE §1, §2.2): an assistant's sync
reads her own mailbox whole, and for each executive records that it could not, and
why, instead of asking Graph and collecting refusals. Those are limits of the signed-in
identity, not failures: a snapshot is "partial" only when something it should have
read could not be (throttling given up, the network, a mailbox not enabled).

Plain data and words, no Qt: the review window, ``deputy sync`` and the HTML report
say the same sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.graph.errors import PART_NOT_READ

OWNER_ONLY = "owner-only"  # sharing settings: only the owner or an administrator
NO_MAILBOX = "no-mailbox"  # a guest, or a user without mail: no mailbox here to read
NAMES_SHOWN = 3  # in a sentence; the others are counted


@dataclass(frozen=True)
class Unreadable:
    """Something of ``mailbox`` the signed-in identity may not read, by ``kind``.

    Attributes:
        name: the mailbox owner's display name, as the sync knew it ("" if not).
    """

    kind: str
    mailbox: str
    name: str = ""

    @property
    def who(self) -> str:
        return self.name or self.mailbox

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "mailbox": self.mailbox, "name": self.name}

    @classmethod
    def from_json(cls, item: Mapping[str, object]) -> Unreadable:
        return cls(str(item.get("kind", OWNER_ONLY)), str(item.get("mailbox", "")),
                   str(item.get("name") or ""))


def _listed(names: list[str]) -> str:
    """"Alex Wilber", "Alex Wilber and Lee Gu", "A, B, C and 4 others"."""
    shown = names[:NAMES_SHOWN]
    rest = len(names) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest:,} other{'s' if rest != 1 else ''}"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def sentences(unreadable: Iterable[Unreadable]) -> list[str]:
    """One sentence per kind: what could not be read, for whom, and why."""
    by_kind: dict[str, list[str]] = {}
    for item in unreadable:
        names = by_kind.setdefault(item.kind, [])
        if item.who not in names:
            names.append(item.who)
    said = []
    for kind, names in by_kind.items():
        if kind == OWNER_ONLY:
            if len(names) == 1:
                said.append(f"{names[0]}'s sharing settings: only {names[0]} or an "
                            "administrator can read them.")
            else:
                said.append(f"The sharing settings of {_listed(names)}: only each of them or "
                            "an administrator can read them.")
        elif kind == NO_MAILBOX:
            said.append(f"{_listed(names)}: guests and people without an email address "
                        "have no mailbox in this organization to read.")
        else:  # a kind from a newer Deputy, in an imported snapshot
            said.append(f"Some settings of {_listed(names)} could not be read by whoever "
                        "took this snapshot.")
    return said


def problem_sentences(problems: dict[str, list[str]]) -> list[str]:
    """What could not be read in each mailbox, one line per reason with whose it was:
    "Could not read GradyA@contoso.com and IrvinS@contoso.com: Not an Exchange Online
    mailbox (…)". Grouped so a tenant with hundreds of unlicensed accounts reads as one
    line, not hundreds; the review window lists every mailbox."""
    by_reason: dict[str, list[str]] = {}
    for mailbox, said in problems.items():
        for reason in dict.fromkeys(said):
            by_reason.setdefault(reason, []).append(mailbox)
    lines = []
    for reason, mailboxes in by_reason.items():
        whose = _listed(mailboxes)
        # The sync words a part it could not read "Could not read the calendars: why".
        what, colon, why = reason.removeprefix(PART_NOT_READ).partition(": ")
        if reason.startswith(PART_NOT_READ) and colon:
            lines.append(f"{PART_NOT_READ}{what} of {whose}: {why}")
        else:
            lines.append(f"Could not read {whose}: {reason}")
    return lines
