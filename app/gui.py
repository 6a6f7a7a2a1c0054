"""Starting the desktop app: the QApplication, the log, the demo emulator, the launcher.

``run`` is what ``deputy`` does after parsing its command line; it returns the exit
code. The demo's emulator runs in-process and stops when the app quits (unless the
demo uses one that runs already: ``--emulator``).
"""

from __future__ import annotations

import logging
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__, paths, qt_preflight, settings
from app.crash_handler import CrashHandler
from app.launcher import Screenshot
from app.log_setup import configure_logging
from app.startup import Startup
from app.views import palette
from app.views.focus_ring import install_focus_ring

if TYPE_CHECKING:
    from app.demo_process import EmulatorProcess

log = logging.getLogger(__name__)


# How long a thread holds Python's interpreter lock before another waiting for it gets
# its turn. Python's 5 ms is for throughput; while a sync's eight connections parse
# their answers, the GUI thread waited behind them several turns in a row. At 1 ms
# the longest stall while a 1,000-mailbox sync runs fell from 64-118 ms to 31-60 ms
# and its 99th percentile from 27-36 to 15-19 ms, the sync as quick (2.3-2.5 s both),
# in the same runs of ``bench.responsiveness``.
GUI_SWITCH_INTERVAL_S = 0.001


def application() -> QApplication:
    """The QApplication, as Deputy sets it up: the interpreter lock handed round often
    enough for the GUI thread (``GUI_SWITCH_INTERVAL_S``), names, icon, palette."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("deputy")
    app.setWindowIcon(_icon())
    palette.apply(app)
    install_focus_ring(app)
    return app


def _icon() -> QIcon:
    """Every drawn size, so each place (title bar, task switcher) takes a sharp one."""
    icon = QIcon()
    for path in paths.icon_files():
        icon.addFile(str(path))
    return icon


def run(*, demo: bool, initial: str | None = None, screenshot: Screenshot | None = None,
        offline: bool = False, seed: str = "contoso", emulator: str | None = None,
        demo_emulator: EmulatorProcess | None = None) -> int:
    """Show Deputy until the user quits (or ``screenshot`` is taken).

    ``seed``: the demo's tenant (``scale:N`` for a big one). ``emulator``: the base URL
    of a running emulator the demo uses instead of its own; ``demo_emulator``: its own,
    started already in a process of its own (app.demo_process). ``offline``: review the
    latest snapshot only; no sign-in, no network. Deputy also
    goes offline by itself when signing in fails and a snapshot is there.
    """
    configure_logging()
    route_qt_messages()
    app = application()
    crashes = CrashHandler(paths.log_file(), app)
    crashes.install()
    with ExitStack() as resources:
        resources.callback(crashes.uninstall)
        startup = Startup(settings.open_store(), resources, demo=demo, initial=initial,
                          screenshot=screenshot, offline=offline, seed=seed,
                          emulator=emulator, demo_emulator=demo_emulator)
        startup.finished.connect(app.exit)
        startup.start()
        code = app.exec()
        startup.close()
    if startup.failure:
        print(f"deputy: {startup.failure}", file=sys.stderr)
    return startup.exit_code or code


# Qt's offscreen platform says this for every top-level window; it means nothing to users.
_QT_NOISE = ("This plugin does not support propagateSizeHints()",
             "This plugin does not support raise()")


def route_qt_messages() -> None:
    """Qt's own warnings go to the log, not to stderr, minus known harmless noise."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:  # Qt aborts next: say why in one sentence
            qt_preflight.stop_on_qt_fatal(message, paths.log_file())
        if message not in _QT_NOISE:
            qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)
