"""The review window's CSV exports, chosen from its File menu as a person would, on a
tenant whose calendar names and outside people's names are spreadsheet formulas
(tests/data/csv_injection.txt): every such cell is written as text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from app.review.snapshot_store import SnapshotStore
from tests.csv_injection import assert_no_formula, plant_payloads
from tests.test_snapshots import admin_client, sync_all
from tests.views.conftest import LOAD_TIMEOUT_MS
from tests.views.test_review import choose_file, review  # noqa: F401 (the fixture)


def test_the_matrix_and_findings_csv_write_hostile_names_as_text(emulator, review,  # noqa: F811
                                                                 qtbot, tmp_path):
    client = admin_client(emulator.base_url)
    try:
        planted = plant_payloads(client)
    finally:
        client.close()
    store = SnapshotStore(tmp_path / "snapshots.db")
    sync_all(emulator, store)
    window = review(store)

    def has_the_keyboard() -> bool:
        """No window manager offscreen: give the window the keyboard, as one would."""
        window.activateWindow()
        focused = QApplication.focusWidget()
        return focused is not None and focused.window() is window

    for mnemonic, table in ((Qt.Key.Key_M, "matrix"), (Qt.Key.Key_F, "findings")):
        qtbot.waitUntil(has_the_keyboard, timeout=LOAD_TIMEOUT_MS)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F,
                       Qt.KeyboardModifier.AltModifier)  # the File menu
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu),
                        timeout=LOAD_TIMEOUT_MS)
        menu = QApplication.activePopupWidget()
        qtbot.keyClick(menu, mnemonic)  # "Export the &matrix to CSV…", "…&findings…"
        qtbot.waitUntil(lambda: window.files.dialog is not None and window.files.dialog.isVisible(),
                        timeout=LOAD_TIMEOUT_MS)
        assert window.files.dialog.windowTitle() == f"Export the {table} to CSV"
        path = tmp_path / f"{table}.csv"
        choose_file(qtbot, window, path, window.exported)
        assert_no_formula(path, planted)
