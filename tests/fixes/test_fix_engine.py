"""Fixes against the emulator over HTTP: plan from a rule, preview against the live
tenant, apply through $batch with faults, cancel, and undo from the journal."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest

from app.fixes.addressing import Mailboxes
from app.fixes.apply import ApplyProgress, apply, settle_interrupted
from app.fixes.delivery import scopes_of
from app.fixes.plan import Action, Change, plan_rule
from app.fixes.preview import (
    COPY_DISAPPEARS,
    INVITATION,
    NO_MAIL_REMOVED,
    Status,
    preview,
)
from app.fixes.table import result_lines
from app.fixes.undo import undo_plan
from app.graph.emulator import EmulatorServer
from app.graph.http import GraphClient, RetryPolicy
from app.graph.tokens import InteractionRequired
from app.journal import DONE, FINISHED, NOT_SENT
from app.review.findings import Rule
from tests.fixes.helpers import (
    OUTSIDER,
    journal_at,
    live_rows,
    set_role,
    share,
    synced,
    writes,
)
from tests.graph.client.conftest import (
    RecordedSleep,
    demo_tokens,
    emulator_stats,
    set_faults,
)
from tests.test_snapshots import admin_client

ADMIN = "Administrator (app-only)"
OUTSIDE = Rule.EXTERNAL_ABOVE_FREE_BUSY


@pytest.fixture(scope="module")
def scale_server():
    with EmulatorServer("scale:300:7") as server:
        yield server


@pytest.fixture
def scale(scale_server):
    scale_server.reset()
    set_faults(scale_server)
    yield scale_server
    set_faults(scale_server)


def contoso_with_outsiders(emulator) -> None:
    """Two outsiders who see more than free/busy, one who sees free/busy only."""
    share(emulator, "AlexW@contoso.com", "Calendar", OUTSIDER, "read")
    share(emulator, "AlexW@contoso.com", "Kids parties", OUTSIDER, "limitedRead")
    share(emulator, "LeeG@contoso.com", "Calendar", "ana@fabrikam.com", "freeBusyRead")


def test_a_preview_writes_nothing_and_says_what_people_notice(emulator, tmp_path):
    contoso_with_outsiders(emulator)
    store, snapshot_id = synced(emulator, tmp_path)
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("remove"))
    assert sorted((c.mailbox, c.calendar_name, c.person_address) for c in changes) == [
        ("AlexW@contoso.com", "Calendar", OUTSIDER),
        ("AlexW@contoso.com", "Kids parties", OUTSIDER)]
    before = writes(emulator)
    client = admin_client(emulator.base_url)
    checked = preview(client, changes)
    client.close()
    assert writes(emulator) == before
    assert [c.status for c in checked] == [Status.READY, Status.READY]
    assert {c.notice for c in checked} == {f"{NO_MAIL_REMOVED} {COPY_DISAPPEARS}"}
    store.close()


def test_removing_outsiders_removes_exactly_the_rows_the_rule_lists(emulator, tmp_path):
    contoso_with_outsiders(emulator)
    store, snapshot_id = synced(emulator, tmp_path)
    everything = set(store.permissions(snapshot_id))
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("remove"))
    flagged = {r for r in everything if r.person_address == OUTSIDER}
    assert len(flagged) == len(changes) == 2
    client = admin_client(emulator.base_url)
    journal = journal_at(tmp_path)
    result = apply(client, journal, preview(client, changes), identity=ADMIN, what="test")
    client.close()
    assert result.summary == "Run 1: 2 done, 0 skipped, 0 failed."
    assert live_rows(emulator, tmp_path) == everything - flagged
    entries = journal.entries()
    assert len(entries) == 2 and all(e.request_id and e.outcome == DONE for e in entries)
    assert {e.after for e in entries} == {"No access"}
    journal.close()
    store.close()


def test_a_permission_changed_after_the_snapshot_is_skipped_and_reported(emulator, tmp_path):
    contoso_with_outsiders(emulator)
    store, snapshot_id = synced(emulator, tmp_path)
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("role=freeBusyRead"))
    moved = next(r for r in store.permissions(snapshot_id)
                 if r.person_address == OUTSIDER and r.calendar_name == "Calendar")
    set_role(emulator, moved, "limitedRead")  # someone lowered it meanwhile
    client = admin_client(emulator.base_url)
    checked = preview(client, changes)
    by_calendar = {c.change.calendar_name: c for c in checked}
    assert by_calendar["Calendar"].status is Status.CHANGED
    assert by_calendar["Calendar"].why == ("Changed since the snapshot: now “Can view titles "
                                           "and locations”, “Can view all details” in the "
                                           "snapshot.")
    assert by_calendar["Kids parties"].status is Status.READY
    journal = journal_at(tmp_path)
    result = apply(client, journal, checked, identity=ADMIN, what="test")
    outcomes = {o.checked.change.calendar_name: o.outcome for o in result.outcomes}
    assert outcomes == {"Calendar": f"skipped: {by_calendar['Calendar'].why}",
                        "Kids parties": DONE}
    now = {(r.calendar_name, r.role) for r in live_rows(emulator, tmp_path)
           if r.person_address == OUTSIDER}
    assert now == {("Calendar", "limitedRead"), ("Kids parties", "freeBusyRead")}
    # Confirmed again, it is changed from what it is now.
    again = preview(client, changes, confirmed=True)
    assert [(c.change.calendar_name, c.status, c.change.before) for c in again] == [
        ("Calendar", Status.READY, "limitedRead"),
        ("Kids parties", Status.ALREADY, "freeBusyRead")]
    client.close()
    journal.close()
    store.close()


def test_a_role_the_live_permission_does_not_allow_is_refused_before_sending(
        emulator, tmp_path):
    contoso_with_outsiders(emulator)
    store, snapshot_id = synced(emulator, tmp_path)
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("role=write"))
    client = admin_client(emulator.base_url)
    checked = preview(client, changes)
    client.close()
    assert {c.status for c in checked} == {Status.REFUSED}
    assert "not a role this permission allows (allowedRoles: freeBusyRead, limitedRead, " \
           "read)" in checked[0].why
    store.close()


def test_removing_outsiders_on_300_mailboxes_removes_exactly_the_rule_s_rows(
        scale, tmp_path):
    store, snapshot_id = synced(scale, tmp_path)
    everything = set(store.permissions(snapshot_id))
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("remove"))
    flagged = {r for r in everything if (r.mailbox, r.permission_id, r.calendar_id) in
               {(c.mailbox, c.permission_id, c.calendar_id) for c in changes}}
    assert len(flagged) == len(changes) > 100
    client = admin_client(scale.base_url)
    before = writes(scale)
    checked = preview(client, changes)
    assert writes(scale) == before  # the preview read, and only read
    journal = journal_at(tmp_path)
    result = apply(client, journal, checked, identity=ADMIN, what="test")
    client.close()
    assert result.count(DONE) == len(changes), result.summary
    assert writes(scale) == before + len(changes)
    assert live_rows(scale, tmp_path) == everything - flagged
    journal.close()
    store.close()


def test_with_a_fifth_of_requests_failing_the_end_state_and_journal_are_whole(
        scale, tmp_path):
    """Whole $batch calls refused, reset, timed out or carried out with their answer
    lost, then sub-requests refused inside: the tenant ends as without faults, and the
    journal holds every change, done, with a request-id."""
    store, snapshot_id = synced(scale, tmp_path)
    everything = set(store.permissions(snapshot_id))
    removals = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("remove"))
    lowered = plan_rule(store, snapshot_id, Rule.ORGANIZATION_ABOVE_FREE_BUSY,
                        Action.parse("role=freeBusyRead"))
    client = GraphClient(scale.base_url, demo_tokens(scale.base_url, None),
                         sleep=RecordedSleep(), retry=RetryPolicy(attempts=12))
    journal = journal_at(tmp_path)
    runs = []
    for changes, faults in (
            (removals, {"fail_with": [429, 503, "reset", "timeout", "drop_response"],
                        "hang_seconds": 0.2}),
            (lowered, {"fail_with": [429, 503], "in_batch": True})):
        set_faults(scale, fail_rate=0.2, random_seed=7, retry_after=0, **faults)
        try:
            result = apply(client, journal, preview(client, changes), identity=ADMIN,
                           what="test")
        finally:
            set_faults(scale)
        assert result.count(DONE) == len(changes), result.summary
        runs.append(result.run_id)
    client.close()
    assert client.stats.retries > 0  # the faults were met
    removed = {(c.mailbox, c.calendar_id, c.permission_id) for c in removals}
    expected = {r._replace(role="freeBusyRead") if r.person_name == "My Organization"
                and r.role not in ("none", "freeBusyRead") else r
                for r in everything if (r.mailbox, r.calendar_id, r.permission_id)
                not in removed}
    assert live_rows(scale, tmp_path) == expected
    for run_id, changes in zip(runs, (removals, lowered), strict=True):
        items = journal.run_items(run_id)
        assert len(items) == len(changes)
        assert all(item.done and item.request_id for item in items)
    assert len(journal.entries()) == len(removals) + len(lowered)
    assert {r.status for r in journal.runs()} == {FINISHED}
    journal.close()
    store.close()


@dataclass
class HalfWay:
    """A fix of the rule's rows on the scale tenant, previewed, ready to apply one
    $batch at a time (so a failure falls between them)."""

    store: Any
    everything: set
    changes: list
    client: GraphClient
    checked: list
    journal: Any


def half_way(scale, tmp_path, action: str, tokens=None) -> HalfWay:
    store, snapshot_id = synced(scale, tmp_path)
    everything = set(store.permissions(snapshot_id))
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse(action))
    client = GraphClient(scale.base_url, tokens or demo_tokens(scale.base_url, None),
                         sleep=RecordedSleep(), max_concurrency=1)
    return HalfWay(store, everything, changes, client, preview(client, changes),
                   journal_at(tmp_path))


def said_is_what_changed(result, changes, everything, scale, tmp_path) -> tuple[set, set]:
    """A run that ended half-way: some changes done, the rest "not sent", and what the
    result says was changed exactly what the tenant shows changed; those done, and the
    tenant's rows now."""
    done = {o.checked.change.permission_id + o.checked.change.mailbox
            for o in result.outcomes if o.done}
    not_sent = [o for o in result.outcomes if o.outcome.startswith(NOT_SENT)]
    assert 0 < len(done) < len(changes) and len(done) + len(not_sent) == len(changes)
    now = live_rows(scale, tmp_path)
    assert {r.permission_id + r.mailbox for r in now - everything} == done
    return done, now


