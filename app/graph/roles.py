"""Calendar roles and meeting-message delivery options in words; how much a role grants.

Graph names roles for developers (``delegateWithoutPrivateEventAccess``). The role
editor, the tables and the sidebar's access badges speak of what the person will see
and do instead, and order the roles from least to most access (GUIDE §2.2).
"""

from __future__ import annotations

from .resources import Calendar

# From least to most access; ``custom`` is set outside Deputy and is shown, never offered.
ROLE_ORDER = (
    "none",
    "freeBusyRead",
    "limitedRead",
    "read",
    "write",
    "delegateWithoutPrivateEventAccess",
    "delegateWithPrivateEventAccess",
)
DELEGATE_ROLES = frozenset({"delegateWithoutPrivateEventAccess", "delegateWithPrivateEventAccess"})
VIEW_ROLES = frozenset({"freeBusyRead", "limitedRead", "read"})

_LABELS = {
    "none": "No access",
    "freeBusyRead": "Can view when busy",
    "limitedRead": "Can view titles and locations",
    "read": "Can view all details",
    "write": "Can edit",
    "delegateWithoutPrivateEventAccess": "Delegate",
    "delegateWithPrivateEventAccess": "Delegate, with private events",
    "custom": "Custom access (set in Outlook)",
}

# The same, short enough for a cell of the permission matrix (its legend uses them too).
_SHORT_LABELS = {
    "none": "None",
    "freeBusyRead": "Free/busy",
    "limitedRead": "Titles",
    "read": "All details",
    "write": "Edit",
    "delegateWithoutPrivateEventAccess": "Delegate",
    "delegateWithPrivateEventAccess": "Delegate + private",
    "custom": "Custom",
}

_SENTENCES = {
    "none": "{who} can't see {owner}'s calendar at all.",
    "freeBusyRead": "{who} sees only when {owner} is busy or free, no details.",
    "limitedRead": "{who} sees when {owner} is busy, and the subject and location of "
                   "events that aren't private.",
    "read": "{who} sees every detail of events that aren't private; private events show "
            "only as busy.",
    "write": "{who} sees the details of events that aren't private and can add, change "
             "and delete events.",
    "delegateWithoutPrivateEventAccess":
        "{who} can edit {owner}'s calendar, send invitations and answer meeting requests on "
        "{owner}'s behalf; private events show only as busy.",
    "delegateWithPrivateEventAccess":
        "{who} can edit {owner}'s calendar, send invitations and answer meeting requests on "
        "{owner}'s behalf, and also sees private events.",
    "custom": "{who} has a permission level set in Outlook or by an administrator that "
              "Microsoft Graph can't describe; check it in Outlook. Deputy can replace it with "
              "one of the roles below, not set it back.",
}

# Who receives meeting messages sent to a mailbox with delegates: (short label, sentence).
# The short labels name a change in the journal and the reports.
DELIVERY_WORDS = {
    "sendToDelegateOnly": (
        "Delegates only",
        "Meeting requests and responses go to the delegates; {owner} doesn't receive them."),
    "sendToDelegateAndInformationToPrincipal": (
        "Delegates, and a copy for {owner}'s information",
        "Delegates receive and answer them; {owner} gets a copy to read but can't answer it."),
    "sendToDelegateAndPrincipal": (
        "Delegates and {owner}",
        "Both the delegates and {owner} receive them, and any of them can answer."),
}

# The choice as Outlook's Delegates dialog words it ("Deliver meeting requests addressed
# to me and responses to meeting requests where I am the organizer to:"), in its order,
# with its recommendation: (option, as the owner reads it, as anyone else reads it).
DELIVERY_CHOICES = (
    ("sendToDelegateAndInformationToPrincipal",
     "My delegates only, but send a copy of meeting requests and responses to me "
     "(recommended)",
     "{owner}'s delegates only, but send a copy of meeting requests and responses to "
     "{owner} (recommended)"),
    ("sendToDelegateOnly", "My delegates only", "{owner}'s delegates only"),
    ("sendToDelegateAndPrincipal", "My delegates and me", "{owner}'s delegates and {owner}"),
)


