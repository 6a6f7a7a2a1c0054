"""From start to the main window: sign in, open the window, and again after "Switch
account" or "Sign out".

The sign-in source is either the demo tenant (``DemoAccounts``) or a real one
(``WorkAccounts``); the window and everything behind it are the same for both.
Network steps (the demo's people, a browser sign-in) run on the task runner.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

from app import settings
from app.graph.auth.cancel import Cancellation
from app.graph.auth.errors import SignInCancelled
from app.gui_collector import keep_what_lives_now, making_long_lived_data
from app.journal import ChangeJournal, open_journal
from app.messages import MessageBridge, Place
from app.paths import snapshot_file
from app.private_files import replacing_path
from app.private_sqlite import StoreBusy
from app.problems import told
from app.tasks import Outcome, Task, TaskRunner
from app.views.review_tabs import REVIEW_VIEWS
from app.views.view_names import ATTENTION, SIDE_BY_SIDE, VIEWS, WEEK

if TYPE_CHECKING:  # loaded when needed: the review's when it opens (a quicker start),
    # the sign-in's (requests, MSAL) when someone signs in (an offline review needs none)
    from app.graph.auth.demo import DemoDirectory
    from app.review.snapshot_store import SnapshotStore
    from app.signin.accounts import DemoAccounts, Session, WorkAccounts
    from app.views.demo_picker import DemoPickerDialog
    from app.views.main_window import MainWindow
    from app.views.review_window import ReviewWindow
    from app.workspace.parts import Workspace

log = logging.getLogger(__name__)

ADMIN = "<administrator>"  # ``initial`` for ``--as-admin``
# Set (to anything): ``--screenshot`` also prints "deputy: ready <seconds since the
# epoch>" to stderr the moment the window shows its data, before the picture is taken:
# what bench.startup times a start to.
READY_ENV = "DEPUTY_PRINT_READY"
LAST_ACCOUNT = "signin/last_account"
# From sign-in, at most this long without garbage collection while the window starts.
START_HOLD_S = 10.0
OPENING_WAIT_MS = 400  # opening the snapshots takes longer: a window says so


@dataclass(frozen=True)
class Screenshot:
    """``--screenshot FILE --view NAME``: save the window once its data is in, then quit."""

    path: str
    view: str = "calendars"
    mailbox: str | None = None
    timeout_ms: int = 30_000


class Launcher(QObject):
    """Signs in, shows the main window, and quits or signs in again when asked.

    Signals:
        window_shown(window): a main window is up, its data on the way.
        finished(exit_code): the app should quit with this code.

    Attributes:
        messages: the bridge every window of this Deputy shows its messages from.
        window: the main window, once signed in.
        busy_box: offline, the question shown while another Deputy holds the snapshots.
        exit_code: 0, or why ``--screenshot`` failed.
    """

    window_shown = Signal(object)
    finished = Signal(int)

    def __init__(self, accounts: DemoAccounts | WorkAccounts | None, runner: TaskRunner,
                 store: QSettings, *, initial: str | None = None,
                 screenshot: Screenshot | None = None) -> None:
        super().__init__()
        self.accounts, self.runner, self.store = accounts, runner, store
        self.initial, self.screenshot = initial, screenshot
        self.window: MainWindow | None = None
        self.review: ReviewWindow | None = None  # offline, without a main window
        self.session: Session | None = None
        self.exit_code = 0
        self.failure = ""
        self._wanted_scopes: set[str] = set()
        self._consenting = False
        self._choose_another = False
        self._pending = 0  # sign-in steps running: a window will follow
        self.picker: DemoPickerDialog | None = None
        self.busy_box: QMessageBox | None = None  # offline, while the snapshots are busy
        self.messages = MessageBridge(self)  # every window this Deputy shows listens
        self._consent_timer = QTimer(self, singleShot=True, interval=100)
        self._consent_timer.timeout.connect(self._ask_consent)

    # ------------------------------------------------------------------ sign-in

    @property
    def window_coming(self) -> bool:
        """Is a sign-in on its way to a window? (Then no window closing means "quit".)"""
        return self._pending > 0

    def _signing_in(self) -> DemoAccounts | WorkAccounts:
        """The accounts people sign in with; an offline launcher (None) signs no one in."""
        assert self.accounts is not None, "an offline launcher signs no one in"
        return self.accounts

    def start(self) -> None:
        from app.signin.accounts import DemoAccounts

        accounts = self._signing_in()
        find = accounts.directory if isinstance(accounts, DemoAccounts) else accounts.candidates
        self._run("Finding who can sign in", lambda _task: find(), self._candidates_arrived)

    def _candidates_arrived(self, found: DemoDirectory | list[Any]) -> None:
        from app.graph.auth.demo import DemoDirectory

        candidates = found.people if isinstance(found, DemoDirectory) else found
        if self.initial is not None:
            wanted = None if self.initial == ADMIN else self.initial.casefold()
            match = next((c for c in candidates
                          if (c.username or None) == wanted
                          or (c.username or "").casefold() == wanted), None)
            self.initial = None  # only the first sign-in is automatic
            if match is None:
                return self._fail(f"{wanted or 'The administrator'} can't sign in here.")
            return self._open(match)
        if isinstance(found, DemoDirectory):
            return self._pick_demo_person(found)
        if self._choose_another:  # Switch account: the browser offers every account
            self._choose_another = False
            return self._open(None)
        remembered = str(self.store.value(LAST_ACCOUNT, "") or "").casefold()
        match = next((c for c in candidates if (c.username or "").casefold() == remembered),
                     candidates[0] if candidates else None)
        return self._open(match)

    def _pick_demo_person(self, directory: DemoDirectory) -> None:
        """The picker, on whoever signed in last, else on the person the story starts with."""
        from app.views.demo_picker import DemoPickerDialog

        dialog = DemoPickerDialog(directory.people, intro=directory.intro)
        remembered = str(self.store.value(LAST_ACCOUNT, "") or "")
        try:
            dialog.choose(None if remembered == ADMIN else remembered or "?")
        except KeyError:  # nobody yet, or someone the tenant no longer has
            dialog.choose(directory.start_with.username)
        self.picker = dialog

        def chosen(result: int) -> None:
            person = dialog.chosen()
            self.picker = None
            dialog.deleteLater()
            if result != QDialog.DialogCode.Accepted or person is None:
                self.finished.emit(0)
            else:
                self._open(person)

        dialog.finished.connect(chosen)
        dialog.open()
        dialog.raise_()  # after Switch account, in front of whatever had the focus
        dialog.activateWindow()

    def _open(self, candidate: Any) -> None:
        cancellation = Cancellation()
        # A new account signs in in the browser: say where, and allow Cancel.
        waiting = _browser_wait(self._where_to_finish("Finish signing in"), cancellation) \
            if candidate is None else None
        # Windows' broker puts its sign-in window above the window whose handle MSAL is
        # given (AzureAD/microsoft-authentication-library-for-python#415): this one.
        parent = int(waiting.winId()) if waiting is not None else None
        def signed_in(session: Session) -> None:
            _close(waiting)
            self._signed_in(session)

        def failed(error: BaseException) -> None:
            _close(waiting)
            self._sign_in_failed(error)

        self._run("Signing in",
                  lambda _task: self._signing_in().open(candidate, cancellation, parent),
                  signed_in, failed)

    def _where_to_finish(self, doing: str) -> str:
        if getattr(self.accounts, "broker", False):
            return f"{doing} in the Windows sign-in window…"
        return f"{doing} in your web browser…"

    # ------------------------------------------------------------------ consent

    def _consent_needed(self, scopes: list[str]) -> None:
        """Several reads may fail for want of consent at once; one browser visit serves all."""
        self._wanted_scopes.update(scopes)
        if not self._consenting and not self._consent_timer.isActive():
            self._consent_timer.start()

    def _ask_consent(self) -> None:
        session, window = self.session, self.window
        if session is None or window is None:
            return
        scopes, self._wanted_scopes = sorted(self._wanted_scopes), set()
        self._consenting = True
        cancellation = Cancellation()
        waiting = _browser_wait("Microsoft 365 asks you to allow Deputy to use your calendars "
                                f"this way. {self._where_to_finish('Finish')}", cancellation)
        workspace = window.workspace
        parent = int(window.winId())  # the broker's window goes above Deputy's

        def done(outcome: Outcome) -> None:
            _close(waiting)
            self._consenting = False
            if outcome.ok:
                workspace.refresh()
            elif isinstance(outcome.error, SignInCancelled):
                workspace.jobs.problem(
                    "Deputy can't show this without your permission. Press F5 to be asked "
                    "again.")
            else:
                workspace.jobs.report(outcome.error)

        self.runner.run("Asking for your permission",
                        lambda _task: self._signing_in().consent(session, scopes,
                                                                 cancellation, parent), done)

    def _signed_in(self, session: Session) -> None:
        self.session = session
        started = ExitStack()  # no garbage collection meanwhile: _freeze_what_the_start_made
        started.enter_context(making_long_lived_data())
        try:
            workspace = self._open_window(session)
        except BaseException:
            started.close()
            raise
        self._freeze_what_the_start_made(workspace, started)

    def _open_window(self, session: Session) -> Workspace:
        if not settings.unchanged(self.store, LAST_ACCOUNT, session.username or ADMIN):
            self.store.setValue(LAST_ACCOUNT, session.username or ADMIN)
        # The window and its parts load once someone has signed in: an offline review
        # (``deputy --offline``) never needs them.
        from app.signin.accounts import DemoAccounts
        from app.views.main_window import MainWindow
        from app.workspace.parts import Workspace

        workspace = Workspace(session, self.runner, self.store, self, messages=self.messages)
        window = MainWindow(workspace, self.store, demo=isinstance(self.accounts, DemoAccounts))
        window.switch_account_requested.connect(self.switch_account)
        window.sign_out_requested.connect(self.sign_out)
        workspace.jobs.consent_needed.connect(self._consent_needed)
        self.window = window
        if self.screenshot is not None:
            self._watch_for_screenshot(window, workspace, self.screenshot)
        else:
            window.restore_state()  # a screenshot has the same size on every machine
        window.show()
        # The picker or the browser had the focus: bring the window forward and give
        # it the keyboard, as it opened because the user asked for it.
        window.raise_()
        window.activateWindow()
        self.window_shown.emit(window)
        workspace.start(self.screenshot.mailbox if self.screenshot else None)
        self._prepare_the_review_when_idle(workspace)
        return workspace

    def _freeze_what_the_start_made(self, workspace: Workspace, held: ExitStack) -> None:
        """From sign-in until the window shows its first data, no garbage collection
        (``held``); then what is alive is frozen out of later ones (app.gui_collector).
        What a start makes (the window's modules, classes and Qt's enums, its widgets,
        the first data) lives as long as the window does, and each collection walked it
        on the GUI thread as the start went on. At most START_HOLD_S, whatever comes."""

        def shown() -> None:  # once: whichever comes first stops the other
            timer.stop()
            with contextlib.suppress(RuntimeError):  # the window went meanwhile
                workspace.jobs.idle.disconnect(shown)
            held.close()
            if self.window is not None:
                keep_what_lives_now()

        timer = QTimer(self, singleShot=True, interval=int(START_HOLD_S * 1000))
        timer.timeout.connect(shown)
        timer.start()
        workspace.jobs.idle.connect(shown)

    def _prepare_the_review_when_idle(self, workspace: Workspace) -> None:
        """Once the window shows its first data, load the review's modules on the task
        runner: they are left out of the start (a quicker window), and would otherwise
        hold the GUI thread the first time the review opens. Module code runs as Python
        does, giving the interpreter back every few milliseconds; none of these modules
        makes a Qt object on import, so a worker thread may load them."""

        def prepare() -> None:
            workspace.jobs.idle.disconnect(prepare)
            self.runner.run("Preparing the review", lambda _task: import_module(
                "app.views.review_window"), _told_if_failed)

        workspace.jobs.idle.connect(prepare)

    # ------------------------------------------------------------------ switching

    def switch_account(self) -> None:
        self._close_window()
        self._choose_another = True
        self.start()

    def sign_out(self) -> None:
        if self.session is not None:
            session = self.session
            self.runner.run("Signing out", lambda _task: self._signing_in().sign_out(session),
                            lambda _outcome: None)
        self.store.remove(LAST_ACCOUNT)
        self.switch_account()

    def _close_window(self) -> None:
        if self.window is not None:
            self.window.save_state()
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        if self.session is not None:
            self.session.close()
            self.session = None

    # ------------------------------------------------------------------ outcomes

    def _run(self, title: str, work: Callable[[Any], Any], on_value: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None) -> None:
        """A sign-in step on the task runner; while it runs, a window is on its way."""
        self._pending += 1

        def done(outcome: Outcome) -> None:
            self._pending -= 1
            if outcome.ok:
                on_value(outcome.value)
            else:
                assert outcome.error is not None  # a failed outcome carries its error
                (on_error or self._sign_in_failed)(outcome.error)

        self.runner.run(title, work, done)

    def _sign_in_failed(self, error: BaseException) -> None:
        if isinstance(error, SignInCancelled):
            self.finished.emit(0)
        else:
            self._fail(told(error, "sign in"))

    def _fail(self, message: str) -> None:
        log.warning("Sign-in failed: %s", message)
        if self.screenshot is None and self.window is None and has_snapshot():
            self.start_offline(offline_because(f"Deputy couldn't sign in "
                                               f"({message.rstrip('.')})"))
            return
        self._give_up("Deputy can't sign in", message)

    def _give_up(self, title: str, message: str) -> None:
        """Say why Deputy can't go on (``--screenshot``: its failure), then quit."""
        self.exit_code = 1
        if self.screenshot is None:
            QMessageBox.critical(None, title, message)
        else:
            self.failure = message
        self.finished.emit(1)

    # ------------------------------------------------------------------ offline

    def start_offline(self, reason: str = "") -> None:
        """The review of the latest snapshot, read-only, with no sign-in and no network;
        while another Deputy holds the snapshots, a question that says so instead.

        The snapshot file (checked whole as it opens: seconds for a large one) and the
        change journal are opened on the task runner, not here; should that take a
        while, a small window says what Deputy is doing, with Cancel."""
        waiting = None if self.screenshot is not None else _opening_wait()

        def open_files(_task: Task) -> tuple[SnapshotStore, ChangeJournal | None, str]:
            from app.review.snapshot_store import SnapshotStore

            return (SnapshotStore(snapshot_file()), *open_journal())

        def opened(files: tuple[SnapshotStore, ChangeJournal | None, str]) -> None:
            if waiting is not None and waiting.wasCanceled():  # the person left meanwhile
                store, journal, _notice = files
                store.close()
                if journal is not None:
                    journal.close()
                return
            _close(waiting)
            self._show_offline(*files, reason=reason)

        def failed(error: BaseException) -> None:
            if waiting is not None and waiting.wasCanceled():
                return
            _close(waiting)
            if isinstance(error, StoreBusy):
                self._offline_busy(str(error), reason)
            else:
                self._give_up("Deputy can't open the snapshots",
                              told(error, "open the snapshots"))

        if waiting is not None:
            waiting.canceled.connect(lambda: self.finished.emit(0))
        self._run("Opening the snapshots", open_files, opened, failed)
        # Its window's modules meanwhile: SQLite checks the file without the
        # interpreter lock, so both go on at once (0.1 s of a review's start).
        import_module("app.views.review_window")

    def _show_offline(self, store: SnapshotStore, journal: ChangeJournal | None,
                      notice: str, *, reason: str) -> None:
        from app.views.review_window import ReviewWindow

        review = ReviewWindow(store, self.runner, journal=journal, offline_reason=reason,
                              messages=self.messages)
        if notice:
            review.work.problem(notice)
        self.review = review
        job = self.screenshot
        if job is not None:
            self._screenshot_review(review, self._screenshot_deadline(job, "snapshot"), job)
        review.show()
        review.reload()

    def _offline_busy(self, sentence: str, reason: str) -> None:
        """The snapshots are busy, not broken: say so, and offer to try again (the other
        Deputy's sync may be done by then). Nothing is set aside."""
        log.warning("No offline review: %s", sentence)
        if self.screenshot is not None:
            self.failure, self.exit_code = sentence, 1
            # Said once the event loop runs: ``--offline`` gets here before it starts.
            QTimer.singleShot(0, lambda: self.finished.emit(1))
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Offline review", sentence,
                          QMessageBox.StandardButton.NoButton)
        again = box.addButton("&Try again", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Close", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(again)
        self.busy_box = box

        def answered(_result: int) -> None:
            self.busy_box = None
            box.deleteLater()
            if box.clickedButton() is again:
                self.start_offline(reason)
            else:
                self.exit_code = 1
                self.finished.emit(1)

        box.finished.connect(answered)
        box.open()

    # ------------------------------------------------------------------ --screenshot

    def _watch_for_screenshot(self, window: MainWindow, workspace: Workspace,
                              job: Screenshot) -> None:
        compose, review = job.view == "compose", job.view in REVIEW_VIEWS
        shown_here = (*VIEWS, ATTENTION, SIDE_BY_SIDE, WEEK)
        window.show_view("meetings" if compose else job.view if job.view in shown_here
                         else "calendars")
        timer = self._screenshot_deadline(job, "data")

        def loaded() -> None:
            if workspace.directory.current_mailbox is None:
                return  # the sidebar came in; the selection's data is on its way
            workspace.jobs.idle.disconnect(loaded)
            if failures := self.messages.problems_for(Place.MAIN):
                self._finish_screenshot(timer, failure=failures[0])
            elif compose:
                window.compose()
                dialog = window.meetings_view.dialog
                from app.views.compose import ComposeDialog

                assert isinstance(dialog, ComposeDialog)  # compose() opened it
                dialog.settled.connect(lambda: self._finish_screenshot(timer, dialog, job.path))
            elif review and (opened := window.open_review()) is not None:
                self._screenshot_review(opened, timer, job)
            elif review:
                self._finish_screenshot(timer, failure=window.message_bar.message)
            else:
                self._finish_screenshot(timer, window, job.path)

        workspace.jobs.idle.connect(loaded)

    def _screenshot_deadline(self, job: Screenshot, what: str) -> QTimer:
        """Started now: when it fires, ``--screenshot`` fails saying what did not load."""
        timer = QTimer(self, singleShot=True, interval=job.timeout_ms)
        timer.timeout.connect(lambda: self._finish_screenshot(
            timer, failure=f"The {what} did not load within {job.timeout_ms // 1000} s."))
        timer.start()
        return timer

    def _screenshot_review(self, review: ReviewWindow, timer: QTimer, job: Screenshot) -> None:
        """Grab the review once a snapshot shows; with none yet, sync one first."""
        review.show_view(job.view if job.view in REVIEW_VIEWS else "review")
        synced: list[int] = []

        def loaded() -> None:
            if review.current is None and not synced and not review.offline:
                review.synced.connect(synced.append)
                review.work.sync()
                return
            review.loaded.disconnect(loaded)
            failure = review.message_bar.text.text() if review.message_bar.isVisibleTo(
                review) and review.current is None else ""
            self._finish_screenshot(timer, review, job.path, failure=failure)

        review.loaded.connect(loaded)
        if review.current is not None:
            loaded()

    def _finish_screenshot(self, timer: QTimer, widget: QWidget | None = None, path: str = "",
                           failure: str = "") -> None:
        timer.stop()
        if not failure and widget is not None:
            QApplication.processEvents()  # let the views lay out what arrived
            if os.environ.get(READY_ENV):
                print(f"deputy: ready {time.time():.6f}", file=sys.stderr, flush=True)
            failure = _save_picture(widget, Path(path))
        if failure:
            self.failure, self.exit_code = failure, 1
        self.finished.emit(self.exit_code)


def _save_picture(widget: QWidget, path: Path) -> str:
    """Save a picture of ``widget`` as ``path`` (its format from the suffix, PNG by
    default), replacing only a regular file (``app.private_files``); why not, or ""."""
    picture_format = path.suffix.lstrip(".").upper() or "PNG"
    try:
        with replacing_path(path) as temporary:
            if not widget.grab().save(str(temporary), picture_format):
                raise OSError(errno.EIO, f"Qt can't write {picture_format} pictures")
    except OSError as exc:
        return f"Could not write {path}: {exc.strerror or exc}."
    return ""


def _told_if_failed(outcome: Outcome) -> None:
    if not outcome.ok:  # the review, when opened, says it again to the person
        log.warning("The review could not be prepared: %s", outcome.error)


def offline_because(why: str) -> str:
    """The banner's reason: why Deputy shows a snapshot instead of the tenant."""
    return f"{why}, so this is the last snapshot. Nothing can be changed while offline."


def has_snapshot() -> bool:
    """Is there a snapshot to review offline? (A broken file is set aside on the way;
    one another Deputy is writing counts as none for now.)"""
    from app.review.snapshot_store import SnapshotStore

    try:
        store = SnapshotStore(snapshot_file())
    except StoreBusy as exc:
        log.warning("No offline review: %s", exc)
        return False
    try:
        return store.latest() is not None
    finally:
        store.close()


def _browser_wait(text: str, cancellation: Cancellation) -> QProgressDialog:
    """A small window saying the browser has the next step, with Cancel."""
    waiting = QProgressDialog(text, "Cancel", 0, 0)
    waiting.setWindowTitle("Microsoft 365 sign-in")
    waiting.canceled.connect(cancellation.cancel)
    waiting.show()
    return waiting


def _opening_wait() -> QProgressDialog:
    """A small window saying the snapshots are being opened, shown only if that takes
    longer than a blink (most open at once)."""
    waiting = QProgressDialog("Opening the snapshots…", "Cancel", 0, 0)
    waiting.setWindowTitle("Offline review")

    def show_unless_done() -> None:
        if not waiting.wasCanceled():
            waiting.show()

    QTimer.singleShot(OPENING_WAIT_MS, waiting, show_unless_done)
    return waiting


def _close(waiting: QProgressDialog | None) -> None:
    if waiting is not None:
        waiting.reset()
        waiting.deleteLater()
