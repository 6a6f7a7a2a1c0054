"""Windows' account broker (WAM) above Deputy's window, through the launcher's real path.

pymsalruntime runs only on Windows. Here a stand-in takes the place of MSAL's
broker call, ``PublicClientApplication.acquire_token_interactive`` (MSAL's, not
Deputy's): it records what Deputy passes (``parent_window_handle`` above all), then
signs the person in through the fake Entra ID as the broker would, or answers what
MSAL answers when the person presses Cancel in the broker's window.
"""

from __future__ import annotations

from dataclasses import replace

import msal
import pytest

from app import settings
from app.graph.auth.loopback import LoopbackReceiver
from app.launcher import Launcher
from app.signin.accounts import WorkAccounts
from app.tasks import TaskRunner
from tests.graph.auth.helpers import device_sign_in
from tests.views.conftest import LOAD_TIMEOUT_MS, wait_until_settled

ADELE = "AdeleV@contoso.com"
# What msal/broker.py's _convert_error gives for Cancel in the broker's window.
BROKER_CANCELLED = {
    "error": "broker_error",
    "error_description": "User canceled the Accounts Control Operation.. Status: "
                         "Response_Status.Status_UserCanceled, Error code: 0, Tag: 528315210",
    "_broker_status": "Response_Status.Status_UserCanceled",
}


class BrokerStandIn:
    """Records each broker call; signs in through the fake Entra ID, or cancels."""

    def __init__(self, entra, user: str) -> None:
        self.calls: list[dict] = []
        self.cancel = False
        self._entra, self._user = entra, user
        self._real = msal.PublicClientApplication.acquire_token_interactive

    def install(self, monkeypatch, people) -> None:
        stand_in = self

        def acquire_token_interactive(app, scopes, **kwargs):
            if app is not people._application():  # another test's sign-in, still going
                return stand_in._real(app, scopes, **kwargs)
            stand_in.calls.append({"scopes": list(scopes), **kwargs})
            if stand_in.cancel:
                return dict(BROKER_CANCELLED)
            kwargs.pop("parent_window_handle")
            with LoopbackReceiver(stand_in._entra.browser(stand_in._user), None) as receiver:
                return stand_in._real(app, scopes, port=receiver.port,
                                      auth_code_receiver=receiver, **kwargs)

        monkeypatch.setattr(msal.PublicClientApplication, "acquire_token_interactive",
                            acquire_token_interactive)


@pytest.fixture
def broker_launcher(qtbot, emulator, entra, config, start_deputy, monkeypatch):
    people = start_deputy(config=replace(config, graph_base_url=emulator.base_url))
    device_sign_in(people, entra, ADELE)  # signed in before, with User.Read only
    people.broker_enabled = True  # as on Windows with pymsalruntime installed
    broker = BrokerStandIn(entra, ADELE)
    broker.install(monkeypatch, people)
    accounts = WorkAccounts(replace(config, graph_base_url=emulator.base_url), sign_in=people)
    runner = TaskRunner()
    launcher = Launcher(accounts, runner, settings.open_store())
    yield launcher, broker
    runner.shutdown()
    window, launcher.window = launcher.window, None  # no consent asked for a closed window
    if window is not None:
        window.close()
        window.deleteLater()


def test_the_brokers_consent_window_is_given_deputys_window_as_its_parent(
        qtbot, broker_launcher):
    launcher, broker = broker_launcher
    with qtbot.waitSignal(launcher.window_shown, timeout=LOAD_TIMEOUT_MS) as shown:
        launcher.start()
    window = shown.args[0]

    qtbot.waitUntil(lambda: len(broker.calls) >= 1, timeout=LOAD_TIMEOUT_MS)
    wait_until_settled(qtbot, window)
    qtbot.waitUntil(lambda: not launcher._consenting, timeout=LOAD_TIMEOUT_MS)

    # Each consent the views ask for (one or a few, as their reads come back) goes to
    # the broker above Deputy's window, for Adele.
    assert {call["parent_window_handle"] for call in broker.calls} == {int(window.winId())}
    assert int(window.winId()) != msal.PublicClientApplication.CONSOLE_WINDOW_HANDLE
    assert {call["login_hint"] for call in broker.calls} == {ADELE}
    assert window.message_bar.message == ""


def test_cancel_in_the_brokers_window_is_a_cancel_not_an_error(qtbot, broker_launcher):
    launcher, broker = broker_launcher
    broker.cancel = True
    with qtbot.waitSignal(launcher.window_shown, timeout=LOAD_TIMEOUT_MS) as shown:
        launcher.start()
    window = shown.args[0]

    qtbot.waitUntil(lambda: window.message_bar.message != "", timeout=LOAD_TIMEOUT_MS)

    assert window.message_bar.message == ("Deputy can't show this without your permission. "
                                          "Press F5 to be asked again.")
    assert broker.calls[0]["parent_window_handle"] == int(window.winId())
