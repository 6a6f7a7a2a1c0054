"""Large JSON objects read and written in steps, so the GUI thread never waits long.

The review's work runs on the task runner, but Python lets one thread run at a time:
the GUI thread takes its turn every millisecond (``app.gui.GUI_SWITCH_INTERVAL_S``)
only between two steps of Python. One long call into C keeps it waiting throughout: at
100,000 mailboxes ``json.loads`` of the kept findings' 25 MB held it 90-120 ms,
``json.dumps`` of them 190 ms. Here each such call is made of short ones, with Python
between them (as ``app.sorting`` does for sorts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

CHUNK = 4096  # a long list's items written at a time: a few milliseconds of C
_BLANKS = re.compile(r"[ \t\n\r]*")


def dumps_in_steps(value: Mapping[str, Any]) -> str:
    """``json.dumps(value)``, the same text, one of its values at a time, and a long
    list's ``CHUNK`` items at a time (a column of 119,000 addresses is 45 ms of C)."""
    return "{" + ", ".join(f"{json.dumps(key)}: {_dumps(item)}"
                           for key, item in value.items()) + "}"


def _dumps(value: Any) -> str:
    if not isinstance(value, list | tuple) or len(value) <= CHUNK:
        return json.dumps(value)
    return "[" + ", ".join(json.dumps(value[start:start + CHUNK])[1:-1]
                           for start in range(0, len(value), CHUNK)) + "]"


def loads_in_steps(data: bytes | str) -> dict[str, Any]:
    """``json.loads`` of a JSON object, one of its values at a time (ValueError when
    it is not one)."""
    text = data.decode() if isinstance(data, bytes) else data
    decoder = json.JSONDecoder()
    found: dict[str, Any] = {}
    at = _after(text, 0, "{")
    if not text.startswith("}", at):
        while True:
            key, at = decoder.raw_decode(text, at)
            found[key], at = decoder.raw_decode(text, _after(text, at, ":"))
            at = _past_blanks(text, at)
            if text.startswith("}", at):
                break
            at = _after(text, at, ",")
    if _past_blanks(text, at + 1) != len(text):
        raise ValueError("Extra data after a JSON object")
    return found


def _after(text: str, at: int, mark: str) -> int:
    """Where the next value starts: past blanks, ``mark`` and blanks again."""
    at = _past_blanks(text, at)
    if not text.startswith(mark, at):
        raise ValueError(f"Expected {mark!r} at {at} in a JSON object")
    return _past_blanks(text, at + 1)


def _past_blanks(text: str, at: int) -> int:
    blanks = _BLANKS.match(text, at)
    return blanks.end() if blanks else at
