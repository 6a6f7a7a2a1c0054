"""The window's sync, read in a process of its own: its tokens come from the window's
sign-in (MSAL's real code, the demo's), its log and progress reach the window's
process, and how it ended arrives as it would from a sync in the window's process."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest

from app.graph.audit import ADMIN_SCOPES
from app.graph.auth.scopes import scopes_for
from app.graph.services import CalendarService
from app.graph.tokens import InteractionRequired
from app.review import sync_child
from app.review.snapshot_store import COMPLETE, PARTIAL, RUNNING, SnapshotStore
from app.review.sync import SyncProgress
from app.review.sync_process import SyncProcessLost, sync_in_process
from app.signin.accounts import open_session
from tests.graph.auth.helpers import device_sign_in
from tests.graph.auth.test_continuous_access import revoke
from tests.graph.client.conftest import demo_tokens, set_faults
from tests.graph_client import ADELE

TIMEOUT_S = 60


class CountedTokens:
    """The demo's admin sign-in, counting what it is asked."""

    def __init__(self, base_url: str) -> None:
        self._tokens = demo_tokens(base_url, None)
        self.asked = 0
        self.threads: set[str] = set()

    display_name = "Contoso admin (app-only)"
    username = None
    app_only = True

    def access_token(self, scopes):
        self.asked += 1
        self.threads.add(threading.current_thread().name)
        return self._tokens.access_token(scopes)


class SignInNeeded(CountedTokens):
    def access_token(self, scopes):
        raise InteractionRequired(scopes, "Sign in again to read Contoso's mailboxes.")


def test_an_admin_sync_gets_its_tokens_from_the_windows_sign_in_and_tells_it_everything(
        emulator, tmp_path, caplog):
    tokens = CountedTokens(emulator.base_url)
    session = open_session(emulator.base_url, tokens, tokens.display_name, None, "Contoso")
    store = SnapshotStore(tmp_path / "snapshots.db")
    heard: list[SyncProgress] = []
    try:
        snapshot_id = sync_in_process(session, store, cancel=threading.Event(),
                                      on_progress=heard.append)
        snapshot = store.snapshot(snapshot_id)
        assert snapshot is not None and snapshot.status in (COMPLETE, PARTIAL)
        assert snapshot.mailboxes_stored == heard[-1].total == heard[-1].done
    finally:
        store.close()
        session.close()
    # Asked once for the directory's scopes and once for the mailboxes' (the child keeps
    # each token a while), not once per request: a listing page and each $batch.
    assert tokens.asked == 2
    assert tokens.threads == {threading.current_thread().name}
    assert heard[-1].done == heard[-1].total and not heard[-1].in_group
    from_child = [r for r in caplog.records if r.processName == "deputy-sync"]
    if snapshot.status == PARTIAL:  # the service's quirks: some mailboxes Graph can't open
        assert any("request-id" in r.getMessage() for r in from_child)


def test_a_person_whose_tokens_graph_revoked_syncs_with_a_token_the_window_renews(
        emulator, entra, start_deputy, tmp_path, caplog):
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE, [
        *scopes_for("sign_in", "calendars"), *ADMIN_SCOPES])  # what her sync reads with
    provider = people.provider(account)
    session = open_session(emulator.base_url, provider, "Adele Vance", ADELE, "Contoso")
    CalendarService(session.service.client).me()  # her token, cached before the event
    revoke(emulator, ADELE)
    store = SnapshotStore(tmp_path / "snapshots.db")
    try:
        snapshot_id = sync_in_process(session, store, cancel=threading.Event(),
                                      on_progress=lambda _progress: None)
        assert store.snapshot(snapshot_id).status == COMPLETE
        assert list(store.mailboxes(snapshot_id)) == [ADELE]
    finally:
        store.close()
        session.close()
    assert entra.claims_asked[-1]["access_token"]["nbf"]["essential"] is True
    assert entra.grant_types()[-1] == "refresh_token"  # silently: no one was asked
    assert any(r.processName == "deputy-sync" and "continuous access evaluation"
               in r.getMessage() for r in caplog.records)


def test_a_sign_in_that_needs_the_person_stops_the_sync_with_that_very_error(
        emulator, tmp_path):
    tokens = SignInNeeded(emulator.base_url)
    session = open_session(emulator.base_url, tokens, tokens.display_name, None, "Contoso")
    store = SnapshotStore(tmp_path / "snapshots.db")
    try:
        with pytest.raises(InteractionRequired) as raised:
            sync_in_process(session, store, cancel=threading.Event(),
                            on_progress=lambda _progress: None)
    finally:
        store.close()
        session.close()
    assert str(raised.value) == "Sign in again to read Contoso's mailboxes."
    assert raised.value.scopes == scopes_for("directory")


def test_a_sync_whose_process_is_killed_says_so_and_keeps_what_it_stored(
        emulator, tmp_path, caplog):
    set_faults(emulator, latency_ms=200)
    tokens = CountedTokens(emulator.base_url)
    session = open_session(emulator.base_url, tokens, tokens.display_name, None, "Contoso")
    store = SnapshotStore(tmp_path / "snapshots.db")
    reading = threading.Event()
    ended: list[BaseException] = []

    def sync() -> None:
        try:
            sync_in_process(session, store, cancel=threading.Event(),
                            on_progress=lambda _progress: reading.set())
        except BaseException as exc:
            ended.append(exc)

    waiting = threading.Thread(target=sync)
    waiting.start()
    try:
        assert reading.wait(TIMEOUT_S)
        child = next(p for p in multiprocessing.active_children() if p.name == "deputy-sync")
        child.kill()
        waiting.join(TIMEOUT_S)
        assert not waiting.is_alive()
        [error] = ended
        assert isinstance(error, SyncProcessLost)
        assert "sync again" in str(error)
        [snapshot] = store.snapshots()
        assert snapshot.status == RUNNING and snapshot.interrupted
    finally:
        waiting.join(TIMEOUT_S)
        store.close()
        session.close()
    for record in caplog.records:
        if "ended without a word" in record.getMessage():
            record.expected = True  # type: ignore[attr-defined]


def exits_at_once(*_order) -> None:
    """A sync's process that something on the computer stops before it begins."""
    os._exit(3)


def test_a_sync_whose_process_ends_before_it_begins_runs_in_the_windows_process(
        emulator, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(sync_child, "main", exits_at_once)
    tokens = CountedTokens(emulator.base_url)
    session = open_session(emulator.base_url, tokens, tokens.display_name, None, "Contoso")
    store = SnapshotStore(tmp_path / "snapshots.db")
    try:
        snapshot_id = sync_in_process(session, store, cancel=threading.Event(),
                                      on_progress=lambda _progress: None)
        assert store.snapshot(snapshot_id).status in (COMPLETE, PARTIAL)
    finally:
        store.close()
        session.close()
    assert any("ended before it began (exit code 3)" in r.getMessage()
               for r in caplog.records)
    assert not any(r.processName == "deputy-sync" for r in caplog.records)
