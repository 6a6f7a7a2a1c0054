"""Errors nobody caught: logged whole, told to the person, and the app goes on.

Python calls ``sys.excepthook`` for an exception that leaves a Qt slot or an event
handler; by default it prints to a terminal the person never sees, and Deputy carries on
with a half-done action and no word of it. The handler logs the traceback (the log is
where support looks), shows one dialog at a time saying what happened and where the log
is, and keeps the event loop running: most such errors spoil one action, not the app.
Exceptions in other threads (``threading.excepthook``) are logged and told the same way
on the GUI thread. Ctrl+C in the terminal still quits.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from app.words import shortened

if TYPE_CHECKING:
    from app.views.crash_dialog import CrashDialog

log = logging.getLogger(__name__)

# Three within this many seconds: the dialog says to restart rather than go on.
BURST_SECONDS = 30.0
BURST_COUNT = 3


class CrashHandler(QObject):
    """Installed by ``deputy``'s GUI for its lifetime: ``install()``, ``uninstall()``.

    Signals:
        crashed(what, details): an unexpected error was logged; the dialog follows.

    Attributes:
        dialog: the dialog on screen, or None.
    """

    crashed = Signal(str, str)
    _from_thread = Signal(str, str)

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialog: CrashDialog | None = None
        self._times: list[float] = []
        self._previous = (sys.excepthook, threading.excepthook)
        self._from_thread.connect(self._tell)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def handle(self, kind: type[BaseException], value: BaseException,
               trace: TracebackType | None) -> None:
        """``sys.excepthook``: on the GUI thread, from a slot or an event handler."""
        if issubclass(kind, KeyboardInterrupt):
            QApplication.exit(130)
            return
        log.critical("An unexpected error: %s", _what(value), exc_info=(kind, value, trace))
        self._tell(_what(value), _details(kind, value, trace))

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        log.critical("An unexpected error in %s: %s", name, _what(args.exc_value),
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        # Widgets live on the GUI thread: the signal takes the words there.
        self._from_thread.emit(_what(args.exc_value),
                               _details(args.exc_type, args.exc_value, args.exc_traceback))

    def _tell(self, what: str, details: str) -> None:
        self.crashed.emit(what, details)
        now = time.monotonic()
        self._times = [t for t in self._times if now - t < BURST_SECONDS] + [now]
        repeated = len(self._times) >= BURST_COUNT
        if self.dialog is not None:  # one at a time: the others are in the log
            if repeated:
                self.dialog.keeps_happening()
            return
        # Imported now, not at start: the dialog's module (the message box's Qt type made
        # on first use) cost 25-30 ms of every start, for an error that rarely comes.
        from app.views.crash_dialog import CrashDialog

        dialog = CrashDialog(what, details, self.log_file, repeated=repeated,
                             parent=QApplication.activeWindow())
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: CrashDialog) -> None:
        self.dialog = None
        dialog.deleteLater()
        if dialog.clickedButton() is dialog.quit_button:
            QApplication.exit(1)


def _what(error: BaseException) -> str:
    """ "ZeroDivisionError: division by zero", cut to one short line."""
    text = f"{type(error).__name__}: {error}".splitlines()[0] if str(error) else \
        type(error).__name__
    return shortened(text, 160)


def _details(kind: type[BaseException], value: BaseException,
             trace: TracebackType | None) -> str:
    return "".join(traceback.format_exception(kind, value, trace))
