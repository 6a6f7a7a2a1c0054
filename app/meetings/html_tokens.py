"""HTML cut into tags and text in time linear in its length, however it is written.

Meeting bodies come from anyone, so the tokenizer must not be the weak part. The
standard library's ``html.parser`` of the Python Deputy was built with (3.11.7) takes
quadratic time on crafted input (40 KB of "<a" took 1.8 s, 80 KB of "<!--" 4 s) and
raises AssertionError on "<![<![". This one follows the HTML standard's tokenizer where
it changes what a reader sees (comments, bogus comments like "<![CDATA[" and Outlook's
"<![if !supportLists]>", raw-text elements, character references: decoded when read,
``Text.read``) and differs from it
in one way on purpose: where the standard lets one unfinished construct swallow the rest
of the document (an unclosed comment, tag or quoted attribute value, a raw-text element
without its end tag), the rest is still read as HTML, so a reader loses nothing.

Every search that could run to the end of the text is remembered (``_Finder``), so a
construct repeated a hundred thousand times is looked for to the end once, not each time.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from html import unescape
from html.entities import html5 as html5_references
from typing import NamedTuple

_SPACE = "\t\n\f\r "  # the HTML standard's whitespace; not Unicode's (no-break space etc.)
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_BETWEEN_ATTRIBUTES = re.compile(r"[\t\n\f\r /]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_EQUALS = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
_SIMPLE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)>")
MAX_ATTRIBUTES = 1000  # read in one tag; a tag of a million costs a second to read


def _matched(pattern: re.Pattern[str], html: str, at: int, limit: int) -> re.Match[str]:
    """``pattern`` at ``at``, where the reader knows it matches: it matches the empty
    string, or the character there is one it starts with."""
    match = pattern.match(html, at, limit)
    assert match is not None, f"{pattern.pattern!r} at {at}"
    return match


_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


class StartTag(NamedTuple):  # tuples: a body of 100,000 tags makes 100,000 of them
    """``<name attr=value ...>``; ``self_closing`` for ``<name/>``."""

    name: str
    attrs: tuple[tuple[str, str], ...] = ()
    self_closing: bool = False


class EndTag(NamedTuple):
    name: str


class Text(NamedTuple):
    """Text as written (``source``); ``read`` gives it as a reader sees it. Raw text (a
    script's, an xmp's) has no character references."""

    source: str
    raw: bool = False

    def read(self, limit: int | None = None) -> tuple[str, bool]:
        """The text, from at most ``limit`` characters of its source (decoding costs
        time: a body can hold a million references), and whether it was cut there."""
        cut = limit is not None and len(self.source) > limit
        source = self.source[:limit] if cut else self.source
        reference = source.rfind("&", len(source) - 32) if cut else -1
        if reference != -1 and ";" not in source[reference:]:  # "&nb" of a cut "&nbsp;"
            source = source[:reference]
        return (source if self.raw else decode(source)), cut


Token = StartTag | EndTag | Text


class _Finder:
    """``str.find`` that remembers its last answer for each needle.

    Searches move forward through the text; a search from ``start`` whose remembered
    answer was found from at or before ``start`` and lies at or after it is answered
    without looking again (and "not found" stays not found)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._last: dict[object, tuple[int, int]] = {}

    def find(self, needle: str, start: int) -> int:
        return self._remembered(needle, start, lambda: self.text.find(needle, start))

    def search(self, pattern: re.Pattern[str], start: int) -> int:
        def look() -> int:
            found = pattern.search(self.text, start)
            return found.start() if found else -1
        return self._remembered(pattern, start, look)

    def _remembered(self, key: object, start: int, look) -> int:
        remembered = self._last.get(key)
        if remembered is not None:
            since, at = remembered
            if since <= start and (at == -1 or at >= start):
                return at
        at = look()
        self._last[key] = (start, at)
        return at


def decode(text: str, *, in_attribute: bool = False) -> str:
    """Character references decoded as a browser does: in an attribute, a named one
    without ";" followed by "=" or a letter or digit stays as written (``?a=1&copy=2``)."""
    if "&" not in text:
        return text

    def one(found: re.Match[str]) -> str:
        reference = found.group()
        if in_attribute and reference[1] != "#" and not reference.endswith(";"):
            following = text[found.end():found.end() + 1]
            if reference[1:] not in html5_references or following == "=":
                return reference
        return unescape(reference)

    return _REFERENCE.sub(one, text)


