"""For any body and any subject, generated with a bias to what attacks sanitizers and
labels: the sanitizer finishes at once, keeps only what it allows, and is idempotent;
a label or tooltip showing another person's text shows it as written and lays it out
at once.

Examples are derandomized and kept in no database, so a run in CI is the run here."""

from __future__ import annotations

import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from app.meetings.safe_html import DROPPED_ELEMENTS, KEPT_ELEMENTS, LINK_SCHEMES, sanitize
from app.views.list_parts import heading_label
from app.views.plain_text import plain_label, plain_tip
from tests.body_corpus import Kept

BOUND_S = 1.0  # a generated body is a few KB: milliseconds here
LABEL_WIDTH = 400
ALLOWED = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow,
                                             HealthCheck.function_scoped_fixture])

TAGS = sorted(KEPT_ELEMENTS | DROPPED_ELEMENTS | {
    "img", "base", "meta", "link", "input", "source", "picture", "body", "html", "xmp",
    "plaintext", "o:p", "v:shape", "v:imagedata", "font", "center", "mglyph", "mtext",
    "foreignObject", "desc", "details", "marquee", "isindex", "image", "SCRIPT", "ScRiPt"})
ATTRIBUTES = ["href", "src", "srcset", "style", "background", "onerror", "onload",
              "onclick", "ONMOUSEOVER", "title", "alt", "colspan", "rowspan", "action",
              "formaction", "xlink:href", "data", "poster", "http-equiv", "content",
              "srcdoc", "class", "id", "dynsrc", "lowsrc", "behavior", "/", '"', "x"]
URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x09;ascript:alert(1)",
        "&#106;avascript:alert(1)", "java\nscript:x", " javascript:x", "vbscript:x",
        "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA",
        "file:///etc/passwd", "/usr/share/icons/x.png", "//evil.example/x",
        "http://tracker.example/p.gif", "https://contoso.com/a?b=1&c=2", "mailto:a@b.c",
        "cid:image001.png", "ms-msdt:x", "url(https://tracker.example/bg.png)",
        "background:url(javascript:x)", "width:expression(alert(1))", "0;url=https://x",
        "99999999", "-1", "</script><img src=x onerror=alert(1)>", "\"><svg onload=x>"]
MARKUP = ["<!--", "-->", "--!>", "<!-->", "<![CDATA[", "]]>", "<!", "<?", "</", "<",
          ">", "&", "&amp;", "&lt;", "&#0;", "&#xD800;", "&nbsp;", "&colon;", "<![if !mso]>",
          "<![endif]>", "<!--[if mso]>", "<![endif]-->", "\x00", "\u200b", "\xa0"]
TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'=/;#-!?[]\n\t\xa0")),
               max_size=12)


@st.composite
def start_tags(draw) -> str:
    name = draw(st.sampled_from(TAGS))
    attributes = []
    for attribute in draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)):
        value = draw(st.sampled_from(URLS) | TEXT)
        quote = draw(st.sampled_from(['"', "'", "", '"unclosed', "'unclosed"]))
        close = "" if quote.endswith("unclosed") else quote[:1]
        attributes.append(f" {attribute}={quote[:1]}{value}{close}")
    ending = draw(st.sampled_from([">", "/>", " />", "", ">"]))
    return f"<{name}{''.join(attributes)}{ending}"


end_tags = st.builds(lambda name: f"</{name}>", st.sampled_from(TAGS))
pieces = TEXT | start_tags() | end_tags | st.sampled_from(MARKUP)


def nested(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """An element around ``children``, closed or not."""
    return st.builds(lambda start, inner, end: start + inner + end, start_tags(),
                     st.lists(children, max_size=4).map("".join), st.sampled_from(["", "</x>"])
                     | end_tags)


bodies = st.recursive(pieces, nested, max_leaves=40).map(str) | st.lists(
    pieces, max_size=40).map("".join)


@PROPERTIES
@given(bodies)
def test_any_body_is_sanitized_at_once_into_only_what_is_allowed(body):
    started = time.perf_counter()
    kept = sanitize(body)
    assert time.perf_counter() - started < BOUND_S
    for tag, attributes in Kept(kept).tags:
        assert tag in KEPT_ELEMENTS, tag
        for attribute, value in attributes.items():
            assert attribute in ALLOWED.get(tag, set()), attribute
            if attribute == "href":
                assert str(value).casefold().startswith(LINK_SCHEMES), value
    assert sanitize(kept) == kept  # what Deputy keeps, it keeps again unchanged


subjects = st.text(max_size=300) | st.lists(pieces, max_size=30).map("".join) | st.builds(
    lambda letter, count: letter * count, st.sampled_from(["a", "<", "&", "\xa0", "W"]),
    st.integers(1000, 10_000)) | st.text(st.sampled_from(list("a <>&\r\n\t\xa0\u2028\u2029")),
                                        max_size=40)


@PROPERTIES
@given(subjects)
def test_any_subject_shows_as_written_and_lays_out_at_once(qtbot, subject):
    for label in (plain_label(subject), heading_label()):
        qtbot.addWidget(label)
        label.setText(subject)
        assert label.text() == subject
        assert label.textFormat() == Qt.TextFormat.PlainText
        label.setWordWrap(True)
        started = time.perf_counter()
        label.heightForWidth(LABEL_WIDTH)
        label.resize(LABEL_WIDTH, max(label.heightForWidth(LABEL_WIDTH), 20))
        label.grab()
        assert time.perf_counter() - started < BOUND_S


@PROPERTIES
@given(subjects)
def test_any_tooltip_shows_its_text_as_written_and_lays_out_at_once(subject):
    tip = plain_tip(subject)
    document = QTextDocument()
    started = time.perf_counter()
    document.setHtml(tip)
    document.setTextWidth(LABEL_WIDTH)
    document.documentLayout().documentSize()
    assert time.perf_counter() - started < BOUND_S
    # Drawn as written: a line separator or a lone carriage return is a line break, and
    # Qt gives a no-break space back as a space.
    written = re.sub("\r\n?|[\u2028\u2029]", "\n", subject).replace("\xa0", " ")
    assert document.toPlainText() == written
