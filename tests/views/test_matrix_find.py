"""Typing in the matrix's Find field, as an administrator reviewing a snapshot does:
letter by letter on a small tenant; once the typing pauses (or at Enter) on a large one,
where each filter holds the window for half a second at 100,000 mailboxes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.graph.emulator import EmulatorServer
from app.paths import snapshot_file
from app.review.snapshot_store import SnapshotStore
from app.views import review_matrix
from tests.odd_shapes import without_odd_shapes
from tests.test_snapshots import sync_all
from tests.views.conftest import LOAD_TIMEOUT_MS, matrix_settled


def contoso_review(offline_review):
    with EmulatorServer("contoso", quirks=without_odd_shapes()) as server:
        store = SnapshotStore(snapshot_file())
        sync_all(server, store)
        store.close()
    return offline_review()


def find(qtbot, window, text: str) -> None:
    """Alt+D to Find, then the letters, as a person types them."""
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    view = window.matrix_view
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, text)


def test_find_filters_the_matrix_as_each_letter_is_typed(qtbot, offline_review):
    window = contoso_review(offline_review)
    view = window.matrix_view
    assert view.model.shown() == (6, 3)
    filtered = []
    view.model.layoutChanged.connect(lambda: filtered.append(view.model.shown()))
    find(qtbot, window, "patti")
    matrix_settled(qtbot, view)
    assert view.model.shown()[0] == 1
    assert "Showing 1 of 6 mailboxes" in view.shown_label.text()
    # The first letter was filtered at once; the others, typed while it was worked
    # out, in one go after it (the last wish only).
    assert len(filtered) == 2


def test_on_a_large_tenant_find_filters_once_the_typing_pauses(qtbot, offline_review,
                                                               monkeypatch):
    # Contoso stands for a large tenant: the size from which Find waits, made small.
    monkeypatch.setattr(review_matrix, "SEARCH_AT_ONCE_BELOW", 1)
    window = contoso_review(offline_review)
    view = window.matrix_view
    filtered = []
    view.model.layoutChanged.connect(lambda: filtered.append(view.model.shown()))
    find(qtbot, window, "patti")
    assert view.model.shown() == (6, 3) and filtered == []  # nothing yet, mid-word
    assert not view.arranger.pending  # not even being worked out
    qtbot.waitUntil(lambda: view.model.shown()[0] == 1, timeout=LOAD_TIMEOUT_MS)
    assert len(filtered) == 1  # once for the word, not once per letter
    # Enter does not wait.
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(view.search, Qt.Key.Key_A)  # "patta": no one
    assert not view.arranger.pending
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.arranger.pending  # worked out from now on
    assert view.shown_label.text().startswith("Filtering…")
    matrix_settled(qtbot, view)
    assert view.model.shown()[0] == 0
    assert "Showing 0 of 6 mailboxes" in view.shown_label.text()
