"""A ``$batch`` sub-response whose body is text, not JSON (quirk ``text-batch-body``,
msgraph-sdk-java#2472), read by the admin's sharing audit as ``deputy sync`` reads it."""

from __future__ import annotations

from app.graph.audit import read_sharing
from tests.graph.client.conftest import set_faults
from tests.graph_client import ADELE, ALEX

MAILBOXES = [ALEX, ADELE]


def test_a_text_body_on_a_refused_sub_request_is_sent_again_and_read(library, emulator,
                                                                     caplog):
    emulator.set_quirks(emulator.quirks.plus("text-batch-body"))
    _, client, sleep = library(None)
    set_faults(emulator, in_batch=True, fail_next=2, fail_with=[503], retry_after=2)

    read = read_sharing(client, MAILBOXES)

    assert all(sharing.complete for sharing in read.values())
    assert read[ALEX].calendars and read[ALEX].permissions
    assert sleep.waits == [2.0]  # the text answer's Retry-After was honoured
    assert any("had a text body" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.exc_info]


def test_a_text_body_that_stays_becomes_one_sentence_per_mailbox_never_an_exception(
        library, emulator, caplog):
    emulator.set_quirks(emulator.quirks.plus("text-batch-body"))
    _, client, _ = library(None)
    set_faults(emulator, in_batch=True, fail_rate=1, fail_with=[502])

    read = read_sharing(client, MAILBOXES)

    for sharing in read.values():
        assert not sharing.complete
        assert sharing.problems[0] == (
            "Could not read the calendars: Microsoft 365 answered in a form Deputy can't "
            "read (“Bad Gateway”). Try again in a few minutes; if it keeps happening, the "
            "request-id in Deputy's log helps Microsoft support.")
    assert not [r for r in caplog.records if r.exc_info]


def test_without_the_quirk_the_same_failure_is_graphs_json_error(library, emulator):
    emulator.set_quirks(emulator.quirks.without("text-batch-body"))
    _, client, _ = library(None)
    set_faults(emulator, in_batch=True, fail_rate=1, fail_with=[502])

    read = read_sharing(client, [ALEX])

    assert read[ALEX].problems[0].startswith(
        "Could not read the calendars: Microsoft 365 could not be reached")
