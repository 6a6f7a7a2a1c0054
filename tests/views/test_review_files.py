"""The review window's files from and to other people: a changed snapshot file chosen in
Import is refused in its sentence with nothing imported, a snapshot an older Deputy
imported unchecked is left out with a sentence, and an export never replaces what is
not a regular file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.review.snapshot_store import SnapshotStore
from tests.odd_shapes import ODD_SHAPES, UNREACHABLE
from tests.platforms import POSIX_NAMED_PIPES
from tests.snapshot_attacks import attack, changed_copy, real_export, run_sql
from tests.test_written_paths import fingerprint
from tests.views.conftest import LOAD_TIMEOUT_MS
from tests.views.test_review import review  # noqa: F401 (the fixture)


@pytest.fixture
def export(emulator, tmp_path) -> Path:
    emulator.set_quirks(emulator.quirks.without(*ODD_SHAPES, *UNREACHABLE))  # the seed's 6
    return real_export(emulator, tmp_path / "exported")


def says(qtbot, window, sentence: str) -> None:
    qtbot.waitUntil(lambda: window.message_bar.message == sentence, timeout=LOAD_TIMEOUT_MS)


@pytest.mark.parametrize("name", ["recursive-view", "date-not-a-date", "name-as-bytes"])
def test_import_refuses_a_changed_file_in_its_sentence(export, review, qtbot,  # noqa: F811
                                                       tmp_path, name):
    store = SnapshotStore(tmp_path / "auditor" / "snapshots.db")
    store.import_snapshot(export)
    window = review(store)
    shown = window.snapshot_box.count()
    path = changed_copy(export, tmp_path / "usb", attack(name))
    window.files.import_action.trigger()
    window.files.dialog.selectFile(str(path))
    window.files.dialog.accept()
    says(qtbot, window, f"{path.name} was not made by Deputy's Export, or it was changed "
                        f"since: {attack(name).says}; ask whoever sent it to export the "
                        "snapshot again.")
    assert len(store.snapshots()) == 1
    assert window.snapshot_box.count() == shown
    assert window.current is not None and window.current.snapshot.id == 1


def test_a_snapshot_an_older_deputy_imported_unchecked_is_left_out_saying_why(
        export, review, qtbot, tmp_path):  # noqa: F811
    store = SnapshotStore(tmp_path / "auditor" / "snapshots.db")
    store.import_snapshot(export)
    run_sql(store.path, attack("date-not-a-date").sql)
    store.import_snapshot(export)
    window = review(store)
    says(qtbot, window, "Snapshot 1 is left out because the snapshot's date “the day before "
                        "yesterday” is not a date; import it again from a new export.")
    assert window.snapshot_box.count() == 1
    assert window.current.snapshot.id == 2
    assert window.matrix_view.model.shown() == (6, 3)
    window.message_bar.close_button.click()
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.reload()
    assert window.message_bar.message == ""  # said once, not at every reload


@POSIX_NAMED_PIPES
def test_an_export_is_refused_where_a_link_or_a_pipe_is(export, review, qtbot,  # noqa: F811
                                                       tmp_path):
    store = SnapshotStore(tmp_path / "auditor" / "snapshots.db")
    store.import_snapshot(export)
    window = review(store)
    mine = tmp_path / "mine.deputy"
    mine.write_text("the user's own file")
    link, pipe = tmp_path / "link.deputy", tmp_path / "findings.csv"
    link.symlink_to(mine)
    os.mkfifo(pipe)
    for path, what, write in ((link, "a symbolic link", window.files.export_snapshot_to),
                              (pipe, "a named pipe",
                               lambda p: window.files.export_csv_to("findings", p))):
        before = fingerprint(path)
        write(str(path))
        says(qtbot, window, f"Deputy could not write {path} (it is {what}, not a regular "
                            "file). Choose another folder and try again.")
        assert fingerprint(path) == before
        window.message_bar.hide()
    assert mine.read_text() == "the user's own file"