class SignInLostError(Exception):
    """What stops a run half-way other than a cancel (the network gone, Deputy closed)."""


def test_a_run_stopped_half_way_says_in_the_journal_what_it_did(scale, tmp_path):
    """Everything the journal calls done was done, with its request-id and an entry;
    the rest reads "not sent" (those whose answers were on their way or not read yet
    may have been carried out: no Deputy heard of them), and the run stays "running":
    interrupted."""
    fix = half_way(scale, tmp_path, "remove")
    store, everything, changes, client, checked, journal = (
        fix.store, fix.everything, fix.changes, fix.client, fix.checked, fix.journal)

    def stop(_step: ApplyProgress) -> None:
        raise SignInLostError

    with pytest.raises(SignInLostError):
        apply(client, journal, checked, identity=ADMIN, what="test", on_progress=stop)
    client.close()
    run = journal.runs()[0]
    assert run.status == "running"
    items = journal.run_items(run.id)
    assert len(items) == len(changes) > 40
    done = {(i.detail["mailbox"], i.detail["permission_id"]) for i in items if i.done}
    assert 0 < len(done) < len(changes)
    assert all(i.request_id for i in items if i.done)
    assert {i.outcome for i in items if not i.done} == {NOT_SENT}
    assert len(journal.entries()) == len(done)
    removed = {(r.mailbox, r.permission_id) for r in everything - live_rows(scale, tmp_path)}
    assert done <= removed
    store.close()
    journal.close()



