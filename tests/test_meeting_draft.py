"""The compose dialog's rules, and the sanitiser for meeting bodies, on their own."""

from __future__ import annotations

from datetime import datetime

from app.meetings.draft import (
    ATTENDEES,
    SUBJECT,
    TIMES,
    MeetingDraft,
    format_invitee,
    one_line,
    parse_attendees,
    split_last_attendee,
)
from app.meetings.safe_html import MAX_TABLE_DEPTH, sanitize, text_to_html

NINE, TEN = datetime(2030, 5, 6, 9, 0), datetime(2030, 5, 6, 10, 0)


def test_attendees_are_read_with_names_and_duplicates_dropped():
    invitees, problems = parse_attendees("Megan Bowen <MeganB@contoso.com>; meganb@contoso.com,"
                                         " ChristieC@contoso.com;;")
    assert [(i.name, i.address) for i in invitees] == [
        ("Megan Bowen", "MeganB@contoso.com"), ("", "ChristieC@contoso.com")]
    assert problems == []
    assert parse_attendees("christie")[1] == [
        "“christie” is not an email address: it needs an @ and a domain, like name@contoso.com."]


def test_attendees_pasted_from_outlook_keep_the_comma_in_a_quoted_name():
    pasted = '"Wilber, Alex" <AlexW@contoso.com>; Megan Bowen <MeganB@contoso.com>'
    invitees, problems = parse_attendees(pasted)
    assert [(i.name, i.address) for i in invitees] == [
        ("Wilber, Alex", "AlexW@contoso.com"), ("Megan Bowen", "MeganB@contoso.com")]
    assert problems == []
    # Commas and new lines separate people too (a column pasted from a spreadsheet).
    invitees, problems = parse_attendees(
        '"Wilber, Alex" <AlexW@contoso.com>, LeeG@contoso.com\nChristieC@contoso.com;')
    assert [i.address for i in invitees] == ["AlexW@contoso.com", "LeeG@contoso.com",
                                             "ChristieC@contoso.com"]
    assert problems == []


def test_a_pasted_column_of_people_becomes_one_line():
    assert one_line("a@contoso.com\r\nb@contoso.com;\n\n c@contoso.com\n") == \
        "a@contoso.com; b@contoso.com; c@contoso.com"
    assert one_line("a@contoso.com; b@contoso.com") == "a@contoso.com; b@contoso.com"


def test_an_unquoted_comma_in_a_name_is_refused_with_the_fix():
    invitees, problems = parse_attendees("Wilber, Alex <AlexW@contoso.com>")
    assert problems == ['“Wilber” is not an email address. If “Wilber, Alex” is one name, '
                        'put it in quotes: "Wilber, Alex" <AlexW@contoso.com>']
    assert [i.address for i in invitees] == ["AlexW@contoso.com"]


def test_what_is_not_an_address_is_quoted_as_typed():
    assert parse_attendees("a@contoso.com b@contoso.com")[1] == [
        "“a@contoso.com b@contoso.com” is not a valid email address. Check for spaces or a "
        "missing domain."]
    assert parse_attendees("Megan <meganb@>")[1] == [
        "“meganb@” is not a valid email address. Check for spaces or a missing domain."]
    assert parse_attendees("Megan Bowen")[1][0].startswith("“Megan Bowen” is not an email")


def test_a_suggestion_is_written_as_it_parses_back():
    for name in ("Wilber, Alex", "Alex Wilber", 'Pat "Ace" O\'Neil', "Lee Gu (IT)", "Zoë Ø"):
        text = format_invitee(name, "someone@contoso.com")
        assert parse_attendees(f"{text}; LeeG@contoso.com")[0][0].name == name, text
    assert format_invitee("Wilber, Alex", "AlexW@contoso.com") == \
        '"Wilber, Alex" <AlexW@contoso.com>'
    assert format_invitee("Zoë Ø", "z@contoso.com") == "Zoë Ø <z@contoso.com>"  # readable
    assert format_invitee("", "z@contoso.com") == "z@contoso.com"


def test_the_completer_completes_only_the_person_being_typed():
    assert split_last_attendee('"Wilber, Alex" <AlexW@contoso.com>; meg') == (
        '"Wilber, Alex" <AlexW@contoso.com>;', "meg")
    assert split_last_attendee('"Wilber, Al') == ("", '"Wilber, Al')
    assert split_last_attendee("") == ("", "")


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


def test_tables_nested_past_what_qt_lays_out_keep_their_text_flattened():
    deep = "<table><tr><td>" * 40 + "deep" + "</td></tr></table>" * 40
    kept = sanitize(deep)
    assert kept.count("<table>") == kept.count("</table>") == MAX_TABLE_DEPTH
    assert "deep" in kept
    side_by_side = "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
    assert sanitize("<table><tr><td>" * 4 + side_by_side + "</td></tr></table>" * 4
                    ).count("<table>") == MAX_TABLE_DEPTH  # the fifth: "a b <br>c"


def test_a_self_closed_script_or_an_embed_drops_nothing_after_it():
    assert sanitize("<p>a</p><script/><p>b</p><svg/><p>c</p><embed src=x><p>d</p>") == (
        "<p>a</p><p>b</p><p>c</p><p>d</p>")

