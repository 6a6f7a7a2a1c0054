"""A file Deputy writes where the user says (``--out``, ``--screenshot``, the export
dialogs) replaces only a regular file: a symbolic link, a named pipe, a folder or a
device there is refused in one sentence and left exactly as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app import cli
from app.paths import snapshot_file
from app.private_files import NotARegularFileError, replacing
from app.review.snapshot_store import SnapshotStore
from tests.platforms import POSIX_NAMED_PIPES
from tests.test_snapshots import sync_all

pytestmark = pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev are POSIX's")
DEV_NULL = Path("/dev/null")


def fingerprint(path: Path) -> tuple:
    """What must not change: the kind of thing at ``path``, which one it is, where a link
    points, and a regular file's bytes."""
    found = os.lstat(path)
    pointed = path.readlink() if stat.S_ISLNK(found.st_mode) else None
    kept = path.read_bytes() if stat.S_ISREG(found.st_mode) else None
    return stat.S_IFMT(found.st_mode), found.st_ino, found.st_rdev, pointed, kept


@pytest.fixture
def targets(tmp_path) -> dict[str, tuple[Path, str]]:
    """Paths where nothing may be written, with what the refusal calls each."""
    (tmp_path / "mine.txt").write_text("the user's own notes")
    link = tmp_path / "report.html"
    link.symlink_to(tmp_path / "mine.txt")
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    return {"link": (link, "a symbolic link"), "pipe": (pipe, "a named pipe"),
            "folder": (folder, "a folder"), "device": (DEV_NULL, "a device")}


@POSIX_NAMED_PIPES
def test_deputy_report_out_refuses_what_is_not_a_regular_file(emulator, targets, tmp_path,
                                                              capsys):
    store = SnapshotStore(snapshot_file())
    sync_all(emulator, store)
    store.close()
    for path, what in targets.values():
        before = fingerprint(path)
        assert cli.main(["report", "--out", str(path)]) == 1
        out, err = capsys.readouterr()
        assert (out, err) == ("", f"deputy report: Can't write {path}: it is {what}, not a "
                                  "regular file; choose another name for --out.\n")
        assert fingerprint(path) == before
    assert (tmp_path / "mine.txt").read_text() == "the user's own notes"
    assert cli.main(["report", "--out", str(tmp_path / "mine.txt")]) == 0  # a file: replaced
    assert "<html" in (tmp_path / "mine.txt").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@POSIX_NAMED_PIPES
def test_deputy_screenshot_refuses_a_device_before_starting(targets, capsys):
    before = fingerprint(DEV_NULL)
    assert cli.main(["--demo", "--screenshot", str(DEV_NULL)]) == 2
    assert capsys.readouterr().err == (
        "deputy: can't write /dev/null: it is a device, not a regular file; choose another "
        "name for --screenshot.\n")
    assert fingerprint(DEV_NULL) == before


@POSIX_NAMED_PIPES
def test_a_pipe_made_while_writing_is_not_replaced(tmp_path):
    path = tmp_path / "changes.csv"
    with pytest.raises(NotARegularFileError) as refused, replacing(path) as file:
        file.write("When,Who\n")
        os.mkfifo(path)
    assert refused.value.strerror == "it is a named pipe, not a regular file"
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["changes.csv"]  # no temporary file left