def test_a_run_its_deputy_never_finished_is_read_back_then_undone_whole(scale, tmp_path):
    """Deputy ends in the middle of a run (here: an error nobody planned for), leaving
    it "running", changes on their way unanswered. Asked to undo it, Deputy reads the
    tenant back first: the run then says exactly what it changed, each with an entry,
    and its undo returns the tenant to the snapshot."""
    fix = half_way(scale, tmp_path, "remove")

    def end_deputy(_step: ApplyProgress) -> None:
        raise SignInLostError

    with pytest.raises(SignInLostError):
        apply(fix.client, fix.journal, fix.checked, identity=ADMIN, what="test",
              on_progress=end_deputy)
    fix.client.close()  # what was on its way has landed
    run = fix.journal.runs()[0]
    assert run.status == "running"
    client = GraphClient(scale.base_url, demo_tokens(scale.base_url, None),
                         sleep=RecordedSleep())
    # One more as if it was on its way when Deputy ended: made, its answer never read.
    still = {(r.mailbox, r.permission_id) for r in live_rows(scale, tmp_path)}
    on_its_way = next(i.detail for i in fix.journal.run_items(run.id) if not i.done
                      and (i.detail["mailbox"], i.detail["permission_id"]) in still)
    client.request("DELETE", Mailboxes().permission_path(
        on_its_way["mailbox"], on_its_way["calendar_id"], on_its_way["permission_id"]),
        scopes=scopes_of([Change.from_json(on_its_way)]))
    heard = sum(item.done for item in fix.journal.run_items(run.id))
    found = settle_interrupted(client, fix.journal, run.id, identity=ADMIN)
    assert found >= 1  # made while Deputy ended: no answer was read for them
    assert fix.journal.run(run.id).status == "stopped"
    items = fix.journal.run_items(run.id)
    done = {(i.detail["mailbox"], i.detail["permission_id"]) for i in items if i.done}
    removed = {(r.mailbox, r.permission_id)
               for r in fix.everything - live_rows(scale, tmp_path)}
    assert 0 < len(done) < len(fix.changes) and done == removed
    assert len(done) == heard + found
    assert len(fix.journal.entries()) == len(done)
    # Read back once: a second look changes nothing.
    assert settle_interrupted(client, fix.journal, run.id, identity=ADMIN) == 0
    _run, undo = undo_plan(fix.journal, run.id)
    undone = apply(client, fix.journal, preview(client, undo), identity=ADMIN,
                   what="undo", undoes=run.id)
    client.close()
    assert undone.count(DONE) == len(done)
    assert live_rows(scale, tmp_path) == fix.everything
    fix.journal.close()
    fix.store.close()

