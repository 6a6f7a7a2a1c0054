"""Copy a delegate set-up against the emulator over HTTP (Contoso: Alex Wilber has two
delegates, Adele with "Delegate" and Megan with private events, and sends meeting
requests to his delegates only; Patti and Lee have other set-ups): the dry run writes
nothing, applying makes the targets' set-ups the source's as a fresh client reads them,
undo puts back what was there."""

from __future__ import annotations

import pytest

from app import cli
from app.fixes.apply import apply
from app.fixes.copy_cli import KEPT_HINT
from app.fixes.copy_setup import best_role, plan_copy, plan_from
from app.fixes.delivery import DELIVERY
from app.fixes.plan import PlanError
from app.fixes.preview import INVITATION, NO_PUTTING_BACK, Status, notice_of, preview
from app.fixes.undo import undo_plan
from app.graph.audit import MailboxSharing
from app.graph.http import GraphClient
from app.graph.resources import Calendar, CalendarPermission, EmailAddress
from tests.fixes.helpers import journal_at, writes
from tests.fixes.test_fix_cli import as_admin, deputy
from tests.graph.client.conftest import set_faults
from tests.test_snapshots import admin_client

# Counts of the Contoso seed as the service shows it (see service_profile).
pytestmark = pytest.mark.usefixtures("service_profile")

ALEX, PATTI, LEE = "AlexW@contoso.com", "PattiF@contoso.com", "LeeG@contoso.com"
ALEX_SET_UP = ({"adelev@contoso.com": "delegateWithoutPrivateEventAccess",
                "meganb@contoso.com": "delegateWithPrivateEventAccess"}, "sendToDelegateOnly")
NAMES = {ALEX: "Alex Wilber", PATTI: "Patti Fernandez", LEE: "Lee Gu"}


def everyone(client: GraphClient, mailbox: str) -> list[tuple[str, str]]:
    """Every entry of the primary calendar, (address or name, role), sorted."""
    found = client.get_all(f"/users/{mailbox}/calendar/calendarPermissions",
                           scopes=["Calendars.Read"])
    return sorted(((p.get("emailAddress") or {}).get("address")
                   or (p.get("emailAddress") or {}).get("name") or "?", p["role"])
                  for p in found)


def set_up(client: GraphClient, mailbox: str) -> tuple[dict[str, str], str]:
    """The people of the primary calendar (address: role) and the delivery option."""
    people = {who.casefold(): role for who, role in everyone(client, mailbox)
              if "@" in who and who.casefold() != mailbox.casefold()}
    settings = client.get(f"/users/{mailbox}/mailboxSettings", scopes=["MailboxSettings.Read"])
    return people, settings[DELIVERY]


def state(server, *mailboxes: str) -> dict[str, tuple[list[tuple[str, str]], str]]:
    """Each mailbox's whole primary calendar and delivery option, read by a fresh client."""
    client = admin_client(server.base_url)
    try:
        return {m: (everyone(client, m), set_up(client, m)[1]) for m in mailboxes}
    finally:
        client.close()


def copied(server, *, remove_others: bool, tmp_path):
    """Plan, preview and apply Alex's set-up onto Patti's and Lee's; the plan, the
    preview and the run."""
    client = admin_client(server.base_url)
    journal = journal_at(tmp_path)
    try:
        plan = plan_copy(client, ALEX, [PATTI, LEE], remove_others=remove_others, names=NAMES)
        checked = preview(client, plan.changes)
        result = apply(client, journal, checked, identity="Administrator (app-only)",
                       what=plan.what(NAMES))
        return plan, checked, result
    finally:
        client.close()
        journal.close()


def undone(server, run_id: int, tmp_path):
    client = admin_client(server.base_url)
    journal = journal_at(tmp_path)
    try:
        run, changes = undo_plan(journal, run_id)
        checked = preview(client, changes)
        return checked, apply(client, journal, checked, identity="Administrator (app-only)",
                              what=f"undo run {run.id}", undoes=run.id)
    finally:
        client.close()
        journal.close()


