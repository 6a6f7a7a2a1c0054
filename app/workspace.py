"""The main window's data and actions, between the views and Graph.

Views call the methods here; each Graph call runs on the task runner and its result
lands in a model (``mailboxes``, ``calendars``, ``permissions``) or a signal, on the
GUI thread. Data flows one way: view → task runner → Graph → task runner → model →
view. After every change the affected data is read again, so the tables always show
what the server has, including after a failed change.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from app.accounts import Session
from app.graph.capabilities import Action, Capability, capabilities
from app.graph.errors import GraphError
from app.graph.resources import Calendar, CalendarPermission, EmailAddress, SharingInvitation
from app.graph.roles import access_badge, delivery_label, role_label, strongest_badge
from app.graph.services import AcceptInOutlook, CalendarRef
from app.graph.tokens import InteractionRequired
from app.journal import (
    DONE,
    ChangeDraft,
    ChangeJournal,
    ChangeKind,
    failed_outcome,
    open_journal,
    person_words,
)
from app.meetings import Meetings
from app.models.calendars import CalendarTableModel
from app.models.mailboxes import ME, Mailbox, MailboxKind, MailboxListModel
from app.models.permissions import PermissionTableModel
from app.models.table import ColumnTableModel
from app.tasks import Outcome, Task, TaskRunner

log = logging.getLogger(__name__)

MAILBOXES, CALENDARS, PERMISSIONS, DELIVERY, INVITATIONS, ACCEPTED_IN_OUTLOOK = (
    "mailboxes", "calendars", "permissions", "delivery", "invitations", "accepted_in_outlook")
# While an invitation waits to be accepted in Outlook, how often Deputy looks for the
# calendar (and each time the person comes back to Deputy's window).
OUTLOOK_CHECK_MS = 10_000
NO_ACCESS = role_label("none")  # before a person is added, after one is removed


@dataclass(frozen=True)
class SharingState:
    """What the sharing view can do with the selected calendar.

    Attributes:
        calendar: the selected calendar, or None.
        manage: whether its sharing can be seen and changed, and why not.
        primary: delegates can be added only to a primary calendar.
    """

    calendar: Calendar | None
    manage: Capability
    primary: bool = False


@dataclass(frozen=True)
class DeliveryState:
    """The selected mailbox's delegate meeting-message delivery option.

    Attributes:
        option: the server's value; None while unknown.
        change: whether the signed-in identity may change it, and why not.
        owner_name: whose meeting messages these are.
        own: they are the signed-in person's own ("my delegates").
    """

    option: str | None
    change: Capability
    owner_name: str
    own: bool = False


@dataclass
class _Ticket:
    """One load in flight; a newer load of the same data replaces it."""

    task: Task | None = None


@dataclass
class _Directory:
    """What the sidebar is built from: my calendars, and my access to each owner's."""

    me_name: str = ""
    calendars: list[Calendar] = field(default_factory=list)
    primaries: dict[str, Calendar | None] = field(default_factory=dict)


