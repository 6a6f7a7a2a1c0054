"""A read-only view of a meeting's body that never runs or fetches anything.

The HTML is sanitised first (``app.meetings.safe_html``); on top of that the browser loads no
resource at all (``loadResource`` refuses everything, so not even a ``file:`` image
slips through) and opens no link by itself: a click on an http, https or mailto link
hands it to the system browser, anything else is ignored.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.meetings.safe_html import safe_link, sanitize

log = logging.getLogger(__name__)


class SafeBodyView(QTextBrowser):
    """Shows an item ``body`` ({"contentType", "content"}) safely.

    Attributes:
        refused: the resources the body asked for and did not get (for the log and tests).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Meeting description")
        self.refused: list[str] = []
        self.anchorClicked.connect(self.on_anchor_clicked)

    def show_body(self, body: dict[str, Any] | None, empty: str = "") -> None:
        self.refused.clear()
        content = str((body or {}).get("content") or "")
        if not content.strip():
            self.setPlainText(empty)
        elif str((body or {}).get("contentType", "text")).casefold() == "html":
            self.setHtml(sanitize(content))
        else:
            self.setPlainText(content)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Nothing is loaded: no remote images, no style sheets, no local files."""
        text = name.toString() if isinstance(name, QUrl) else name
        self.refused.append(text)
        log.info("Refused to load %s from a meeting body", text[:200])
        return None

    def on_anchor_clicked(self, url: QUrl) -> None:
        if safe_link(url.toString()):
            QDesktopServices.openUrl(url)
        else:
            log.info("Ignored a %s link in a meeting body", url.scheme() or "relative")
