"""Who is signed in, and where sessions come from: the demo tenant or a real one.

The main window holds a ``Session`` and never asks which kind it is: the demo and a
real tenant differ only in the base URL and in how a ``TokenProvider`` is obtained.
Everything here that touches the network is called through the task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from app import paths
from app.graph.auth.cancel import Cancellation
from app.graph.auth.config import AuthConfig
from app.graph.auth.demo import DemoDirectory, DemoPerson, DemoSignIn
from app.graph.http import GraphClient
from app.graph.services import CalendarService
from app.graph.tokens import TokenProvider

if TYPE_CHECKING:  # MSAL and the keyring are imported when a real tenant is used
    from app.graph.auth.people import Account, PeopleSignIn


@dataclass
class Session:
    """One signed-in identity and its Graph.

    Attributes:
        display_name: "Adele Vance", or "Administrator (app-only)".
        username: the user principal name; None for an app-only administrator.
        service: the Graph operations, for this identity.
        tenant: which organization, in words, for the snapshots' record.
    """

    display_name: str
    username: str | None
    service: CalendarService
    tenant: str = ""

    @property
    def app_only(self) -> bool:
        return self.username is None

    @property
    def label(self) -> str:
        """For the status bar and the title: who Deputy acts as."""
        if self.username is None:
            return self.display_name
        return f"{self.display_name} ({self.username})"

    @property
    def state_key(self) -> str:
        """Names this identity in the settings file (pinned mailboxes, last selection)."""
        return (self.username or "app-only").casefold()

    def close(self) -> None:
        self.service.client.close()


def open_session(base_url: str, tokens: TokenProvider, display_name: str,
                 username: str | None, tenant: str = "") -> Session:
    return Session(display_name, username, CalendarService(GraphClient(base_url, tokens)),
                   tenant)


DEMO_TENANT = "Contoso (demo tenant)"


class Candidate(Protocol):
    """Someone the sign-in can offer: a demo person or a remembered work account."""

    display_name: str
    username: str | None


class DemoAccounts:
    """The demo tenant's people; choosing one signs in as them (no password)."""

    demo = True

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._sign_in = DemoSignIn(base_url)

    def candidates(self) -> list[DemoPerson]:
        """Network: the emulator's people, then the administrator."""
        return self._sign_in.people()

    def directory(self) -> DemoDirectory:
        """Network: the same people, with the seed's story for the sign-in picker."""
        return self._sign_in.directory()

    def open(self, person: DemoPerson, _cancellation: Cancellation | None = None,
             _parent_window: int | None = None) -> Session:
        return open_session(self.base_url, self._sign_in.provider(person), person.display_name,
                            person.username, DEMO_TENANT)

    def consent(self, _session: Session, _scopes: list[str],
                _cancellation: Cancellation | None = None,
                _parent_window: int | None = None) -> None:
        """Never asked: a demo person's tokens gain scopes as features ask for them."""

    def sign_out(self, _session: Session) -> None:
        """Nothing to forget: demo tokens are not kept anywhere."""


class WorkAccounts:
    """Work accounts of a real tenant, through MSAL; tokens in the encrypted cache."""

    demo = False

    def __init__(self, config: AuthConfig, *, sign_in: PeopleSignIn | None = None,
                 open_browser: Callable[[str], object] | None = None) -> None:
        """``sign_in`` and ``open_browser``: stand-ins for tests (a fake Entra ID)."""
        from app.graph.auth.people import PeopleSignIn
        from app.graph.auth.token_cache import EncryptedTokenCache

        self.config = config
        self._sign_in = sign_in or PeopleSignIn(
            config, EncryptedTokenCache(paths.token_cache_file()))
        self._open_browser = open_browser

    def candidates(self) -> list[Account]:
        """The accounts that signed in on this computer before (no network)."""
        return self._sign_in.accounts()

    @property
    def broker(self) -> bool:
        """True when Windows' account broker (WAM) signs people in, not the browser."""
        return self._sign_in.broker_enabled

    def open(self, account: Account | None, cancellation: Cancellation | None = None,
             parent_window: int | None = None) -> Session:
        """Network: a remembered account as is, or a new sign-in in the browser (or the
        broker's window, above ``parent_window``: a native window handle of Deputy's)."""
        if account is None:
            account = self._sign_in.sign_in_interactive(
                cancellation=cancellation, on_open_browser=self._open_browser,
                parent_window_handle=parent_window)
        return open_session(self.config.graph_base_url, self._sign_in.provider(account),
                            account.display_name, account.username, self.config.tenant)

    def consent(self, session: Session, scopes: list[str],
                cancellation: Cancellation | None = None,
                parent_window: int | None = None) -> None:
        """Network: the person allows more of Graph (incremental consent) in the browser,
        or in the broker's window above ``parent_window``."""
        self._sign_in.sign_in_interactive(scopes, account=self._account(session),
                                          cancellation=cancellation,
                                          parent_window_handle=parent_window,
                                          on_open_browser=self._open_browser)

    def sign_out(self, session: Session) -> None:
        account = self._account(session)
        if account is not None:
            self._sign_in.sign_out(account)

    def _account(self, session: Session) -> Account | None:
        return next((a for a in self._sign_in.accounts()
                     if a.username.casefold() == (session.username or "").casefold()), None)
