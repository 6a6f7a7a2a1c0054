"""Writing a file the user alone can read, whole or not at all.

Reports, CSV exports and exported snapshots say who can see whose calendar: each is
written to a file beside its final name that only the user can read (``keep_private``),
flushed to disk, then moved into place, so a failed or interrupted export never leaves
half a file where a good one was.
(The token cache in ``app/graph/auth`` does the same for itself: ``app/graph`` depends
on nothing outside it.)

The path is one the user typed or chose, and only a regular file there is replaced. A
move into place replaces whatever has the name: a symbolic link (which then no longer
points where it did), a named pipe, and for root a device (``--out /dev/full`` once
replaced the device node). Such a path is refused with a sentence before anything is
written, and checked again just before the move. A symbolic link is refused rather
than written through: someone else may have put it in a shared folder to have Deputy
overwrite the file it points to (one of the user's own), and these files say who can
see whose calendar; the user can name the file itself instead.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

_WHAT_IT_IS = {stat.S_IFLNK: "a symbolic link", stat.S_IFDIR: "a folder",
               stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
               stat.S_IFSOCK: "a socket"}


def kind_words(mode: int) -> str:
    """What a file of ``stat`` mode ``mode`` is, when not a regular file: "a named pipe"."""
    return _WHAT_IT_IS.get(stat.S_IFMT(mode), "not a file")


class NotARegularFileError(OSError):
    """The path names something Deputy won't replace; ``strerror``: what it is, in words
    ("it is a named pipe, not a regular file")."""


def not_a_regular_file(path: Path) -> str | None:
    """Why Deputy won't write to ``path`` ("it is a symbolic link, not a regular file"),
    or None: nothing is there yet, or a regular file that may be replaced."""
    try:
        found = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None  # NotADirectory: the folder is missing, which writing will say
    if stat.S_ISREG(found.st_mode):
        return None
    return f"it is {kind_words(found.st_mode)}, not a regular file"


def keep_private(path: Path) -> None:
    """Make the file ``path`` readable and writable by the user alone: mode 0600 on
    POSIX; on Windows, where a mode means nothing, an ACL with the user alone
    (``app.windows_acl``)."""
    if sys.platform == "win32":
        from app.windows_acl import make_user_only

        make_user_only(path)
    else:
        path.chmod(0o600)


def _refuse_unless_regular(path: Path) -> None:
    problem = not_a_regular_file(path)
    if problem:
        raise NotARegularFileError(errno.EEXIST, problem, str(path))


@contextmanager
def replacing_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write (e.g. an SQLite file); it becomes
    ``path`` when the block ends without an exception, and is removed otherwise.
    Raises NotARegularFileError when ``path`` names anything but a regular file."""
    path = Path(path)
    _refuse_unless_regular(path)
    # mkstemp makes the file 0600 (on POSIX), in the target's folder so the rename is
    # atomic; the move keeps the file's own permissions, which keep_private gave it.
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        keep_private(temporary)
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        _refuse_unless_regular(path)  # again: it may have been made while writing
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def replacing(path: Path, mode: str = "w", **open_args: Any) -> Iterator[IO[Any]]:
    """An open file (``open``'s mode and arguments) that takes ``path``'s place once
    written whole."""
    with replacing_path(path) as temporary, temporary.open(mode, **open_args) as file:
        yield file


def user_only(path: Path) -> Path:
    """``path`` created if missing, readable and writable by the user alone
    (``keep_private``).

    For files others write into later (the settings, the log): Qt's settings writer
    keeps the permissions of the file it replaces, and the log appends, so a file made
    0600 first stays so whatever the umask. On Windows, Qt's replacement takes the
    permissions of its folder instead: Deputy's own folder is made the user's alone too,
    for every file made in it to inherit."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        from app.windows_acl import make_user_only

        make_user_only(path.parent, folder=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    keep_private(path)
    return path

