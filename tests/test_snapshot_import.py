"""Importing a snapshot file someone gave you: every changed file refused in one sentence,
nothing imported, the file itself never touched; and snapshots an older Deputy imported
without looking never break ``deputy report`` or ``deputy --offline``."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.graph.emulator import EmulatorServer
from app.paths import snapshot_file
from app.review.snapshot_import import MAX_FILE_BYTES
from app.review.snapshot_store import SnapshotStore
from tests.odd_shapes import without_odd_shapes
from tests.platforms import POSIX_NAMED_PIPES
from tests.snapshot_attacks import (
    ATTACKS,
    attack,
    changed_copy,
    copy_changed,
    padded_to,
    real_export,
    run_sql,
)


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    """A file Deputy exported after syncing the emulator's Contoso tenant."""
    with EmulatorServer("contoso", quirks=without_odd_shapes()) as server:
        return real_export(server, tmp_path_factory.mktemp("exported"))


@pytest.fixture
def store(tmp_path):
    """The auditor's store, holding one snapshot imported already."""
    store = SnapshotStore(tmp_path / "auditor" / "snapshots.db")
    yield store
    store.close()


def deputy(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEPUTY_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, timeout=120, check=False, env=env)


def refusal(store: SnapshotStore, path: Path, **options) -> str:
    """What importing ``path`` says; checks that nothing was imported or left behind."""
    before = store.snapshots()
    content = path.read_bytes() if path.is_file() else None
    with pytest.raises(ValueError) as refused:
        store.import_snapshot(path, **options)
    assert store.snapshots() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == [
        "snapshots.db", "snapshots.db-shm", "snapshots.db-wal",
        "snapshots.db.checked"]  # no private copy left
    if content is not None:
        assert path.read_bytes() == content
    return str(refused.value)


def changed(name: str, says: str) -> str:
    return (f"{name} was not made by Deputy's Export, or it was changed since: {says}; ask "
            "whoever sent it to export the snapshot again.")


def test_the_real_export_imports(export, store):
    snapshot_id = store.import_snapshot(export)
    assert store.snapshot(snapshot_id).mailboxes_stored == 6
    beside = [p.name for p in export.parent.iterdir() if p.name.startswith("contoso")]
    assert beside == ["contoso.deputy"]  # no -wal, -shm or journal made beside it


@pytest.mark.parametrize("change", ATTACKS, ids=lambda a: a.name)
def test_a_changed_file_is_refused_saying_what_is_wrong(export, store, tmp_path, change):
    store.import_snapshot(export)  # a snapshot already there stays as it was
    path = changed_copy(export, tmp_path / "usb", change)
    assert refusal(store, path) == changed(path.name, change.says)


def stored_rows(store: SnapshotStore) -> tuple[int, ...]:
    """How many rows each table of the store holds, read as another program would."""
    db = sqlite3.connect(store.path)
    try:
        return tuple(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                     for table in ("snapshots", "mailboxes", "calendars", "permissions"))
    finally:
        db.close()


def test_a_file_failing_half_way_through_the_copy_leaves_no_row_behind(export, store,
                                                                       tmp_path):
    """Text that is not UTF-8 passes SQLite's checks and fails only when read, after
    rows were copied: the one transaction of the import takes them all back."""
    store.import_snapshot(export)
    rows = stored_rows(store)
    path = copy_changed(export, tmp_path / "latin1.deputy",
                        "UPDATE permissions SET person_name = CAST(x'4d6172ff' AS TEXT) "
                        "WHERE rowid = (SELECT max(rowid) FROM permissions);")
    assert refusal(store, path) == ("latin1.deputy is damaged, so Deputy can't import it. "
                                    "Export the snapshot again and copy the new file.")
    assert stored_rows(store) == rows


def test_a_newer_deputys_file_says_so_whatever_its_tables_hold(export, store, tmp_path):
    path = copy_changed(export, tmp_path / "newer.deputy",
                        "UPDATE export_info SET value = '2' WHERE key = 'format'; "
                        "ALTER TABLE permissions ADD COLUMN colour TEXT;")
    assert refusal(store, path) == ("newer.deputy was written by a newer Deputy (snapshot "
                                    "format 2; this Deputy reads 1). Update Deputy to import it.")


def test_a_file_larger_than_any_export_is_refused_unread(export, store, tmp_path):
    path = padded_to(export, tmp_path / "huge.deputy", MAX_FILE_BYTES + 50_000_000)
    assert refusal(store, path) == (
        "huge.deputy is larger than any snapshot Deputy exports (1,050 MB; at most 1,000 MB), "
        "so it was not imported: check that it is the .deputy file that was exported.")


