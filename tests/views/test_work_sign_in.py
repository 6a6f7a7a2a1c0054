"""A real tenant's sign-in in the window: MSAL's real code against a fake Entra ID,
tokens that the emulator accepts, and incremental consent when a view first needs it."""

from __future__ import annotations

from dataclasses import replace

from app.models.mailboxes import MailboxKind
from tests.views.conftest import LOAD_TIMEOUT_MS, wait_until_settled
from tests.views.work_window import remembered_window

ADELE = "AdeleV@contoso.com"


def test_remembered_account_opens_and_consents_feature_by_feature(
        qtbot, emulator, entra, config, start_deputy):
    graph_config = replace(config, graph_base_url=emulator.base_url)
    people = start_deputy(config=graph_config)
    with remembered_window(qtbot, graph_config, people, entra, ADELE) as (launcher, window):
        assert window.account_label.text() == "Signed in as Adele Vance (AdeleV@contoso.com)"
        # The sidebar needs Calendars.Read: Entra ID asks Adele once, in the browser.
        qtbot.waitUntil(lambda: len(entra.opened) >= 1, timeout=LOAD_TIMEOUT_MS)
        qtbot.waitUntil(lambda: "Alex Wilber" in [
            m.display_name for m in window.workspace.directory.mailboxes.mailboxes],
            timeout=LOAD_TIMEOUT_MS)
        wait_until_settled(qtbot, window)
        qtbot.waitUntil(lambda: not launcher._consenting and not window.workspace.busy,
                        timeout=LOAD_TIMEOUT_MS)
        kinds = {m.display_name: m.kind for m in window.workspace.directory.mailboxes.mailboxes}
        assert kinds["Patti Fernandez"] == MailboxKind.SHARED
        granted = entra.consents[(config.client_id, ADELE.lower())]
        assert "Calendars.Read.Shared" in granted or "Calendars.ReadWrite.Shared" in granted
        assert "Calendars.ReadWrite.Shared" not in granted  # nothing asked before it's needed
        assert window.message_bar.message == ""
