"""The compose dialog's rules, and the sanitiser for meeting bodies, on their own."""

from __future__ import annotations

from datetime import datetime

from app.meeting_draft import ATTENDEES, SUBJECT, TIMES, MeetingDraft, parse_attendees
from app.safe_html import sanitize, text_to_html

NINE, TEN = datetime(2030, 5, 6, 9, 0), datetime(2030, 5, 6, 10, 0)


def test_attendees_are_read_with_names_and_duplicates_dropped():
    invitees, problems = parse_attendees("Megan Bowen <MeganB@contoso.com>; meganb@contoso.com,"
                                         " ChristieC@contoso.com;;")
    assert [(i.name, i.address) for i in invitees] == [
        ("Megan Bowen", "MeganB@contoso.com"), ("", "ChristieC@contoso.com")]
    assert problems == []
    assert parse_attendees("christie")[1] == [
        "“christie” is not an email address: it needs an @ and a domain, like name@contoso.com."]


def test_a_draft_says_what_to_fix_before_it_can_go():
    draft = MeetingDraft(subject=" ", attendees="a@contoso.com; b@", start=TEN, end=NINE)
    assert set(draft.problems()) == {SUBJECT, ATTENDEES, TIMES}
    assert draft.problems()[TIMES] == "The meeting must end after it starts."
    draft.all_day = True  # same day, all day: fine
    assert TIMES not in draft.problems()


def test_a_draft_becomes_the_event_graph_expects():
    draft = MeetingDraft(subject="Board dinner", attendees="Lee Gu <LeeG@contoso.com>",
                         start=NINE, end=TEN, time_zone="Pacific Standard Time",
                         location="Harbor Grill", body="Bring <slides>\n\nThanks")
    event = draft.to_json()
    assert event["start"] == {"dateTime": "2030-05-06T09:00:00",
                              "timeZone": "Pacific Standard Time"}
    assert event["attendees"] == [{"emailAddress": {"address": "LeeG@contoso.com",
                                                    "name": "Lee Gu"}, "type": "required"}]
    assert event["transactionId"] == draft.transaction_id == draft.to_json()["transactionId"]
    assert event["body"]["content"] == "<p>Bring &lt;slides&gt;</p><p>Thanks</p>"
    all_day = MeetingDraft(subject="Offsite", start=NINE, end=NINE, all_day=True).to_json()
    assert (all_day["start"]["dateTime"], all_day["end"]["dateTime"]) == (
        "2030-05-06T00:00:00", "2030-05-07T00:00:00")


def test_the_sanitiser_keeps_text_and_links_and_drops_what_could_act():
    html = ("<html><head><style>p{}</style></head><body><p onclick='x()'>Hi <b>all</b></p>"
            "<script>steal()</script><iframe src='https://evil'></iframe>"
            "<img src='https://tracker/p.png'><img src='x' alt='chart'>"
            "<a href='javascript:go()'>bad</a><a href='https://contoso.com' target=_blank>ok</a>"
            "<form><input value=1></form><unknown>text</unknown></body></html>")
    assert sanitize(html) == ("<p>Hi <b>all</b></p>[image not loaded][image: chart]"
                              "<a>bad</a><a href=\"https://contoso.com\">ok</a>text")
    assert text_to_html("a & b") == "<p>a &amp; b</p>"
