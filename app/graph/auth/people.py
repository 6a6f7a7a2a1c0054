"""Signing people in with their work account: MSAL's public client.

A person signs in in their own web browser (or, on a machine without one, with a
code typed on another device); Deputy never sees a password. Several people can be
signed in at once (an assistant with her own account and a shared one), each with
a ``TokenProvider`` that refreshes tokens silently until Microsoft Entra ID wants
the person again, which it reports as ``InteractionRequired``.
"""

from __future__ import annotations

import base64
import binascii
import importlib.util
import json
import logging
import sys
import threading
import webbrowser
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import msal

from app.graph import cae, network
from app.graph.tokens import InteractionRequired, TokenProvider

from .cancel import Cancellation
from .config import AuthConfig
from .errors import (
    INTERACTION_ERRORS,
    NETWORK_FAILURES,
    SignInCancelled,
    SignInError,
    page_instead,
    unreachable,
)
from .loopback import LoopbackReceiver
from .scopes import minimal, sign_in_scopes

log = logging.getLogger(__name__)

_HTTP_TIMEOUT_S = 30
_DECLINED = frozenset({"access_denied", "authorization_declined"})
_EXPIRED = frozenset({"authorization_pending", "expired_token", "code_expired"})


def broker_available() -> bool:
    """True on Windows when MSAL's broker runtime (WAM) is installed.

    With the broker, Windows signs people in with the account they are logged in
    with, and device-bound Conditional Access policies can be met.
    """
    return sys.platform == "win32" and importlib.util.find_spec("pymsalruntime") is not None


@dataclass(frozen=True)
class Account:
    """A person who signed in on this computer, as the token cache remembers them.

    Attributes:
        username: the user principal name, ``AdeleV@contoso.com``.
        display_name: the name to show, ``Adele Vance`` (the username if unknown).
        home_account_id: MSAL's stable id for the account (``<oid>.<tenant id>``).
        msal_account: MSAL's own record, handed back to MSAL.
    """

    username: str
    display_name: str
    home_account_id: str
    msal_account: Mapping[str, Any] = field(compare=False, hash=False, repr=False)


