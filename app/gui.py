"""Starting the desktop app: the QApplication, the log, the demo emulator, the launcher.

``run`` is what ``deputy`` does after parsing its command line; it returns the exit
code. The demo's emulator runs in-process and stops when the app quits.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from contextlib import ExitStack

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__, paths, qt_preflight, settings
from app.accounts import DemoAccounts, WorkAccounts
from app.launcher import Launcher, Screenshot, has_snapshot, offline_because
from app.tasks import TaskRunner
from app.tenant_config import people_config

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("deputy")
    app.setWindowIcon(_icon())
    return app


def _icon() -> QIcon:
    """Every drawn size, so each place (title bar, task switcher) takes a sharp one."""
    icon = QIcon()
    for path in paths.icon_files():
        icon.addFile(str(path))
    return icon


def configure_logging() -> None:
    """INFO and above to the log file; errors also to stderr. Never a token: the Graph
    client logs methods, URLs without queries, codes and request-ids only."""
    root = logging.getLogger()
    if any(getattr(h, "deputy", False) for h in root.handlers):
        return
    file_handler = logging.handlers.RotatingFileHandler(
        paths.log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    file_handler.setLevel(logging.INFO)
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    file_handler.deputy = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    errors = logging.StreamHandler(sys.stderr)
    errors.setLevel(logging.ERROR)
    errors.setFormatter(logging.Formatter("deputy: %(message)s"))
    errors.deputy = True  # type: ignore[attr-defined]
    root.addHandler(errors)
    root.setLevel(logging.INFO)


def run(*, demo: bool, initial: str | None = None, screenshot: Screenshot | None = None,
        offline: bool = False, seed: str = "contoso") -> int:
    """Show Deputy until the user quits (or ``screenshot`` is taken).

    ``seed``: the demo's tenant (``scale:N`` for a big one). ``offline``: review the
    latest snapshot only; no sign-in, no network. Deputy also
    goes offline by itself when signing in fails and a snapshot is there.
    """
    configure_logging()
    route_qt_messages()
    app = application()
    store = settings.open_store()
    if offline:
        return _run_offline(app, store, screenshot)
    if not demo and people_config(store) is None:
        choice = _first_run(store)
        if choice is None:
            return _run_offline(app, store, screenshot, NO_SIGN_IN) if has_snapshot() else 0
        demo = choice == "demo"
    with ExitStack() as stack:
        if demo:
            from app.graph.emulator import EmulatorServer  # only the demo needs it

            server = stack.enter_context(EmulatorServer(seed))
            accounts: DemoAccounts | WorkAccounts = DemoAccounts(server.base_url)
        else:
            config = people_config(store)
            assert config is not None
            accounts = WorkAccounts(config)
        runner = TaskRunner()
        launcher = Launcher(accounts, runner, store, initial=initial, screenshot=screenshot)
        launcher.finished.connect(app.exit)
        app.setQuitOnLastWindowClosed(True)
        launcher.start()
        code = app.exec()
        if launcher.window is not None:
            launcher.window.save_state()
        runner.shutdown()
        if launcher.session is not None:
            launcher.session.close()
        store.sync()
        if launcher.failure:
            print(f"deputy: {launcher.failure}", file=sys.stderr)
        return launcher.exit_code or code


NO_SIGN_IN = offline_because("Deputy isn't set up for your organization on this computer")


def _run_offline(app: QApplication, store, screenshot: Screenshot | None,
                 reason: str = "") -> int:
    runner = TaskRunner()
    launcher = Launcher(None, runner, store, screenshot=screenshot)
    launcher.finished.connect(app.exit)
    launcher.start_offline(reason)
    code = app.exec()
    runner.shutdown()
    if launcher.failure:
        print(f"deputy: {launcher.failure}", file=sys.stderr)
    return launcher.exit_code or code


def _first_run(store) -> str | None:
    """Ask for the tenant and client id: "tenant" once saved, "demo" if the user chose
    the demo instead, None if they closed the dialog."""
    from app.views.first_run import FirstRunDialog

    dialog = FirstRunDialog(tenant=settings.TENANT.read(store))
    wants_demo: list[bool] = []
    dialog.demo_requested.connect(lambda: wants_demo.append(True))
    accepted = dialog.exec()
    if wants_demo:
        return "demo"
    if not accepted:
        return None
    config = dialog.config()
    settings.TENANT.write(store, config.tenant)
    settings.CLIENT_ID.write(store, config.client_id)
    settings.FIRST_RUN_DONE.write(store, True)
    store.sync()
    return "tenant"


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
