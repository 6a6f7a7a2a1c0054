"""Another Deputy writing the snapshots: a second process that holds the snapshot file's
write lock (as a sync does while it stores a group) until the test lets it finish."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

HOLD_THE_WRITE_LOCK = textwrap.dedent("""
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")  # a sync's write, held as long as the test says
    db.execute("UPDATE snapshots SET status = status")
    print("holding", flush=True)
    sys.stdin.readline()
    db.execute("COMMIT")
""")


class AnotherDeputyWriting:
    """Holds ``path``'s write lock from another process, from creation to ``finish()``."""

    def __init__(self, path: Path) -> None:
        self._writer = subprocess.Popen([sys.executable, "-c", HOLD_THE_WRITE_LOCK, str(path)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        assert self._writer.stdout is not None
        assert self._writer.stdout.readline().strip() == "holding"

    def finish(self) -> None:
        """The write commits and the other process ends (again: nothing more)."""
        if self._writer.returncode is None:
            self._writer.communicate("done\n", timeout=10)
            assert self._writer.returncode == 0
