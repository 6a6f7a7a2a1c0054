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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

CHUNK = 4096  # a long list's items written at a time: a few milliseconds of C
_BLANKS = re.compile(r"[ \t\n\r]*")
_BLANK_CHARACTERS = " \t\n\r"


def encoded_in_steps(value: Mapping[str, Any]) -> bytes:
    """``json.dumps(value).encode()``, a piece at a time: the findings' text of a
    100,000-mailbox review is 25 MB, and made or encoded whole it was one long call
    into C (a name with an accent makes all of it wide text, slower to encode)."""
    return b"".join(piece.encode() for piece in _pieces(value))


def _pieces(value: Mapping[str, Any]) -> Iterator[str]:
    """The text of ``json.dumps(value)`` in pieces: one of its values at a time, a long
    list's ``CHUNK`` items at a time (a column of 119,000 addresses is 45 ms of C), and
    a list of lists (``in_chunks``) a list at a time."""
    yield "{"
    for number, (key, item) in enumerate(value.items()):
        yield f"{', ' if number else ''}{json.dumps(key)}: "
        yield from _value_pieces(item)
    yield "}"


def _value_pieces(value: Any) -> Iterator[str]:
    if not isinstance(value, list | tuple) or not value:
        yield json.dumps(value)
    elif len(value) > CHUNK:
        yield "["
        for start in range(0, len(value), CHUNK):
            yield (", " if start else "") + json.dumps(value[start:start + CHUNK])[1:-1]
        yield "]"
    elif isinstance(value[0], list | tuple):
        yield "["
        for number, item in enumerate(value):
            if number:
                yield ", "
            yield from _value_pieces(item)
        yield "]"
    else:
        yield json.dumps(value)


def in_chunks(values: Sequence[Any]) -> list[Sequence[Any]]:
    """A long list of numbers, words or small records as lists of ``CHUNK`` of them, which
    ``loads_in_steps`` reads a list at a time (``joined`` puts them together again): read
    whole, the 135,000 words of one of a 100,000-mailbox review's findings' fields held
    the interpreter lock 40-90 ms."""
    return [values[start:start + CHUNK] for start in range(0, len(values), CHUNK)]


def joined(chunks: Iterable[Iterable[Any]]) -> list[Any]:
    """The list ``in_chunks`` cut."""
    return list(chain.from_iterable(chunks))


def emptied(values: list[Any]) -> None:
    """Empty a long list of objects made for a moment a few thousand at a time. Dropped
    whole, the 700,000 numbers of a 100,000-mailbox review's grants are freed in one
    call into C that holds the interpreter lock (20-60 ms), as a function returns."""
    while values:
        del values[-CHUNK:]


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
