"""``deputy --offline`` while another Deputy writes the snapshots: the person is told
so in the words the rest of Deputy uses, can try again once it has finished, and no
snapshot is set aside on the way. While Deputy waits for the file, it says so, and
Cancel stops it: the file is opened off the GUI thread."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator
from contextlib import closing
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app import private_sqlite
from app.review import sync
from app.views.review_window import ReviewWindow
from tests.busy_store import AnotherDeputyWriting
from tests.views.person import Person, gone, press, run_deputy, shown, visible_windows

BUSY = ("The snapshot file is being written by another Deputy (a sync, or another "
        "window). Try again when it has finished.")


def _an_older_deputys_snapshots_being_written(monkeypatch, *, waited_s: float = 0.2
                                              ) -> AnotherDeputyWriting:
    """Snapshots of an older Deputy (this one upgrades the file as it opens it: a write),
    held by a sync of the other Deputy's; this one waits ``waited_s`` for it."""
    assert sync.main(["--demo", "--as-admin", "--all"]) == 0
    with closing(sqlite3.connect(sync.snapshot_file())) as db:
        db.execute("PRAGMA user_version = 2")
    monkeypatch.setattr(private_sqlite, "BUSY_WAIT_S", waited_s)
    return AnotherDeputyWriting(sync.snapshot_file())


def _the_review_then_close() -> Generator[Callable[[], Any], Any, str]:
    """The offline review, once its snapshot shows; then File > Close, and Deputy quits.
    Gives whose snapshot it showed."""
    review = yield shown(ReviewWindow, "Offline review")
    yield lambda: review.current is not None
    identity = review.current.snapshot.identity_key
    press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # File > Close: Deputy quits
    yield QApplication.activePopupWidget
    press(Qt.Key.Key_L)
    return identity


def _set_aside() -> list[str]:
    """Files Deputy moved aside as broken: none, ever, for a busy file."""
    return [p.name for p in sync.snapshot_file().parent.iterdir() if ".broken-" in p.name]


def test_offline_while_another_deputy_writes_says_so_then_opens_on_try_again(monkeypatch):
    writer = _an_older_deputys_snapshots_being_written(monkeypatch)
    seen: dict[str, object] = {}

    def person() -> Person:
        box = yield shown(QMessageBox, "Offline review")
        seen["said"] = box.text()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        seen["windows"] = [w.windowTitle() for w in visible_windows()]
        writer.finish()  # the other Deputy's sync is done
        press(Qt.Key.Key_Return)  # Try again, the default
        yield gone(box)
        seen["reviewed"] = yield from _the_review_then_close()

    try:
        assert run_deputy(["--offline"], person()) == 0
    finally:
        writer.finish()
    assert seen["said"] == BUSY
    assert seen["buttons"] == ["&Close", "&Try again"]
    assert seen["windows"] == ["Offline review"]  # the question, and nothing else
    assert seen["reviewed"] == "app-only"  # the snapshot the other Deputy had taken
    assert _set_aside() == []


def test_offline_while_another_deputy_writes_closes_when_the_person_says_close(monkeypatch):
    writer = _an_older_deputys_snapshots_being_written(monkeypatch)

    def person() -> Person:
        yield shown(QMessageBox, "Offline review")
        press(Qt.Key.Key_Escape)  # Close: Deputy quits

    try:
        assert run_deputy(["--offline"], person()) == 1
    finally:
        writer.finish()
    assert visible_windows() == []
    assert _set_aside() == []
    with closing(sqlite3.connect(sync.snapshot_file())) as db:  # the older Deputy's still
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_offline_says_it_is_opening_while_the_file_is_held_then_shows_the_review(monkeypatch):
    writer = _an_older_deputys_snapshots_being_written(monkeypatch, waited_s=60)
    seen: dict[str, object] = {}

    def person() -> Person:
        waiting = yield shown(QProgressDialog, "Offline review")
        seen["said"] = waiting.labelText()
        seen["windows"] = [w.windowTitle() for w in visible_windows()]
        writer.finish()  # the other Deputy's sync is done: this one opens the file
        yield gone(waiting)
        yield from _the_review_then_close()

    try:
        assert run_deputy(["--offline"], person()) == 0
    finally:
        writer.finish()
    assert seen["said"] == "Opening the snapshots…"
    assert seen["windows"] == ["Offline review"]
    assert _set_aside() == []


def test_offline_stops_waiting_for_the_file_when_the_person_cancels(monkeypatch):
    writer = _an_older_deputys_snapshots_being_written(monkeypatch, waited_s=60)

    def person() -> Person:
        yield shown(QProgressDialog, "Offline review")
        press(Qt.Key.Key_Escape)  # Cancel: Deputy quits
        writer.finish()  # the file opens behind, and is let go: no window follows

    try:
        assert run_deputy(["--offline"], person()) == 0
    finally:
        writer.finish()
    assert visible_windows() == []
    assert _set_aside() == []
