"""Reading and writing a JSON object in steps gives what one call would: the same values,
the same text."""

from __future__ import annotations

import json

import pytest

from app.review.in_steps import (
    CHUNK,
    emptied,
    encoded_in_steps,
    in_chunks,
    joined,
    loads_in_steps,
)

OBJECTS = [{}, {"mailbox": []}, {"a": [1, "é\u00e9\"", None, True], "b": {"c": [[]]}, "": 0.5},
           {"mailbox": ["x@contoso.com"] * 3, "inside": [True, False, True]},
           # Lists of records, read an item at a time: nested, empty, objects, mixed.
           {"people": [["k1", "Ann", "a@contoso.com", 1], ["k2", "Bo [1]", None, 0]],
            "x": [[]], "y": [{"a": [1, {"b": "]"}]}, {}], "z": [[1], 2, "3", [[4]]]}]


@pytest.mark.parametrize("value", OBJECTS)
def test_an_object_written_in_steps_is_json_dumps(value):
    assert encoded_in_steps(value) == json.dumps(value).encode()
    assert encoded_in_steps({"rows": (1, 2)}) == json.dumps({"rows": [1, 2]}).encode()  # a tuple
    long = {"rows": list(range(2 * CHUNK + 1)), "names": tuple("ab") * CHUNK,
            "chunks": in_chunks(["é"] * (2 * CHUNK + 1))}
    assert encoded_in_steps(long) == json.dumps(long).encode()  # lists written in steps too


@pytest.mark.parametrize("value", OBJECTS)
def test_an_object_read_in_steps_is_json_loads_whatever_the_blanks(value):
    for text in (json.dumps(value), json.dumps(value, indent=2),
                 json.dumps(value, separators=(",", ":"))):
        assert loads_in_steps(text.encode()) == json.loads(text)
        assert loads_in_steps(text) == json.loads(text)


@pytest.mark.parametrize("broken", [b"[1]", b'{"a" 1}', b'{"a": 1 "b": 2}', b'{"a": 1} x',
                                    b'{"a": 1', b"", b"{", b'{"a": [', b'{"a": [[1]',
                                    b'{"a": [[1] [2]]}', b'{"a": [[1],]}',
                                    b'{"a": [[1], '])
def test_what_is_not_one_json_object_is_refused(broken):
    with pytest.raises(ValueError):
        loads_in_steps(broken)


@pytest.mark.parametrize("size", [0, 1, CHUNK, 2 * CHUNK + 1])
def test_a_long_list_kept_in_chunks_reads_back_whole(size):
    """Written in chunks, a list of words is read a chunk at a time and joined again."""
    words = [f"user{n}@contoso.com" if n % 3 else None for n in range(size)]
    chunks = in_chunks(words)
    assert all(len(chunk) <= CHUNK for chunk in chunks)
    assert joined(loads_in_steps(encoded_in_steps({"names": chunks}))["names"]) == words


def test_a_list_emptied_in_steps_is_empty():
    values = [object() for _ in range(2 * CHUNK + 1)]
    emptied(values)
    assert values == []
