"""Deputy's window for a person of a real tenant who signed in before: MSAL's real code
against the fake Entra ID, the launcher and the window as ``deputy`` opens them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app import settings
from app.graph.auth import AuthConfig, PeopleSignIn
from app.launcher import Launcher
from app.signin.accounts import WorkAccounts
from app.tasks import TaskRunner
from tests.graph.auth.helpers import device_sign_in
from tests.views.conftest import LOAD_TIMEOUT_MS


@contextmanager
def remembered_window(qtbot, config: AuthConfig, people: PeopleSignIn, entra,
                      user: str) -> Iterator[tuple[Launcher, object]]:
    """``user`` signed in before (with User.Read only), Deputy started: the launcher and
    the window it shows. Afterwards the work stops and the window closes, so no consent
    a view asked for reaches a later test."""
    device_sign_in(people, entra, user)
    accounts = WorkAccounts(config, sign_in=people, open_browser=entra.browser(user))
    runner = TaskRunner()
    launcher = Launcher(accounts, runner, settings.open_store())
    try:
        with qtbot.waitSignal(launcher.window_shown, timeout=LOAD_TIMEOUT_MS) as shown:
            launcher.start()
        yield launcher, shown.args[0]
    finally:
        runner.shutdown()
        window, launcher.window = launcher.window, None  # no consent asked for it later
        if window is not None:
            window.close()
            window.deleteLater()
