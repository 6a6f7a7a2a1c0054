"""The line above the review that says which snapshot it shows, and whether offline.

Offline, it is the first thing to read: "Offline — snapshot of 21 Nov 2026 14:03,
1,200 mailboxes", and why Deputy is offline, so nobody takes old data for today's.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from app.review.limits import sentences
from app.review.snapshot_store import Snapshot
from app.views.plain_text import plain_label, plain_tip
from app.words import counted


def local_time(iso: str) -> str:
    """"21 Nov 2026 14:03" in this computer's time zone."""
    return datetime.fromisoformat(iso).astimezone().strftime("%d %b %Y %H:%M").lstrip("0")


def age_words(iso: str, now: datetime | None = None) -> str:
    """"today", "yesterday", "5 days ago", "3 weeks ago", "a month ago": which snapshot
    answers "since last month" is found by reading, not by counting dates."""
    taken = datetime.fromisoformat(iso).astimezone()
    days = ((now or datetime.now(taken.tzinfo)).astimezone().date() - taken.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 28:
        return f"{days // 7} weeks ago"
    months = round(days / 30.44)
    if months < 12:
        return "a month ago" if months <= 1 else f"{months} months ago"
    years = round(days / 365.25)
    return "a year ago" if years <= 1 else f"{years} years ago"


def state_words(snapshot: Snapshot) -> str:
    """"" for a complete snapshot; else how it ended (or that it is still being written)."""
    return "" if snapshot.complete else snapshot.state_words


def taker(snapshot: Snapshot) -> str:
    """Who took it, short: "Adele Vance" of "Adele Vance (AdeleV@contoso.com)"."""
    name, _, rest = snapshot.identity.rpartition(" (")
    return name if name and "@" in rest else snapshot.identity


def snapshot_words(snapshot: Snapshot, *, who: bool = False) -> str:
    """"#4 · 21 Oct 2026 14:03 (a month ago) · 1,200 mailboxes (partial)": for pickers;
    the number tells apart two syncs of the same minute. ``who``: say who took it, for
    a list of several people's snapshots (offline)."""
    state = state_words(snapshot)
    return (f"#{snapshot.id} · {local_time(snapshot.taken_at)} "
            f"({age_words(snapshot.taken_at)}) · "
            + (f"{taker(snapshot)} · " if who else "")
            + counted(snapshot.mailboxes_stored, "mailbox") + (f" ({state})" if state else ""))


class ReviewBanner(QFrame):
    """Which snapshot is shown; highlighted when offline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline = plain_label()
        self.headline.setAccessibleDescription("Snapshot shown")
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        self.detail = plain_label()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_detail()

    def _fit_detail(self) -> None:
        """As tall as the wrapped text needs at the width it has: a layout asks a
        wrapped label's height for a guessed width, and cut the last line of a long
        detail (several mailboxes not read, and why)."""
        width = self.detail.width()
        if width > 0:
            self.detail.setMinimumHeight(max(0, self.detail.heightForWidth(width)))

    def show_snapshot(self, snapshot: Snapshot | None, *, offline: bool, reason: str = "",
                      unreadable: dict[str, list[str]] | None = None) -> None:
        """``unreadable``: mailboxes that could not be read completely, with why."""
        unreadable = unreadable or {}
        self.detail.setToolTip(plain_tip("\n".join(f"{mailbox}: {'; '.join(problems)}"
                                          for mailbox, problems in list(unreadable.items())[:30])))
        if snapshot is None:
            self.headline.setText("Offline — no snapshot yet" if offline else "No snapshot yet")
            self.detail.setText(
                "Deputy reviews permissions from a snapshot. Sync once while connected "
                "(Review, Sync now) to review them here, also offline." if not offline else
                reason or "Sync once while connected to review permissions offline.")
        else:
            when = local_time(snapshot.taken_at)
            prefix = "Offline — snapshot" if offline else "Snapshot"
            self.headline.setText(
                f"{prefix} of {when}, {counted(snapshot.mailboxes_stored, 'mailbox')}")
            parts = [f"Taken by {snapshot.identity}: {snapshot.scope}."]
            parts.extend(sentences(snapshot.unreadable))
            state = state_words(snapshot)
            if state == "partial":
                count = len(unreadable)
                names = ", ".join(list(unreadable)[:3]) + (", …" if count > 3 else "")
                parts.append(f"{counted(count, 'mailbox')} could not be read completely "
                             f"({names}); point here for why.")
            elif state == "running":
                parts.append(f"A sync is still writing this snapshot: it holds "
                             f"{snapshot.mailboxes_stored:,} of "
                             f"{counted(snapshot.mailboxes_planned, 'mailbox')} so far.")
            elif state:
                parts.append(f"This sync was {state}: the snapshot holds "
                             f"{snapshot.mailboxes_stored:,} of "
                             f"{counted(snapshot.mailboxes_planned, 'mailbox')}.")
            if offline:
                parts.append(reason or "Nothing can be changed while offline.")
            self.detail.setText(" ".join(parts))
        self._fit_detail()
        self.setAutoFillBackground(offline)
        palette = QPalette(self.palette())
        if offline:
            palette.setColor(QPalette.ColorRole.Window,
                             palette.color(QPalette.ColorRole.ToolTipBase))
            palette.setColor(QPalette.ColorRole.WindowText,
                             palette.color(QPalette.ColorRole.ToolTipText))
        self.setPalette(palette)