# The sentences under the choices, as the owner reads them.
_OWN_DELIVERY_SENTENCES = {
    "sendToDelegateOnly": "Meeting requests and responses go to your delegates; you don't "
                          "receive them.",
    "sendToDelegateAndInformationToPrincipal": "Your delegates receive and answer them; you "
                                               "get a copy to read but can't answer it.",
    "sendToDelegateAndPrincipal": "Both your delegates and you receive them, and any of you "
                                  "can answer.",
}


def delivery_sentence(option: str, owner: str, *, own: bool) -> str:
    """What a delivery option does, in one sentence, to the owner or to anyone else."""
    if own:
        return _OWN_DELIVERY_SENTENCES[option]
    return DELIVERY_WORDS[option][1].format(owner=owner)


def delivery_choice(option: str, owner: str, *, own: bool) -> str:
    """A delivery option as a radio button says it, Outlook's way."""
    first, third = next((f, t) for o, f, t in DELIVERY_CHOICES if o == option)
    return first if own else third.format(owner=owner)


def delivery_label(option: str | None, owner: str = "the owner") -> str:
    """A delivery option's short name: "Delegates and the owner"."""
    if option not in DELIVERY_WORDS:
        return option or "Not known"
    return DELIVERY_WORDS[option][0].format(owner=owner)


NOT_STATED = "Access not stated"


def is_known(role: str) -> bool:
    """A role Deputy can explain and offer: one of ``ROLE_ORDER`` (not ``custom``, not a
    role Graph added after this Deputy, not a null)."""
    return role in ROLE_ORDER


def role_label(role: str) -> str:
    """A role's short name for tables and menus: "Can view all details".

    A role Graph added later shows as what it is, with Graph's name for it.
    """
    if role in _LABELS:
        return _LABELS[role]
    return f"Other access ({role})" if role else NOT_STATED


def role_short_label(role: str) -> str:
    """A role in a word or two, for the matrix: "Delegate + private"."""
    if role in _SHORT_LABELS:
        return _SHORT_LABELS[role]
    return "Other" if role else "Not stated"


def role_sentence(role: str, who: str = "This person", owner: str = "the owner") -> str:
    """What the person will see and do with that role, in one sentence."""
    if role in _SENTENCES:
        return _SENTENCES[role].format(who=who, owner=owner)
    if not role:
        return f"Microsoft Graph doesn't say what {who} can do; check it in Outlook."
    return (f"{who} has access that Microsoft Graph calls “{role}”, which this version of "
            "Deputy doesn't know; check it in Outlook.")


def role_rank(role: str) -> int:
    """Position from least to most access. What Deputy can't describe (``custom``, a
    role added later, none stated) ranks as "read": it may show details, so a review
    lists it with what does, never below free/busy."""
    if role in ROLE_ORDER:
        return ROLE_ORDER.index(role)
    return ROLE_ORDER.index("read")


def ordered(roles: list[str]) -> list[str]:
    """The roles Deputy may offer, least access first: ``custom`` and roles it doesn't
    know are dropped (never offered)."""
    return sorted((r for r in roles if is_known(r)), key=role_rank)


def access_badge(calendar: Calendar, *, primary: bool) -> str:
    """My access to someone else's calendar, as the sidebar badge shows it.

    Graph tells a sharee only ``canEdit`` and ``canViewPrivateItems``, not the role.
    Edit rights on a primary calendar are taken as delegation (as ``capabilities``
    does); on other calendars as write access. View roles can't be told apart.
    """
    if calendar.can_edit and primary:
        return "Delegate + private" if calendar.can_view_private_items else "Delegate"
    if calendar.can_edit:
        return "Can edit"
    return "Can view"


BADGE_ORDER = ("Can view", "Can edit", "Delegate", "Delegate + private")


def strongest_badge(badges: list[str]) -> str:
    """The most access among several calendars of one owner."""
    known = [b for b in badges if b in BADGE_ORDER]
    return max(known, key=BADGE_ORDER.index) if known else "Can view"
