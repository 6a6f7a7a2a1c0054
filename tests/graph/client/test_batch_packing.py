"""How requests are grouped into $batch calls (pure: no server needed)."""

from __future__ import annotations

from collections import Counter

import pytest

from app.graph.http import BATCH_LIMIT, BatchRequest, mailbox_of, pack


def test_batches_respect_size_and_per_mailbox_limits():
    requests_ = [BatchRequest("GET", f"/users/user{i % 9}@contoso.com/calendars")
                 for i in range(90)]
    batches = pack(requests_, per_mailbox=4)
    assert sorted(r.id for b in batches for r in b) == sorted(r.id for r in requests_)
    for batch in batches:
        assert len(batch) <= BATCH_LIMIT
        assert max(Counter(mailbox_of(r.path) for r in batch).values()) <= 4
    assert len(batches) == 5  # 90 requests: five full batches of 4 from 5 mailboxes


def test_dependency_chains_stay_together():
    first = BatchRequest("POST", "/me/events", {"subject": "x"}, id="a")
    second = BatchRequest("GET", "/me/events", id="b", depends_on=["a"])
    loose = [BatchRequest("GET", f"/users/u{i}@contoso.com/calendar") for i in range(30)]
    batches = pack([*loose[:19], first, second, *loose[19:]], per_mailbox=4)
    home = next(b for b in batches if first in b)
    assert second in home


def test_a_chain_longer_than_a_batch_is_refused():
    chain = [BatchRequest("GET", "/me/calendar", id="0")]
    chain += [BatchRequest("GET", "/me/calendar", id=str(i), depends_on=[str(i - 1)])
              for i in range(1, 21)]
    with pytest.raises(ValueError):
        pack(chain, per_mailbox=4)


@pytest.mark.parametrize(("path", "mailbox"), [
    ("/me/calendars", "me"),
    ("/users/AlexW@contoso.com/calendar", "users/alexw@contoso.com"),
    ("users/AlexW%40contoso.com/calendar?$select=id", "users/alexw%40contoso.com"),
    ("https://graph.microsoft.com/v1.0/users/x/calendar?$skip=10", "users/x"),
    ("http://127.0.0.1:4000/beta/me/events", "me"),
    ("/groups/g1/calendar", "groups/g1"),
])
def test_mailbox_of(path, mailbox):
    assert mailbox_of(path) == mailbox
