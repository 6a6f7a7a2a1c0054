"""Meeting bodies are HTML written by strangers: keep the text, drop what could act.

What survives is what a reader needs (paragraphs, lists, tables, emphasis, links);
what goes is everything that could run or fetch: scripts, styles, frames, objects,
forms, every attribute but a link's address and a cell's span, and every image or other
resource that is not already inside the message (a remote image is a read receipt for
whoever sent it). An image is replaced by its alt text in brackets, so the reader knows
one was there. A link keeps no ``title``: Qt would show it as a tooltip and guess it is
rich text, so a title of "<img src=...>" would draw a picture.

Links are kept as links; the view opens them in the browser only when clicked, and
only for http, https and mailto.

Nothing a body holds may freeze the view. Qt's rich-text layout takes time that grows
exponentially with nested tables (20 levels, a 661-byte body, laid out in 22 s; 30 hung
the view) and quadratically with other nesting (5,000 nested lists: 2.9 s) and with the
length of a word it cannot break (a million letters: 176 s). So tables deeper than
``MAX_TABLE_DEPTH`` and any element deeper than ``MAX_DEPTH`` keep their text flattened
(a cell or block per space, a row per line), a run of ``MAX_RUN`` characters without a
place to break gets one (a zero-width space, invisible), and what is shown stops after
``MAX_SHOWN`` characters or ``MAX_TOKENS`` tags and texts, with a line saying so (no
meeting invitation comes near: a Word-written one is a few thousand tags).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from app.meetings.html_tokens import EndTag, StartTag, Text, tokens

# Elements dropped with everything inside them, once they close; see _Sanitizer.
_DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "template", "svg", "math", "audio", "video",
    "canvas", "form", "head", "title", "select", "textarea", "button",
})
# Their content is text up to their end tag, as browsers read them (scripting on);
# an <xmp>'s is shown as written, tags and all, as a browser shows it.
_RAW_TEXT = frozenset({"script", "style", "iframe", "noscript", "noembed", "noframes",
                       "title", "textarea", "xmp"})
# Elements kept, with the attributes each may keep.
_KEPT: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "p": frozenset(), "br": frozenset(), "div": frozenset(), "span": frozenset(),
    "b": frozenset(), "strong": frozenset(), "i": frozenset(), "em": frozenset(),
    "u": frozenset(), "s": frozenset(), "small": frozenset(), "sub": frozenset(),
    "sup": frozenset(), "code": frozenset(), "pre": frozenset(), "blockquote": frozenset(),
    "h1": frozenset(), "h2": frozenset(), "h3": frozenset(), "h4": frozenset(),
    "h5": frozenset(), "h6": frozenset(), "hr": frozenset(),
    "ul": frozenset(), "ol": frozenset(), "li": frozenset(),
    "table": frozenset(), "thead": frozenset(), "tbody": frozenset(), "tr": frozenset(),
    "td": frozenset({"colspan", "rowspan"}), "th": frozenset({"colspan", "rowspan"}),
}
KEPT_ELEMENTS = frozenset(_KEPT)
DROPPED_ELEMENTS = _DROPPED_WITH_CONTENT
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "base", "col", "area",
                   "source", "track", "wbr", "param", "embed", "keygen"})
_BLOCKS = frozenset({"p", "div", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
                     "ul", "ol", "li", "table", "thead", "tbody", "tr", "hr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
# An element that starts while one of these is open closes it first (the HTML
# standard's implied end tags), unless a boundary element comes first.
_CLOSES = {
    "li": ({"li"}, {"ul", "ol", "table", "td", "th"}),
    "tr": ({"tr"}, {"table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    **{tag: (_HEADINGS | {"p"} if tag in _HEADINGS else {"p"}, {"td", "th", "table", "li"})
       for tag in _BLOCKS - {"li", "tr"}},
}
# Table levels laid out as tables; deeper ones are flattened (see the module's docstring).
MAX_TABLE_DEPTH = 4
MAX_DEPTH = 40  # kept elements open at once
# Elements open at once that Deputy follows to their end tags; past that, finding an
# end tag's element would cost a look through all of them for each one.
MAX_TRACKED = 2 * MAX_DEPTH
MAX_RUN = 1000  # characters without a break: a URL is shorter, a freeze is longer
MAX_SHOWN = 100_000  # characters of HTML shown (Qt lays that out in about 0.1 s)
MAX_TOKENS = 25_000  # tags and texts read (a Word-written page is a few hundred)
MAX_SPAN = 1000  # the HTML standard's cap on colspan
MAX_LINK = 16_384  # characters in a link's address: Safe Links wrap one in 2,000 or so
TOO_LONG = "[The rest of this description is too long to show here. Outlook shows it all.]"
LINK_SCHEMES = ("http:", "https:", "mailto:")
_BREAK = "\u200b"  # zero-width space: a place to break a line, drawn as nothing
_UNBROKEN = re.compile(f"[^ \t\n\r\f{_BREAK}]+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_link(href: str) -> bool:
    """Only web and mail links; no javascript:, file:, data: or app-specific schemes."""
    return href.strip().casefold().startswith(LINK_SCHEMES)


@dataclass
class _Held:
    """A dropped element that is open: what its content would show, in case it never
    closes, and what was open when it started (at most MAX_TRACKED elements), to go
    back to when it closes."""

    tag: str
    out: list[str] = field(default_factory=list)
    opened: list[tuple[str, bool]] = field(default_factory=list)
    tables: int = 0


class _TooLongError(Exception):
    pass


class _Sanitizer:
    """Rebuilds a body from what it may keep, element by element.

    A dropped element (script, iframe, object, form...) takes its content with it when
    it closes. One that never closes takes nothing: the HTML standard would hide the rest
    of the body inside it (an unclosed iframe, noscript, title, textarea or style is raw
    text to the end; an unclosed object, template or form holds the rest), and a sender
    who forgot an end tag, or wants what follows unread, would have a reader see nothing.
    Deputy shows the rest: what follows was cleaned by the same rules as any other text,
    and the element itself, which could load or run something, is gone either way.
    A ``<script/>`` or ``<iframe/>`` holds nothing, as written.
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self._shown = 0
        self._held: list[_Held] = []
        self._held_names: dict[str, int] = {}
        self._open: list[tuple[str, bool]] = []  # kept elements: (tag, flattened)
        self._tables = 0  # tables open now, kept or flattened
        self._run = 0  # characters since the last place a line can break
        self._full = False  # MAX_SHOWN reached: what is open is closed, nothing added
        self._last = ""  # the last markup or text emitted

    def feed(self, html: str) -> None:
        try:
            for count, token in enumerate(tokens(html, _RAW_TEXT)):
                if count == MAX_TOKENS:
                    raise _TooLongError
                if isinstance(token, Text):
                    text, cut = token.read(MAX_SHOWN - self._shown + 1)
                    self._text(text)
                    if cut:
                        raise _TooLongError
                elif isinstance(token, StartTag):
                    self._start(token)
                    if token.self_closing and token.name not in _VOID:
                        self._end(token.name)
                else:
                    assert isinstance(token, EndTag)
                    self._end(token.name)
        except _TooLongError:
            self._full = True
        self._close_all()
        if self._full:
            self.out.append(f"<p>{escape(TOO_LONG)}</p>")

    # ------------------------------------------------------------------ what comes in

    def _start(self, token: StartTag) -> None:
        tag = token.name
        if tag in _DROPPED_WITH_CONTENT:
            if tag not in _VOID and not token.self_closing:
                self._held.append(_Held(tag, opened=self._open.copy(), tables=self._tables))
                self._held_names[tag] = self._held_names.get(tag, 0) + 1
            return
        if tag == "img":
            alt = dict(token.attrs).get("alt", "").strip()
            self._text(f"[image: {alt}]" if alt else "[image not loaded]")
            return
        allowed = _KEPT.get(tag)
        if allowed is None:
            return  # an unknown element: keep its text, not the element
        self._close_implied(tag)
        if len(self._open) >= MAX_TRACKED:  # flattened, and its end tag is not looked for
            self._separate(tag)
            return
        if tag == "table":
            self._tables += 1
        flattened = self._flattening(tag)
        if tag not in _VOID:
            self._open.append((tag, flattened))
        if flattened:
            if tag in _VOID:
                self._separate(tag)
            return
        kept = "".join(f' {name}="{escape(value, quote=True)}"'
                       for name, value in self._kept_attributes(token, allowed))
        self._tag(f"<{tag}{kept}>", block=tag in _BLOCKS or tag == "br")

    def _end(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            if self._held_names.get(tag):
                while True:  # unbalanced HTML: close up to the match
                    held = self._held.pop()
                    self._held_names[held.tag] -= 1
                    self._open = held.opened
                    self._tables = held.tables
                    if held.tag == tag:
                        return
            return
        if tag not in _KEPT or tag in _VOID:
            if tag == "br":  # "</br>" is a line break to browsers
                self._start(StartTag("br"))
            return
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                self._close_to(depth)
                return
        # an end tag of nothing open here: ignored, as the standard does

    def _text(self, text: str) -> None:
        if not text:
            return
        text, self._run = _with_breaks(text, self._run)
        shown = escape(text, quote=False)
        room = MAX_SHOWN - self._shown
        if len(shown) > room >= 0 and not self._full:
            shown = shown[:room]
            cut_reference = shown.rfind("&", room - 6)
            if cut_reference != -1 and ";" not in shown[cut_reference:]:
                shown = shown[:cut_reference]
            self._emit(shown)
            raise _TooLongError
        self._emit(shown)

    # ------------------------------------------------------------------ what goes out

    def _kept_attributes(self, token: StartTag, allowed: frozenset[str]):
        for name, value in token.attrs:
            if name not in allowed:
                continue
            if name == "href" and (len(value) > MAX_LINK or not safe_link(value)):
                continue
            if name in ("colspan", "rowspan"):
                if not value.strip().isdigit():
                    continue
                value = str(min(max(int(value), 1), MAX_SPAN))
            yield name, value

    def _flattening(self, tag: str) -> bool:
        """True for an element nested deeper than Deputy lays out."""
        if self._tables > MAX_TABLE_DEPTH and (tag == "table" or tag in _TABLE_PARTS):
            return True
        return len(self._open) >= MAX_DEPTH

    def _close_implied(self, tag: str) -> None:
        if tag not in _CLOSES:
            return
        closes, boundaries = _CLOSES[tag]
        for depth in range(len(self._open) - 1, -1, -1):
            open_tag = self._open[depth][0]
            if open_tag in closes:
                self._close_to(depth)
                return
            if open_tag in boundaries:
                return

    def _separate(self, tag: str) -> None:
        """What stands for a flattened element: a line for a row or a line break, a space
        for a cell or another block (a line each would cost a layout of 20,000 lines for
        as many nested lists), nothing for emphasis; one, not one per element."""
        if tag in ("tr", "br", "hr"):
            if self._last != "<br>":
                self._tag("<br>", block=True)
        elif (tag in _BLOCKS or tag in ("td", "th")) and self._last not in (" ", "<br>"):
            self._text(" ")

    def _close_to(self, depth: int) -> None:
        while len(self._open) > depth:
            tag, flattened = self._open.pop()
            if flattened:
                self._separate(tag)
            else:
                self._tag(f"</{tag}>", block=tag in _BLOCKS)
            if tag == "table" and self._tables:
                self._tables -= 1

    def _close_all(self) -> None:
        for held in self._held:  # never closed: see the class's docstring
            self.out.extend(held.out)
        self._held.clear()
        self._close_to(0)

    def _tag(self, markup: str, *, block: bool) -> None:
        if block:
            self._run = 0
        self._emit(markup)

    def _emit(self, markup: str) -> None:
        (self._held[-1].out if self._held else self.out).append(markup)
        self._last = markup
        self._shown += len(markup)
        if self._shown > MAX_SHOWN and not self._full:
            raise _TooLongError


def _with_breaks(text: str, run: int) -> tuple[str, int]:
    """``text`` with a break in every ``MAX_RUN`` characters that have none, given the
    ``run`` of such characters just before it; and the run at its end."""
    pieces: list[str] = []
    done = 0
    for unbroken in _UNBROKEN.finditer(text):
        start, end = unbroken.span()
        before = run if start == 0 else 0
        if before + end - start <= MAX_RUN:
            run = before + end - start
            continue
        cut = start + MAX_RUN - before
        while cut < end:
            pieces += [text[done:cut], _BREAK]
            done = cut
            cut += MAX_RUN
        run = end - done
    if not text[-1:] or _UNBROKEN.fullmatch(text[-1]) is None:
        run = 0
    return "".join([*pieces, text[done:]]), run


def sanitize(html: str) -> str:
    """``html`` with nothing left that could run, fetch or style itself over the app."""
    sanitizer = _Sanitizer()
    sanitizer.feed(_LONE_SURROGATE.sub("\ufffd", (html or "").replace("\0", "\ufffd")))
    return "".join(sanitizer.out)


def text_to_html(text: str) -> str:
    """A plain-text body (what Deputy sends) as HTML paragraphs, escaped."""
    paragraphs = (text or "").replace("\r\n", "\n").split("\n\n")
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs
                   if p.strip())