class Workspace(QObject):
    """Loads and changes one session's mailboxes, calendars and sharing.

    Signals:
        mailbox_selected(mailbox): the sidebar's selection changed.
        calendar_selected(calendar): the calendar the views show changed (or None).
        sharing_changed(SharingState): the sharing view's calendar or rights changed.
        delivery_changed(DeliveryState): the delivery option was read or changed.
        invitations_changed(list): sharing invitations not yet accepted.
        problem_raised(str): a sentence for the user (the details are in the log).
        consent_needed(scopes): Microsoft wants the person to sign in again or allow
            these scopes; once they have, ``refresh()`` shows what failed.
        notice_raised(str): something done, for the status bar.
        loading_changed(str, bool): a kind of data started or stopped loading.
        idle(): nothing is loading or saving any more.

    Attributes:
        session: who is signed in.
        mailboxes, calendars, permissions: the models the views show.
        journal: where every change is recorded (see ``write``).
    """

    mailbox_selected = Signal(object)
    calendar_selected = Signal(object)
    sharing_changed = Signal(object)
    delivery_changed = Signal(object)
    invitations_changed = Signal(list)
    problem_raised = Signal(str)
    consent_needed = Signal(list)
    notice_raised = Signal(str)
    loading_changed = Signal(str, bool)
    idle = Signal()

    def __init__(self, session: Session, runner: TaskRunner, store: QSettings,
                 parent: QObject | None = None, *, journal: ChangeJournal | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner, self._store = session, runner, store
        self._journal, self._journal_tried = journal, journal is not None
        self.mailboxes = MailboxListModel(self)
        self.calendars = CalendarTableModel(self)
        self.permissions = PermissionTableModel(self)
        self.calendars.rename_requested.connect(self.rename_copy)
        self.permissions.role_change_requested.connect(self.change_role)
        self._selected: Mailbox | None = None
        # The administrator's directory: object ids by UPN (casefolded). Graph is asked by
        # id, since some mailboxes answer 404 by their UPN (quirk mailbox-by-upn-not-found).
        self._user_ids: dict[str, str] = {}
        self.current_calendar: Calendar | None = None
        self._calendars_of: str | None = None  # whose calendars the table shows
        self.delivery = DeliveryState(None, Capability(False, ""), "")
        self.invitations: list[SharingInvitation] = []
        self._invitations: list[SharingInvitation] | None = None
        # Invitations the person was told to accept in Outlook, by id; and whether Graph
        # was found unable to accept them (then it isn't asked again this session).
        self.awaiting_outlook: dict[str, SharingInvitation] = {}
        self._accept_in_outlook = False
        self.outlook_check = QTimer(self)
        self.outlook_check.setInterval(OUTLOOK_CHECK_MS)
        self.outlook_check.timeout.connect(self.look_for_accepted_calendars)
        application = QGuiApplication.instance()
        if application is not None:
            application.applicationStateChanged.connect(self.on_application_state_changed)
        self.failures: list[str] = []  # every problem shown, for --screenshot's exit code
        self._directory = _Directory()
        self._loading: dict[str, Task] = {}
        self._writes = 0
        self.tables: list[ColumnTableModel] = [self.calendars, self.permissions]
        self.meetings = Meetings(self)

    # ------------------------------------------------------------------ state

    @property
    def current_mailbox(self) -> Mailbox | None:
        """The selected mailbox as the sidebar has it now (access and pin kept current)."""
        if self._selected is None:
            return None
        row = self.mailboxes.row_of(self._selected.address)
        return self.mailboxes.mailboxes[row] if row >= 0 else self._selected

    @property
    def journal(self) -> ChangeJournal | None:
        """The change journal; when the creator gave none, the data folder's, opened at
        the first change. None when it can't be opened: changes still go ahead."""
        if not self._journal_tried:
            self._journal_tried = True
            self._journal, notice = open_journal()
            if self._journal is not None:
                self.destroyed.connect(self._journal.close)
            if notice:
                self.problem_raised.emit(notice)
        return self._journal

    @property
    def busy(self) -> bool:
        return bool(self._loading) or self._writes > 0

    @property
    def loading(self) -> bool:
        """Something is being read (what Esc and Cancel stop)."""
        return bool(self._loading)

    @property
    def saving(self) -> bool:
        """A change is on its way to the server."""
        return self._writes > 0

    def _state(self, name: str) -> str:
        return f"state/{self.session.state_key.replace('@', '_at_')}/{name}"

    def pinned(self) -> list[dict[str, str]]:
        try:
            value = json.loads(str(self._store.value(self._state("pinned"), "[]")))
        except ValueError:
            return []
        return [p for p in value if isinstance(p, dict) and p.get("address")]

    def _save_pinned(self, pinned: list[dict[str, str]]) -> None:
        self._store.setValue(self._state("pinned"), json.dumps(pinned))

    def given_names(self) -> dict[str, str]:
        """The names Graph gave my copies of others' calendars before I renamed them, by
        copy id.

        Graph links a copy to nothing but its owner: which copy is of the owner's primary
        calendar, and which sharing invitation a copy came from, can be told only by the
        name Outlook gave it ("Alex Wilber", or the shared calendar's name). A rename must
        not change what a copy is, so the given name is kept from the first rename on.
        """
        try:
            value = json.loads(str(self._store.value(self._state("copy_names"), "{}")))
        except ValueError:
            return {}
        return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)} \
            if isinstance(value, dict) else {}

    def _keep_given_name(self, calendar: Calendar) -> None:
        names = self.given_names()
        if calendar.id not in names:
            names[calendar.id] = calendar.name
            self._store.setValue(self._state("copy_names"), json.dumps(names))

    def last_selection(self) -> tuple[str, str]:
        """The mailbox address and calendar id selected when Deputy last closed."""
        return (str(self._store.value(self._state("mailbox"), "") or ""),
                str(self._store.value(self._state("calendar"), "") or ""))

    # ------------------------------------------------------------------ loading

    def start(self, mailbox: str | None = None) -> None:
        """Load the sidebar; ``mailbox`` (or the last selection, or Me) is selected when
        it arrives."""
        self.meetings.load_time_zone()  # first: the first meetings read are in it
        self.load_mailboxes(select=mailbox or self.last_selection()[0] or None)
        if not self.session.app_only:
            self.load_invitations()

    def refresh(self) -> None:
        """F5: read everything shown again; until it arrives, what is shown is greyed."""
        for table in self.tables:
            table.set_stale(True)
        self.load_mailboxes(select=self._selected_address())
        if not self.session.app_only:
            self.load_invitations()

    def load_mailboxes(self, select: str | None = None) -> None:
        service, pinned = self.session.service, self.pinned()

        if self.session.app_only:
            def work(_task: Task) -> Any:
                return service.users()
        else:
            def work(_task: Task) -> Any:
                found = _Directory(me_name=self.session.display_name,
                                   calendars=service.calendars())
                owners = {(c.owner.address or "").casefold() for c in found.calendars}
                owners |= {p["address"].casefold() for p in pinned}
                owners -= {"", (self.session.username or "").casefold()}
                for owner in sorted(owners):
                    try:
                        found.primaries[owner] = service.calendar(CalendarRef(owner))
                    except GraphError as exc:
                        if exc.status not in (403, 404):
                            raise
                        found.primaries[owner] = None  # only other calendars are shared
                return found

        def done(value: Any) -> None:
            if self.session.app_only:
                rows = self._directory_rows(value, pinned)
            else:
                self._directory = value
                rows = self._person_rows(value, pinned)
                self._show_pending_invitations()
            self.mailboxes.replace(rows)
            wanted = select if select and self.mailboxes.row_of(select) >= 0 else None
            if wanted is None and self.current_mailbox is None and rows:
                wanted = rows[0].address
            if wanted is not None:
                self.select_mailbox(self.mailboxes.mailboxes[self.mailboxes.row_of(wanted)])
            self.meetings.load_messages()  # who each message is for needs the sidebar

        def failed() -> None:
            for table in self.tables:
                table.set_stale(False)

        self.load(MAILBOXES, "Reading whose calendars you can reach", work, done,
                   on_failure=failed)

    def _person_rows(self, found: _Directory, pinned: list[dict[str, str]]) -> list[Mailbox]:
        me = (self.session.username or "").casefold()
        pinned_keys = {p["address"].casefold() for p in pinned}
        by_owner: dict[str, list[Calendar]] = {}
        names: dict[str, str] = {}
        for calendar in found.calendars:
            owner = (calendar.owner.address or "").casefold()
            if owner and owner != me:
                by_owner.setdefault(owner, []).append(calendar)
                names[owner] = calendar.owner.name or calendar.owner.address or owner
        shared = []
        for owner, copies in by_owner.items():
            primary = found.primaries.get(owner)
            badges = [access_badge(c, primary=False) for c in copies]
            if primary is not None:
                badges.append(access_badge(primary, primary=True))
            address = copies[0].owner.address or owner
            shared.append(Mailbox(address, names[owner], MailboxKind.SHARED,
                                  strongest_badge(badges), owner in pinned_keys))
        rows = [Mailbox(ME, f"Me ({found.me_name})" if found.me_name else "Me", MailboxKind.ME)]
        rows += sorted(shared, key=lambda m: m.display_name.casefold())
        for entry in pinned:
            key = entry["address"].casefold()
            if key in by_owner:
                continue
            primary = found.primaries.get(key)
            access = access_badge(primary, primary=True) if primary else "No access"
            name = (primary.owner.name if primary else "") or entry.get("name") or entry["address"]
            rows.append(Mailbox(entry["address"], name, MailboxKind.PINNED, access, True))
        return rows

    def _directory_rows(self, users: list[Any], pinned: list[dict[str, str]]) -> list[Mailbox]:
        pinned_keys = {p["address"].casefold() for p in pinned}
        users = [u for u in users if u.might_have_mailbox]  # guests have none here
        self._user_ids = {u.user_principal_name.casefold(): u.id for u in users if u.id}
        people = [Mailbox(u.user_principal_name, u.display_name or u.user_principal_name,
                          MailboxKind.DIRECTORY, "",
                          u.user_principal_name.casefold() in pinned_keys) for u in users]
        people.sort(key=lambda m: (not m.pinned, m.display_name.casefold()))
        return people

    def _graph_address(self, mailbox: Mailbox) -> str:
        """How Graph is asked for ``mailbox``: the administrator's by object id where the
        directory gave one, anyone else's by address."""
        if self.session.app_only:
            return self._user_ids.get(mailbox.address.casefold(), mailbox.address)
        return mailbox.address

    def select_mailbox(self, mailbox: Mailbox) -> None:
        self._selected = mailbox
        self._store.setValue(self._state("mailbox"), mailbox.address)
        self.mailbox_selected.emit(mailbox)
        self.load_calendars()
        self.load_delivery()

    def load_calendars(self) -> None:
        mailbox = self.current_mailbox
        if mailbox is None:
            return
        service, session = self.session.service, self.session
        me = (session.username or "").casefold()
        self.calendars.set_stale(True)

        def work(_task: Task) -> list[Calendar]:
            if session.app_only:
                return _owned_by(service.calendars(self._graph_address(mailbox)),
                                 mailbox.display_name, mailbox.address)
            if mailbox.kind == MailboxKind.PINNED:
                return [service.calendar(CalendarRef(mailbox.address))]
            owner = me if mailbox.is_me else mailbox.key
            mine = _owned_by(service.calendars(), session.display_name, session.username or "")
            return [c for c in mine if (c.owner.address or "").casefold() == owner]

        def done(calendars: list[Calendar]) -> None:
            self.calendars.set_calendars(calendars, session.username,
                                         self._primary_ids(mailbox, calendars),
                                         holder=mailbox.display_name)
            self._calendars_of = mailbox.key
            wanted = self.current_calendar.id if self.current_calendar else self.last_selection()[1]
            row = self.calendars.row_of(wanted) if wanted else -1
            self.select_calendar(calendars[max(row, 0)] if calendars else None)

        def failed() -> None:
            """Reading again, the rows shown stay (greyed no more); another mailbox's
            rows never stand under this one's name."""
            if self._calendars_of == mailbox.key:
                self.calendars.set_stale(False)
                return
            self.calendars.set_calendars([], session.username, holder=mailbox.display_name)
            self._calendars_of = mailbox.key
            self.select_calendar(None)

        self.load(CALENDARS, f"Reading {mailbox.display_name}'s calendars", work, done,
                   on_failure=failed)

    def _primary_ids(self, mailbox: Mailbox, calendars: list[Calendar]) -> set[str]:
        """Which calendars are (copies of) a primary calendar.

        Graph marks my own primary with ``isDefaultCalendar``, but says nothing of a copy
        in my mailbox; Outlook names the copy of someone's primary calendar after them,
        so a copy Outlook named after its owner is taken as the primary one (by the name
        it was given, not the one I may have renamed it to).
        """
        if self.session.app_only:  # the mailbox's copies keep the names Outlook gave them
            return {c.id for c in calendars if c.is_default_calendar or (
                c.can_share is False and c.name == (c.owner.name or ""))}
        if mailbox.is_me or mailbox.kind == MailboxKind.PINNED:
            return {c.id for c in calendars if c.is_default_calendar
                    or mailbox.kind == MailboxKind.PINNED}
        given = self.given_names()  # read once, not per calendar
        return {c.id for c in calendars if given.get(c.id, c.name) == (c.owner.name or "")}

    def select_calendar(self, calendar: Calendar | None) -> None:
        if calendar is not None and self.current_calendar is not None \
                and calendar.id != self.current_calendar.id:
            self.permissions.clear()
        self.current_calendar = calendar
        self.calendar_selected.emit(calendar)
        if calendar is None:
            self.permissions.clear()
            self.sharing_changed.emit(SharingState(None, Capability(False, "No calendar.")))
            return
        self._store.setValue(self._state("calendar"), calendar.id)
        self.load_permissions()

    def abilities(self, calendar: Calendar) -> tuple[dict[Action, Capability], bool]:
        """What the signed-in identity may do with ``calendar``, and whether it is (a copy
        of) a primary calendar, as the calendars table knows it."""
        row = self.calendars.calendar_row(self.calendars.row_of(calendar.id))
        primary = row.primary if row else bool(calendar.is_default_calendar)
        return capabilities(self.session.username, calendar, primary=primary), primary

    def _sharing_state(self) -> SharingState:
        calendar = self.current_calendar
        assert calendar is not None
        allowed, primary = self.abilities(calendar)
        return SharingState(calendar, allowed[Action.MANAGE_SHARING], primary)

    def calendar_ref(self, calendar: Calendar) -> CalendarRef:
        if self.session.app_only and self.current_mailbox is not None:
            return CalendarRef(self._graph_address(self.current_mailbox), calendar.id)
        if self.current_mailbox is not None and self.current_mailbox.kind == MailboxKind.PINNED:
            return CalendarRef(self.current_mailbox.address)
        return CalendarRef(ME, calendar.id)

    def load_permissions(self) -> None:
        if self.current_calendar is None:
            return
        state = self._sharing_state()
        self.sharing_changed.emit(state)
        owner = _owner_name(state.calendar)
        if not state.manage.allowed:
            self.permissions.set_permissions([], editable=False, owner_name=owner)
            return
        service, ref = self.session.service, self.calendar_ref(state.calendar)
        self.permissions.set_stale(True)

        def done(permissions: list[CalendarPermission]) -> None:
            self.permissions.set_permissions(permissions, editable=True, owner_name=owner)

        self.load(PERMISSIONS, f"Reading who can see {state.calendar.name}",
                   lambda _task: service.permissions(ref, owner), done,
                   on_failure=lambda: self.permissions.set_stale(False))

    def load_delivery(self) -> None:
        mailbox = self.current_mailbox
        if mailbox is None:
            return
        owner = self.session.display_name if mailbox.is_me else mailbox.display_name
        allowed = mailbox.is_me or self.session.app_only
        change = (Capability(True) if allowed else Capability(
            False, f"Only {owner} or an administrator can choose who receives {owner}'s "
                   "meeting requests and responses."))
        self.delivery = DeliveryState(None, change, owner, mailbox.is_me)
        self.delivery_changed.emit(self.delivery)
        if not allowed:
            return
        service, address = self.session.service, ME if mailbox.is_me else \
            self._graph_address(mailbox)

        def done(settings: Any) -> None:
            self.delivery = DeliveryState(settings.delegate_meeting_message_delivery_options
                                          or "sendToDelegateOnly", change, owner,
                                          mailbox.is_me)
            self.delivery_changed.emit(self.delivery)

        self.load(DELIVERY, f"Reading {owner}'s meeting message settings",
                   lambda _task: service.mailbox_settings(address, owner), done)

    def load_invitations(self) -> None:
        service = self.session.service

        def done(invitations: list[SharingInvitation]) -> None:
            self._invitations = invitations
            self._show_pending_invitations()

        self.load(INVITATIONS, "Reading sharing invitations",
                   lambda _task: service.sharing_invitations(), done)

    def _show_pending_invitations(self) -> None:
        """Invitations whose calendar is not in my calendars yet.

        Graph does not link an invitation to the copy it created; a copy of the same
        owner given the invitation's suggested name (renamed since or not) is taken as
        that calendar.
        """
        if self._invitations is None or MAILBOXES in self._loading:
            return  # both lists are needed; the later one to arrive calls again
        given = self.given_names()
        have = {((c.owner.address or "").casefold(), given.get(c.id, c.name))
                for c in self._directory.calendars}
        pending = [i for i in self._invitations if i.can_accept and (
            (i.owner.address or "").casefold(), i.suggested_calendar_name) not in have]
        if pending != self.invitations:
            self.invitations = pending
            self.invitations_changed.emit(pending)

    # ------------------------------------------------------------------ changes

    def _sharing_target(self) -> tuple[Calendar, CalendarRef, str] | None:
        """The selected calendar, its address for Graph, and its owner's name."""
        calendar = self.current_calendar
        if calendar is None:
            return None
        return calendar, self.calendar_ref(calendar), _owner_name(calendar)

    def _sharing_change(self, kind: ChangeKind, calendar: Calendar, who: str, before: str,
                        after: str) -> ChangeDraft:
        """For the journal: "Alex Wilber's Calendar — Christie Cline", for Alex."""
        owner = calendar.owner
        return ChangeDraft(kind, person_words(owner.name, owner.address),
                           f"{_owner_name(calendar)}'s {calendar.name} — {who}", before, after)

    def change_role(self, permission: CalendarPermission, role: str) -> None:
        target = self._sharing_target()
        if target is None:
            return
        calendar, ref, owner = target
        who = permission.person_name
        self.write(f"Changing {who}'s access",
                    lambda _task: self.session.service.change_role(ref, permission.id, role,
                                                                   owner),
                    f"{who}'s access changed.", self.load_permissions,
                    on_failure=lambda: self.permissions.drop_pending(permission.id),
                    journal=self._sharing_change(ChangeKind.ROLE_CHANGED, calendar, str(who),
                                                 role_label(permission.role), role_label(role)))

    def add_person(self, address: str, role: str, name: str | None = None) -> None:
        target = self._sharing_target()
        if target is None:
            return
        calendar, ref, owner = target
        self.write(f"Sharing {calendar.name} with {address}",
                    lambda _task: self.session.service.add_permission(ref, address, role, owner,
                                                                      name),
                    f"{calendar.name} is now shared with {name or address}.",
                    self.load_permissions,
                    journal=self._sharing_change(ChangeKind.PERMISSION_ADDED, calendar,
                                                 name or address, NO_ACCESS, role_label(role)))

    def remove_person(self, permission: CalendarPermission) -> None:
        target = self._sharing_target()
        if target is None:
            return
        calendar, ref, owner = target
        who = permission.person_name
        self.write(f"Removing {who}",
                    lambda _task: self.session.service.remove_permission(ref, permission.id,
                                                                         owner),
                    f"{who} can no longer see {calendar.name}.", self.load_permissions,
                    journal=self._sharing_change(ChangeKind.PERMISSION_REMOVED, calendar,
                                                 str(who), role_label(permission.role),
                                                 NO_ACCESS))

    def allowed_roles(self, address: str, on_roles: Callable[[list[str]], None],
                      on_problem: Callable[[str], None]) -> Task | None:
        """Which roles ``address`` may get on the selected calendar, from the server."""
        target = self._sharing_target()
        if target is None:
            return None
        _calendar, ref, owner = target

        def done(outcome: Outcome) -> None:
            if outcome.ok:
                on_roles(outcome.value)
            else:
                on_problem(self._words(outcome.error))

        return self.runner.run(f"Checking {address}",
                               lambda _task: self.session.service.allowed_roles_for(
                                   ref, address, owner), done)

    def set_delivery_option(self, option: str) -> None:
        mailbox, state = self.current_mailbox, self.delivery
        if mailbox is None or option == state.option:
            return
        address, owner = ME if mailbox.is_me else self._graph_address(mailbox), state.owner_name
        change = ChangeDraft(
            ChangeKind.DELIVERY_OPTION,
            person_words(owner, self.session.username if mailbox.is_me else mailbox.address),
            f"Who receives {owner}'s meeting requests and responses",
            delivery_label(state.option, owner), delivery_label(option, owner))
        self.write("Saving who receives meeting messages",
                    lambda _task: self.session.service.set_delivery_option(address, option,
                                                                           owner),
                    "Meeting message delivery saved.", self.load_delivery,
                    on_failure=lambda: self.delivery_changed.emit(self.delivery),
                    journal=change)

    def rename_copy(self, calendar: Calendar, name: str) -> None:
        """Rename a copy of someone's calendar: mine, or (as administrator) the copy in
        the selected mailbox; only its holder sees the name."""
        ref = self.calendar_ref(calendar)
        if not self.session.app_only:
            self._keep_given_name(calendar)

        def after() -> None:
            self.load_calendars()
            self.load_mailboxes(select=self._selected_address())

        self.write(f"Renaming {calendar.name}",
                    lambda _task: self.session.service.rename_copy(ref, name),
                    f"Renamed to “{name}”. Only you see this name.", after,
                    on_failure=lambda: self.calendars.drop_pending(calendar.id),
                    journal=ChangeDraft(ChangeKind.CALENDAR_RENAMED, self._holder_words(),
                                        f"{self._holder_whose()} copy of "
                                        f"{_owner_name(calendar)}'s calendar",
                                        calendar.name, name))

    def _holder_words(self) -> str:
        """Whose calendars the selected mailbox holds, for the journal."""
        mailbox = self.current_mailbox
        if self.session.app_only and mailbox is not None:
            return person_words(mailbox.display_name, mailbox.address)
        return self.me_words()

    def _holder_whose(self) -> str:
        mailbox = self.current_mailbox
        if self.session.app_only and mailbox is not None:
            return f"{mailbox.display_name}'s"
        return "Your"

    def accept_invitation(self, invitation: SharingInvitation) -> None:
        if self._accept_in_outlook:  # Graph said so before: straight to Outlook's steps
            self._await_outlook(invitation)
            return

        def after() -> None:
            self.load_mailboxes(select=self._selected_address())
            self.load_invitations()

        def outlook_only(error: BaseException) -> bool:
            if not isinstance(error, AcceptInOutlook):
                return False
            self._accept_in_outlook = True
            self._await_outlook(invitation)
            return True

        owner = invitation.owner
        self.write(f"Adding {invitation.suggested_calendar_name}",
                    lambda _task: self.session.service.accept_sharing_invitation(
                        invitation.id),
                    f"{invitation.suggested_calendar_name} is now in your calendars.", after,
                    handled=outlook_only,
                    journal=ChangeDraft(ChangeKind.SHARED_CALENDAR_ADDED, self.me_words(),
                                        f"{invitation.suggested_calendar_name}, shared by "
                                        f"{person_words(owner.name, owner.address)}",
                                        "", "In your calendars"))

    def _await_outlook(self, invitation: SharingInvitation) -> None:
        """Tell the person how to accept ``invitation`` in Outlook, and watch for the
        calendar: Deputy shows it as soon as Outlook has added it."""
        self.awaiting_outlook[invitation.id] = invitation
        self.invitations_changed.emit(list(self.invitations))
        name = invitation.suggested_calendar_name or "this calendar"
        self.notice_raised.emit(f"To add {name}, accept its invitation in Outlook: Deputy "
                                "shows it here once added.")
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
        if ACCEPTED_IN_OUTLOOK in self._loading:
            return  # the last look is still on its way
        service = self.session.service

        def done(calendars: list[Calendar]) -> None:
            given = self.given_names()
            have = {((c.owner.address or "").casefold(), given.get(c.id, c.name))
                    for c in calendars}
            arrived = [i for i in self.awaiting_outlook.values()
                       if ((i.owner.address or "").casefold(), i.suggested_calendar_name)
                       in have]
            if not arrived:
                return
            for invitation in arrived:
                del self.awaiting_outlook[invitation.id]
            if not self.awaiting_outlook:
                self.outlook_check.stop()
            self.load_mailboxes(select=self._selected_address())
            self.load_invitations()
            self.notice_raised.emit(" ".join(
                f"{i.suggested_calendar_name} is now in your calendars." for i in arrived))

        self.load(ACCEPTED_IN_OUTLOOK, "Looking for calendars accepted in Outlook",
                   lambda _task: service.calendars(), done)

    def me_words(self) -> str:
        """The signed-in person, for the journal's "on behalf of" a change to their own."""
        return person_words(self.session.display_name, self.session.username)

    def directory_calendars(self) -> list[Calendar]:
        """My calendars and my copies of others', as the sidebar was last built from."""
        return list(self._directory.calendars)

    def _selected_address(self) -> str | None:
        return self._selected.address if self._selected else None

    # ------------------------------------------------------------------ pins

    def pin(self, address: str, name: str = "") -> None:
        pinned = self.pinned()
        if any(p["address"].casefold() == address.casefold() for p in pinned):
            return
        self._save_pinned([*pinned, {"address": address, "name": name}])
        self.load_mailboxes(select=address)

    def unpin(self, address: str) -> None:
        self._save_pinned([p for p in self.pinned()
                           if p["address"].casefold() != address.casefold()])
        self.mailboxes.set_pinned(address, False)
        row = self.mailboxes.row_of(address)
        if row >= 0 and self.mailboxes.mailboxes[row].kind == MailboxKind.PINNED:
            self.load_mailboxes(select=ME)

    # ------------------------------------------------------------------ running work

    def cancel_loading(self) -> None:
        """Stop waiting for what is being read; what is being saved runs to its end."""
        for name, ticket in list(self._loading.items()):
            if ticket.task is not None:
                ticket.task.cancel()
            del self._loading[name]
            self.loading_changed.emit(name, False)
        for table in self.tables:
            table.set_stale(False)
        self.notice_raised.emit("Stopped loading. Press F5 to try again.")
        self._maybe_idle()

    def load(self, name: str, description: str, work: Callable[[Task], Any],
              on_value: Callable[[Any], None], *,
              on_failure: Callable[[], None] | None = None) -> None:
        previous = self._loading.get(name)
        if previous is not None and previous.task is not None:
            previous.task.cancel()  # its answer is out of date; it is dropped when it comes
        ticket = _Ticket()
        self._loading[name] = ticket
        self.loading_changed.emit(name, True)

        def done(outcome: Outcome) -> None:
            if self._loading.get(name) is not ticket:
                return  # cancelled, or replaced by a newer load
            del self._loading[name]
            self.loading_changed.emit(name, False)
            if outcome.ok:
                on_value(outcome.value)
            else:
                if on_failure is not None:
                    on_failure()
                self.report(outcome.error)
            self._maybe_idle()

        ticket.task = self.runner.run(description, work, done)

    def write(self, description: str, work: Callable[[Task], Any], success: str,
              then: Callable[[], None], *, on_failure: Callable[[], None] | None = None,
              on_value: Callable[[Any], None] | None = None,
              on_problem: Callable[[str], None] | None = None,
              handled: Callable[[BaseException], bool] | None = None,
              journal: ChangeDraft | None = None) -> None:
        """Send a change; afterwards ``then()`` reads again, whatever the outcome.

        ``on_problem(text)``: a failure is told there (the dialog the change came from,
        which stays open with its input) instead of in the message bar.
        ``handled(error)``: True when it took care of this failure itself (said what to
        do instead): then nothing more is shown.
        ``journal``: what the change is; once the work has run, done or failed, it is
        recorded in the change journal with Graph's request-id.
        """
        if journal is not None:
            work = self._journaled(work, journal)
        self._writes += 1

        def done(outcome: Outcome) -> None:
            self._writes -= 1
            if outcome.ok:
                self.notice_raised.emit(success)
                if on_value is not None:
                    on_value(outcome.value)
            elif handled is not None and handled(outcome.error):
                if on_failure is not None:
                    on_failure()
            else:
                if on_failure is not None:
                    on_failure()
                if on_problem is None or isinstance(outcome.error, InteractionRequired):
                    self.report(outcome.error)
                if on_problem is not None:
                    on_problem(self._words(outcome.error))
            then()  # read again: the table shows what the server has, after either outcome
            self._maybe_idle()

        self.runner.run(description, work, done, write=True)

    def _journaled(self, work: Callable[[Task], Any],
                   change: ChangeDraft) -> Callable[[Task], Any]:
        """``work``, recording ``change`` on the worker thread once it has run: the
        request-id of a success is known only on the thread that received it."""
        journal, client = self.journal, self.session.service.client
        if journal is None:
            return work
        identity = self.session.label

        def record(request_id: str | None, outcome: str) -> None:
            try:
                journal.record(change, identity=identity, request_id=request_id,
                               outcome=outcome)
            except (OSError, sqlite3.Error) as exc:  # the change itself stands as it went
                log.warning("Could not record a change (%s) in the journal: %s",
                            change.kind, exc)

        def journaled(task: Task) -> Any:
            client.forget_request_id()  # so work that never reached Graph shows no id
            try:
                value = work(task)
            except Exception as exc:
                record(exc.request_id if isinstance(exc, GraphError) else None,
                       failed_outcome(user_words(exc)))
                raise
            record(client.last_request_id(), DONE)
            return value

        return journaled

    def _maybe_idle(self) -> None:
        if not self.busy:
            self.idle.emit()

    # ------------------------------------------------------------------ problems

    def report(self, error: BaseException | None) -> None:
        """Say what went wrong in the user's words; the details go to the log."""
        if isinstance(error, InteractionRequired):
            log.info("Sign-in needed for %s", ", ".join(error.scopes))
            self.consent_needed.emit(list(error.scopes))
            return
        text = self._words(error)
        self.failures.append(text)
        self.problem_raised.emit(text)

    @staticmethod
    def _words(error: BaseException | None) -> str:
        if isinstance(error, GraphError):
            log.info("Shown to the user: %s [%s]", error.message, error.log_line)
        elif not isinstance(error, InteractionRequired):
            log.error("Unexpected failure", exc_info=error)
        return user_words(error)