def test_cancel_half_way_says_what_changed_and_undo_returns_to_the_snapshot(
        scale, tmp_path):
    store, snapshot_id = synced(scale, tmp_path)
    everything = set(store.permissions(snapshot_id))
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("role=freeBusyRead"))
    # One $batch at a time, so a cancel falls between them (the batch in flight then is
    # carried out, its answer never read: the result reads the tenant back for it).
    client = GraphClient(scale.base_url, demo_tokens(scale.base_url, None),
                         sleep=RecordedSleep(), max_concurrency=1)
    cancel = threading.Event()

    def halfway(step: ApplyProgress) -> None:
        if not cancel.is_set():  # the first batch is back: the next one is on its way
            set_faults(scale)  # what follows (the read back) at full speed
            cancel.set()

    journal = journal_at(tmp_path)
    checked = preview(client, changes)
    # Each $batch takes a second: however loaded the machine, the first answers are
    # read long before the last batch is sent.
    set_faults(scale, latency_ms=1000)
    try:
        result = apply(client, journal, checked, identity=ADMIN, what="test",
                       cancel=cancel, on_progress=halfway)
    finally:
        set_faults(scale)
    assert result.cancelled
    done, now = said_is_what_changed(result, changes, everything, scale, tmp_path)
    assert {r.role for r in now - everything} == {"freeBusyRead"}
    run, undo = undo_plan(journal, result.run_id)
    assert run.status == "cancelled" and len(undo) == len(done)
    checked = preview(client, undo)
    assert {c.status for c in checked} == {Status.READY}
    undone = apply(client, journal, checked, identity=ADMIN, what="undo", undoes=run.id)
    client.close()
    assert undone.count(DONE) == len(done)
    assert live_rows(scale, tmp_path) == everything
    assert journal.run(undone.run_id).undoes == run.id
    journal.close()
    store.close()