class _Tokenizer:
    def __init__(self, html: str, raw_text: frozenset[str]) -> None:
        self.html = html
        self.raw_text = raw_text
        self.finder = _Finder(html)
        self.quotes_close = True  # until one quoted value runs to the end (see _start_tag)
        self._raw_ends: dict[str, re.Pattern[str]] = {}

    def tokens(self) -> Iterator[Token]:
        html, at = self.html, 0
        while at < len(html):
            lt = self.finder.find("<", at)
            if lt == -1:
                yield Text(html[at:])
                return
            if lt > at:
                yield Text(html[at:lt])
            token, at = self._markup(lt)
            if token is not None:
                yield token
            if isinstance(token, StartTag) and token.name in self.raw_text \
                    and not token.self_closing:
                at = yield from self._raw_text(token, at)

    def _markup(self, lt: int) -> tuple[Token | None, int]:
        """The token starting at ``lt`` (a "<") and where the text after it starts."""
        html = self.html
        simple = _SIMPLE_TAG.match(html, lt)  # most tags: "<p>", "</td>"; read at once
        if simple:
            name = simple.group(2).lower()
            return (EndTag(name) if simple.group(1) else StartTag(name)), simple.end()
        following = html[lt + 1:lt + 2]
        if following.isascii() and following.isalpha():
            return self._start_tag(lt)
        if html.startswith("<!--", lt):
            end = self._comment_end(lt)
            return (Text("<"), end) if end == lt + 1 else (None, end)
        if following == "/" and html[lt + 2:lt + 3].isascii() and html[lt + 2:lt + 3].isalpha():
            gt = self.finder.find(">", lt)
            if gt == -1:
                return Text("<"), lt + 1
            return EndTag(_matched(_TAG_NAME, html, lt + 2, gt).group().lower()), gt + 1
        if following in ("!", "?", "/"):  # a bogus comment, to the first ">"
            gt = self.finder.find(">", lt)
            return (Text("<"), lt + 1) if gt == -1 else (None, gt + 1)
        return Text("<"), lt + 1

    def _comment_end(self, lt: int) -> int:
        """Where the comment starting at ``lt`` ends: "<!-->" and "<!--->" are empty
        comments; one that never ends is no comment, its "<" is text."""
        html = self.html
        for empty in ("<!-->", "<!--->"):
            if html.startswith(empty, lt):
                return lt + len(empty)
        ends = [at for at in (self.finder.find("-->", lt + 4), self.finder.find("--!>", lt + 4))
                if at != -1]
        if not ends:
            return lt + 1  # the caller reads "<!--" on as text
        end = min(ends)
        return end + (3 if html.startswith("-->", end) else 4)

    def _start_tag(self, lt: int) -> tuple[Token | None, int]:
        """A start tag, its attributes read as the standard reads them.

        A quoted value that never closes would make the standard swallow the rest of the
        document. The first time that happens, quotes stop counting for where a tag ends
        (from then on a tag ends at its first ">"): the rest is read, and no later tag
        looks for a closing quote to the end again."""
        if self.quotes_close:
            token = self._read_tag(lt, len(self.html))
            if token is not None:
                return token
            self.quotes_close = False
        gt = self.finder.find(">", lt)
        if gt == -1:
            return Text("<"), lt + 1
        token = self._read_tag(lt, gt)
        assert token is not None  # within a known ">", a tag always ends
        return token

    def _read_tag(self, lt: int, limit: int) -> tuple[Token, int] | None:
        """The tag at ``lt`` read up to ``limit`` (a ">" or the end); None if it never
        ends before ``limit``."""
        html = self.html
        name = _matched(_TAG_NAME, html, lt + 1, len(html))  # a letter follows the "<"
        at = name.end()
        attrs: dict[str, str] = {}
        for _ in range(MAX_ATTRIBUTES):
            between = _matched(_BETWEEN_ATTRIBUTES, html, at, limit)
            at = between.end()
            if at >= limit:
                if limit < len(html):  # the ">" the caller found
                    return self._tag(name.group(), attrs, between.group().endswith("/")), at + 1
                return None
            if html[at] == ">":
                return self._tag(name.group(), attrs, between.group().endswith("/")), at + 1
            attribute = _matched(_ATTRIBUTE_NAME, html, at, limit)  # no space, "/" or ">"
            at = attribute.end()
            value = ""
            equals = _EQUALS.match(html, at, limit)
            if equals:
                at = equals.end()
                quote = html[at:at + 1] if at < limit else ""
                if quote in ('"', "'"):
                    close = self.finder.find(quote, at + 1)
                    if close == -1 or close >= limit:
                        if limit == len(html):
                            return None
                        close = limit
                    value, at = html[at + 1:close], min(close + 1, limit)
                else:
                    unquoted = _matched(_UNQUOTED_VALUE, html, at, limit)
                    value, at = unquoted.group(), unquoted.end()
            attrs.setdefault(attribute.group().lower(), decode(value, in_attribute=True))
        if limit == len(self.html):
            return None  # read on as if quotes did not count: it then ends at its ">"
        return self._tag(name.group(), attrs, False), limit + 1  # the rest is not read

    @staticmethod
    def _tag(name: str, attrs: dict[str, str], self_closing: bool) -> StartTag:
        return StartTag(name.lower(), tuple(attrs.items()), self_closing)

    def _raw_text(self, token: StartTag, at: int) -> Generator[Token, None, int]:
        """A raw-text element's content (script, style, iframe, title...): text up to its
        end tag, markup inside it is text. Without an end tag it holds nothing."""
        pattern = self._raw_ends.get(token.name)
        if pattern is None:
            pattern = self._raw_ends[token.name] = re.compile(
                f"</{re.escape(token.name)}[{_SPACE}/>]", re.IGNORECASE)
        end = self.finder.search(pattern, at)
        if end == -1:
            yield EndTag(token.name)  # the element closes at once: nothing was inside
            return at
        if end > at:
            yield Text(self.html[at:end], raw=True)
        return end


def tokens(html: str, raw_text: frozenset[str] = frozenset()) -> Iterator[Token]:
    """The tags and text of ``html``, in order; ``raw_text`` names the elements whose
    content is text up to their end tag (``script``, ``style``, ``iframe``...)."""
    return _Tokenizer(html, raw_text).tokens()
