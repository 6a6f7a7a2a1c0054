"""Which delegated scopes each feature needs, for incremental consent (GUIDE §2.4).

Deputy never asks for every permission up front: sign-in asks for ``User.Read`` only
(plus whatever the first screen needs), and a feature asks for its scope the first
time someone uses it. People then consent to what they understand they are doing,
and an organisation that forbids a permission loses one feature, not the whole app.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feature:
    """A feature's least-privileged delegated scope, and what it is for.

    Attributes:
        scope: the Microsoft Graph delegated permission, for example ``Calendars.Read``.
        purpose: what the feature does, in the words of the registration checklist.
    """

    scope: str
    purpose: str


FEATURES: dict[str, Feature] = {
    "sign_in": Feature("User.Read", "sign in and read your own name and address"),
    "calendars": Feature(
        "Calendars.Read", "list your calendars and the copies of calendars shared with you"
    ),
    "shared_calendars": Feature(
        "Calendars.Read.Shared", "open calendars that others share with you or delegate to you"
    ),
    "write_shared": Feature(
        "Calendars.ReadWrite.Shared",
        "create and change meetings in a calendar delegated to you, on the owner's behalf",
    ),
    "sharing": Feature(
        "Calendars.ReadWrite",
        "share your calendars, change or remove who can see them, accept shared calendars",
    ),
    "meetings": Feature(
        "Calendars.ReadWrite", "create meetings and answer invitations in your own calendar"
    ),
    "meeting_messages": Feature(
        "Mail.Read.Shared",
        "read the meeting requests and responses Outlook delivers to you as a delegate",
    ),
    "mailbox_settings_read": Feature(
        "MailboxSettings.Read", "see who receives meeting requests for your calendar"
    ),
    "mailbox_settings": Feature(
        "MailboxSettings.ReadWrite", "choose who receives meeting requests and responses"
    ),
    "directory": Feature(
        "User.ReadBasic.All", "find people in your organisation to share a calendar with"
    ),
}

# The application permissions an admin's app-only identity needs (GUIDE §1, §2.4):
# audit and fix calendar permissions and delegate settings in every mailbox, list the
# people, and read the meeting messages routed to delegates.
ADMIN_APPLICATION_PERMISSIONS: tuple[str, ...] = (
    "Calendars.ReadWrite",
    "MailboxSettings.ReadWrite",
    "User.Read.All",
    "Mail.Read",
)

# GUIDE §2.4: a .Shared scope covers the user's own mailbox too, and ReadWrite covers
# Read. Asking for a scope that another asked scope already covers would only make
# the consent screen longer.
_COVERED_BY: dict[str, frozenset[str]] = {
    "Calendars.ReadWrite.Shared": frozenset(
        {"Calendars.Read.Shared", "Calendars.ReadWrite", "Calendars.Read"}
    ),
    "Calendars.Read.Shared": frozenset({"Calendars.Read"}),
    "Calendars.ReadWrite": frozenset({"Calendars.Read"}),
    "MailboxSettings.ReadWrite": frozenset({"MailboxSettings.Read"}),
    "Mail.Read.Shared": frozenset({"Mail.Read"}),
}


def scopes_for(*features: str) -> list[str]:
    """The fewest delegated scopes that let these features work, sorted.

    ``scopes_for("calendars", "sharing")`` is ``["Calendars.ReadWrite"]``: the write
    scope covers reading, so asking for both would only lengthen the consent screen.
    Raises ValueError on a feature name this table does not know.
    """
    unknown = [name for name in features if name not in FEATURES]
    if unknown:
        raise ValueError(
            f"Unknown feature {', '.join(unknown)}; known: {', '.join(sorted(FEATURES))}."
        )
    return minimal({FEATURES[name].scope for name in features})


def minimal(scopes: set[str] | frozenset[str] | list[str]) -> list[str]:
    """``scopes`` without those another of them already covers, sorted."""
    asked = set(scopes)
    covered = set().union(*(_COVERED_BY.get(scope, frozenset()) for scope in asked))
    return sorted(asked - covered)


def sign_in_scopes(*features: str) -> list[str]:
    """What a sign-in asks for: ``User.Read`` plus what the first features need."""
    return scopes_for("sign_in", *features)
