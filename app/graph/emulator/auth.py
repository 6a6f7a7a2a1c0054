"""Emulated tokens and the least-privilege scope table of GUIDE §2.4.

A token is an opaque random string that maps to an ``Identity``: a signed-in person
with delegated scopes, or an application with app roles (an admin's app-only
credential). Each operation names the *capability* it needs; this module alone knows
which scopes or roles grant it.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from enum import Enum

from .errors import GraphError, access_denied, unauthenticated

DEFAULT_CLIENT_ID = "5f3c7a8e-0d2b-4e6a-9c1f-deb0de0a11ce"  # the emulator's stand-in app id


class Need(Enum):
    """A capability an operation needs, before any sharing rule is looked at."""

    CALENDARS_READ = "calendars.read"  # own mailbox, including local copies of shared calendars
    CALENDARS_WRITE = "calendars.write"
    CALENDARS_READ_SHARED = "calendars.read.shared"  # another person's mailbox
    CALENDARS_WRITE_SHARED = "calendars.write.shared"
    MAIL_READ = "mail.read"
    MAIL_WRITE = "mail.write"
    SETTINGS_READ = "settings.read"
    SETTINGS_WRITE = "settings.write"
    USER_READ_SELF = "user.read.self"
    USERS_READ = "users.read"
    GROUP_READ = "group.read"
    GROUP_WRITE = "group.write"


_DELEGATED: dict[Need, frozenset[str]] = {
    Need.CALENDARS_READ: frozenset(
        {
            "Calendars.Read",
            "Calendars.ReadWrite",
            "Calendars.Read.Shared",
            "Calendars.ReadWrite.Shared",
        }
    ),
    Need.CALENDARS_WRITE: frozenset({"Calendars.ReadWrite", "Calendars.ReadWrite.Shared"}),
    Need.CALENDARS_READ_SHARED: frozenset({"Calendars.Read.Shared", "Calendars.ReadWrite.Shared"}),
    Need.CALENDARS_WRITE_SHARED: frozenset({"Calendars.ReadWrite.Shared"}),
    Need.MAIL_READ: frozenset(
        {"Mail.Read", "Mail.ReadWrite", "Mail.Read.Shared", "Mail.ReadWrite.Shared"}
    ),
    Need.MAIL_WRITE: frozenset({"Mail.ReadWrite", "Mail.ReadWrite.Shared"}),
    Need.SETTINGS_READ: frozenset({"MailboxSettings.Read", "MailboxSettings.ReadWrite"}),
    Need.SETTINGS_WRITE: frozenset({"MailboxSettings.ReadWrite"}),
    Need.USER_READ_SELF: frozenset(
        {"User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All"}
    ),
    Need.USERS_READ: frozenset({"User.ReadBasic.All", "User.Read.All"}),
    Need.GROUP_READ: frozenset({"Group.Read.All", "Group.ReadWrite.All"}),
    Need.GROUP_WRITE: frozenset({"Group.ReadWrite.All"}),
}

_APPLICATION: dict[Need, frozenset[str]] = {
    Need.CALENDARS_READ: frozenset({"Calendars.Read", "Calendars.ReadWrite"}),
    Need.CALENDARS_WRITE: frozenset({"Calendars.ReadWrite"}),
    Need.CALENDARS_READ_SHARED: frozenset({"Calendars.Read", "Calendars.ReadWrite"}),
    Need.CALENDARS_WRITE_SHARED: frozenset({"Calendars.ReadWrite"}),
    Need.MAIL_READ: frozenset({"Mail.Read", "Mail.ReadWrite"}),
    Need.MAIL_WRITE: frozenset({"Mail.ReadWrite"}),
    Need.SETTINGS_READ: frozenset({"MailboxSettings.Read", "MailboxSettings.ReadWrite"}),
    Need.SETTINGS_WRITE: frozenset({"MailboxSettings.ReadWrite"}),
    Need.USER_READ_SELF: frozenset(),
    Need.USERS_READ: frozenset({"User.Read.All", "User.ReadBasic.All", "Directory.Read.All"}),
    # Group calendars are not supported with application permissions (create-calendarpermission).
    Need.GROUP_READ: frozenset(),
    Need.GROUP_WRITE: frozenset(),
}

OIDC_SCOPES = frozenset({"openid", "profile", "email", "offline_access"})
KNOWN_DELEGATED_SCOPES = frozenset().union(*_DELEGATED.values(), OIDC_SCOPES, {"Mail.Send"})
KNOWN_APP_ROLES = frozenset().union(*_APPLICATION.values())
GRAPH_RESOURCE = "https://graph.microsoft.com/"


@dataclass(frozen=True)
class Identity:
    """Who is calling.

    Attributes:
        user_key: the signed-in person's key in the tenant, or None for an app-only token.
        grants: delegated scopes, or app roles for an app-only token.
        client_id: the calling application, the unit Outlook throttles by (with the mailbox).
    """

    user_key: str | None
    grants: frozenset[str]
    client_id: str = DEFAULT_CLIENT_ID

    @property
    def app_only(self) -> bool:
        return self.user_key is None

    def has(self, need: Need) -> bool:
        table = _APPLICATION if self.app_only else _DELEGATED
        return bool(table[need] & self.grants)

    def require(self, need: Need) -> None:
        """Refuse the call, as Graph does, when no granted scope covers it."""
        if not self.has(need):
            kind = "application permission" if self.app_only else "scope"
            wanted = " or ".join(sorted((_APPLICATION if self.app_only else _DELEGATED)[need]))
            raise access_denied(
                "Access is denied. Check credentials and try again. "
                f"(This operation needs the {kind} {wanted or 'that an app cannot have'}.)"
            )


def normalize_scope(scope: str) -> str:
    """MSAL asks for ``https://graph.microsoft.com/Calendars.Read``; Graph checks the bare name."""
    return scope.removeprefix(GRAPH_RESOURCE)


@dataclass
class TokenStore:
    """Issued tokens, valid until they expire; shared by every request thread."""

    _tokens: dict[str, tuple[Identity, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, identity: Identity, lifetime_s: int) -> str:
        token = "emu." + secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = (identity, time.monotonic() + lifetime_s)
        return token

    def identify(self, authorization: str | None) -> Identity:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise unauthenticated("Access token is empty.")
        token = authorization[7:].strip()
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None:
            raise unauthenticated("IDX14100: JWT is not well formed, there are no dots (.).")
        identity, expires_at = entry
        if time.monotonic() >= expires_at:
            raise unauthenticated("Lifetime validation failed, the token is expired.")
        return identity


def check_grants(names: list[str], *, app_only: bool) -> frozenset[str]:
    """Validate requested scopes or roles, so a typo fails at sign-in and not later."""
    known = KNOWN_APP_ROLES if app_only else KNOWN_DELEGATED_SCOPES
    grants = frozenset(normalize_scope(name) for name in names)
    unknown = sorted(grants - known)
    if unknown:
        kind = "application role" if app_only else "delegated scope"
        raise GraphError(
            400,
            "invalid_scope",
            f"Unknown {kind}: {', '.join(unknown)}. Known: {', '.join(sorted(known))}.",
        )
    return grants