def test_undoing_a_removal_adds_the_person_back_and_says_an_invitation_goes_out(
        emulator, tmp_path):
    contoso_with_outsiders(emulator)
    store, snapshot_id = synced(emulator, tmp_path)
    everything = set(store.permissions(snapshot_id))
    changes = plan_rule(store, snapshot_id, OUTSIDE, Action.parse("remove"))
    client = admin_client(emulator.base_url)
    journal = journal_at(tmp_path)
    result = apply(client, journal, preview(client, changes), identity=ADMIN, what="test")
    _, undo = undo_plan(journal, result.run_id)
    checked = preview(client, undo)
    assert [(c.status, c.notice) for c in checked] == [(Status.READY, INVITATION)] * 2
    undone = apply(client, journal, checked, identity=ADMIN, what="undo")
    client.close()
    assert undone.count(DONE) == 2
    restored = {(r.mailbox, r.calendar_name, r.person_address, r.role)
                for r in live_rows(emulator, tmp_path)}
    assert restored == {(r.mailbox, r.calendar_name, r.person_address, r.role)
                        for r in everything}
    journal.close()
    store.close()


def test_changes_whose_answers_the_network_lost_are_read_back_not_called_failed(
        scale, tmp_path):
    """After the first answers the connection drops mid-answer for a while: the $batch
    then is carried out, its answer lost, however often it is sent again. Those changes
    are made: the result reads them back from the tenant and says "done", as the
    tenant shows, never "failed"."""
    fix = half_way(scale, tmp_path, "role=freeBusyRead")
    store, everything, changes, client, checked, journal = (
        fix.store, fix.everything, fix.changes, fix.client, fix.checked, fix.journal)

    def lose_answers(_step: ApplyProgress) -> None:
        if not lose_answers.done:  # every attempt at the next $batch: made, answer lost
            lose_answers.done = True
            set_faults(scale, fail_next=RetryPolicy().attempts, fail_with=["drop_response"],
                       methods=["POST"])
    lose_answers.done = False

    try:
        result = apply(client, journal, checked, identity=ADMIN, what="test",
                       on_progress=lose_answers)
    finally:
        set_faults(scale)
    client.close()
    assert emulator_stats(scale)["faults_injected"] >= RetryPolicy().attempts
    assert {o.outcome for o in result.outcomes} == {DONE}
    now = live_rows(scale, tmp_path)
    assert {r.permission_id + r.mailbox for r in now - everything} == {
        c.permission_id + c.mailbox for c in changes}
    assert len(journal.entries()) == len(changes)
    assert journal.runs()[0].status == FINISHED
    journal.close()
    store.close()


class SignInThatLapses:
    """The demo's tokens, refused once for the second ``$batch`` call after ``arm``: the
    first batch's changes are made, then the person's sign-in lapsed; asked again after,
    they are given (the read back). Counted by tokens asked for, not by progress seen:
    under load every batch had left before the first answers were read."""

    def __init__(self, tokens) -> None:
        self.tokens, self.refuse_in = tokens, 0

    def arm(self) -> None:
        self.refuse_in = 2

    def __getattr__(self, name):
        return getattr(self.tokens, name)

    def access_token(self, scopes):
        if self.refuse_in:
            self.refuse_in -= 1
            if not self.refuse_in:
                raise InteractionRequired(scopes)
        return self.tokens.access_token(scopes)


def test_a_run_a_lapsed_sign_in_stops_says_what_it_changed_and_what_not(scale, tmp_path):
    """The run ends "stopped", not "running" as if Deputy had been killed; what the
    result says was changed is exactly what the tenant shows changed, and the rest
    reads "not sent"."""
    tokens = SignInThatLapses(demo_tokens(scale.base_url, None))
    fix = half_way(scale, tmp_path, "role=freeBusyRead", tokens)
    store, everything, changes, client, checked, journal = (
        fix.store, fix.everything, fix.changes, fix.client, fix.checked, fix.journal)

    tokens.arm()
    result = apply(client, journal, checked, identity=ADMIN, what="test")
    client.close()
    assert isinstance(result.stopped_by, InteractionRequired) and not result.cancelled
    assert "Sending stopped: Microsoft 365 wants you to sign in again" in "\n".join(
        result_lines(result))
    assert journal.runs()[0].status == "stopped"
    done, _now = said_is_what_changed(result, changes, everything, scale, tmp_path)
    assert len(journal.entries()) == len(done)
    journal.close()
    store.close()
