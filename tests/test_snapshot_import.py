"""Importing a snapshot file someone gave you: every changed file refused in one sentence,
nothing imported, the file itself never touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.graph.emulator import EmulatorServer
from app.snapshot_import import MAX_FILE_BYTES
from app.snapshot_store import SnapshotStore
from tests.odd_shapes import without_odd_shapes
from tests.snapshot_attacks import (
    ATTACKS,
    attack,
    changed_copy,
    padded_to,
    real_export,
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
        "snapshots.db", "snapshots.db-shm", "snapshots.db-wal"]  # no private copy left
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


def test_a_file_larger_than_any_export_is_refused_unread(export, store, tmp_path):
    path = padded_to(export, tmp_path / "huge.deputy", MAX_FILE_BYTES + 50_000_000)
    assert refusal(store, path) == (
        "huge.deputy is larger than any snapshot Deputy exports (1,050 MB; at most 1,000 MB), "
        "so it was not imported: check that it is the .deputy file that was exported.")


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