class PeopleSignIn:
    """Interactive, device-code and silent sign-in for one app registration.

    Nothing here touches the network until a sign-in or a token is asked for, so
    ``accounts()`` works offline, from the token cache alone.

    Attributes:
        broker_enabled: True when Windows' account broker (WAM) does the sign-in.
    """

    def __init__(
        self,
        config: AuthConfig,
        token_cache: msal.TokenCache,
        *,
        http_client: Any = None,
        enable_broker: bool | None = None,
    ) -> None:
        self._config = config
        self._cache = token_cache
        self._http_client = http_client
        wanted = broker_available() if enable_broker is None else enable_broker
        self.broker_enabled = wanted and sys.platform == "win32"  # MSAL's broker is WAM here
        self._app: msal.PublicClientApplication | None = None
        self._app_lock = threading.Lock()
        # Claims challenges that only an interactive sign-in can answer, by account:
        # the next sign-in of that person sends them.
        self._pending_claims: dict[str, str] = {}

    # ------------------------------------------------------------------ accounts

    def accounts(self) -> list[Account]:
        """Everyone signed in with this app registration on this computer, by username."""
        environment = (urlsplit(self._config.authority_host).hostname or "").lower()
        found: dict[str, Account] = {}
        for entry in self._cache.search(
            msal.TokenCache.CredentialType.ACCOUNT, query={"environment": environment}
        ):
            home = entry.get("home_account_id") or ""
            if home in found:
                continue  # one entry per tenant the person visited; one account
            claims = self._id_token_claims(home, environment)
            if claims is None:
                continue  # signed in with another app that shares the cache
            username = entry.get("username") or claims.get("preferred_username") or ""
            found[home] = Account(
                username=username,
                display_name=claims.get("name") or username,
                home_account_id=home,
                msal_account=dict(entry),
            )
        return sorted(found.values(), key=lambda account: account.username.lower())

    def provider(self, account: Account) -> TokenProvider:
        """Tokens for ``account``, refreshed silently."""
        return PersonTokens(self, account)

    def sign_out(self, account: Account) -> None:
        """Forget ``account`` and its tokens on this computer; other accounts stay."""
        app = self._application()
        app.remove_account(dict(account.msal_account))
        log.info("Signed out %s", account.username)

    # ------------------------------------------------------------------ sign-in

    def sign_in_interactive(
        self,
        scopes: Iterable[str] = (),
        *,
        account: Account | None = None,
        on_open_browser: Callable[[str], object] | None = None,
        cancellation: Cancellation | None = None,
        timeout: float = 600,
        parent_window_handle: int | None = None,
    ) -> Account:
        """Sign in (or consent to more ``scopes``) in the system browser.

        Asks for ``User.Read`` plus ``scopes``, nothing more. ``account`` re-signs
        that person in (to consent to a new scope); without it the browser offers to
        pick or add an account. ``on_open_browser(url)`` opens the sign-in page; by
        default the system browser. With the Windows broker, the broker's window
        appears instead, above ``parent_window_handle``.

        Raises SignInCancelled when cancelled or declined, and SignInError when the
        browser does not answer within ``timeout`` seconds or Microsoft Entra ID refuses.
        """
        asked = self._with_sign_in(scopes)
        app = self._application()
        options: dict[str, Any] = {
            "login_hint": account.username if account else None,
            "prompt": None if account else "select_account",
            "timeout": timeout,
        }
        claims = self._pending_claims.pop(account.home_account_id, None) if account else None
        if claims:
            options["claims_challenge"] = claims
        try:
            if self.broker_enabled:
                handle = parent_window_handle or msal.PublicClientApplication.CONSOLE_WINDOW_HANDLE
                result = app.acquire_token_interactive(
                    asked, parent_window_handle=handle, **options
                )
                if cancellation is not None and cancellation.cancelled:
                    # Deputy's Cancel can't close the broker's window; what it answers
                    # once closed is not wanted any more.
                    raise SignInCancelled("Sign-in cancelled.")
            else:
                result = self._through_browser(
                    app, asked, on_open_browser or webbrowser.open, cancellation, options
                )
        except NETWORK_FAILURES as exc:
            raise unreachable(exc) from exc
        return self._signed_in(result, "the sign-in")

    def sign_in_device_code(
        self,
        scopes: Iterable[str],
        on_code: Callable[[str], None],
        *,
        cancellation: Cancellation | None = None,
    ) -> Account:
        """Sign in with a code the person enters on another device's browser.

        For computers without a usable browser (a locked-down admin workstation, a
        remote session). ``on_code`` receives the instruction to show ("To sign in,
        use a web browser to open https://microsoft.com/devicelogin and enter the code
        ..."). Blocks until the person finishes, the code expires, or ``cancellation``.
        Needs "Allow public client flows" on the app registration.
        """
        asked = self._with_sign_in(scopes)
        app = self._application()
        # Whoever enters the code is not known beforehand: a claims challenge waiting
        # for a person's next sign-in goes with it (claims asked of someone else only
        # make Entra ID issue a fresh token, which it would anyway).
        claims = next(reversed(self._pending_claims.values()), None)
        try:
            flow = app.initiate_device_flow(scopes=asked, claims_challenge=claims)
            if "user_code" not in flow:
                raise SignInError.from_result(flow, "to start sign-in with a code")
            if cancellation is not None:
                # MSAL's documented way to stop its polling loop early.
                cancellation.on_cancel(lambda: flow.update(expires_at=0))
            on_code(str(flow["message"]))
            result = app.acquire_token_by_device_flow(flow, claims_challenge=claims)
        except NETWORK_FAILURES as exc:
            raise unreachable(exc) from exc
        if "access_token" not in result:
            if cancellation is not None and cancellation.cancelled:
                raise SignInCancelled("Sign-in cancelled.")
            if result.get("error") in _EXPIRED:
                raise SignInError(
                    "The sign-in code expired before it was used. Start again for a new code.",
                    error=str(result.get("error")),
                )
        account = self._signed_in(result, "the sign-in code")
        self._pending_claims.pop(account.home_account_id, None)
        return account

    # ------------------------------------------------------------------ internals

    def _application(self) -> msal.PublicClientApplication:
        """MSAL's client, made on first use: making it asks Entra ID about the tenant."""
        with self._app_lock:
            if self._app is None:
                try:
                    self._app = msal.PublicClientApplication(
                        self._config.client_id,
                        authority=self._config.authority,
                        token_cache=self._cache,
                        http_client=self._http_client
                        or network.sign_in_http_client(_HTTP_TIMEOUT_S),
                        timeout=_HTTP_TIMEOUT_S,
                        enable_broker_on_windows=self.broker_enabled,
                        app_name="Deputy",
                        # Continuous access evaluation: Graph may revoke a token at once and
                        # say so with a claims challenge, which Deputy answers (app.graph.cae).
                        client_capabilities=cae.CLIENT_CAPABILITIES,
                    )
                except ValueError as exc:
                    if (page := page_instead(exc)) is not None:  # a portal's, not Entra's
                        raise unreachable(page) from exc
                    raise SignInError(  # otherwise MSAL's word for "no such tenant"
                        f"Microsoft Entra ID does not know the tenant '{self._config.tenant}'. "
                        "Check the tenant name in Deputy's settings.",
                        description=str(exc),
                    ) from exc
                except NETWORK_FAILURES as exc:
                    raise unreachable(exc) from exc
            return self._app

    @staticmethod
    def _with_sign_in(scopes: Iterable[str]) -> list[str]:
        return minimal(set(sign_in_scopes()) | set(scopes))

    @staticmethod
    def _through_browser(
        app: msal.PublicClientApplication,
        scopes: list[str],
        open_browser: Callable[[str], object],
        cancellation: Cancellation | None,
        options: dict[str, Any],
    ) -> dict[str, Any]:
        with LoopbackReceiver(open_browser, cancellation) as receiver:
            try:
                # MSAL passes auth_code_receiver on to its OAuth client, which then
                # uses our listener instead of starting its own.
                result: dict[str, Any] = app.acquire_token_interactive(
                    scopes, port=receiver.port, auth_code_receiver=receiver, **options
                )  # MSAL's answer: a dict, with "access_token" or "error"
                return result
            except RuntimeError as exc:  # MSAL's BrowserInteractionTimeoutError
                if receiver.outcome == "cancelled":
                    raise SignInCancelled("Sign-in cancelled.") from exc
                if receiver.outcome == "timed out":
                    raise SignInError(
                        "The browser did not finish signing in in time. Try again."
                    ) from exc
                raise

    def _signed_in(self, result: Mapping[str, Any], doing: str) -> Account:
        if "access_token" not in result:
            if _broker_cancelled(result):
                raise SignInCancelled("Sign-in cancelled.", error="broker_cancelled")
            if result.get("error") in _DECLINED:
                raise SignInCancelled(
                    "Sign-in was declined in the browser.", error=str(result["error"])
                )
            raise SignInError.from_result(result, doing)
        claims = result.get("id_token_claims") or {}
        oid = claims.get("oid") or claims.get("sub")
        username = str(claims.get("preferred_username") or "").lower()
        for account in self.accounts():
            if account.msal_account.get("local_account_id") == oid or (
                username and account.username.lower() == username
            ):
                log.info("Signed in %s", account.username)
                return account
        raise SignInError("Signed in, but the token cache did not keep the account.")

    def _id_token_claims(self, home_account_id: str, environment: str) -> dict[str, Any] | None:
        for entry in self._cache.search(
            msal.TokenCache.CredentialType.ID_TOKEN,
            query={
                "home_account_id": home_account_id,
                "environment": environment,
                "client_id": self._config.client_id,
            },
        ):
            return _jwt_claims(entry.get("secret") or "")
        return None


