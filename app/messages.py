"""The one path a message takes to the person, from any part of Deputy to a window.

Parts (the main window's features, the review's work, the launcher) post to one
``MessageBridge`` per running Deputy; every window's message bar and status bar listen
to it and show what is addressed to their window. A part never reaches for a widget,
a window never asks a part what went wrong, and a failure is turned into words (and
its details, Graph's request-id or the traceback, logged) in one place:
``app.problems.told``. qutebrowser's ``utils/message.py`` is the model.

Which window shows a message: the one whose work it is about (``Place``). A sharing
change that failed belongs to the main window even when the review has the focus;
a sync's problem belongs to the review. Showing it everywhere would say the same thing
twice; showing it in the active window would put it where the work it names is not.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from app.problems import told

RECENT = 50  # messages kept for a look back (``recent``): a session's worth, bounded


class Place(enum.Enum):
    """The window a message is for."""

    MAIN = "main"  # the signed-in person's calendars, sharing and meetings
    REVIEW = "review"  # the permission review, online or offline


@dataclass(frozen=True)
class Message:
    """One message.

    Attributes:
        words: what happened and what to do, for the person.
        place: the window it is for.
        problem: True: a problem, shown in the message bar until closed; False: a
            notice ("Saved …"), shown in the status bar for a while.
        about: the mailbox a problem is about (its key), so the bar can let it go when
            another mailbox is shown; None: about the whole window.
    """

    words: str
    place: Place
    problem: bool
    about: str | None = None


class MessageBridge(QObject):
    """Where every message goes on its way to a window.

    Signals:
        posted(Message): a message to show; listeners pick those for their window.

    Attributes:
        recent: the last messages posted, newest last.
    """

    posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.recent: deque[Message] = deque(maxlen=RECENT)

    def problem(self, what: BaseException | str | None, place: Place, *, doing: str = "",
                about: str | None = None) -> str:
        """Show a problem; an error is turned into words here, its details logged
        (``doing``, "read this snapshot", names a failure Deputy did not expect).
        Returns the words shown."""
        words = what if isinstance(what, str) else told(what, doing)
        self._post(Message(words, place, problem=True, about=about))
        return words

    def notice(self, words: str, place: Place) -> None:
        """Say that something was done ("Saved …", "Stopped loading")."""
        self._post(Message(words, place, problem=False))

    def problems_for(self, place: Place) -> list[str]:
        """The words of the recent problems for ``place``, oldest first (``--screenshot``
        fails on the first)."""
        return [m.words for m in self.recent if m.problem and m.place is place]

    def _post(self, message: Message) -> None:
        self.recent.append(message)
        self.posted.emit(message)
