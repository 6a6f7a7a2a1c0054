"""From sign-in until the window shows its first data, no garbage collection walks what
the start makes; then it is frozen out of later collections (app.launcher,
app.gui_collector)."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from app.views.main_window import MainWindow

ADELE = "AdeleV@contoso.com"


class FirstShow(QObject):
    """When the main window first showed (an application-wide event filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Show \
                and isinstance(watched, MainWindow):
            self.at = time.monotonic()
        return False


def test_no_collection_walks_the_start_and_what_it_made_is_frozen(qtbot, open_deputy):
    collections: list[float] = []

    def noted(phase: str, _info: dict) -> None:
        if phase == "start":
            collections.append(time.monotonic())

    shown = FirstShow()
    QApplication.instance().installEventFilter(shown)
    frozen_before = gc.get_freeze_count()
    gc.callbacks.append(noted)
    try:
        window = open_deputy(ADELE)  # signed in, shown and every first read shown
        settled = time.monotonic()
    finally:
        gc.callbacks.remove(noted)
        QApplication.instance().removeEventFilter(shown)
    assert window.workspace.directory.calendars.rowCount() >= 1
    assert shown.at is not None
    assert [at for at in collections if shown.at <= at <= settled] == []
    assert gc.get_freeze_count() > frozen_before  # the window, its data, its modules
