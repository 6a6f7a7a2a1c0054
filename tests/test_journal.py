"""The change journal's file: filters, CSV export, the user's only, a broken one set aside."""

from __future__ import annotations

import csv
import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest

from app.journal import (
    CSV_HEADERS,
    DONE,
    ChangeDraft,
    ChangeJournal,
    ChangeKind,
    Settlement,
    failed_outcome,
    skipped_outcome,
)
from tests.platforms import readable_by_the_user_alone

ADELE = "Adele Vance (AdeleV@contoso.com)"
ALEX = "Alex Wilber <AlexW@contoso.com>"
MONDAY = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)


def _journal(tmp_path) -> ChangeJournal:
    journal = ChangeJournal(tmp_path / "journal.db")
    journal.record(ChangeDraft(ChangeKind.ROLE_CHANGED, ALEX, "Alex Wilber's Calendar — Zoë Ng",
                               "Can view", "Can edit"),
                   identity=ADELE, request_id="r-1", outcome=DONE, time=MONDAY)
    journal.record(ChangeDraft(ChangeKind.PERMISSION_REMOVED, ALEX,
                               "Alex Wilber's Kids parties — Megan Bowen", "Can view",
                               "No access"),
                   identity=ADELE, request_id="r-2", outcome=failed_outcome("It is gone."),
                   time=MONDAY + timedelta(days=1))
    journal.record(ChangeDraft(ChangeKind.INVITATION_SENT, ALEX, "Board dinner", "",
                               "Sent to Megan Bowen"),
                   identity=ADELE, request_id="r-3", outcome=DONE, time=MONDAY + timedelta(days=2))
    return journal


def test_changes_come_back_newest_first_with_everything_recorded(tmp_path):
    journal = _journal(tmp_path)
    entries = journal.entries()
    assert [e.request_id for e in entries] == ["r-3", "r-2", "r-1"]
    oldest = entries[-1]
    assert (oldest.time, oldest.identity, oldest.on_behalf, oldest.kind, oldest.target,
            oldest.before, oldest.after, oldest.outcome) == (
        "2026-11-16T09:30:00+00:00", ADELE, ALEX, ChangeKind.ROLE_CHANGED,
        "Alex Wilber's Calendar — Zoë Ng", "Can view", "Can edit", "done")
    assert not oldest.failed and entries[1].failed
    assert entries[1].outcome == "failed: It is gone."
    journal.close()
    reopened = ChangeJournal(tmp_path / "journal.db")
    assert reopened.entries() == entries
    reopened.close()


def test_filters_by_kind_text_and_time(tmp_path):
    journal = _journal(tmp_path)
    assert [e.request_id for e in journal.entries(kind=ChangeKind.ROLE_CHANGED)] == ["r-1"]
    assert [e.request_id for e in journal.entries(text="ZOË")] == ["r-1"]  # not ASCII only
    assert [e.request_id for e in journal.entries(text="kids")] == ["r-2"]
    assert [e.request_id for e in journal.entries(text="R-3")] == ["r-3"]  # request ids too
    assert [e.request_id for e in journal.entries(text="failed")] == ["r-2"]
    assert [e.request_id for e in journal.entries(since=MONDAY + timedelta(hours=1))] == [
        "r-3", "r-2"]
    assert journal.entries(kind=ChangeKind.INVITATION_SENT, text="Zoë") == []
    journal.close()


def test_a_run_s_items_settle_together_each_sent_one_recorded_with_its_request_id(
        tmp_path):
    journal = ChangeJournal(tmp_path / "journal.db")
    run_id, items = journal.begin_run(identity=ADELE, what="remove",
                                      details=[{"n": n} for n in range(4)])
    assert [item.detail for item in journal.run_items(run_id)] == [{"n": n} for n in range(4)]
    removed = ChangeDraft(ChangeKind.PERMISSION_REMOVED, ALEX, "Alex Wilber's Calendar — Zoë Ng",
                          "Can view", "No access")
    journal.settle_all([Settlement(items[0], DONE, removed, "r-0"),
                        Settlement(items[1], skipped_outcome("Gone.")),
                        Settlement(items[2], failed_outcome("Refused."), removed, "r-2")],
                       identity=ADELE, time=MONDAY)
    kept = journal.run_items(run_id)
    assert [(i.outcome, i.request_id) for i in kept] == [
        (DONE, "r-0"), ("skipped: Gone.", ""), ("failed: Refused.", "r-2"), ("not sent", "")]
    assert sorted((e.request_id, e.outcome, e.target) for e in journal.entries()) == [
        ("r-0", DONE, removed.target), ("r-2", "failed: Refused.", removed.target)]
    journal.close()


