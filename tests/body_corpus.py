"""Meeting bodies anyone could send: known sanitizer bypasses (tests/data/sanitizer/
bypasses.txt) and invitations shaped as Teams, Zoom and Outlook write them (bodies/*.html);
and what Deputy keeps of a body, read back as tags, attributes and words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

FOLDER = Path(__file__).parent / "data" / "sanitizer"
_REPEAT = re.compile(r"\{(\d+)\*(.*?)\}")
_WORD = re.compile(r"\w+")
_MUST_SHOW = re.compile(r"\A<!-- must show: (.*?) -->")


@dataclass(frozen=True)
class Body:
    """One corpus entry: its ``name`` (file and line), the HTML, the words a reader must
    still see in what Deputy shows."""

    name: str
    html: str
    must_show: tuple[str, ...]


def _expanded(line: str) -> str:
    return _REPEAT.sub(lambda found: found.group(2) * int(found.group(1)), line)


def bypasses() -> list[Body]:
    """The payloads, one a line; a payload ending in "after" must show "after"."""
    path = FOLDER / "bypasses.txt"
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("# ") or line == "#":
            continue
        must_show = ("after",) if line.endswith("after") else ()
        name = f"bypasses.txt:{number}:{line[:40]}"
        entries.append(Body(name, _expanded(line), must_show))
    return entries


def invitations() -> list[Body]:
    """The real-shaped bodies; each opens with ``<!-- must show: a | b -->``."""
    entries = []
    for path in sorted((FOLDER / "bodies").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        must_show = _MUST_SHOW.match(html)
        assert must_show, f"{path.name} says what it must show"
        entries.append(Body(path.name, html,
                            tuple(p.strip() for p in must_show.group(1).split("|"))))
    return entries


def corpus() -> list[Body]:
    return bypasses() + invitations()


class Kept(HTMLParser):
    """Deputy's (or nh3's) output read back: its tags with their attributes, its words.

    A tag ends a word, as the reader sees words broken at a cell or a paragraph."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self._text.append(" ")

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    @property
    def text(self) -> str:
        return readable(unescape("".join(self._text)))

    @property
    def words(self) -> set[str]:
        """The words, without punctuation: "[image not loaded]after" holds "after"."""
        return set(_WORD.findall(self.text))


def readable(text: str) -> str:
    """Text as a reader compares it: zero-width breaks gone, any space one space."""
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())
