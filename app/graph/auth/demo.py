"""Signing in to the Graph emulator, for ``deputy --demo`` and for trying Deputy out.

The emulator has no Entra ID: it issues tokens for any of its seed's people on
request. The demo's sign-in still behaves like the real one where it shows:
a person's token carries only the scopes asked for so far (``User.Read`` at first,
more as features need them), so a missing scope fails in the demo as it would
against Microsoft Graph.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from app.graph import network

from .errors import SignInError, unreachable
from .scopes import ADMIN_APPLICATION_PERMISSIONS, sign_in_scopes

_TIMEOUT_S = (5, 30)  # connect, read
# Asking whether an emulator answers at all: a short wait, before any window opens.
_IDENTIFY_TIMEOUT_S = (5, 10)
# Ask for a new token this long before the old one expires, so a request never
# leaves with a token that dies on the way.
_RENEW_BEFORE_S = 120
ADMIN_DISPLAY_NAME = "Administrator (app-only)"


class NotAnEmulator(Exception):  # noqa: N818 - a finding, not a failure of Deputy's
    """Something answers at the address, but not as a Deputy emulator (a web server,
    another service on that port)."""


@dataclass(frozen=True)
class DemoPerson:
    """Someone the demo can sign in as.

    Attributes:
        display_name: ``Adele Vance``, or ``Administrator (app-only)``.
        username: the user principal name; None for the administrator application.
        job_title: for the sign-in picker ("Executive assistant").
    """

    display_name: str
    username: str | None
    job_title: str = ""

    @property
    def app_only(self) -> bool:
        return self.username is None


@dataclass(frozen=True)
class DemoDirectory:
    """Who can sign in to the demo, and what its picker says about them.

    Attributes:
        people: the tenant's users by name, then the administrator.
        intro: the seed's own words on whose eyes to borrow.
        start_with: the person the seed's story starts with (preselected).
    """

    people: list[DemoPerson]
    intro: str
    start_with: DemoPerson


class DemoSignIn:
    """The emulator's people and their tokens.

    Attributes:
        base_url: the emulator, for example ``http://127.0.0.1:40123``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session or network.session(for_url=self.base_url)
        self._clock = clock

    def identify(self) -> None:
        """Network: return when a Deputy emulator answers at ``base_url``.

        Raises ``requests.RequestException`` when nothing answers there, and
        ``NotAnEmulator`` when something else does: its ``/_emulator/tenant`` is not a
        tenant's people (what the sign-in picker lists).
        """
        response = self._session.get(f"{self.base_url}/_emulator/tenant",
                                     timeout=_IDENTIFY_TIMEOUT_S)
        try:
            tenant = response.json()
        except ValueError as exc:  # requests' JSONDecodeError is a RequestException too
            raise NotAnEmulator(self.base_url) from exc
        if response.status_code != 200 or not isinstance(tenant, dict) \
                or not isinstance(tenant.get("users"), list) \
                or not isinstance(tenant.get("tenantId"), str):
            raise NotAnEmulator(self.base_url)

    def people(self) -> list[DemoPerson]:
        """The seed tenant's users by name, then the administrator application."""
        return self.directory().people

    def directory(self) -> DemoDirectory:
        """The seed tenant's people, its story, and whom the story starts with."""
        tenant = self._call("GET", "tenant")
        users = sorted(tenant.get("users", []), key=lambda user: user["displayName"])
        admin = DemoPerson(ADMIN_DISPLAY_NAME, None, "IT admin, all mailboxes")
        people = [
            DemoPerson(user["displayName"], user["userPrincipalName"], user.get("jobTitle") or "")
            for user in users
        ]
        story = tenant.get("demo") or {}
        wanted = str(story.get("startWith") or "").casefold()
        start_with = next((p for p in people if (p.username or "").casefold() == wanted), admin)
        return DemoDirectory([*people, admin], str(story.get("intro") or ""), start_with)

    def provider(self, person: DemoPerson) -> DemoTokens:
        if person.app_only:
            return self.admin_provider()
        assert person.username is not None
        return self.provider_for(person.username, person.display_name)

    def provider_for(self, username: str, display_name: str | None = None) -> DemoTokens:
        """A person's tokens; their scopes grow as features ask for more."""
        return DemoTokens(self, username, display_name or username, None)

    def admin_provider(self) -> DemoTokens:
        """The administrator application's tokens, with the admin's application roles."""
        return DemoTokens(self, None, ADMIN_DISPLAY_NAME, list(ADMIN_APPLICATION_PERMISSIONS))

    def _call(self, method: str, name: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        url = f"{self.base_url}/_emulator/{name}"
        try:
            response = self._session.request(method, url, json=body, timeout=_TIMEOUT_S)
        except requests.RequestException as exc:
            raise unreachable(exc) from exc
        try:
            answer = response.json()
        except ValueError:
            answer = None
        payload: dict[str, Any] = answer if isinstance(answer, dict) else {}
        if response.status_code != 200:
            message = (payload.get("error") or {}).get("message") or response.reason
            raise SignInError(f"The demo refused to sign in: {message}")
        return payload


class DemoTokens:
    """A demo identity's ``TokenProvider``.

    Each call asks for the union of every scope asked so far, as incremental consent
    leaves a real person with every scope they ever agreed to; the token is reused
    until shortly before it expires.

    Attributes:
        display_name: the person's name, or ``Administrator (app-only)``.
        username: the user principal name, None for the administrator.
        app_only: True for the administrator.
    """

    def __init__(
        self, demo: DemoSignIn, username: str | None, display_name: str, roles: list[str] | None
    ) -> None:
        self._demo = demo
        self.username = username
        self.display_name = display_name
        self.app_only = roles is not None
        self._roles = roles
        self._granted: set[str] = set() if self.app_only else set(sign_in_scopes())
        self._tokens: dict[frozenset[str], tuple[str, float]] = {}
        self._lock = threading.Lock()

    @property
    def granted_scopes(self) -> list[str]:
        """Every delegated scope asked for so far (empty for the administrator)."""
        with self._lock:
            return sorted(self._granted)

    def access_token(self, scopes: Sequence[str]) -> str:
        with self._lock:
            if not self.app_only:
                self._granted.update(scopes)
            key = frozenset(self._granted)
            cached = self._tokens.get(key)
            if cached is not None and cached[1] - _RENEW_BEFORE_S > self._demo._clock():
                return cached[0]
            body: dict[str, Any] = (
                {"roles": self._roles}
                if self.app_only
                else {"user": self.username, "scopes": sorted(key)}
            )
            issued = self._demo._call("POST", "token", body)
            token = str(issued["access_token"])
            self._tokens = {key: (token, self._demo._clock() + int(issued["expires_in"]))}
            return token
