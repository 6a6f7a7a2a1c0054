"""While Deputy runs: look for new meeting mail every few minutes, and tell the person
of a new request, or a new clash, for the executives they chose, outside quiet hours.

What counts as new: a request (or its clash) Deputy had not shown since it started, found
by the watch's own look. The list as it stood once the window's first reads were in is
the starting point: opening Deputy tells nothing, since the whole list is on the screen;
nor does what the person's own doing brings (F5, a meeting just sent, an answer): they
are looking at it. A look reads only what arrived since the newest message held
(newest first, ending at the first one older: a page of 25 when nothing is new), and the
free/busy of what waits; every WHOLE_READ_EVERY-th look reads the recent inbox whole, as
the Meeting messages view does (a bounded window: never the whole mailbox), so that a
request answered in Outlook meanwhile leaves the list.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from app import settings
from app.attention.part import Attention
from app.attention.rows import Need, Row
from app.models.attention import NAME_CHARS, SUBJECT_CHARS, clash_words
from app.models.events import span_words
from app.words import shortened
from app.workspace.jobs import Jobs

log = logging.getLogger(__name__)
MINUTE_MS = 60_000
MOST_TOLD_ONE_BY_ONE = 3  # more news at once are told as one notice with their count
WHOLE_READ_EVERY = 6  # looks: with a look every 5 minutes, the whole window each half hour


@dataclass(frozen=True)
class Notice:
    """One desktop notification: a title and a line or two."""

    title: str
    text: str


def quiet_now(span: str, now: time) -> bool:
    """Is ``now`` within quiet hours written "19:00-07:00" (across midnight allowed)?
    An empty or unreadable span is never quiet."""
    try:
        start_text, end_text = (part.strip() for part in span.split("-"))
        start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
    except ValueError:
        return False
    if start <= end:
        return start <= now < end
    return now >= start or now < end


class Watch(QObject):
    """Looks again every ``settings.WATCH_MINUTES`` and tells what is new.

    Signals:
        told(Notice): tell the person this (the tray shows it on the desktop).

    Attributes:
        timer: when the next look is.
        seen: the keys of the requests, and of the requests with a clash, already shown.
    """

    told = Signal(object)

    def __init__(self, jobs: Jobs, attention: Attention, store: QSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.attention, self.store = jobs, attention, store
        self.seen: set[str] | None = None  # None: the first reads are not in yet
        self._looking = False  # the reads under way are the watch's own look
        self.looks = 0  # how many looks so far: every WHOLE_READ_EVERY-th reads whole
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, settings.WATCH_MINUTES.read(store)) * MINUTE_MS)
        self.timer.timeout.connect(self.look)
        # Told once everything a look reads is in: a new request and its clash, once.
        jobs.idle.connect(self.on_jobs_idle)

    def start(self) -> None:
        if not self.jobs.session.app_only:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def look(self) -> None:
        """Read the meeting mail that is new (now and then all the recent mail again);
        the rows follow by themselves."""
        if not self.jobs.loading:
            self._looking = True
            self.looks += 1
            self.attention.meetings.load_messages(only_new=self.looks % WHOLE_READ_EVERY != 0)

    def on_jobs_idle(self) -> None:
        rows = self.attention.rows
        looked, self._looking = self._looking, False
        if self.seen is None or not looked:  # what the window shows is known, not news
            self.seen = _keys(rows) | (self.seen or set())
            return
        news = [row for row in rows if row.need is Need.ANSWER
                and (row.key not in self.seen
                     or (row.conflicts and _clash_key(row) not in self.seen))]
        self.seen |= _keys(rows)
        if not settings.NOTIFY.read(self.store):
            return
        chosen = _chosen(settings.NOTIFY_FOR.read(self.store, self.jobs.session.state_key))
        news = [row for row in news if chosen is None or row.for_address in chosen]
        if not news:
            return
        if quiet_now(settings.NOTIFY_QUIET_HOURS.read(self.store), datetime.now().time()):
            log.info("%d news in quiet hours: not told", len(news))
            return
        for notice in notices(news, self.attention.model.zone):
            self.told.emit(notice)


def notices(news: list[Row], zone: tzinfo | None = None) -> list[Notice]:
    """What to tell of ``news``: one notice each, or one for all when there are many."""
    if len(news) > MOST_TOLD_ONE_BY_ONE:
        people = sorted({shortened(row.for_name, NAME_CHARS) for row in news})
        return [Notice(f"{len(news)} new meeting requests",
                       f"For {', '.join(people)}. They are in Needs attention.")]
    told = []
    for row in news:
        when = (span_words(row.start.astimezone(zone), row.end.astimezone(zone))
                if row.start and row.end else "")
        clash = f"\nClashes with {clash_words(row.conflicts, zone)}" if row.conflicts else ""
        whom = "you" if not row.for_address else shortened(row.for_name, NAME_CHARS)
        told.append(Notice(f"Meeting request for {whom}",
                           f"{shortened(row.subject, SUBJECT_CHARS)} · {when} · from "
                           f"{shortened(row.from_name, NAME_CHARS)}{clash}"))
    return told


def _keys(rows: list[Row]) -> set[str]:
    return {row.key for row in rows} | {_clash_key(row) for row in rows if row.conflicts}


def _clash_key(row: Row) -> str:
    return f"{row.key}#clash"


def _chosen(text: str) -> set[str] | None:
    """The executives chosen for notices (casefolded addresses; "" for my own); None:
    everyone, as when nothing was chosen."""
    try:
        found = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(found, list):
        return None
    return {str(address).casefold() for address in found}