def test_a_dry_run_writes_nothing_and_says_what_it_keeps_and_sends(emulator):
    before = writes(emulator)
    client = admin_client(emulator.base_url)
    try:
        plan = plan_copy(client, ALEX, [PATTI, LEE], names=NAMES)
        checked = preview(client, plan.changes)
    finally:
        client.close()
    assert writes(emulator) == before
    rows = [(c.change.mailbox, c.change.person, c.change.before, c.change.after, c.status)
            for c in checked]
    assert rows == [
        (PATTI, "Adele Vance <AdeleV@contoso.com>", "delegateWithPrivateEventAccess",
         "delegateWithoutPrivateEventAccess", Status.READY),
        (PATTI, "Megan Bowen <MeganB@contoso.com>", None, "delegateWithPrivateEventAccess",
         Status.READY),
        (PATTI, "Meeting requests", "sendToDelegateAndPrincipal", "sendToDelegateOnly",
         Status.READY),
        (LEE, "Adele Vance <AdeleV@contoso.com>", "read", "delegateWithoutPrivateEventAccess",
         Status.READY),
        (LEE, "Megan Bowen <MeganB@contoso.com>", None, "delegateWithPrivateEventAccess",
         Status.READY),
        (LEE, "Meeting requests", "sendToDelegateOnly", "sendToDelegateOnly", Status.ALREADY)]
    assert [c.notice for c in checked if c.change.is_addition] == [INVITATION] * 2
    assert plan.kept == 3
    assert plan.notes == [
        "Kept on Patti Fernandez's calendar, though not on Alex Wilber's: Christie Cline, "
        "Unknown person.",
        "Kept on Lee Gu's calendar, though not on Alex Wilber's: Isaiah Langer."]


def test_applying_makes_the_targets_set_up_the_source_s_and_undo_puts_it_back(
        emulator, tmp_path):
    before = state(emulator, PATTI, LEE)
    kept = {PATTI: [("ChristieC@contoso.com", "custom"), ("?", "limitedRead")],
            LEE: [("Isaiah Langer", "read")]}
    _, _, result = copied(emulator, remove_others=False, tmp_path=tmp_path)
    assert result.summary == "Run 1: 5 done, 1 skipped, 0 failed."
    assert all(o.request_id for o in result.outcomes if o.done)
    client = admin_client(emulator.base_url)
    try:
        assert set_up(client, ALEX) == ALEX_SET_UP  # the source is only read
        for target in (PATTI, LEE):
            people, option = set_up(client, target)
            assert option == ALEX_SET_UP[1]
            assert {a: r for a, r in people.items() if a in ALEX_SET_UP[0]} == ALEX_SET_UP[0]
            assert all(entry in everyone(client, target) for entry in kept[target])
    finally:
        client.close()
    _, undo = undone(emulator, result.run_id, tmp_path)
    assert undo.summary == "Run 2: 5 done, 0 skipped, 0 failed."
    assert state(emulator, PATTI, LEE) == before
    journal = journal_at(tmp_path)
    try:
        kinds = sorted(str(e.kind) for e in journal.entries() if e.outcome == "done")
        assert kinds.count("delivery option") == 2  # Patti's, and its undo
    finally:
        journal.close()


def test_removing_the_others_leaves_exactly_the_source_s_people(emulator, tmp_path):
    plan, checked, result = copied(emulator, remove_others=True, tmp_path=tmp_path)
    assert plan.kept == 0 and plan.notes == []
    removed = [c for c in checked if c.change.is_removal]
    assert sorted(c.change.person for c in removed) == [
        "Christie Cline <ChristieC@contoso.com>", "Isaiah Langer", "Unknown person"]
    # What undo can't put back is said before anything is sent.
    assert all(NO_PUTTING_BACK.split("{")[0] in c.notice for c in removed)
    assert result.count("failed") == 0
    client = admin_client(emulator.base_url)
    try:
        for target in (PATTI, LEE):
            assert set_up(client, target) == ALEX_SET_UP
            assert [who for who, _ in everyone(client, target) if "@" not in who] == [
                "My Organization"]
    finally:
        client.close()


def test_a_role_the_target_does_not_allow_is_lowered_and_said():
    assert best_role("delegateWithPrivateEventAccess", ["freeBusyRead", "read"]) == "read"
    assert best_role("write", ["none"]) is None

    def sharing(mailbox: str, *people: tuple[str, str, list[str]]) -> MailboxSharing:
        calendar = Calendar(id=f"{mailbox}-primary", name="Calendar", is_default_calendar=True)
        permissions = [CalendarPermission(id=address, role=role, allowed_roles=allowed,
                                          email_address=EmailAddress(name=address, address=address))
                       for address, role, allowed in people]
        return MailboxSharing(mailbox, [calendar], {calendar.id: permissions},
                              "sendToDelegateOnly")

    delegate = "delegateWithPrivateEventAccess"
    source = sharing(ALEX, ("ana@contoso.com", delegate, ["read", "write", delegate]))
    target = sharing(LEE, ("ana@contoso.com", "read", ["freeBusyRead", "read", "write"]))
    plan = plan_from(source, [target], names=NAMES)
    lowered = plan.changes[0]
    assert (lowered.before, lowered.after) == ("read", "write")
    assert lowered.note == "Lowered from “Delegate, with private events”, the most this " \
                           "permission allows."
    assert notice_of(lowered).endswith(lowered.note)  # said in the preview


