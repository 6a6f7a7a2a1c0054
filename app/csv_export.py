"""The one CSV writer for every export: the change journal, the review window's tables
and ``deputy report --format csv``.

Cells hold other people's words (calendar names, outside people's display names,
meeting subjects), and a spreadsheet runs a cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (``=HYPERLINK(…)`` phones home,
``+1+cmd|' /C calc'!A0`` starts a program). As OWASP's "CSV Injection" page
recommends, such a cell gets a leading single quote, which the spreadsheet shows as
text; the full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some spreadsheets
read as the ASCII ones, get it too. Every other cell is written byte for byte. Files
are UTF-8 with a byte order mark (so Excel reads names with accents right), written
whole or not at all, and readable by the user only: they say who can see whose calendar.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.private_files import replacing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(cell: object) -> str:
    """``cell`` as text a spreadsheet shows and never runs."""
    text = str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_rows(path: Path, rows: Iterable[Sequence[object]]) -> int:
    """Write ``rows`` (header included) to ``path``, every cell made safe; how many rows.
    Raises OSError (then the previous file, if any, is left as it was)."""
    count = 0
    with replacing(Path(path), encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        for row in rows:
            writer.writerow([spreadsheet_safe(cell) for cell in row])
            count += 1
    return count
