"""Time-limited fixes: a run made until a moment is undone by ``deputy expire`` once the
moment has come, with a clock the test sets, and one that can't be undone whole stays due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app import cli
from app.clock import ENVIRONMENT_VARIABLE, now
from app.fixes.apply import apply
from app.fixes.expire import expire_due
from app.fixes.plan import Action, plan_rule
from app.fixes.preview import preview
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
from tests.test_snapshots import admin_client

ADMIN = "Administrator (app-only)"
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def outsiders_lowered(emulator, tmp_path):
    """Two outsiders' access lowered to free/busy as run 1, until Monday 09:00."""
    share(emulator, "AlexW@contoso.com", "Calendar", OUTSIDER, "read")
    share(emulator, "AlexW@contoso.com", "Kids parties", OUTSIDER, "limitedRead")
    store, snapshot_id = synced(emulator, tmp_path)
    everything = set(store.permissions(snapshot_id))
    changes = plan_rule(store, snapshot_id, Rule.EXTERNAL_ABOVE_FREE_BUSY,
                        Action.parse("role=freeBusyRead"))
    journal = journal_at(tmp_path)
    client = admin_client(emulator.base_url)
    result = apply(client, journal, preview(client, changes), identity=ADMIN, what="test")
    journal.set_expiry(result.run_id, MONDAY)
    store.close()
    return client, journal, everything


def test_an_expiry_is_undone_once_its_time_has_come_and_not_before(emulator, tmp_path):
    client, journal, everything = outsiders_lowered(emulator, tmp_path)
    before = writes(emulator)
    assert expire_due(client, journal, now=MONDAY - timedelta(minutes=1), identity=ADMIN) == []
    assert writes(emulator) == before
    expired = expire_due(client, journal, now=MONDAY, identity=ADMIN)
    assert [(e.expiry.run, e.done, e.result.summary) for e in expired] == [
        (1, True, "Run 2: 2 done, 0 skipped, 0 failed.")]
    assert live_rows(emulator, tmp_path) == everything
    assert journal.expiries() == []  # nothing due any more
    assert journal.expiries(pending=False)[0].reverted_by == 2
    assert expire_due(client, journal, now=MONDAY + timedelta(days=1), identity=ADMIN) == []
    client.close()
    journal.close()


def test_an_expiry_that_cannot_be_undone_whole_stays_due_and_says_why(emulator, tmp_path):
    client, journal, everything = outsiders_lowered(emulator, tmp_path)
    moved = next(r for r in everything
                 if r.person_address == OUTSIDER and r.calendar_name == "Calendar")
    set_role(emulator, moved, "limitedRead")  # someone changed it after the fix
    expired = expire_due(client, journal, now=MONDAY, identity=ADMIN)
    assert [(e.done, e.result.summary) for e in expired] == [
        (False, "Run 2: 1 done, 1 skipped, 0 failed.")]
    assert expired[0].problem.startswith("1 not put back: Changed since the snapshot")
    [still] = journal.expiries(due_by=MONDAY)
    assert (still.run, still.problem) == (1, expired[0].problem)
    client.close()
    journal.close()


def test_deputy_fix_until_then_deputy_expire(emulator, capsys):
    share(emulator, "AlexW@contoso.com", "Calendar", OUTSIDER, "read")
    admin = ["--demo", "--emulator", emulator.base_url, "--as-admin"]
    assert cli.main(["sync", *admin, "--all"]) == 0
    assert cli.main(["fix", "--rule", "external-above-free-busy", "--action",
                     "role=freeBusyRead", "--until", "2099-01-01T00:00Z", "--yes", *admin]) == 0
    assert "Run 1 lasts until " in capsys.readouterr().out
    assert cli.main(["expire", "--at", "2098-12-31T00:00Z", *admin]) == 0
    assert capsys.readouterr().out.startswith("Nothing is due.\nNext: run 1 at ")
    before = writes(emulator)
    assert cli.main(["expire", "--at", "2099-01-02T00:00Z", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Run 1 is due since ")
    assert writes(emulator) == before
    assert cli.main(["expire", "--at", "2099-01-02T00:00Z", *admin]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Run 1 is undone by run 2."
    assert writes(emulator) == before + 1
    assert cli.main(["fix", "--rule", "no-address", "--action", "remove", "--until",
                     "2001-01-01T00:00Z", *admin]) == 2
    assert "has passed already" in capsys.readouterr().err


def test_deputy_now_moves_the_clock_expire_goes_by(emulator, capsys, monkeypatch):
    share(emulator, "AlexW@contoso.com", "Calendar", OUTSIDER, "read")
    admin = ["--demo", "--emulator", emulator.base_url, "--as-admin"]
    assert cli.main(["sync", *admin, "--all"]) == 0
    assert cli.main(["fix", "--rule", "external-above-free-busy", "--action",
                     "role=freeBusyRead", "--until", "2099-01-01T00:00Z", "--yes", *admin]) == 0
    capsys.readouterr()
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "2099-01-01T00:01Z")
    assert now() == datetime(2099, 1, 1, 0, 1, tzinfo=UTC)
    assert cli.main(["expire", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Run 1 is due since ")
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "next tuesday")  # mistyped: the real clock
    assert now().year < 2099
    assert cli.main(["expire", "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Nothing is due.\nNext: run 1 at ")