def test_a_source_that_is_also_a_target_is_refused(emulator):
    client = admin_client(emulator.base_url)
    try:
        with pytest.raises(PlanError, match="can't be a target too"):
            plan_copy(client, ALEX, [LEE, ALEX.lower()])
    finally:
        client.close()


def test_deputy_copy_delegates_previews_then_sends_then_undo(emulator, capsys):
    before = writes(emulator)
    code, out, err = deputy(capsys, "copy-delegates", "--from", "alexw@contoso.com", "--to",
                            f"{PATTI}, {LEE}", "--dry-run", *as_admin(emulator))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["#", "Mailbox", "Calendar", "Person"]
    assert "Left as it is:" in lines and f"  {KEPT_HINT}" in lines
    assert f"  2 changes: {INVITATION}" in lines
    assert lines[-1] == ("Nothing was changed: this was a preview. Add --yes to send the 5 "
                         "changes above.")
    assert writes(emulator) == before
    code, out, err = deputy(capsys, "copy-delegates", "--from", ALEX, "--to", LEE, "--yes",
                            *as_admin(emulator))
    assert (code, err) == (0, "")
    assert "Run 1: 2 done, 1 skipped, 0 failed." in out.splitlines()
    client = admin_client(emulator.base_url)
    try:
        people, _ = set_up(client, LEE)
        assert {a: r for a, r in people.items() if a in ALEX_SET_UP[0]} == ALEX_SET_UP[0]
    finally:
        client.close()
    code, out, _ = deputy(capsys, "undo", "1", "--yes", *as_admin(emulator))
    assert code == 0 and "Run 2: 2 done, 0 skipped, 0 failed." in out.splitlines()
    code, _, err = deputy(capsys, "copy-delegates", "--from", ALEX, "--to", ALEX,
                          "--dry-run", *as_admin(emulator))
    assert code == 2 and "can't be a target too" in err
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "  copy-delegates   " in capsys.readouterr().out


def test_with_throttling_inside_the_batches_the_copy_ends_as_without(emulator, tmp_path):
    """429 and 503 refusals inside $batch, on a third of the sub-requests, are resent
    after Retry-After: the tenant ends as the source's set-up (people and delivery
    option), every change journalled with its request-id."""
    client = admin_client(emulator.base_url)
    journal = journal_at(tmp_path)
    try:
        plan = plan_copy(client, ALEX, [PATTI, LEE], remove_others=True, names=NAMES)
        checked = preview(client, plan.changes)
        set_faults(emulator, fail_rate=0.3, random_seed=3, retry_after=0,
                   fail_with=[429, 503], in_batch=True)
        try:
            result = apply(client, journal, checked, identity="Administrator (app-only)",
                           what=plan.what(NAMES))
        finally:
            set_faults(emulator)
        assert client.stats.retries > 0  # the faults were met
        assert result.count("done") == sum(c.ready for c in checked), result.summary
        assert all(item.request_id for item in journal.run_items(result.run_id) if item.done)
        for target in (PATTI, LEE):
            assert set_up(client, target) == ALEX_SET_UP
    finally:
        client.close()
        journal.close()


def test_a_copy_until_a_moment_is_put_back_by_deputy_expire_then(emulator, capsys):
    before = state(emulator, PATTI)
    code, out, err = deputy(capsys, "copy-delegates", "--from", ALEX, "--to", PATTI,
                            "--until", "2099-01-01T09:00Z", "--yes", *as_admin(emulator))
    assert (code, err) == (0, "")
    assert any(line.startswith("Run 1 lasts until ") for line in out.splitlines())
    assert state(emulator, PATTI)[PATTI][1] == ALEX_SET_UP[1]
    code, out, _ = deputy(capsys, "expire", "--at", "2099-01-01T09:01Z", *as_admin(emulator))
    assert code == 0 and out.splitlines()[-1] == "Run 1 is undone by run 2."
    assert state(emulator, PATTI) == before  # people, roles and the delivery option
