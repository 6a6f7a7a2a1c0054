"""Reading 200 mailboxes through injected faults gives exactly the fault-free data."""

from __future__ import annotations

import threading

import pytest
import requests

from app.graph import audit
from app.graph.audit import each_mailbox, read_sharing
from app.graph.emulator import EmulatorServer
from app.graph.http import Cancelled, GraphClient, RetryPolicy
from tests.graph.client.conftest import RecordedSleep, demo_tokens, emulator_stats, set_faults


@pytest.fixture(scope="module")
def scale_emulator():
    with EmulatorServer("scale:200:3") as server:
        yield server


def _read(server, **options):
    options.setdefault("retry", RetryPolicy(attempts=10, base_delay=0.01, max_delay=0.05))
    client = GraphClient(server.base_url, demo_tokens(server.base_url, None),
                         timeout=(2.0, 1.0), sleep=RecordedSleep(), **options)
    mailboxes = [u.address for u in server.tenant.users()]
    try:
        return read_sharing(client, mailboxes), client
    finally:
        client.close()


def _comparable(results):
    return {
        mailbox: (
            sorted((c.id, c.name) for c in sharing.calendars),
            {cid: sorted((p.id, p.role, tuple(p.allowed_roles)) for p in perms)
             for cid, perms in sharing.permissions.items()},
            sharing.delivery_option,
        )
        for mailbox, sharing in results.items()
    }


def test_faults_change_nothing_in_what_is_read(scale_emulator):
    set_faults(scale_emulator)
    clean, _ = _read(scale_emulator)
    assert all(s.complete for s in clean.values())
    assert sum(len(p) for s in clean.values() for p in s.permissions.values()) > 400
    set_faults(scale_emulator, fail_rate=0.2, fail_with=[429, 503, "reset", "timeout"],
               random_seed=11, retry_after=0, hang_seconds=2)
    faulty, client = _read(scale_emulator)
    set_faults(scale_emulator)
    assert _comparable(faulty) == _comparable(clean)
    assert all(s.complete for s in faulty.values())
    assert client.stats.retries > 0
    stats = emulator_stats(scale_emulator)
    assert stats["faults_injected"] > 0
    assert stats["max_concurrency"] <= 4


def test_mailboxes_read_a_few_at_a_time_give_the_same_and_hold_only_those(
        scale_emulator, monkeypatch):
    """The largest tenants' mailboxes are begun as others finish, never all at once: a
    sync of 100,000 held every request and every answer until its end (millions of
    objects, which each full garbage collection walked for 2 s)."""
    set_faults(scale_emulator)
    every, _ = _read(scale_emulator)
    monkeypatch.setattr(audit, "MAILBOXES_AT_ONCE", 3)
    client = GraphClient(scale_emulator.base_url, demo_tokens(scale_emulator.base_url, None),
                         timeout=(2.0, 1.0), sleep=RecordedSleep())
    mailboxes = [u.address for u in scale_emulator.tenant.users()]
    begun: list[str] = []

    class Begun(audit.MailboxSharing):
        def __init__(self, mailbox: str) -> None:
            super().__init__(mailbox)
            begun.append(mailbox)

    monkeypatch.setattr(audit, "MailboxSharing", Begun)
    given, held = [], []
    try:
        for sharing in each_mailbox(client, mailboxes):
            given.append(sharing)
            held.append(len(begun) - len(given))  # begun, not given yet
    finally:
        client.close()
    assert max(held) <= 2 * 3  # three at a time, and as many begun as a batch finished
    assert _comparable({s.mailbox: s for s in given}) == _comparable(every)
    assert sorted(s.mailbox for s in given) == sorted(mailboxes)  # each once
    # In about the order given: with three at a time, none is given far from its place.
    places = {m: i for i, m in enumerate(mailboxes)}
    assert max(abs(places[s.mailbox] - i) for i, s in enumerate(given)) < 10


def test_what_cannot_be_read_is_recorded_per_mailbox(scale_emulator, caplog):
    set_faults(scale_emulator)
    client = GraphClient(scale_emulator.base_url, demo_tokens(scale_emulator.base_url, None))
    try:
        results = read_sharing(client, ["user00001@contoso.com", "ghost@contoso.com"])
    finally:
        client.close()
    assert results["user00001@contoso.com"].complete
    ghost = results["ghost@contoso.com"]
    assert not ghost.complete
    assert "no such person" in ghost.problems[0]
    assert "request-id" not in ghost.problems[0]  # for support: in the log
    assert any("ghost@contoso.com" in r.getMessage() and "request-id" in r.getMessage()
               for r in caplog.records)


def test_reading_can_be_cancelled(scale_emulator):
    set_faults(scale_emulator, latency_ms=50)
    cancel = threading.Event()
    client = GraphClient(scale_emulator.base_url, demo_tokens(scale_emulator.base_url, None))
    seen = []

    def on_progress(done, total):
        seen.append(done)
        cancel.set()

    try:
        with pytest.raises(Cancelled):
            read_sharing(client, [u.address for u in scale_emulator.tenant.users()],
                         cancel=cancel, on_progress=on_progress)
    finally:
        client.close()
        set_faults(scale_emulator)
    assert seen
    assert requests.get(f"{scale_emulator.base_url}/_emulator/stats", timeout=5).ok


def test_more_calendars_and_permissions_than_a_page_are_read_whole(emulator):
    """60 calendars (the list asks $top=50) and 25 people on one calendar (the
    permission list's pages are smaller): nextLinks are followed inside the batch flow."""
    client = GraphClient(emulator.base_url, demo_tokens(emulator.base_url, None))
    megan = "/users/MeganB@contoso.com"
    scopes = ["Calendars.ReadWrite"]
    try:
        made = [client.post(f"{megan}/calendars", {"name": f"Project {n:02}"}, scopes=scopes
                            ).json()["id"] for n in range(60)]
        crowded = made[7]
        guests = [f"guest{n:02}@fabrikam.com" for n in range(25)]
        for guest in guests:
            client.post(f"{megan}/calendars/{crowded}/calendarPermissions",
                        {"emailAddress": {"address": guest}, "role": "read"}, scopes=scopes)
        expected_calendars = {c["id"] for c in client.get_all(
            f"{megan}/calendars", scopes=scopes) if c.get("canShare")}
        first_page = client.get(f"{megan}/calendars/{crowded}/calendarPermissions",
                                scopes=scopes)
        assert "@odata.nextLink" in first_page  # the emulator pages this list, as Graph may
        seen: list[tuple[int, int]] = []
        results = read_sharing(client, ["MeganB@contoso.com", "AlexW@contoso.com"],
                               on_progress=lambda done, total: seen.append((done, total)))
    finally:
        client.close()
    megan_sharing = results["MeganB@contoso.com"]
    assert megan_sharing.complete, megan_sharing.problems
    assert len(expected_calendars) > 60
    assert {c.id for c in megan_sharing.calendars} == expected_calendars
    addresses = {p.email_address.address for p in megan_sharing.permissions[crowded]}
    assert set(guests) <= addresses
    assert len(megan_sharing.permissions[crowded]) == len(guests)  # each one once
    assert set(megan_sharing.permissions) == expected_calendars
    assert results["AlexW@contoso.com"].complete
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][0] == seen[-1][1]
