"""Writing a file the user alone can read, whole or not at all.

Reports, CSV exports and exported snapshots say who can see whose calendar: each is
written to a 0600 file beside its final name, flushed to disk, then moved into place,
so a failed or interrupted export never leaves half a file where a good one was.
(The token cache in ``app/graph/auth`` does the same for itself: ``app/graph`` depends
on nothing outside it.)
"""

from __future__ import annotations

import os
import stat
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


@contextmanager
def replacing_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write (e.g. an SQLite file); it becomes
    ``path`` when the block ends without an exception, and is removed otherwise."""
    path = Path(path)
    # mkstemp makes the file 0600, in the target's folder so the rename is atomic.
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
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
    """``path`` created if missing, readable and writable by the user alone (0600).

    For files others write into later (the settings, the log): Qt's settings writer
    keeps the permissions of the file it replaces, and the log appends, so a file made
    0600 first stays so whatever the umask."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    if os.name == "posix":
        path.chmod(0o600)
    return path

