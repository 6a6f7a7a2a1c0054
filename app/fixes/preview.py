"""The preview: every planned change checked against the live tenant before any is sent.

A snapshot can be days old. So each permission is read again now, and a change is
sent only when the live permission is still what the snapshot said: one changed since
(by its owner, by another admin) is marked so and skipped unless the admin confirms
it again; one gone is skipped; a role the live permission does not allow
(``allowedRoles``, GUIDE §2.2) is refused here rather than by Graph half-way through.
Each change also says what people will notice, since some changes send mail and Graph
has no way to keep it from being sent.

Reading is one flow of ``$batch`` calls (the sync's: per-mailbox limits and throttling
handled by the client), one request per calendar, whatever the number of changes on it;
a change of a mailbox's delivery option is checked against its mailbox settings, read
the same way (``app.fixes.delivery``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from app.graph.resources import CalendarPermission
from app.graph.roles import DELEGATE_ROLES, is_known, role_label

from . import delivery
from .addressing import SCOPES, Mailboxes
from .delivery import LiveOption, read_options
from .plan import Change

if TYPE_CHECKING:  # requests: loaded when a fix is read live, not with the review
    from app.graph.http import BatchRequest, GraphClient

# What people notice, without names: one sentence covers every change it concerns.
NO_MAIL_REMOVED = "Removing sends no mail."
COPY_DISAPPEARS = "The person's copy of the calendar disappears from their Outlook."
NO_LONGER_DELEGATE = "The person stops being a delegate: meeting requests no longer reach them."
BECOMES_DELEGATE = ("The person becomes a delegate: meeting requests reach them as the "
                    "mailbox's delivery option says.")
NO_MAIL_ROLE = "Changing the role sends no mail; the person's copy of the calendar stays."
EVERYONE_SEES = "Everyone in the organization sees this calendar as “{role}” from now on; " \
                "no mail is sent."
NO_PUTTING_BACK = ("Undo can't put it back: Graph can't add {what} (the journal keeps what "
                   "it was).")
INVITATION = ("Adding access sends an invitation mail, which Graph cannot suppress; the "
              "person accepts it to see the calendar in Outlook again.")


class Status(StrEnum):
    """How a change stands once checked; only READY ones are sent."""

    READY = "ready"
    ALREADY = "nothing to do"
    CHANGED = "changed since the snapshot"
    GONE = "gone"
    REFUSED = "refused"
    UNREADABLE = "not read"


@dataclass(frozen=True)
class Checked:
    """A planned change as the live tenant has it.

    Attributes:
        change: the change to send; when a changed permission was confirmed again,
            its ``before`` is the live role.
        why: for anything not READY, why it is not sent, in a sentence.
        notice: what people will notice when it is sent.
        live_role: the role the permission has now; None when it is not there.
    """

    change: Change
    status: Status
    why: str = ""
    notice: str = ""
    live_role: str | None = None

    @property
    def ready(self) -> bool:
        return self.status is Status.READY


def notice_of(change: Change) -> str:
    """What people notice when ``change`` is made, and what its plan says of it."""
    said = _notice_of(change)
    return f"{said} {change.note}" if change.note else said


def _notice_of(change: Change) -> str:
    if change.is_setting:
        return delivery.notice(change)
    if change.is_addition:
        return INVITATION
    if change.person_address is None and not change.removable:  # "My Organization"
        return EVERYONE_SEES.format(role=role_label(change.after or "none"))
    said = []
    if change.is_removal:
        said.append(NO_MAIL_REMOVED)
        if change.person_address:
            said.append(COPY_DISAPPEARS)
        if not change.person_address:
            said.append(NO_PUTTING_BACK.format(what="an entry with no address"))
        elif not is_known(change.before or ""):
            said.append(NO_PUTTING_BACK.format(what="a role set in Outlook"))
    else:
        said.append(NO_MAIL_ROLE)
    was_delegate, delegate = change.before in DELEGATE_ROLES, change.after in DELEGATE_ROLES
    if was_delegate and not delegate:
        said.append(NO_LONGER_DELEGATE)
    elif delegate and not was_delegate:
        said.append(BECOMES_DELEGATE)
    return " ".join(said)


def check(change: Change, live: Sequence[CalendarPermission] | str, *,
          confirmed: bool = False) -> Checked:
    """``change`` against the calendar's live permissions (or why they could not be
    read). ``confirmed``: a permission changed since the snapshot is changed anyway,
    from its live role."""
    if isinstance(live, str):
        return Checked(change, Status.UNREADABLE, f"Could not read the calendar's "
                       f"permissions now: {live}")
    if change.is_addition:
        return _check_addition(change, live)
    if change.permission_id:
        found = next((p for p in live if p.id == change.permission_id), None)
    else:  # added by a run (Graph gave it an id then): found by its person
        found = _by_address(live, change.person_address)
        if found is not None:
            change = replace(change, permission_id=found.id)
    if found is None:
        return Checked(change, Status.GONE, "This permission is no longer there: it was "
                       "removed since the snapshot.")
    if found.role != change.before:
        why = (f"Changed since the snapshot: now “{role_label(found.role)}”, "
               f"“{role_label(change.before or 'none')}” in the snapshot.")
        if not confirmed:
            return Checked(change, Status.CHANGED, why, live_role=found.role)
        change = replace(change, before=found.role)
    if change.is_removal:
        if not found.is_removable:
            return Checked(change, Status.REFUSED, f"{change.person_name} can't be removed "
                           "from a calendar; lower its role instead (role=freeBusyRead or "
                           "role=none).", live_role=found.role)
    elif found.role == change.after:
        return Checked(change, Status.ALREADY, f"Already “{role_label(found.role)}”.",
                       live_role=found.role)
    elif change.after not in found.allowed_roles:
        allowed = ", ".join(found.allowed_roles) or "none"
        return Checked(change, Status.REFUSED, f"“{role_label(change.after or 'none')}” is "
                       f"not a role this permission allows (allowedRoles: {allowed}).",
                       live_role=found.role)
    return Checked(change, Status.READY, notice=notice_of(change), live_role=found.role)


def check_setting(change: Change, live: LiveOption, *, confirmed: bool = False) -> Checked:
    """A change of a mailbox setting against its value read now."""
    if live.option is None:
        return Checked(change, Status.UNREADABLE, f"Could not read the mailbox's settings "
                       f"now: {live.why}")
    if live.option == change.after:
        return Checked(change, Status.ALREADY, f"Already “{delivery.words(change, live.option)}”.",
                       live_role=live.option)
    if live.option != change.before:
        if not confirmed:
            return Checked(change, Status.CHANGED, f"Changed since it was read: now “"
                           f"{delivery.words(change, live.option)}”.", live_role=live.option)
        change = replace(change, before=live.option)
    return Checked(change, Status.READY, notice=notice_of(change), live_role=live.option)


def _check_addition(change: Change, live: Sequence[CalendarPermission]) -> Checked:
    address = (change.person_address or "").casefold()
    if not address:
        return Checked(change, Status.REFUSED, "An entry with no address can't be added "
                       "back: Graph needs the person's address.")
    found = _by_address(live, address)
    if found is None:
        return Checked(change, Status.READY, notice=notice_of(change))
    if found.role == change.after:
        return Checked(change, Status.ALREADY, f"{change.person_name} has “"
                       f"{role_label(found.role)}” already.", live_role=found.role)
    return Checked(change, Status.CHANGED, f"{change.person_name} has access again "
                   f"(“{role_label(found.role)}”), given since.", live_role=found.role)


def _by_address(live: Sequence[CalendarPermission],
                address: str | None) -> CalendarPermission | None:
    wanted = (address or "").casefold()
    return next((p for p in live if wanted and
                 (p.email_address.address or "").casefold() == wanted), None)


def preview(client: GraphClient, changes: Iterable[Change], *,
            mailboxes: Mailboxes | None = None, confirmed: bool = False,
            cancel: threading.Event | None = None,
            on_progress: Callable[[int, int], None] | None = None) -> list[Checked]:
    """Each change checked against the permissions read now, in the plan's order.

    Raises Cancelled."""
    changes = list(changes)
    live = read_live(client, {(c.mailbox, c.calendar_id) for c in changes if not c.is_setting},
                     mailboxes=mailboxes, cancel=cancel, on_progress=on_progress)
    options = read_options(client, {c.mailbox for c in changes if c.is_setting},
                           mailboxes=mailboxes, cancel=cancel)
    return [check_setting(c, options[c.mailbox], confirmed=confirmed) if c.is_setting
            else check(c, live[(c.mailbox, c.calendar_id)], confirmed=confirmed)
            for c in changes]


Calendar = tuple[str, str]  # (mailbox, calendar id)


def read_live(client: GraphClient, calendars: Iterable[Calendar], *,
              mailboxes: Mailboxes | None = None, cancel: threading.Event | None = None,
              on_progress: Callable[[int, int], None] | None = None,
              ) -> dict[Calendar, list[CalendarPermission] | str]:
    """The permissions of each calendar as Graph has them now (every page), or why they
    could not be read."""
    from app.graph.http import BatchRequest, batch_path  # requests: when a fix is read live

    mailboxes = mailboxes or Mailboxes()
    wanted = sorted(set(calendars))
    found: dict[Calendar, list[CalendarPermission] | str] = {c: [] for c in wanted}
    asked: dict[str, Calendar] = {}

    def ask(path: str, calendar: Calendar) -> BatchRequest:
        request = BatchRequest("GET", path, id=str(len(asked) + 1))
        asked[request.id] = calendar
        return request

    flow = client.flow([ask(mailboxes.permissions_path(*c), c) for c in wanted],
                       scopes=SCOPES, cancel=cancel)
    answered = 0
    for answers in flow:
        follow = []
        for sent, answer in answers:
            calendar = asked[sent.id]
            so_far = found[calendar]
            if isinstance(so_far, str):
                continue
            if not answer.ok:
                found[calendar] = client.error_of(sent, answer).message
                continue
            so_far.extend(CalendarPermission.from_json(p) for p in answer.body.get("value", []))
            link = answer.body.get("@odata.nextLink")
            if link:
                follow.append(ask(batch_path(link), calendar))
        flow.add(follow)
        answered += len(answers)
        if on_progress is not None:
            on_progress(answered, len(asked))
    return found
