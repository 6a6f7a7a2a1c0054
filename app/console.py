"""Deputy's printed lines survive any console encoding.

On Windows, Python writes to a pipe or a file (a scheduled task's log, ``deputy report |
more``) in the ANSI code page, and to a console in the console's code page: cp1252 or
cp437, which lack many characters of people's names and subjects, and the "·" and "…" of
Deputy's own progress lines in some. A character the encoding lacks raised
UnicodeEncodeError and ended ``deputy sync`` half-way. Replaced with "?" instead, in
whatever encoding the stream has (UTF-8 where it can).
"""

from __future__ import annotations

import sys


def survive_any_encoding() -> None:
    """Write what the streams' encoding lacks as "?", rather than failing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None: no console (deputyw.exe)
        if reconfigure is not None and stream.errors == "strict":
            reconfigure(errors="replace")
