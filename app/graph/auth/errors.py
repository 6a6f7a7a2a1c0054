"""Why a sign-in failed, in words the GUI can show.

``app.graph.tokens.InteractionRequired`` means "ask the person"; these mean the
sign-in itself failed or was abandoned, and no prompt will fix it by itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.graph import foreign

from .config import SINGLE_TENANT_ONLY

# What MSAL raises when no answer came, or one that wasn't the identity platform's (a
# captive portal's page where JSON was expected: MSAL's json.loads fails on it).
NETWORK_FAILURES = (OSError, json.JSONDecodeError)

# OAuth errors that a fresh interactive sign-in (or consent) resolves.
INTERACTION_ERRORS = frozenset(
    {"invalid_grant", "interaction_required", "login_required", "consent_required"}
)


class SignInError(Exception):
    """Signing in failed; the message says what happened and what to do.

    Attributes:
        error: the OAuth error code (``invalid_client``...), or "" when there was none.
        description: the identity platform's own description (with its AADSTS code),
            for the log and for the administrator.
    """

    def __init__(self, message: str, *, error: str = "", description: str = "") -> None:
        super().__init__(message)
        self.error = error
        self.description = description

    @classmethod
    def from_result(cls, result: Mapping[str, Any], doing: str) -> SignInError:
        """Turn an MSAL error result into an exception naming what Deputy was ``doing``."""
        error = str(result.get("error") or "unknown_error")
        description = str(result.get("error_description") or "")
        if "AADSTS50194" in description:  # a single-tenant app at a multi-tenant authority
            return cls(SINGLE_TENANT_ONLY.format(tenant="organizations"), error=error,
                       description=description)
        first_line = description.splitlines()[0] if description else error
        return cls(
            f"Microsoft sign-in refused {doing}: {first_line}",
            error=error,
            description=description,
        )


class SignInCancelled(SignInError):  # noqa: N818 - a cancellation, not an error
    """The person cancelled the sign-in, or declined in the browser."""


def unreachable(exc: BaseException) -> SignInError:
    """Deputy could not talk to the sign-in service at all (the proxy and the
    certificate said why, when it was them)."""
    from app.graph import network  # requests: not loaded by an offline review

    if network.proxy_refused(exc):
        return SignInError(foreign.PROXY_AUTHENTICATION_SENTENCE, error="proxy_authentication")
    if network.certificate_refused(exc):
        return SignInError(foreign.UNTRUSTED_SENTENCE, error="untrusted_certificate")
    if isinstance(exc, json.JSONDecodeError):
        return SignInError(foreign.foreign_sentence("a page that isn't Microsoft sign-in's"),
                           error="foreign_answer")
    return SignInError(
        "Deputy can't reach Microsoft sign-in. Check the network connection and try "
        f"again. ({type(exc).__name__})"
    )


def page_instead(exc: BaseException) -> json.JSONDecodeError | None:
    """The JSON error behind an MSAL failure, when a page came where JSON was due.

    MSAL re-raises a failed tenant discovery as a ValueError of its own ("Unable to get
    authority configuration"), also when the answer was a captive portal's page.
    """
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, json.JSONDecodeError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
