"""The main window's parts for one signed-in session, made and started together.

Views call the part their feature lives in: ``directory`` (whose calendars I reach,
which is chosen), ``sharing`` (who can see it, who gets meeting messages),
``invitations`` (calendars shared with me), ``meetings``. Every part reads and writes
through the one ``jobs``, so each Graph call runs on the task runner and lands in a
model or a signal on the GUI thread: view → task runner → Graph → task runner → model →
view. After every change the affected data is read again, so the tables always show
what the server has, including after a failed change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings

from app.attention.find_time import FindTime
from app.attention.part import Attention
from app.attention.side_by_side import SideBySide
from app.attention.watch import Watch
from app.journal import ChangeJournal
from app.meetings.part import Meetings
from app.messages import MessageBridge
from app.signin.accounts import Session
from app.tasks import TaskRunner
from app.workspace.directory import Directory
from app.workspace.expiries import Expiries
from app.workspace.invitations import Invitations
from app.workspace.jobs import Jobs
from app.workspace.remembered import Remembered
from app.workspace.sharing import Sharing


class Workspace(QObject):
    """One session's parts.

    Attributes:
        session: who is signed in.
        jobs: loads, changes, the change journal, and the problems told (``busy``,
            ``idle``, ``messages``...).
        messages: where this session's problems and notices go (the launcher's bridge,
            that every window listens to).
        directory, sharing, invitations, meetings: the features' parts.
        attention: what needs the person now, across them (Needs attention).
        watch: looks for new meeting mail while Deputy runs, and tells what is new.
        side_by_side: a day of me and my executives in columns, from free/busy.
        find_time: common free time of the executives side by side.
        expiries: puts back the time-limited access this identity gave, once due.
    """

    def __init__(self, session: Session, runner: TaskRunner, store: QSettings,
                 parent: QObject | None = None, *, journal: ChangeJournal | None = None,
                 messages: MessageBridge | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.jobs = Jobs(session, runner, self, journal=journal, messages=messages)
        self.messages = self.jobs.messages
        self.remembered = Remembered(store, session)
        self.directory = Directory(self.jobs, self.remembered, self)
        self.jobs.shown_mailbox = self.directory.current_key
        self.sharing = Sharing(self.jobs, self.directory, self)
        self.invitations = Invitations(self.jobs, self.directory, self.remembered, self)
        self.meetings = Meetings(self.jobs, self.directory, self)
        self.attention = Attention(self.jobs, self.meetings, self.invitations, self)
        self.watch = Watch(self.jobs, self.attention, store, self)
        self.side_by_side = SideBySide(self.jobs, self.meetings, self)
        self.find_time = FindTime(self.side_by_side, self)
        self.expiries = Expiries(self.jobs, self)
        self.expiries.applied.connect(lambda _expired: self.sharing.load_permissions())

    @property
    def busy(self) -> bool:
        """Something is being read or saved (what tests and ``--screenshot`` wait out)."""
        return self.jobs.busy

    def start(self, mailbox: str | None = None) -> None:
        """Load the sidebar; ``mailbox`` (or the last selection, or Me) is selected when
        it arrives."""
        self.meetings.load_time_zone()  # first: the first meetings read are in it
        self.directory.load_mailboxes(
            select=mailbox or self.remembered.last_selection()[0] or None)
        if not self.session.app_only:
            self.invitations.load()
        self.watch.start()
        self.expiries.start()

    def refresh(self) -> None:
        """F5: read everything shown again; until it arrives, what is shown is greyed."""
        for table in self.jobs.tables:
            table.set_stale(True)
        self.directory.load_mailboxes(select=self.directory.selected_address())
        if not self.session.app_only:
            self.invitations.load()

    def stop_watching(self) -> None:
        """The window closed: nothing more is asked of Graph, nor of the person."""
        self.invitations.stop_watching()
        self.watch.stop()
        self.expiries.stop()
