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
from collections.abc import Callable, Mapping
from typing import Any

CHUNK = 4096  # a long list's items written at a time: a few milliseconds of C
_BLANKS = re.compile(r"[ \t\n\r]*")
_BLANK_CHARACTERS = " \t\n\r"


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
    """``json.loads`` of a JSON object, one of its values at a time, and a list of
    lists or objects an item at a time (ValueError when it is not one)."""
    text = data.decode() if isinstance(data, bytes) else data
    decoder = json.JSONDecoder()
    found: dict[str, Any] = {}
    at = _after(text, 0, "{")
    if not text.startswith("}", at):
        while True:
            key, at = decoder.raw_decode(text, at)
            found[key], at = _loads_value(decoder, text, _after(text, at, ":"))
            at = _past_blanks(text, at)
            if text.startswith("}", at):
                break
            at = _after(text, at, ",")
    if _past_blanks(text, at + 1) != len(text):
        raise ValueError("Extra data after a JSON object")
    return found


def _loads_value(decoder: json.JSONDecoder, text: str, at: int) -> tuple[Any, int]:
    """The value at ``at``, and where it ends. A list of records (the matrix's 100,000
    people, each a list of four) was 70-90 ms of C in one call: it is read an item at
    a time, some 60 ms more work for the reader. A list of numbers or words is read
    whole (at most some 25 ms for 120,000 addresses; an item at a time would double it)."""
    first = _past_blanks(text, at + 1)
    if not text.startswith("[", at) or not text.startswith(("[", "{"), first):
        return decoder.raw_decode(text, at)
    items: list[Any] = []
    # The decoder's own scanner, as ``raw_decode`` calls it (the stubs don't name it).
    scan: Callable[[str, int], tuple[Any, int]] = vars(decoder)["scan_once"]
    append, at = items.append, first
    while True:
        try:
            item, at = scan(text, at)
        except StopIteration as stop:  # as ``raw_decode`` says it
            raise json.JSONDecodeError("Expecting value", text, stop.value) from None
        append(item)
        if text.startswith(", ", at) and text[at + 2:at + 3] not in _BLANK_CHARACTERS:
            at += 2  # as json.dumps separates items: the usual case, made quick
            continue
        at = _past_blanks(text, at)
        if text.startswith("]", at):
            return items, at + 1
        at = _after(text, at, ",")


def _after(text: str, at: int, mark: str) -> int:
    """Where the next value starts: past blanks, ``mark`` and blanks again."""
    at = _past_blanks(text, at)
    if not text.startswith(mark, at):
        raise ValueError(f"Expected {mark!r} at {at} in a JSON object")
    return _past_blanks(text, at + 1)


def _past_blanks(text: str, at: int) -> int:
    blanks = _BLANKS.match(text, at)
    return blanks.end() if blanks else at