def test_settling_that_fails_half_way_records_none_of_it(tmp_path):
    """All or none: a change is never recorded without its item saying so (a Deputy
    stopped while writing leaves the answers' items "not sent", as before they came)."""
    journal = ChangeJournal(tmp_path / "journal.db")
    run_id, items = journal.begin_run(identity=ADELE, what="remove", details=[{}, {}])
    removed = ChangeDraft(ChangeKind.PERMISSION_REMOVED, ALEX, "Alex Wilber's Calendar — Zoë Ng")
    with pytest.raises(sqlite3.IntegrityError):  # the second item: no outcome
        journal.settle_all([Settlement(items[0], DONE, removed, "r-0"),
                            Settlement(items[1], None, removed, "r-1")],  # type: ignore[arg-type]
                           identity=ADELE)
    assert [i.outcome for i in journal.run_items(run_id)] == ["not sent", "not sent"]
    assert journal.entries() == []
    journal.settle_all([Settlement(items[0], DONE, removed, "r-0")], identity=ADELE)
    assert [i.outcome for i in journal.run_items(run_id)] == [DONE, "not sent"]
    journal.close()


def test_changes_recorded_from_many_threads_are_all_kept(tmp_path):
    journal = ChangeJournal(tmp_path / "journal.db")

    def record(n: int) -> None:
        for i in range(25):
            journal.record(ChangeDraft(ChangeKind.DELIVERY_OPTION, ALEX, f"{n}-{i}"),
                           identity=ADELE, request_id=f"{n}-{i}", outcome=DONE)

    threads = [threading.Thread(target=record, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({e.request_id for e in journal.entries()}) == 100
    journal.close()


def test_the_csv_export_reads_back_as_recorded(tmp_path):
    journal = _journal(tmp_path)
    journal.record(ChangeDraft(ChangeKind.PERMISSION_ADDED, 'Wilber, Alex "AJ" <AlexW@contoso.com>',
                               'Alex Wilber\'s Calendar — Booth, Samantha "Sam"', "No access",
                               "Can view when I'm busy"),
                   identity=ADELE, request_id="r-4", outcome=DONE)
    path = tmp_path / "out" / "changes.csv"
    assert journal.export_csv(path) == 4
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel takes it as UTF-8 only with the mark
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == CSV_HEADERS
    expected = [(e.time, e.identity, e.on_behalf, e.kind.value, e.target, e.before, e.after,
                 e.request_id, e.outcome) for e in journal.entries()]
    assert [tuple(r) for r in rows[1:]] == expected
    assert rows[1][2] == 'Wilber, Alex "AJ" <AlexW@contoso.com>'
    assert not list(path.parent.glob(".changes.csv.*"))  # no temporary file left
    journal.close()


def test_the_export_takes_filters_and_defuses_formulas(tmp_path):
    journal = _journal(tmp_path)
    journal.record(ChangeDraft(ChangeKind.RESPONSE_SENT, ALEX, "=HYPERLINK(\"http://x\")",
                               "", "Accepted"),
                   identity=ADELE, request_id="r-5", outcome=DONE)
    path = tmp_path / "responses.csv"
    assert journal.export_csv(path, kind=ChangeKind.RESPONSE_SENT) == 1
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows) == 2
    assert rows[1][4] == "'=HYPERLINK(\"http://x\")"  # shown as text, never run
    journal.close()


def test_the_journal_is_the_users_only_and_a_broken_one_is_set_aside(tmp_path):
    path = tmp_path / "journal.db"
    journal = _journal(tmp_path)
    journal.close()
    assert readable_by_the_user_alone(path)
    path.write_bytes(b"this is not a database" * 100)
    journal = ChangeJournal(path)
    assert journal.notice.startswith("The change journal could not be read, so Deputy moved "
                                     "it to journal.db.broken-")
    assert journal.entries() == []
    journal.record(ChangeDraft(ChangeKind.CALENDAR_RENAMED, ADELE, "Alex Wilber's Kids parties",
                               "Kids parties", "Alex's kids"),
                   identity=ADELE, request_id="r-9", outcome=DONE)
    assert [e.request_id for e in journal.entries()] == ["r-9"]
    assert len(list(tmp_path.glob("journal.db.broken-*"))) == 1
    journal.close()
