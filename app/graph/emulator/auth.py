"""Emulated tokens and the least-privilege scope table of GUIDE §2.4.

A token is an opaque random string that maps to an ``Identity``: a signed-in person
with delegated scopes, or an application with app roles (an admin's app-only
credential). Each operation names the *capability* it needs; this module alone knows
which scopes or roles grant it.
"""

from __future__ import annotations

import base64
import json
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


@dataclass(frozen=True)
class _Issued:
    identity: Identity
    expires_at: float  # time.monotonic()
    issued_at: float  # time.time(), as a token's iat
    capable: bool  # the client declared CP1: it can answer a claims challenge


# Continuous access evaluation (Microsoft's "Continuous access evaluation" and "How to
# use CAE-enabled APIs in your applications" pages): after a critical event (sessions
# revoked, account disabled, password changed), Graph refuses a CAE-capable client's
# token issued before it with 401 and a claims challenge, which a new token issued
# with those claims answers. Its shape is the service's (msgraph-sdk-dotnet#1416, "The
# SDK is not able to parse the CAE challenge"). A client that declared no capability
# gets short-lived tokens and no challenge: they work until they expire.
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
CAE_REVOKED = ("Continuous access evaluation resulted in challenge with result: "
               "InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp")


def claims_challenge(revoked_at: float, *, quoted_uri: bool = True) -> str:
    """The ``WWW-Authenticate`` value of a CAE refusal of a token older than ``revoked_at``.

    Microsoft's page quotes every parameter; the service writes ``authorization_uri``
    unquoted (quirk ``cae-unquoted-authorization-uri``, msgraph-sdk-dotnet#1416).
    """
    claims = {"access_token": {"nbf": {"essential": True, "value": str(int(revoked_at))}}}
    encoded = base64.b64encode(json.dumps(claims).encode()).decode()
    uri = "https://login.microsoftonline.com/common/oauth2/authorize"
    if quoted_uri:
        uri = f'"{uri}"'
    return (f'Bearer realm="", authorization_uri={uri}, '
            f'client_id="{GRAPH_APP_ID}", error="insufficient_claims", claims="{encoded}", '
            f'errorDescription="{CAE_REVOKED}"')


@dataclass
class TokenStore:
    """Issued tokens, valid until they expire; shared by every request thread."""

    _tokens: dict[str, _Issued] = field(default_factory=dict)
    _revoked: dict[str, float] = field(default_factory=dict)  # user key -> time.time()
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, identity: Identity, lifetime_s: int, *, capable: bool = False,
              issued_at: float | None = None) -> str:
        """A token; ``capable``: the client declared CP1 (CAE), so it is challenged."""
        token = "emu." + secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = _Issued(identity, time.monotonic() + lifetime_s,
                                          time.time() if issued_at is None else issued_at,
                                          capable)
        return token

    def revoke(self, user_key: str) -> float:
        """A critical event for a person: their CAE-capable tokens issued until now are
        challenged from the next request on. Returns the revocation time."""
        with self._lock:
            self._revoked[user_key] = time.time()
            return self._revoked[user_key]

    def forget_revocations(self) -> None:
        with self._lock:
            self._revoked.clear()

    def identify(self, authorization: str | None, *, quoted_uri: bool = True) -> Identity:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise unauthenticated("Access token is empty.")
        token = authorization[7:].strip()
        with self._lock:
            entry = self._tokens.get(token)
            revoked_at = self._revoked.get(entry.identity.user_key or "") if entry else None
        if entry is None:
            raise unauthenticated("IDX14100: JWT is not well formed, there are no dots (.).")
        if time.monotonic() >= entry.expires_at:
            raise unauthenticated("Lifetime validation failed, the token is expired.")
        if entry.capable and revoked_at is not None and entry.issued_at <= revoked_at:
            raise GraphError(401, "InvalidAuthenticationToken", CAE_REVOKED,
                             {"WWW-Authenticate": claims_challenge(revoked_at,
                                                                   quoted_uri=quoted_uri)})
        return entry.identity


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