def outlook_steps(invitation: SharingInvitation) -> str:
    """How to accept an invitation in Outlook, in the person's words (the subject is
    someone else's text: shortened, and shown as plain text by whoever shows it)."""
    subject = " ".join((invitation.subject or "").split())
    if len(subject) > 80:
        subject = subject[:79] + "…"
    name = invitation.suggested_calendar_name or "the calendar"
    return (f"Microsoft 365 adds a calendar shared with you only from Outlook. In Outlook, "
            f"open the invitation “{subject}” and choose Accept. Deputy shows {name} here "
            "as soon as it is added.")


def user_words(error: BaseException | None) -> str:
    """What a failure is called in front of the user (and in the change journal)."""
    if isinstance(error, GraphError):
        return error.message
    if isinstance(error, InteractionRequired):
        return "Microsoft 365 wants you to sign in again before Deputy can do this."
    return "Something went wrong inside Deputy. The details are in the log."


def _owned_by(calendars: list[Calendar], name: str, address: str) -> list[Calendar]:
    """``calendars`` of one mailbox, each with an owner: Graph may leave ``owner`` out
    (its page: "if set"; quirk calendar-owner-missing), and a calendar in a mailbox's
    own list without one is that mailbox's (a copy always names its owner)."""
    for calendar in calendars:
        if not calendar.owner.address:
            calendar.owner = EmailAddress(name=calendar.owner.name or name, address=address)
    return calendars


def _owner_name(calendar: Calendar) -> str:
    return calendar.owner.name or calendar.owner.address or "the owner"
