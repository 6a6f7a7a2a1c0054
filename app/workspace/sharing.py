"""Who can see the chosen calendar, and who receives the mailbox's meeting messages:
read, changed, and recorded in the change journal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app import clock
from app.graph.capabilities import Action, Capability
from app.graph.resources import Calendar, CalendarPermission
from app.graph.roles import delivery_label, role_label
from app.graph.services import CalendarRef
from app.journal import ChangeDraft, ChangeJournal, ChangeKind, person_words
from app.models.mailboxes import ME, Mailbox
from app.models.permissions import PermissionTableModel
from app.tasks import Outcome, Task
from app.workspace.directory import Directory, owner_name
from app.workspace.jobs import Jobs

if TYPE_CHECKING:
    from app.fixes.timed import Until

PERMISSIONS, DELIVERY = "permissions", "delivery"
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


class Sharing(QObject):
    """The chosen calendar's permissions and the chosen mailbox's delivery option.

    Signals:
        sharing_changed(SharingState): the sharing view's calendar or rights changed.
        delivery_changed(DeliveryState): the delivery option was read or changed.

    Attributes:
        permissions: the model the sharing view shows.
        delivery: the delivery option as last read.
    """

    sharing_changed = Signal(object)
    delivery_changed = Signal(object)

    def __init__(self, jobs: Jobs, directory: Directory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.directory, self.session = jobs, directory, jobs.session
        self.permissions = PermissionTableModel(self)
        jobs.tables.append(self.permissions)
        self.delivery = DeliveryState(None, Capability(False, ""), "")
        self.state = SharingState(None, Capability(False, ""))  # as last told
        self._calendar_id: str | None = None  # whose permissions the table shows
        directory.mailbox_selected.connect(self.on_directory_mailbox_selected)
        directory.calendar_selected.connect(self.on_directory_calendar_selected)

    # ------------------------------------------------------------------ permissions

    def on_directory_calendar_selected(self, calendar: Calendar | None) -> None:
        if calendar is None or calendar.id != self._calendar_id:
            self.permissions.clear()  # another calendar's people never stand under this one
        self._calendar_id = calendar.id if calendar is not None else None
        if calendar is None:
            self._tell(SharingState(None, Capability(False, "No calendar.")))
            return
        self.load_permissions()

    def _tell(self, state: SharingState) -> None:
        self.state = state
        self.sharing_changed.emit(state)

    def _state(self) -> SharingState:
        calendar = self.directory.current_calendar
        assert calendar is not None
        allowed, primary = self.directory.abilities(calendar)
        return SharingState(calendar, allowed[Action.MANAGE_SHARING], primary)

    def load_permissions(self) -> None:
        if self.directory.current_calendar is None:
            return
        state = self._state()
        assert state.calendar is not None
        self._tell(state)
        owner = owner_name(state.calendar)
        if not state.manage.allowed:
            self.permissions.set_permissions([], editable=False, owner_name=owner)
            return
        service, ref = self.session.service, self.directory.calendar_ref(state.calendar)
        journal, calendar = self.jobs.existing_journal, state.calendar
        self.permissions.set_stale(True)

        def work(_task: Task) -> tuple[list[CalendarPermission], dict[str, tuple[str, str]]]:
            permissions = service.permissions(ref, owner)
            return permissions, limited_here(journal, calendar) if journal else {}

        def done(found: tuple[list[CalendarPermission], dict[str, tuple[str, str]]]) -> None:
            permissions, until = found
            self.permissions.set_permissions(permissions, editable=True, owner_name=owner,
                                             until=until)

        self.jobs.load(PERMISSIONS, f"Reading who can see {state.calendar.name}", work, done,
                       on_failure=lambda: self.permissions.set_stale(False))

    def _target(self) -> tuple[Calendar, CalendarRef, str] | None:
        """The selected calendar, its address for Graph, and its owner's name."""
        calendar = self.directory.current_calendar
        if calendar is None:
            return None
        return calendar, self.directory.calendar_ref(calendar), owner_name(calendar)

    @staticmethod
    def _change(kind: ChangeKind, calendar: Calendar, who: str, before: str,
                after: str) -> ChangeDraft:
        """For the journal: "Alex Wilber's Calendar — Christie Cline", for Alex."""
        owner = calendar.owner
        return ChangeDraft(kind, person_words(owner.name, owner.address),
                           f"{owner_name(calendar)}'s {calendar.name} — {who}", before, after)

    def can_limit(self) -> bool:
        """Whether a change here can be made for a time: its undo addresses the calendar
        by its owner's mailbox, so the owner's address must be known."""
        calendar = self.directory.current_calendar
        return calendar is not None and bool(calendar.owner.address or self.session.username)

    def _until(self, calendar: Calendar, permission_id: str, who: str, address: str | None,
               before: str | None, after: str, until: datetime | None) -> Until | None:
        """The change as the fixes' engine words it, so that ``deputy expire`` and
        Deputy's next start undo it as they undo a fix's run."""
        if until is None:
            return None
        # Here, not at the top: the fixes' modules load only when a change is for a time.
        from app.fixes.plan import Change
        from app.fixes.timed import Until, short_time

        mailbox = calendar.owner.address or self.session.username or ""
        change = Change(mailbox, calendar.id, calendar.name, permission_id, who, address,
                        before, after, mailbox_name=owner_name(calendar))
        doing = "share" if before is None else f"set to {role_label(after)}"
        return Until(change, until, f"{doing} until {short_time(until)}: {who}")

    def change_role(self, permission: CalendarPermission, role: str,
                    until: datetime | None = None) -> None:
        """Give ``permission`` another of its allowed roles (``until`` a moment, then the
        role it has now again); the row says "saving…" until the server answers, then
        shows what the server has."""
        target = self._target()
        if target is None or not self.permissions.mark_pending(permission.id, role):
            return
        calendar, ref, owner = target
        who = permission.person_name
        self.jobs.write(f"Changing {who}'s access",
                        lambda _task: self.session.service.change_role(ref, permission.id, role,
                                                                       owner),
                        f"{who}'s access changed.", self.load_permissions,
                        on_failure=lambda: self.permissions.drop_pending(permission.id),
                        journal=self._change(ChangeKind.ROLE_CHANGED, calendar, str(who),
                                             role_label(permission.role), role_label(role)),
                        until=self._until(calendar, permission.id, str(who),
                                          permission.email_address.address, permission.role,
                                          role, until))

    def add_person(self, address: str, role: str, name: str | None = None,
                   until: datetime | None = None) -> None:
        """Share the calendar with ``address`` (``until`` a moment: then removed)."""
        target = self._target()
        if target is None:
            return
        calendar, ref, owner = target
        self.jobs.write(f"Sharing {calendar.name} with {address}",
                        lambda _task: self.session.service.add_permission(ref, address, role,
                                                                          owner, name),
                        f"{calendar.name} is now shared with {name or address}.",
                        self.load_permissions,
                        journal=self._change(ChangeKind.PERMISSION_ADDED, calendar,
                                             name or address, NO_ACCESS, role_label(role)),
                        until=self._until(calendar, "", name or address, address, None, role,
                                          until))

    def remove_person(self, permission: CalendarPermission) -> None:
        target = self._target()
        if target is None:
            return
        calendar, ref, owner = target
        who = permission.person_name
        self.jobs.write(f"Removing {who}",
                        lambda _task: self.session.service.remove_permission(ref, permission.id,
                                                                             owner),
                        f"{who} can no longer see {calendar.name}.", self.load_permissions,
                        journal=self._change(ChangeKind.PERMISSION_REMOVED, calendar, str(who),
                                             role_label(permission.role), NO_ACCESS))

    def allowed_roles(self, address: str, on_roles: Callable[[list[str]], None],
                      on_problem: Callable[[str], None]) -> Task | None:
        """Which roles ``address`` may get on the selected calendar, from the server."""
        target = self._target()
        if target is None:
            return None
        _calendar, ref, owner = target

        def done(outcome: Outcome) -> None:
            if outcome.ok:
                on_roles(outcome.value)
            else:
                on_problem(self.jobs.words(outcome.error))

        return self.jobs.runner.run(f"Checking {address}",
                                    lambda _task: self.session.service.allowed_roles_for(
                                        ref, address, owner), done)

    # ------------------------------------------------------------------ delivery

    def on_directory_mailbox_selected(self, _mailbox: Mailbox) -> None:
        self.load_delivery()

    def load_delivery(self) -> None:
        mailbox = self.directory.current_mailbox
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
        service = self.session.service
        address = ME if mailbox.is_me else self.directory.graph_address(mailbox)

        def done(settings: Any) -> None:
            self.delivery = DeliveryState(settings.delegate_meeting_message_delivery_options
                                          or "sendToDelegateOnly", change, owner,
                                          mailbox.is_me)
            self.delivery_changed.emit(self.delivery)

        self.jobs.load(DELIVERY, f"Reading {owner}'s meeting message settings",
                       lambda _task: service.mailbox_settings(address, owner), done)

    def set_delivery_option(self, option: str) -> None:
        mailbox, state = self.directory.current_mailbox, self.delivery
        if mailbox is None or option == state.option:
            return
        address = ME if mailbox.is_me else self.directory.graph_address(mailbox)
        owner = state.owner_name
        change = ChangeDraft(
            ChangeKind.DELIVERY_OPTION,
            person_words(owner, self.session.username if mailbox.is_me else mailbox.address),
            f"Who receives {owner}'s meeting requests and responses",
            delivery_label(state.option, owner), delivery_label(option, owner))
        self.jobs.write("Saving who receives meeting messages",
                        lambda _task: self.session.service.set_delivery_option(address, option,
                                                                               owner),
                        "Meeting message delivery saved.", self.load_delivery,
                        on_failure=lambda: self.delivery_changed.emit(self.delivery),
                        journal=change)


def limited_here(journal: ChangeJournal, calendar: Calendar) -> dict[str, tuple[str, str]]:
    """The time-limited access on ``calendar`` not put back yet, by the person's address
    (casefolded): when it runs out ("5 Dec 17:00") and what then ("removed"). The soonest
    one wins; on a worker thread."""
    if not journal.expiries():
        return {}  # nothing for a time: the fixes' modules need not load
    from app.fixes.timed import short_time, then_words, timed_accesses

    found: dict[str, tuple[str, str]] = {}
    now = clock.now()
    for timed in timed_accesses(journal):
        when = short_time(timed.until) + (" (overdue)" if timed.due(now) else "")
        for change in timed.changes:
            if change.calendar_id == calendar.id and change.person_address:
                found.setdefault(change.person_address.casefold(), (when, then_words(change)))
    return found
