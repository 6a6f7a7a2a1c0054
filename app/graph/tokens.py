"""What the Graph client needs from a sign-in: a bearer token for some scopes.

Sign-in for people (MSAL public client), for admins (MSAL confidential client) and for
the demo (the emulator's token endpoint) all provide a ``TokenProvider``; the client
does not know which one it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class InteractionRequired(Exception):  # noqa: N818 - names the situation, as MSAL does
    """The scopes need the user's consent or a fresh sign-in; the GUI must ask them.

    Attributes:
        scopes: the scopes that were asked for.
    """

    def __init__(self, scopes: Sequence[str], message: str = "") -> None:
        super().__init__(message or f"Sign-in needed for {', '.join(scopes)}")
        self.scopes = list(scopes)

    def __reduce__(self) -> tuple[type, tuple[list[str], str]]:
        """As itself to another process (a sync's: ``app.review.sync_process``)."""
        return type(self), (self.scopes, str(self))


class TokenProvider(Protocol):
    """A signed-in identity that can hand out access tokens.

    Attributes:
        display_name: what the window shows ("Adele Vance", or "Contoso admin (app-only)").
        username: the account's user principal name, or None for an app-only identity.
        app_only: True for an application identity (an admin's certificate or secret).
    """

    # Read-only to the client: an app-only provider's username is always None.
    @property
    def display_name(self) -> str: ...

    @property
    def username(self) -> str | None: ...

    @property
    def app_only(self) -> bool: ...

    def access_token(self, scopes: Sequence[str]) -> str:
        """A valid token covering ``scopes`` (ignored for app-only), refreshed silently.

        Raises InteractionRequired when only the user can make it possible.
        """
        ...


class ClaimsChallengeAnswerer(Protocol):
    """A ``TokenProvider`` that can answer Graph's claims challenge (continuous access
    evaluation, ``app.graph.cae``); the Graph client uses it when a provider has it."""

    def answer_claims_challenge(self, scopes: Sequence[str], claims: str) -> str:
        """A new token carrying ``claims`` (a JSON string). Raises InteractionRequired
        when the person must sign in again first (the next sign-in sends the claims)."""
        ...
