"""``deputy fix`` and ``deputy undo`` as an administrator runs them, against the
emulator over HTTP: a preview that writes nothing, --yes, a CSV, undo."""

from __future__ import annotations

import csv
import sqlite3

from app import cli
from app.fixes.preview import INVITATION
from app.journal import ChangeJournal
from app.paths import data_dir
from tests.fixes.helpers import OUTSIDER, share, writes


def deputy(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def as_admin(emulator) -> list[str]:
    return ["--demo", "--emulator", emulator.base_url, "--as-admin"]


def synced_with_outsiders(emulator, capsys) -> None:
    share(emulator, "AlexW@contoso.com", "Calendar", OUTSIDER, "read")
    share(emulator, "AlexW@contoso.com", "Kids parties", OUTSIDER, "limitedRead")
    code, _, err = deputy(capsys, "sync", *as_admin(emulator), "--all")
    assert code == 0, err


def test_fix_previews_without_yes_then_applies_and_undo_puts_it_back(emulator, capsys):
    synced_with_outsiders(emulator, capsys)
    before = writes(emulator)
    for dry in (["--dry-run"], []):
        code, out, err = deputy(capsys, "fix", "--rule", "external-above-free-busy",
                                "--action", "remove", *dry, *as_admin(emulator))
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0].split() == ["#", "Mailbox", "Calendar", "Person", "Before", "After",
                                    "Status"]
        assert [line.split()[:3] for line in lines[1:3]] == [
            ["1", "AlexW@contoso.com", "Calendar"], ["2", "AlexW@contoso.com", "Kids"]]
        assert "  2 changes: Removing sends no mail. The person's copy of the calendar " \
               "disappears from their Outlook." in lines
        assert lines[-1] == ("Nothing was changed: this was a preview. Add --yes to send "
                             "the 2 changes above.")
        assert writes(emulator) == before
    code, out, err = deputy(capsys, "fix", "--rule", "external-above-free-busy", "--action",
                            "remove", "--yes", *as_admin(emulator))
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        "Run 1: 2 done, 0 skipped, 0 failed.",
        "To put it back: deputy undo 1 --yes (with the same sign-in options)."]
    assert writes(emulator) == before + 2
    code, out, _ = deputy(capsys, "undo", "1", *as_admin(emulator))
    assert code == 0 and f"  2 changes: {INVITATION}" in out.splitlines()
    assert writes(emulator) == before + 2
    code, out, _ = deputy(capsys, "undo", "1", "--yes", *as_admin(emulator))
    assert code == 0 and "Run 2: 2 done, 0 skipped, 0 failed." in out.splitlines()
    journal = ChangeJournal(data_dir() / "journal.db")
    kinds = sorted(str(e.kind) for e in journal.entries())
    assert kinds == ["permission added"] * 2 + ["permission removed"] * 2
    assert all(e.request_id for e in journal.entries())
    assert journal.run(2).undoes == 1
    journal.close()


def test_fix_from_a_report_csv_changes_only_its_rows(emulator, capsys, tmp_path):
    synced_with_outsiders(emulator, capsys)
    report = tmp_path / "findings.csv"
    code, _, err = deputy(capsys, "report", "--format", "csv", "--table", "findings",
                          "--out", str(report))
    assert code == 0, err
    with report.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    kept = [rows[0]] + [r for r in rows[1:] if r[2] == "Kids parties" and r[4] == OUTSIDER]
    assert len(kept) == 2
    wanted = tmp_path / "wanted.csv"
    with wanted.open("w", encoding="utf-8-sig", newline="") as stream:
        made_up = ["Made up", "AlexW@contoso.com", "Nowhere", "X", "x@y.z"]
        csv.writer(stream).writerows([*kept, made_up])
    before = writes(emulator)
    code, out, err = deputy(capsys, "fix", "--from", str(wanted), "--action",
                            "role=freeBusyRead", "--yes", *as_admin(emulator))
    assert code == 0
    assert err == ("deputy fix: Line 3 (AlexW@contoso.com, Nowhere, x@y.z) is not in "
                   "snapshot 1.\n")
    assert "Run 1: 1 done, 0 skipped, 0 failed." in out.splitlines()
    assert writes(emulator) == before + 1


def test_fix_says_what_is_wrong_with_the_command(emulator, capsys):
    synced_with_outsiders(emulator, capsys)
    code, _, err = deputy(capsys, "fix", "--rule", "outsiders", "--action", "remove",
                          *as_admin(emulator))
    assert code == 2 and err.startswith("deputy fix: There is no rule 'outsiders'; the "
                                        "rules are external-above-free-busy, ")
    code, _, err = deputy(capsys, "fix", "--rule", "no-address", "--action", "role=owner",
                          *as_admin(emulator))
    assert code == 2 and "role=ROLE" in err
    code, _, err = deputy(capsys, "undo", "9", *as_admin(emulator))
    assert (code, err) == (2, "deputy undo: There is no run 9 in the change journal (runs: "
                              "none yet).\n")


def test_undo_of_a_run_deputy_never_finished_reads_the_tenant_first(emulator, capsys):
    """Deputy sent a fix and ended before any answer was written down (killed, the
    computer off): the journal holds the run "running", every change "not sent".
    ``deputy undo`` reads the tenant back first, finds both changes made, and undoes
    them: without that it would find nothing to undo."""
    synced_with_outsiders(emulator, capsys)
    before = writes(emulator)
    code, _, err = deputy(capsys, "fix", "--rule", "external-above-free-busy", "--action",
                          "remove", "--yes", *as_admin(emulator))
    assert (code, err) == (0, "")
    # The journal as such a Deputy leaves it: the run and its items written before
    # sending, nothing after.
    db = sqlite3.connect(data_dir() / "journal.db")
    with db:
        db.execute("UPDATE runs SET status = 'running', finished = NULL")
        db.execute("UPDATE run_items SET outcome = 'not sent', change_id = NULL")
        db.execute("DELETE FROM changes")
    db.close()
    code, out, err = deputy(capsys, "undo", "1", "--yes", *as_admin(emulator))
    assert (code, err) == (0, "")
    assert ("Run 1 was interrupted; 2 of its changes that had no answer were made, as the "
            "tenant shows: they are undone too.") in out.splitlines()
    assert "Run 2: 2 done, 0 skipped, 0 failed." in out.splitlines()
    assert writes(emulator) == before + 4
    journal = ChangeJournal(data_dir() / "journal.db")
    assert journal.run(1).status == "stopped" and journal.run(2).undoes == 1
    journal.close()
