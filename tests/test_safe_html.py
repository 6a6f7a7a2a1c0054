"""The sanitizer for meeting bodies on its own: what an unfinished or crafted body shows.

Bodies from the corpus of known bypasses and real invitations are in test_body_corpus.py;
properties over any input in test_safe_html_properties.py."""

from __future__ import annotations

import time

import pytest

from app.meetings.html_tokens import EndTag, StartTag, Text, tokens
from app.meetings.safe_html import MAX_RUN, MAX_SHOWN, TOO_LONG, sanitize

UNCLOSED = ["iframe", "noscript", "noembed", "noframes", "textarea", "title", "style",
            "script", "object", "template", "form", "svg", "math", "head", "select",
            "button", "audio", "video", "canvas", "applet", "frameset"]


@pytest.mark.parametrize("element", UNCLOSED)
def test_a_dropped_element_that_never_closes_hides_nothing_after_it(element):
    body = f"<p>Agenda</p><{element} src='https://tracker.example/x'><p>Budget <b>Q3</b></p>"
    assert sanitize(body) == "<p>Agenda</p><p>Budget <b>Q3</b></p>"
    assert sanitize(f"<p>a</p><{element}/><p>b</p>") == "<p>a</p><p>b</p>"


@pytest.mark.parametrize("element", UNCLOSED)
def test_a_dropped_element_that_closes_takes_its_content_with_it(element):
    body = f"<p>a</p><{element}><p>hidden</p><img src=x></{element}><p>b</p>"
    assert sanitize(body) == "<p>a</p><p>b</p>"


def test_raw_text_ends_only_at_its_own_end_tag_as_in_a_browser():
    # The end tag inside the attribute ends the noscript: what follows is a tag, as a
    # browser reads it, and the image is not loaded.
    payload = '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'
    assert sanitize(payload) == '[image not loaded]"&gt;'
    assert sanitize("<style>a > b { } </STYLE >after") == "after"
    assert sanitize("<script>if (a<b) x('</div>')</script><p>c</p>") == "<p>c</p>"


def test_what_would_swallow_the_rest_of_a_body_is_read_as_text():
    assert sanitize("<p>a</p><!-- never ends <p>b</p>") == (
        "<p>a</p>&lt;!-- never ends <p>b</p>")
    # An unclosed quote: the tag ends at its ">", the value up to it.
    assert sanitize('<p>a <a href="https://contoso.com/x>join</a> b</p>') == (
        '<p>a <a href="https://contoso.com/x">join</a> b</p>')
    assert sanitize("<![<![x") == "&lt;![&lt;![x"  # the standard library raised here


def test_word_and_cdata_sections_are_comments_and_their_revealed_text_stays():
    word = ("<p><![if !supportLists]><span>1.<span> </span></span><![endif]>First</p>"
            "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->")
    assert sanitize(word) == "<p><span>1.<span> </span></span>First</p>"
    assert sanitize("<![CDATA[<img src=x>]]>b") == "]]&gt;b"  # as a browser reads it


def test_references_decode_in_text_and_in_links_as_a_browser_decodes_them():
    assert sanitize('<a href="jav&#x61;script:alert(1)">x</a>') == "<a>x</a>"
    assert sanitize('<a href="&#x20;javascript:alert(1)">x</a>') == "<a>x</a>"
    assert sanitize('<a href="https://zoom.us/j/1?pwd=a&copy=2&amp;uname=b">z</a>') == (
        '<a href="https://zoom.us/j/1?pwd=a&amp;copy=2&amp;uname=b">z</a>')
    assert sanitize("&lt;b&gt; &copy; &#0; &#xD800;") == "&lt;b&gt; © \ufffd \ufffd"


def test_implied_end_tags_close_what_the_standard_closes():
    assert sanitize("<ol><li>a<li>b</ol>") == "<ol><li>a</li><li>b</li></ol>"
    assert sanitize("<p>a<p>b<div>c</div>") == "<p>a</p><p>b</p><div>c</div>"
    assert sanitize("<table><tr><td>a<td>b<tr><td>c</table>") == (
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>")


def test_a_cell_spans_at_most_what_the_standard_allows():
    assert sanitize("<table><tr><td colspan=99999999 rowspan=x>c") == (
        '<table><tr><td colspan="1000">c</td></tr></table>')


def test_a_word_too_long_to_break_gets_an_invisible_break():
    kept = sanitize("<p>" + "a" * (3 * MAX_RUN) + "</p>")
    assert kept == "<p>" + "\u200b".join(["a" * MAX_RUN] * 3) + "</p>"
    url = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + "N" * 300
    assert sanitize(url) == url  # a link written out stays whole, to copy


def test_a_body_longer_than_deputy_shows_says_so():
    kept = sanitize("<p>word " * 100_000)
    assert kept.endswith(f"<p>{TOO_LONG}</p>")
    assert len(kept) < MAX_SHOWN + 1000


CRAFTED = {  # each took quadratic time or raised in the standard library's parser
    "start tags that never end": "<a" * 100_000,
    "comments that never end": "<!--" * 100_000,
    "end tags that never end": "</a" * 100_000,
    "marked sections": "<![" * 100_000,
    "quotes that never close": "<a x='" * 100_000,
    "quoted >": "<a x='>'" * 100_000,
    "one comment, then tags": "<!--" + "a<b>" * 100_000,
    "nested unclosed frames": "<iframe>" * 100_000,
    "nested unclosed objects": "<object>x" * 100_000,
    "open elements, unmatched end tags": "<b>" * 50_000 + "</i>" * 50_000,
    "a million attributes": "<a " + "x=1 " * 1_000_000 + ">b",
    "a million letters": "a" * 1_000_000,
}


@pytest.mark.parametrize("name", CRAFTED)
def test_crafted_markup_is_read_in_linear_time(name):
    started = time.perf_counter()
    sanitize(CRAFTED[name])
    # A freeze, not a speed: about 0.5 s here, quadratic was minutes; a machine busy with
    # other work took 2.7 s.
    assert time.perf_counter() - started < 15.0


def test_the_tokenizer_reads_tags_text_and_attributes():
    assert list(tokens('<A HREF="x" b=\'y\' c=z d/>t&amp;</A >')) == [
        StartTag("a", (("href", "x"), ("b", "y"), ("c", "z"), ("d", "")), True),
        Text("t&amp;"), EndTag("a")]
    assert Text("t&amp;").read() == ("t&", False)
    assert Text("&amp;&amp;").read(5) == ("&", True)
    assert list(tokens("<script>a<b>c", frozenset({"script"}))) == [
        StartTag("script"), EndTag("script"), Text("a"), StartTag("b"), Text("c")]
    assert list(tokens("<xmp>&amp;<b></xmp>", frozenset({"xmp"}))) == [
        StartTag("xmp"), Text("&amp;<b>", raw=True), EndTag("xmp")]
