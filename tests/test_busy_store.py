"""Busy is not broken: while another process writes the snapshots, `deputy report`
reads them, and a file it would have to upgrade is said to be busy, never set aside."""

from __future__ import annotations

import pytest

from app import private_sqlite
from app.review import report_cli, sync
from tests.busy_store import AnotherDeputyWriting


@pytest.fixture
def another_deputy_writing():
    """A second process holding the snapshot file's write lock until the test ends."""
    assert sync.main(["--demo", "--as-admin", "--all"]) == 0
    writer = AnotherDeputyWriting(sync.snapshot_file())
    yield
    writer.finish()


def _files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_report_is_written_while_another_deputy_writes_the_snapshots(
        another_deputy_writing, tmp_path, capsys):
    before = _files(sync.snapshot_file().parent)
    assert report_cli.main(["--out", str(tmp_path / "report.html")]) == 0
    assert "AlexW@contoso.com" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert _files(sync.snapshot_file().parent) == before  # nothing set aside
    assert "could not be read" not in capsys.readouterr().err


def test_a_file_to_upgrade_while_another_deputy_writes_is_busy_not_broken(
        another_deputy_writing, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(private_sqlite, "BUSY_WAIT_S", 0.2)
    monkeypatch.setattr("app.review.snapshot_store.SCHEMA_VERSION", 99)  # a newer Deputy's file
    before = _files(sync.snapshot_file().parent)
    assert report_cli.main(["--out", str(tmp_path / "report.html")]) == 1
    assert capsys.readouterr().err == (
        "deputy report: The snapshot file is being written by another Deputy (a sync, or "
        "another window). Try again when it has finished.\n")
    assert _files(sync.snapshot_file().parent) == before