class PersonTokens:
    """A signed-in person's ``TokenProvider``: MSAL's silent acquisition.

    Attributes:
        display_name: the person's name.
        username: their user principal name.
        app_only: always False.
    """

    app_only = False

    def __init__(self, sign_in: PeopleSignIn, account: Account) -> None:
        self._sign_in = sign_in
        self._account = account
        self.display_name = account.display_name
        self.username: str | None = account.username

    def access_token(self, scopes: Sequence[str]) -> str:
        """A token from the cache, or refreshed with the refresh token.

        Raises InteractionRequired when the person must sign in again or consent to a
        scope they have not granted yet, and SignInError for other refusals.
        """
        return self._silently(scopes, None)

    def answer_claims_challenge(self, scopes: Sequence[str], claims: str) -> str:
        """A new token carrying ``claims`` (Graph's CAE challenge): MSAL skips its cache
        and redeems the refresh token with them. When Entra ID wants the person
        (sessions revoked), the next interactive sign-in of them sends the claims."""
        try:
            return self._silently(scopes, claims)
        except InteractionRequired:
            self._sign_in._pending_claims[self._account.home_account_id] = claims
            raise

    def _silently(self, scopes: Sequence[str], claims: str | None) -> str:
        app = self._sign_in._application()
        try:
            result = app.acquire_token_silent_with_error(
                list(scopes), account=dict(self._account.msal_account),
                claims_challenge=claims,
            )
        except NETWORK_FAILURES as exc:
            raise unreachable(exc) from exc
        if result is None:
            raise InteractionRequired(scopes, f"{self.display_name} needs to sign in again.")
        if "access_token" in result:
            return str(result["access_token"])
        if result.get("error") in INTERACTION_ERRORS:
            raise InteractionRequired(
                scopes,
                f"Microsoft wants {self.display_name} to sign in again or to allow "
                f"{', '.join(scopes)}.",
            )
        raise SignInError.from_result(result, f"a token for {self.display_name}")


def _broker_cancelled(result: Mapping[str, Any]) -> bool:
    """Cancel pressed in Windows' broker window: MSAL gives its "broker_error" with
    pymsalruntime's status (``Response_Status.Status_UserCanceled``; msal/broker.py
    ``_convert_error``; AzureAD/microsoft-authentication-library-for-dotnet#3046: "an
    expected error if the user cancels")."""
    if result.get("error") != "broker_error":
        return False
    status = str(result.get("_broker_status") or "").replace("_", "").lower()
    return "usercancel" in status


def _jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified: for showing a name, never for trusting it."""
    try:
        payload = token.split(".")[1]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(decoded)
    except (IndexError, ValueError, binascii.Error):
        return {}
    return claims if isinstance(claims, dict) else {}
