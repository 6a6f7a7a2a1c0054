"""What the assistant last saw of the meetings Needs attention watches, kept between runs,
so that it can say which of them changed or were cancelled since.

One small file per signed-in identity in Deputy's data folder, readable by the user
alone. It keeps, for each meeting of the next days in my and my executives' calendars,
its time, whether it was cancelled, and a digest of its subject and place: a rename or
a new room shows as a change, but nobody's words are written to disk (a private
meeting's subject included). A meeting first met is taken as seen: it is new, not
changed (a new request shows as a request); unless it is already cancelled, which the
person has not seen yet. A meeting's look moves on only when the
person says they have seen the change, so a change waits for them across restarts.

Read and written on the task runner, never on the GUI thread; a broken file is set
aside and the looks start again from what is in the calendars now.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from app import paths
from app.attention.rows import moment
from app.graph.resources import Event
from app.private_files import replacing

log = logging.getLogger(__name__)

FORGET_AFTER = timedelta(days=1)  # a meeting this long over is no longer watched


@dataclass(frozen=True)
class Look:
    """A meeting as last seen: its times (UTC, ISO 8601), cancelled or not, and a
    digest of its subject and location."""

    start: str
    end: str
    cancelled: bool
    digest: str

    @property
    def ends(self) -> datetime:
        return datetime.fromisoformat(self.end)


def look_of(event: Event) -> Look:
    place = (event.location or {}).get("displayName") or ""
    words = f"{event.subject or ''}\n{place}".encode()
    return Look(moment(event.start).isoformat(), moment(event.end).isoformat(),
                event.is_cancelled, hashlib.sha256(words).hexdigest()[:16])


def file_for(identity: str) -> Path:
    """The looks of ``identity`` (named by a digest: an address is not a file name)."""
    name = hashlib.sha256(identity.casefold().encode()).hexdigest()[:16]
    return paths.data_dir() / "attention" / f"last-look-{name}.json"


class LastLook:
    """The looks of one identity; safe to use from any thread.

    Attributes:
        path: the file they are kept in.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._looks: dict[str, Look] | None = None

    def looks(self) -> dict[str, Look]:
        """Every meeting's look, read from the file the first time."""
        with self._lock:
            return dict(self._read())

    def meet(self, current: dict[str, Event], now: datetime) -> dict[str, Look]:
        """Take the meetings read now (key: executive/meeting id): those met for the
        first time as seen, those long over forgotten; saved if anything changed. The
        looks as they were before (what the changes are measured from)."""
        with self._lock:
            looks = self._read()
            before = dict(looks)
            for key, event in current.items():
                # A meeting first met already cancelled is still ahead in the calendar,
                # and the person hasn't seen it cancelled: it is taken as seen before.
                looks.setdefault(key, replace(look_of(event), cancelled=False))
            for key in [k for k, look in looks.items() if look.ends < now - FORGET_AFTER]:
                del looks[key]
            if looks != before:
                self._write(looks)
            return {key: look for key, look in looks.items()
                    if key in before or current[key].is_cancelled}

    def seen(self, key: str, event: Event | None) -> None:
        """The person has seen what changed: ``event`` as it is now becomes its look
        (None: it is gone from the calendar, and forgotten)."""
        with self._lock:
            looks = self._read()
            if event is None:
                looks.pop(key, None)
            else:
                looks[key] = look_of(event)
            self._write(looks)

    def _read(self) -> dict[str, Look]:
        if self._looks is not None:
            return self._looks
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._looks = {str(key): Look(**value) for key, value in data["looks"].items()}
        except FileNotFoundError:
            self._looks = {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            aside = self.path.with_name(f"{self.path.name}.broken")
            log.warning("What Needs attention last saw could not be read (%s); set aside "
                        "as %s", exc, aside.name)
            with contextlib.suppress(OSError):  # then it is written over
                self.path.replace(aside)
            self._looks = {}
        return self._looks

    def _write(self, looks: dict[str, Look]) -> None:
        self._looks = looks
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(self.path, encoding="utf-8") as file:
                json.dump({"version": 1, "looks": {key: asdict(look)
                                                   for key, look in looks.items()}}, file)
        except OSError as exc:  # told in the log; the rows still show what changed
            log.warning("What Needs attention saw could not be saved: %s", exc)
