"""Whose calendars the signed-in identity reaches (the sidebar), and which calendar of
theirs is chosen: the part every other part of the main window starts from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.graph.capabilities import Action, Capability, capabilities
from app.graph.errors import GraphError
from app.graph.fan_out import each_at_once
from app.graph.resources import Calendar, EmailAddress, User
from app.graph.roles import access_badge, strongest_badge
from app.graph.services import CalendarRef
from app.journal import ChangeDraft, ChangeKind, person_words
from app.models.calendars import CalendarTableModel
from app.models.mailboxes import ME, Mailbox, MailboxKind, MailboxListModel
from app.tasks import Task
from app.workspace.jobs import Jobs
from app.workspace.remembered import Remembered

MAILBOXES, CALENDARS = "mailboxes", "calendars"


@dataclass
class Found:
    """What the sidebar is built from: my calendars, and my access to each owner's."""

    me_name: str = ""
    calendars: list[Calendar] = field(default_factory=list)
    primaries: dict[str, Calendar | None] = field(default_factory=dict)


class Directory(QObject):
    """The mailboxes I reach and their calendars, and the one chosen of each.

    Signals:
        mailbox_selected(mailbox): the sidebar's selection changed.
        calendar_selected(calendar): the calendar the views show changed (or None).
        mailboxes_loaded(): the sidebar was read again (who a message is for, which
            invitations are still pending, depend on it).

    Attributes:
        mailboxes, calendars: the models the sidebar and the calendars view show.
        current_calendar: the chosen calendar, or None.
    """

    mailbox_selected = Signal(object)
    calendar_selected = Signal(object)
    mailboxes_loaded = Signal()

    def __init__(self, jobs: Jobs, remembered: Remembered,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.session, self.remembered = jobs, jobs.session, remembered
        self.mailboxes = MailboxListModel(self)
        self.calendars = CalendarTableModel(self)
        jobs.tables.append(self.calendars)
        self.calendars.rename_requested.connect(self.rename_copy)
        self._selected: Mailbox | None = None
        # The administrator's directory: object ids by UPN (casefolded). Graph is asked by
        # id, since some mailboxes answer 404 by their UPN (quirk mailbox-by-upn-not-found).
        self._user_ids: dict[str, str] = {}
        self.current_calendar: Calendar | None = None
        self._calendars_of: str | None = None  # whose calendars the table shows
        self._found = Found()

    # ------------------------------------------------------------------ state

    @property
    def current_mailbox(self) -> Mailbox | None:
        """The selected mailbox as the sidebar has it now (access and pin kept current)."""
        if self._selected is None:
            return None
        row = self.mailboxes.row_of(self._selected.address)
        return self.mailboxes.mailboxes[row] if row >= 0 else self._selected

    def current_key(self) -> str | None:
        """The selected mailbox's key (what a problem shown now is about)."""
        mailbox = self.current_mailbox
        return mailbox.key if mailbox is not None else None

    def selected_address(self) -> str | None:
        return self._selected.address if self._selected else None

    def directory_calendars(self) -> list[Calendar]:
        """My calendars and my copies of others', as the sidebar was last built from."""
        return list(self._found.calendars)

    def abilities(self, calendar: Calendar) -> tuple[dict[Action, Capability], bool]:
        """What the signed-in identity may do with ``calendar``, and whether it is (a copy
        of) a primary calendar, as the calendars table knows it."""
        row = self.calendars.calendar_row(self.calendars.row_of(calendar.id))
        primary = row.primary if row else bool(calendar.is_default_calendar)
        return capabilities(self.session.username, calendar, primary=primary), primary

    def calendar_ref(self, calendar: Calendar) -> CalendarRef:
        mailbox = self.current_mailbox
        if self.session.app_only and mailbox is not None:
            return CalendarRef(self.graph_address(mailbox), calendar.id)
        if mailbox is not None and mailbox.kind == MailboxKind.PINNED:
            return CalendarRef(mailbox.address)
        return CalendarRef(ME, calendar.id)

    def graph_address(self, mailbox: Mailbox) -> str:
        """How Graph is asked for ``mailbox``: the administrator's by object id where the
        directory gave one, anyone else's by address."""
        if self.session.app_only:
            return self._user_ids.get(mailbox.address.casefold(), mailbox.address)
        return mailbox.address

    # ------------------------------------------------------------------ the sidebar

    def load_mailboxes(self, select: str | None = None) -> None:
        service, pinned, session = self.session.service, self.remembered.pinned(), self.session

        def work(_task: Task) -> Any:
            if session.app_only:
                return service.users()
            found = Found(me_name=session.display_name, calendars=service.calendars())
            owners = {(c.owner.address or "").casefold() for c in found.calendars}
            owners |= {p["address"].casefold() for p in pinned}
            owners -= {"", (session.username or "").casefold()}

            def primary(owner: str) -> Calendar | None:
                try:
                    return service.calendar(CalendarRef(owner))
                except GraphError as exc:
                    if exc.status not in (403, 404):
                        raise
                    return None  # only other calendars are shared

            ordered = sorted(owners)
            found.primaries.update(zip(ordered, each_at_once(primary, ordered), strict=True))
            return found

        def done(value: Any) -> None:
            if session.app_only:
                rows = self._directory_rows(value, pinned)
            else:
                self._found = value
                rows = _person_rows(value, pinned, session.username or "")
            self.mailboxes.replace(rows)
            wanted = select if select and self.mailboxes.row_of(select) >= 0 else None
            if wanted is None and self.current_mailbox is None and rows:
                wanted = rows[0].address
            if wanted is not None:
                self.select_mailbox(self.mailboxes.mailboxes[self.mailboxes.row_of(wanted)],
                                    mine=None if session.app_only else value.calendars)
            self.mailboxes_loaded.emit()

        def failed() -> None:
            for table in self.jobs.tables:
                table.set_stale(False)

        self.jobs.load(MAILBOXES, "Reading whose calendars you can reach", work, done,
                       on_failure=failed)

    def _directory_rows(self, users: list[User], pinned: list[dict[str, str]]) -> list[Mailbox]:
        pinned_keys = {p["address"].casefold() for p in pinned}
        users = [u for u in users if u.might_have_mailbox]  # guests have none here
        self._user_ids = {u.user_principal_name.casefold(): u.id for u in users if u.id}
        people = [Mailbox(u.user_principal_name, u.display_name or u.user_principal_name,
                          MailboxKind.DIRECTORY, "",
                          u.user_principal_name.casefold() in pinned_keys) for u in users]
        people.sort(key=lambda m: (not m.pinned, m.display_name.casefold()))
        return people

    def select_mailbox(self, mailbox: Mailbox, *, mine: list[Calendar] | None = None) -> None:
        """``mine``: my calendars as the sidebar's read has just read them."""
        self._selected = mailbox
        self.remembered.select(mailbox=mailbox.address)
        self.mailbox_selected.emit(mailbox)
        self.load_calendars(mine)

    def pin(self, address: str, name: str = "") -> None:
        pinned = self.remembered.pinned()
        if any(p["address"].casefold() == address.casefold() for p in pinned):
            return
        self.remembered.save_pinned([*pinned, {"address": address, "name": name}])
        self.load_mailboxes(select=address)

    def unpin(self, address: str) -> None:
        self.remembered.save_pinned([p for p in self.remembered.pinned()
                                     if p["address"].casefold() != address.casefold()])
        self.mailboxes.set_pinned(address, False)
        row = self.mailboxes.row_of(address)
        if row >= 0 and self.mailboxes.mailboxes[row].kind == MailboxKind.PINNED:
            self.load_mailboxes(select=ME)

    # ------------------------------------------------------------------ calendars

    def load_calendars(self, mine: list[Calendar] | None = None) -> None:
        """Read the selected mailbox's calendars. Mine are not asked for again when
        ``mine`` has them, read a moment ago with the sidebar (``load_mailboxes``): at
        start, and on F5, that is one round trip less before the window shows them."""
        mailbox = self.current_mailbox
        if mailbox is None:
            return
        service, session = self.session.service, self.session
        me = (session.username or "").casefold()
        self.calendars.set_stale(True)

        def held_here(calendars: list[Calendar]) -> list[Calendar]:
            """Of my calendars, the mailbox's: my own, or my copies of its owner's."""
            owner = me if mailbox.is_me else mailbox.key
            owned = _owned_by(calendars, session.display_name, session.username or "")
            return [c for c in owned if (c.owner.address or "").casefold() == owner]

        def work(_task: Task) -> list[Calendar]:
            if session.app_only:
                return _owned_by(service.calendars(self.graph_address(mailbox)),
                                 mailbox.display_name, mailbox.address)
            if mailbox.kind == MailboxKind.PINNED:
                return [service.calendar(CalendarRef(mailbox.address))]
            return held_here(service.calendars())

        def done(calendars: list[Calendar]) -> None:
            self.calendars.set_calendars(calendars, session.username,
                                         self._primary_ids(mailbox, calendars),
                                         holder=mailbox.display_name)
            self._calendars_of = mailbox.key
            wanted = (self.current_calendar.id if self.current_calendar
                      else self.remembered.last_selection()[1])
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

        if mine is not None and not session.app_only and mailbox.kind != MailboxKind.PINNED:
            done(held_here([replace(c) for c in mine]))
            return
        self.jobs.load(CALENDARS, f"Reading {mailbox.display_name}'s calendars", work, done,
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
        given = self.remembered.given_names()  # read once, not per calendar
        return {c.id for c in calendars if given.get(c.id, c.name) == (c.owner.name or "")}

    def select_calendar(self, calendar: Calendar | None) -> None:
        self.current_calendar = calendar
        if calendar is not None:
            self.remembered.select(calendar=calendar.id)
        self.calendar_selected.emit(calendar)

    def rename_copy(self, calendar: Calendar, name: str) -> None:
        """Rename a copy of someone's calendar: mine, or (as administrator) the copy in
        the selected mailbox; only its holder sees the name."""
        ref = self.calendar_ref(calendar)
        if not self.session.app_only:
            self.remembered.keep_given_name(calendar)

        def after() -> None:
            self.load_calendars()
            self.load_mailboxes(select=self.selected_address())

        self.jobs.write(f"Renaming {calendar.name}",
                        lambda _task: self.session.service.rename_copy(ref, name),
                        f"Renamed to “{name}”. Only you see this name.", after,
                        on_failure=lambda: self.calendars.drop_pending(calendar.id),
                        journal=ChangeDraft(ChangeKind.CALENDAR_RENAMED, self._holder_words(),
                                            f"{self._holder_whose()} copy of "
                                            f"{owner_name(calendar)}'s calendar",
                                            calendar.name, name))

    def _holder_words(self) -> str:
        """Whose calendars the selected mailbox holds, for the journal."""
        mailbox = self.current_mailbox
        if self.session.app_only and mailbox is not None:
            return person_words(mailbox.display_name, mailbox.address)
        return self.jobs.me_words()

    def _holder_whose(self) -> str:
        mailbox = self.current_mailbox
        if self.session.app_only and mailbox is not None:
            return f"{mailbox.display_name}'s"
        return "Your"


def _person_rows(found: Found, pinned: Sequence[dict[str, str]], username: str) -> list[Mailbox]:
    """The sidebar of a person: Me, the owners whose calendars I have, then my pins."""
    me = username.casefold()
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


def _owned_by(calendars: list[Calendar], name: str, address: str) -> list[Calendar]:
    """``calendars`` of one mailbox, each with an owner: Graph may leave ``owner`` out
    (its page: "if set"; quirk calendar-owner-missing), and a calendar in a mailbox's
    own list without one is that mailbox's (a copy always names its owner)."""
    for calendar in calendars:
        if not calendar.owner.address:
            calendar.owner = EmailAddress(name=calendar.owner.name or name, address=address)
    return calendars


def owner_name(calendar: Calendar) -> str:
    return calendar.owner.name or calendar.owner.address or "the owner"
