"""Counted nouns for what Deputy writes: "1 mailbox", "1,200 mailboxes", "1 person";
and someone else's text cut to the room a sentence has for it.

One place, so the review, the sync's progress, ``deputy sync`` and the report never
write "1 mailboxes".
"""

from __future__ import annotations

_PLURALS = {"mailbox": "mailboxes", "person": "people", "is": "are", "was": "were"}


def plural(word: str, count: int) -> str:
    """``word`` as it goes with ``count``: plural("mailbox", 2) == "mailboxes"."""
    if count == 1:
        return word
    return _PLURALS.get(word, f"{word}s")


def counted(count: int, word: str) -> str:
    """"1 mailbox", "1,200 mailboxes", "0 people"."""
    return f"{count:,} {plural(word, count)}"


def shortened(text: str, most: int) -> str:
    """``text`` whole when it has at most ``most`` characters, else cut to that many with
    "…" as the last: a subject anyone can write stays within a line or two."""
    return text if len(text) <= most else text[:most - 1] + "…"
