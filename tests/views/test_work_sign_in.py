"""A real tenant's sign-in in the window: MSAL's real code against a fake Entra ID,
tokens that the emulator accepts, and incremental consent when a view first needs it."""

from __future__ import annotations

from dataclasses import replace

from app import settings
from app.accounts import WorkAccounts
from app.launcher import Launcher
from app.models.mailboxes import MailboxKind
from app.tasks import TaskRunner
from tests.graph.auth.helpers import device_sign_in
from tests.views.conftest import LOAD_TIMEOUT_MS, wait_until_settled

ADELE = "AdeleV@contoso.com"


def test_remembered_account_opens_and_consents_feature_by_feature(
        qtbot, emulator, entra, config, start_deputy):
    people = start_deputy(config=replace(config, graph_base_url=emulator.base_url))
    device_sign_in(people, entra, ADELE)  # signed in before, with User.Read only
    accounts = WorkAccounts(replace(config, graph_base_url=emulator.base_url), sign_in=people,
                            open_browser=entra.browser(ADELE))
    runner = TaskRunner()
    launcher = Launcher(accounts, runner, settings.open_store())
    try:
        with qtbot.waitSignal(launcher.window_shown, timeout=LOAD_TIMEOUT_MS) as shown:
            launcher.start()
        window = shown.args[0]
        assert window.account_label.text() == "Signed in as Adele Vance (AdeleV@contoso.com)"
        # The sidebar needs Calendars.Read: Entra ID asks Adele once, in the browser.
        qtbot.waitUntil(lambda: len(entra.opened) >= 1, timeout=LOAD_TIMEOUT_MS)
        qtbot.waitUntil(lambda: "Alex Wilber" in [
            m.display_name for m in window.workspace.mailboxes.mailboxes],
            timeout=LOAD_TIMEOUT_MS)
        wait_until_settled(qtbot, window)
        qtbot.waitUntil(lambda: not launcher._consenting and not window.workspace.busy,
                        timeout=LOAD_TIMEOUT_MS)
        kinds = {m.display_name: m.kind for m in window.workspace.mailboxes.mailboxes}
        assert kinds["Patti Fernandez"] == MailboxKind.SHARED
        granted = entra.consents[(config.client_id, ADELE.lower())]
        assert "Calendars.Read.Shared" in granted or "Calendars.ReadWrite.Shared" in granted
        assert "Calendars.ReadWrite.Shared" not in granted  # nothing asked before it's needed
        assert window.message_bar.message == ""
    finally:
        runner.shutdown()
        window, launcher.window = launcher.window, None  # no consent asked for it later
        if window is not None:
            window.close()
            window.deleteLater()
