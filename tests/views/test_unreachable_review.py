"""The mailboxes Graph can't open, as an administrator meets them (issue 16, item 6): in
the review's sync, the guest left out with why, and each mailbox not read with its
reason, in words an administrator acts on, never "no longer exists"; in the window,
a mailbox found only by its id opens."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.graph.errors import APPLICATION_ACCESS_POLICY, NOT_EXCHANGE_ONLINE, NOT_SUPPORTED
from app.review.snapshot_store import PARTIAL
from tests.odd_shapes import UNREACHABLE
from tests.views.conftest import LOAD_TIMEOUT_MS, rendered, save_screenshot, wait_until_settled
from tests.views.test_main_window import select_mailbox, sidebar


def test_sync_now_says_why_each_mailbox_was_not_read(open_deputy, emulator, qtbot, tmp_path):
    emulator.set_quirks(emulator.quirks.plus(*UNREACHABLE))
    window = open_deputy(None)
    review = window.open_review()
    qtbot.waitUntil(lambda: review.banner.headline.text() == "No snapshot yet",
                    timeout=LOAD_TIMEOUT_MS)
    with qtbot.waitSignal(review.synced, timeout=LOAD_TIMEOUT_MS) as synced:
        qtbot.mouseClick(review.sync.button, Qt.MouseButton.LeftButton)
    assert review.store.snapshot(synced.args[0]).status == PARTIAL
    qtbot.waitUntil(lambda: review.current is not None, timeout=LOAD_TIMEOUT_MS)

    detail = review.banner.detail
    assert ("Samantha Booth (guest): guests and people without an email address have no "
            "mailbox in this organization to read.") in detail.text()
    assert ("4 mailboxes could not be read completely (GradyA@contoso.com, "
            "IrvinS@contoso.com, NestorW@contoso.com, …); point here for why.") in detail.text()
    why = rendered(detail.toolTip()).splitlines()
    assert why == [f"GradyA@contoso.com: {NOT_EXCHANGE_ONLINE}",
                   f"IrvinS@contoso.com: {NOT_EXCHANGE_ONLINE}",
                   f"NestorW@contoso.com: {APPLICATION_ACCESS_POLICY}",
                   f"Rainier@contoso.com: Could not read the calendar permissions: "
                   f"{NOT_SUPPORTED}"]
    assert "no longer exists" not in detail.toolTip()
    # All of it shows: the banner grows to the lines the reasons take.
    qtbot.waitUntil(lambda: detail.height() >= detail.heightForWidth(detail.width())
                    and detail.geometry().bottom() <= review.banner.contentsRect().bottom())
    save_screenshot(review, "review-unreachable.png", tmp_path)


def test_the_administrator_opens_a_mailbox_found_only_by_its_id(open_deputy, emulator, qtbot):
    """Johanna's mailbox answers 404 by her address: the administrator's window asks for
    it by id and shows her calendars; the guest, with no mailbox here, isn't offered."""
    emulator.set_quirks(emulator.quirks.plus(*UNREACHABLE))
    window = open_deputy(None)
    listed = sidebar(window)
    assert "Johanna Lorenz" in listed and "Conf Room Rainier" in listed
    assert not [name for name in listed if "guest" in name]
    select_mailbox(qtbot, window, "Johanna Lorenz")
    window.show_view("calendars")
    wait_until_settled(qtbot, window)
    assert [c.name for c in window.workspace.directory.calendars.calendars] == ["Calendar"]
    assert window.message_bar.message == ""
    window.show_view("sharing")
    wait_until_settled(qtbot, window)
    assert window.sharing_view.proxy.index(0, 0).data() == "My Organization"
