"""Calendars others shared with me that I have not added yet, and adding them (through
Graph where it can, through Outlook where only Outlook can: quirk
``sharing-accept-unsupported``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from app.graph.resources import Calendar, SharingInvitation
from app.graph.services import AcceptInOutlook
from app.journal import ChangeDraft, ChangeKind, person_words
from app.words import shortened
from app.workspace.directory import MAILBOXES, Directory
from app.workspace.jobs import Jobs
from app.workspace.remembered import Remembered

INVITATIONS, ACCEPTED_IN_OUTLOOK = "invitations", "accepted_in_outlook"
# While an invitation waits to be accepted in Outlook, how often Deputy looks for the
# calendar (and each time the person comes back to Deputy's window).
OUTLOOK_CHECK_MS = 10_000


class Invitations(QObject):
    """Sharing invitations still to accept, and the ones waiting for Outlook.

    Signals:
        invitations_changed(list): sharing invitations not yet accepted.

    Attributes:
        pending: the invitations whose calendar is not in my calendars yet.
        awaiting_outlook: the invitations the person was told to accept in Outlook.
        outlook_check: the timer that looks for those calendars meanwhile.
    """

    invitations_changed = Signal(list)

    def __init__(self, jobs: Jobs, directory: Directory, remembered: Remembered,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.directory, self.remembered = jobs, directory, remembered
        self.session = jobs.session
        self.pending: list[SharingInvitation] = []
        self._read: list[SharingInvitation] | None = None
        # Invitations the person was told to accept in Outlook, by id; and whether Graph
        # was found unable to accept them (then it isn't asked again this session).
        self.awaiting_outlook: dict[str, SharingInvitation] = {}
        self._accept_in_outlook = False
        self.outlook_check = QTimer(self)
        self.outlook_check.setInterval(OUTLOOK_CHECK_MS)
        self.outlook_check.timeout.connect(self.look_for_accepted_calendars)
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.applicationStateChanged.connect(self.on_application_state_changed)
        directory.mailboxes_loaded.connect(self._show_pending)

    def load(self) -> None:
        service = self.session.service

        def done(invitations: list[SharingInvitation]) -> None:
            self._read = invitations
            self._show_pending()

        self.jobs.load(INVITATIONS, "Reading sharing invitations",
                       lambda _task: service.sharing_invitations(), done)

    def _show_pending(self) -> None:
        """Invitations whose calendar is not in my calendars yet.

        Graph does not link an invitation to the copy it created; a copy of the same
        owner given the invitation's suggested name (renamed since or not) is taken as
        that calendar.
        """
        if self._read is None or self.jobs.is_loading(MAILBOXES):
            return  # both lists are needed; the later one to arrive calls again
        have = self._have(self.directory.directory_calendars())
        pending = [i for i in self._read if i.can_accept and _key(i) not in have]
        if pending != self.pending:
            self.pending = pending
            self.invitations_changed.emit(pending)

    def _have(self, calendars: list[Calendar]) -> set[tuple[str, str | None]]:
        given = self.remembered.given_names()
        return {((c.owner.address or "").casefold(), given.get(c.id, c.name))
                for c in calendars}

    def _read_again(self) -> None:
        self.directory.load_mailboxes(select=self.directory.selected_address())
        self.load()

    def accept(self, invitation: SharingInvitation) -> None:
        if self._accept_in_outlook:  # Graph said so before: straight to Outlook's steps
            self._await_outlook(invitation)
            return

        def outlook_only(error: BaseException) -> bool:
            if not isinstance(error, AcceptInOutlook):
                return False
            self._accept_in_outlook = True
            self._await_outlook(invitation)
            return True

        owner = invitation.owner
        self.jobs.write(f"Adding {invitation.suggested_calendar_name}",
                        lambda _task: self.session.service.accept_sharing_invitation(
                            invitation.id),
                        f"{invitation.suggested_calendar_name} is now in your calendars.",
                        self._read_again, handled=outlook_only,
                        journal=ChangeDraft(ChangeKind.SHARED_CALENDAR_ADDED,
                                            self.jobs.me_words(),
                                            f"{invitation.suggested_calendar_name}, shared by "
                                            f"{person_words(owner.name, owner.address)}",
                                            "", "In your calendars"))

    def _await_outlook(self, invitation: SharingInvitation) -> None:
        """Tell the person how to accept ``invitation`` in Outlook, and watch for the
        calendar: Deputy shows it as soon as Outlook has added it."""
        self.awaiting_outlook[invitation.id] = invitation
        self.invitations_changed.emit(list(self.pending))
        name = invitation.suggested_calendar_name or "this calendar"
        self.jobs.notice(f"To add {name}, accept its invitation in Outlook: "
                                     "Deputy shows it here once added.")
        self.outlook_check.start()

    def on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        """Back in Deputy (from Outlook, perhaps): look for the calendars at once."""
        if state == Qt.ApplicationState.ApplicationActive and self.outlook_check.isActive():
            self.look_for_accepted_calendars()

    def stop_watching(self) -> None:
        """The window closed: look no more for calendars accepted in Outlook (a closed
        window's session must not ask Graph, nor the person, for anything)."""
        self.outlook_check.stop()

    def look_for_accepted_calendars(self) -> None:
        """Whether the calendars of invitations accepted in Outlook are in my list yet."""
        if not self.awaiting_outlook:
            self.outlook_check.stop()
            return
        if self.jobs.is_loading(ACCEPTED_IN_OUTLOOK):
            return  # the last look is still on its way
        service = self.session.service

        def done(calendars: list[Calendar]) -> None:
            have = self._have(calendars)
            arrived = [i for i in self.awaiting_outlook.values() if _key(i) in have]
            if not arrived:
                return
            for invitation in arrived:
                del self.awaiting_outlook[invitation.id]
            if not self.awaiting_outlook:
                self.outlook_check.stop()
            self._read_again()
            self.jobs.notice(" ".join(
                f"{i.suggested_calendar_name} is now in your calendars." for i in arrived))

        self.jobs.load(ACCEPTED_IN_OUTLOOK, "Looking for calendars accepted in Outlook",
                       lambda _task: service.calendars(), done)


def _key(invitation: SharingInvitation) -> tuple[str, str | None]:
    return ((invitation.owner.address or "").casefold(), invitation.suggested_calendar_name)


def outlook_steps(invitation: SharingInvitation) -> str:
    """How to accept an invitation in Outlook, in the person's words (the subject is
    someone else's text: shortened, and shown as plain text by whoever shows it)."""
    subject = shortened(" ".join((invitation.subject or "").split()), 80)
    name = invitation.suggested_calendar_name or "the calendar"
    return (f"Microsoft 365 adds a calendar shared with you only from Outlook. In Outlook, "
            f"open the invitation “{subject}” and choose Accept. Deputy shows {name} here "
            "as soon as it is added.")