@POSIX_NAMED_PIPES
def test_a_named_pipe_or_a_folder_is_refused_without_waiting(store, tmp_path):
    pipe = tmp_path / "pipe.deputy"
    os.mkfifo(pipe)
    assert refusal(store, pipe) == ("pipe.deputy is a named pipe, not a snapshot file: "
                                    "choose the .deputy file that was exported.")
    folder = tmp_path / "folder.deputy"
    folder.mkdir()
    assert refusal(store, folder) == ("folder.deputy is a folder, not a snapshot file: "
                                      "choose the .deputy file that was exported.")


def test_checking_stops_when_its_time_is_up(export, store):
    assert refusal(store, export, seconds=0) == changed(
        export.name, "checking it took more than 0 seconds")


def test_a_file_that_says_wal_is_read_without_making_files_beside_it(export, store,
                                                                     tmp_path):
    """Opened itself, even read-only, it would get -wal and -shm files beside it."""
    path = tmp_path / "usb" / "wal.deputy"
    path.parent.mkdir()
    data = bytearray(export.read_bytes())
    data[18:20] = b"\x02\x02"  # the header's "WAL" read and write versions
    path.write_bytes(bytes(data))
    assert store.import_snapshot(path)
    assert [p.name for p in path.parent.iterdir()] == ["wal.deputy"]
    assert path.read_bytes() == bytes(data)


def test_deputy_import_imports_or_says_in_one_line_why_not(export, tmp_path):
    home = tmp_path / "home"
    view = changed_copy(export, tmp_path / "usb", attack("recursive-view"))
    result = deputy("import", str(view), home=home)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"deputy import: {changed(view.name, attack('recursive-view').says)}\n"
    result = deputy("import", str(export), home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Imported contoso.deputy as snapshot 1 (6 mailboxes); write its "
                             "report with `deputy report --snapshot 1 --out FILE`.\n")
    result = deputy("report", "--snapshot", "1", "--out", str(tmp_path / "r.html"), home=home)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------- already in a store

def store_as_an_older_deputy_left_it(export, *changes: str) -> None:
    """``export`` imported twice into the store of ``DEPUTY_HOME``, the first copy changed
    by the attacks named, as an older Deputy imported such files: value for value."""
    store = SnapshotStore(snapshot_file())
    try:
        store.import_snapshot(export)
    finally:
        store.close()
    for name in changes:
        run_sql(snapshot_file(), attack(name).sql)
    store = SnapshotStore(snapshot_file())
    try:
        store.import_snapshot(export)
    finally:
        store.close()


def test_deputy_report_leaves_out_a_snapshot_whose_date_is_no_date(export, tmp_path,
                                                                     deputy_home):
    home = deputy_home
    store_as_an_older_deputy_left_it(export, "date-not-a-date", "count-as-text")
    result = deputy("report", "--out", str(tmp_path / "r.html"), home=home)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "deputy report: Snapshot 1 is left out because the snapshot's date “the day before "
        "yesterday” is not a date; import it again from a new export.\n")
    assert result.stdout.startswith("Wrote the report of snapshot 2 (6 mailboxes, ")
    result = deputy("report", "--snapshot", "1", "--out", str(tmp_path / "r.html"), home=home)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("deputy report: There is no snapshot 1; the snapshots are 2.\n")


@pytest.mark.parametrize("name", ["role-as-bytes", "name-as-bytes", "problems-not-a-list",
                                  "mark-as-word"])
def test_deputy_report_says_which_value_it_cannot_show(export, tmp_path, deputy_home, name):
    home = deputy_home
    store_as_an_older_deputy_left_it(export, name)
    result = deputy("report", "--snapshot", "1", "--out", str(tmp_path / "r.html"), home=home)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"deputy report: Snapshot 1 can't be shown because "
                             f"{attack(name).says}; import it again from a new export.\n")
    assert not (tmp_path / "r.html").exists()


def test_deputy_offline_says_which_value_it_cannot_show(export, tmp_path, deputy_home):
    """Before, the review waited for ever for a snapshot that failed to load."""
    home = deputy_home
    store_as_an_older_deputy_left_it(export, "date-not-a-date")
    run_sql(snapshot_file(), "UPDATE permissions SET person_name = x'00ff' WHERE snapshot_id = 2;")
    picture = tmp_path / "offline.png"
    result = deputy("--offline", "--screenshot", str(picture), "--view", "review", home=home)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("Snapshot 2 can't be shown because a person's name (binary data) is not text; "
            "import it again from a new export.") in result.stderr
    assert not picture.exists()
