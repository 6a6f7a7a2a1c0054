"""What a snapshot's rows may hold, checked before anything reads them.

A snapshot file comes from someone else, and a store may hold snapshots imported by an
older Deputy that checked less: a date that is not a date, a number stored as text, a
name stored as bytes. Readers trust the values they get (they parse the date, add up
the counts, fold the names to lower case), so every value is checked against what
``SnapshotStore`` writes before it reaches them, and a bad one is said in words
("the snapshot's date “yesterday” is not a date").

The rules are written once, as data (``HEAD`` for a snapshot's own row, ``TABLES`` for
its mailboxes, calendars and permissions). The snapshot's row is checked in Python
(SQLite can't tell an ISO 8601 date with its time zone from other text); the other
tables are checked in SQL, by one query per table, because a 100,000-mailbox snapshot
has about a million rows and SQLite reads them through its own functions ten times
faster than Python could look at them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeGuard

from app.review.limits import Unreadable
from app.words import shortened

ADDRESS_LIMIT = 320  # characters: 64 for the local part, @, 255 for the domain (RFC 5321)
NAME_LIMIT = 1_024  # display names, calendar names, tenants: Graph allows 256 or 255
ID_LIMIT = 1_024  # Graph's ids are base64 of about 150 characters
WORD_LIMIT = 64  # a role, a delivery option, a status: Graph's enum values
MOMENT_LIMIT = 64  # "2026-11-01T10:00:00.123456+00:00" and a little more
PROBLEMS_LIMIT = 64 * 1_024  # what could not be read in one mailbox, as a JSON list
UNREADABLE_LIMIT = 16 * 1_024 * 1_024  # one entry per mailbox of a snapshot at most
MOST_MAILBOXES = 10_000_000  # planned in one sync; the largest tenants have some 500,000
# No value Deputy writes is longer: SQLite refuses to read a longer one from a file.
LONGEST_VALUE = UNREADABLE_LIMIT

STATUSES = ("running", "complete", "partial", "cancelled")


class BadValueError(ValueError):
    """A stored value that is not what Deputy writes. ``str()``: which, and why, in words
    that follow "it was changed: " ("the snapshot's date “yesterday” is not a date")."""


@dataclass(frozen=True)
class Rule:
    """One column: ``kind`` "text", "word", "flag", "text list" (a JSON list of text),
    and for the snapshot's row also "moment", "count", "status", "unreadable".

    Attributes:
        words: the value, named for the user ("a person's address").
        limit: the most characters ("text", "word"), or the largest number ("count").
        optional: NULL is allowed.
    """

    column: str
    kind: str
    words: str
    limit: int = 0
    optional: bool = False


HEAD = (
    Rule("taken_at", "moment", "the snapshot's date"),
    Rule("finished_at", "moment", "the snapshot's end", optional=True),
    Rule("tenant", "text", "the organization's name", NAME_LIMIT),
    Rule("identity", "text", "who took the snapshot", NAME_LIMIT),
    Rule("scope", "text", "what the snapshot covers", NAME_LIMIT),
    Rule("mailboxes_planned", "count", "the number of mailboxes planned", MOST_MAILBOXES),
    Rule("status", "status", "the snapshot's state"),
    Rule("identity_key", "text", "whose snapshot it is", ADDRESS_LIMIT),
    Rule("unreadable", "unreadable", "the list of what could not be read", UNREADABLE_LIMIT),
)
TABLES: dict[str, tuple[Rule, ...]] = {
    "mailboxes": (
        Rule("address", "text", "a mailbox's address", ADDRESS_LIMIT),
        Rule("delivery_option", "word", "a mailbox's meeting-message delivery", WORD_LIMIT,
             optional=True),
        Rule("problems", "text list", "what could not be read in a mailbox", PROBLEMS_LIMIT),
        Rule("name", "text", "a mailbox owner's name", NAME_LIMIT, optional=True),
    ),
    "calendars": (
        Rule("mailbox", "text", "a calendar's mailbox", ADDRESS_LIMIT),
        Rule("calendar_id", "word", "a calendar's id", ID_LIMIT),
        Rule("name", "text", "a calendar's name", NAME_LIMIT),
        Rule("is_default", "flag", "a calendar's main-calendar mark"),
    ),
    "permissions": (
        Rule("mailbox", "text", "a permission's mailbox", ADDRESS_LIMIT),
        Rule("calendar_id", "word", "a permission's calendar id", ID_LIMIT),
        Rule("permission_id", "word", "a permission's id", ID_LIMIT),
        Rule("person_name", "text", "a person's name", NAME_LIMIT),
        Rule("person_address", "text", "a person's address", ADDRESS_LIMIT, optional=True),
        Rule("role", "word", "a person's role", WORD_LIMIT),
        Rule("allowed_roles", "text list", "a permission's allowed roles", PROBLEMS_LIMIT),
        Rule("inside", "flag", "a person's inside-the-organization mark"),
        Rule("removable", "flag", "a permission's can-be-removed mark"),
    ),
}


def shown(value: object) -> str:
    """A value as the user reads it in a sentence: text in quotes, cut at 40 characters."""
    if isinstance(value, str):
        text = shortened(value, 40)
        return f"“{''.join(c if c.isprintable() else '�' for c in text)}”"
    if isinstance(value, bytes):
        return "(binary data)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _text_problem(rule: Rule, value: object) -> str | None:
    if not isinstance(value, str):
        return "is not text"
    if rule.kind == "word" and not value:
        return "is empty"
    if len(value) > rule.limit:
        return f"is longer than {rule.limit:,} characters"
    return None


def _moment_problem(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > MOMENT_LIMIT:
        return "is not a date"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return "is not a date"
    return None if moment.tzinfo is not None else "has no time zone"


def _list_problem(rule: Rule, value: object) -> str | None:
    if not isinstance(value, str) or len(value) > rule.limit:
        return "is not a list Deputy wrote"
    try:
        items = json.loads(value)
    except ValueError:
        return "is not a list Deputy wrote"
    if not isinstance(items, list):
        return "is not a list Deputy wrote"
    if rule.kind == "text list":
        return None if all(isinstance(i, str) for i in items) else "holds more than text"
    if not all(isinstance(i, dict) for i in items):
        return "is not a list Deputy wrote"
    try:
        for item in items:
            Unreadable.from_json(item)
    except (TypeError, ValueError):
        return "is not a list Deputy wrote"
    return None


def _is_whole(value: object) -> TypeGuard[int]:
    """An integer SQLite stored, not a bool (which Python counts as an int)."""
    return isinstance(value, int) and not isinstance(value, bool)


def problem_of(rule: Rule, value: object) -> str | None:
    """Why ``value`` is not what Deputy writes in ``rule``'s column ("is not text"), or
    None when it is."""
    if value is None:
        return None if rule.optional else "is missing"
    if rule.kind in ("text", "word"):
        return _text_problem(rule, value)
    if rule.kind == "flag":
        return None if _is_whole(value) and value in (0, 1) else "is not 0 or 1"
    if rule.kind == "count":
        if not _is_whole(value):
            return "is not a whole number"
        return None if 0 <= value <= rule.limit else "is out of range"
    if rule.kind == "moment":
        return _moment_problem(value)
    if rule.kind == "status":
        return None if value in STATUSES else "is not one Deputy knows"
    return _list_problem(rule, value)


def said(rule: Rule, value: object, problem: str) -> str:
    """"the snapshot's date “yesterday” is not a date"."""
    if value is None:
        return f"{rule.words} {problem}"
    return f"{rule.words} {shown(value)} {problem}"


def check_head(values: Sequence[object]) -> None:
    """The snapshot's own row, in ``HEAD``'s order. Raises BadValueError."""
    for rule, value in zip(HEAD, values, strict=True):
        problem = problem_of(rule, value)
        if problem:
            raise BadValueError(said(rule, value, problem))


def _sql_ok(rule: Rule) -> str:
    """The SQL condition that holds when the column's value is what Deputy writes."""
    column = rule.column
    if rule.kind == "flag":
        ok = f"typeof({column}) = 'integer' AND {column} IN (0, 1)"
    elif rule.kind == "text list":
        ok = (f"typeof({column}) = 'text' AND length({column}) <= {rule.limit} "
              f"AND json_valid({column}) AND json_type({column}) = 'array' "
              f"AND NOT EXISTS (SELECT 1 FROM json_each({column}) WHERE type != 'text')")
    else:
        shortest = 1 if rule.kind == "word" else 0
        ok = (f"typeof({column}) = 'text' "
              f"AND length({column}) BETWEEN {shortest} AND {rule.limit}")
    return f"({column} IS NULL OR ({ok}))" if rule.optional else f"({ok})"


def first_bad_row_query(table: str) -> str:
    """SQL with one parameter, the snapshot's id: the first row of ``table`` holding a
    value Deputy doesn't write, as (index of the rule it breaks, that value); none if
    every row is right. Only ever built from ``TABLES``, never from a file's words."""
    rules = TABLES[table]
    which = " ".join(f"WHEN NOT {_sql_ok(rule)} THEN {at}" for at, rule in enumerate(rules))
    values = " ".join(f"WHEN {at} THEN {rule.column}" for at, rule in enumerate(rules))
    return (f"SELECT bad, CASE bad {values} END FROM (SELECT *, CASE {which} END AS bad "
            f"FROM {table} WHERE snapshot_id = ?) WHERE bad IS NOT NULL LIMIT 1")


def bad_row_words(table: str, found: tuple[int, object]) -> str:
    """What ``first_bad_row_query`` found, in words."""
    at, value = found
    rule = TABLES[table][at]
    return said(rule, value, problem_of(rule, value) or "is not what Deputy writes")
