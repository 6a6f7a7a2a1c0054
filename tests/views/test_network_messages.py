"""What a person sees when the network at work stands between Deputy and Microsoft 365:
the window of a real tenant's sign-in (MSAL against the fake Entra ID, Graph through
the company proxy), then a captive portal answering instead, after F5."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.graph.network.workplace import GRAPH_HOST
from tests.views.conftest import LOAD_TIMEOUT_MS, wait_until_settled
from tests.views.work_window import remembered_window

ADELE = "AdeleV@contoso.com"


def test_a_captive_portal_answering_instead_of_graph_is_named_in_the_window(
        qtbot, emulator, entra, config, start_deputy, workplace_proxy, caplog):
    behind_proxy = replace(config, graph_base_url=f"http://{GRAPH_HOST}")
    people = start_deputy(config=behind_proxy)
    with remembered_window(qtbot, behind_proxy, people, entra, ADELE) as (launcher, window):
        qtbot.waitUntil(lambda: "Alex Wilber" in [
            m.display_name for m in window.workspace.directory.mailboxes.mailboxes],
            timeout=LOAD_TIMEOUT_MS)  # after Adele allowed the sidebar's read (consent)
        wait_until_settled(qtbot, window)
        qtbot.waitUntil(lambda: not launcher._consenting and not window.workspace.busy,
                        timeout=LOAD_TIMEOUT_MS)
        assert window.message_bar.message == ""
        assert any(host == GRAPH_HOST for _m, host, _p in workplace_proxy.seen)

        workplace_proxy.mode = "portal"  # the laptop moved to the guest Wi-Fi
        window.activateWindow()  # a window manager does this; offscreen, the test does
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window, Qt.Key.Key_F5)

        qtbot.waitUntil(lambda: window.message_bar.message != "", timeout=LOAD_TIMEOUT_MS)
        assert window.message_bar.message.startswith(
            "Something between this computer and Microsoft 365 answered instead: "
            "“Contoso Guest Wi-Fi — sign in” (HTTP 200).")
        assert window.message_bar.isVisible()
        assert not [r for r in caplog.records if r.exc_info]
        if os.environ.get("DEPUTY_SCREENSHOTS"):
            window.grab().save(str(Path(os.environ["DEPUTY_SCREENSHOTS"]) / "portal.png"))
        window, launcher.window = launcher.window, None
        if window is not None:
            window.close()
            window.deleteLater()
