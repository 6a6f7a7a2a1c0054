"""Meeting bodies are HTML written by strangers: keep the text, drop what could act.

What survives is what a reader needs (paragraphs, lists, tables, emphasis, links);
what goes is everything that could run or fetch: scripts, styles, frames, objects,
forms, event-handler attributes, and every image or other resource that is not
already inside the message (a remote image is a read receipt for whoever sent it).
An image is replaced by its alt text in brackets, so the reader knows one was there.

Links are kept as links; the view opens them in the browser only when clicked, and
only for http, https and mailto.

Tables are kept to a few levels of nesting: Qt's rich-text layout takes time that grows
exponentially with nested tables (20 levels, a 661-byte body, laid out in 22 s; 30 hung
the view), so deeper tables keep their text, a cell per space and a row per line.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

# Elements dropped with everything inside them.
_DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "template", "svg", "math", "audio", "video", "canvas", "form", "head",
    "title", "select", "textarea", "button",
})
# Elements kept, with the attributes each may keep.
_KEPT: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
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
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "base", "col", "area",
                   "source", "track", "wbr", "param", "embed"})
# Table levels laid out as tables; deeper ones are flattened (see the module's docstring).
MAX_TABLE_DEPTH = 4
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
LINK_SCHEMES = ("http:", "https:", "mailto:")


def safe_link(href: str) -> bool:
    """Only web and mail links; no javascript:, file:, data: or app-specific schemes."""
    return href.strip().casefold().startswith(LINK_SCHEMES)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skipping: list[str] = []  # open dropped elements
        self._tables = 0  # tables open now, kept or flattened

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            if tag not in _VOID:
                self._skipping.append(tag)
            return
        if tag in _DROPPED_WITH_CONTENT:
            if tag not in _VOID:
                self._skipping.append(tag)
            return
        if tag == "img":
            alt = next((v for k, v in attrs if k == "alt" and v), "")
            self.out.append(escape(f"[image: {alt}]" if alt else "[image not loaded]"))
            return
        allowed = _KEPT.get(tag)
        if allowed is None:
            return  # an unknown element: keep its text, not the element
        if tag == "table":
            self._tables += 1
        if self._flattening(tag):
            return
        kept = []
        for name, value in attrs:
            if name not in allowed or value is None:
                continue
            if name == "href" and not safe_link(value):
                continue
            kept.append(f' {name}="{escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            return  # "<script/>" holds nothing: the rest of the body is not inside it
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self._skipping:
            self.handle_endtag(tag)

    def _flattening(self, tag: str) -> bool:
        """True for a table element nested deeper than Deputy lays out."""
        return self._tables > MAX_TABLE_DEPTH and (tag == "table" or tag in _TABLE_PARTS)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            elif tag in self._skipping:  # unbalanced HTML: close up to the match
                del self._skipping[self._skipping.index(tag):]
            return
        if tag in _KEPT and tag not in _VOID:
            if self._flattening(tag):
                self.out.append({"td": " ", "th": " ", "tr": "<br>"}.get(tag, ""))
            else:
                self.out.append(f"</{tag}>")
        if tag == "table" and self._tables:
            self._tables -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.out.append(escape(data, quote=False))


def sanitize(html: str) -> str:
    """``html`` with nothing left that could run, fetch or style itself over the app."""
    parser = _Sanitizer()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.out)


def text_to_html(text: str) -> str:
    """A plain-text body (what Deputy sends) as HTML paragraphs, escaped."""
    paragraphs = (text or "").replace("\r\n", "\n").split("\n\n")
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs
                   if p.strip())
