"""From ``deputy`` to its last window: the first-run dialog when no tenant is set up,
then the demo, the tenant or the offline review, and when to quit.

Deputy quits when its last window closes, but never *between* two windows: the demo's
picker closes before the main window opens, and the main window closes before the
picker reopens on File > Switch account. Qt's own rule (quit when the last window
closes) cannot tell those moments apart, so it is turned off and ``Startup`` decides.
Nothing here blocks in a nested event loop: every dialog is opened and answered by
signal, so the app's one event loop runs throughout.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog

from app import settings
from app.launcher import Launcher, Screenshot, has_snapshot, offline_because
from app.signin.tenant_config import people_config
from app.tasks import TaskRunner

if TYPE_CHECKING:
    from app.demo_process import EmulatorProcess

NO_SIGN_IN = offline_because("Deputy isn't set up for your organization on this computer")


class Startup(QObject):
    """Runs Deputy's windows in order; ``finished(exit_code)`` when it should quit.

    Attributes:
        launcher: signs in and holds the main window (or the offline review), once
            the first-run question, if any, is answered.
        runner: the task runner every window shares.
    """

    finished = Signal(int)

    def __init__(self, store: QSettings, resources: ExitStack, *, demo: bool,
                 initial: str | None = None, screenshot: Screenshot | None = None,
                 offline: bool = False, seed: str = "contoso",
                 emulator: str | None = None,
                 demo_emulator: EmulatorProcess | None = None) -> None:
        """``resources``: where the demo's emulator is entered, to stop when the app does.
        ``emulator``: the base URL of one that runs already, for the demo instead;
        ``demo_emulator``: the demo's own, started in a process of its own."""
        super().__init__()
        self.store, self._resources = store, resources
        self._demo, self._initial, self._screenshot = demo, initial, screenshot
        self._offline, self._seed, self._emulator = offline, seed, emulator
        self._demo_emulator = demo_emulator
        self.launcher: Launcher | None = None
        self.runner = TaskRunner()
        self.first_run_dialog: QDialog | None = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        app.lastWindowClosed.connect(self.on_app_last_window_closed)

    def start(self) -> None:
        if self._offline:
            self._open_offline("")
        elif not self._demo and people_config(self.store) is None:
            self._ask_first_run()
        else:
            self._sign_in(demo=self._demo)

    @property
    def exit_code(self) -> int:
        return self.launcher.exit_code if self.launcher is not None else 0

    @property
    def failure(self) -> str:
        """Why ``--screenshot`` failed, for the terminal."""
        return self.launcher.failure if self.launcher is not None else ""

    def close(self) -> None:
        """After the event loop: keep the window's state, stop the workers, end the
        session, and give the application back its own quit rule (in a process that
        goes on, as a test's does, no later window closing may reach this one)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.lastWindowClosed.disconnect(self.on_app_last_window_closed)
            app.setQuitOnLastWindowClosed(True)
        self.finished.disconnect()
        launcher = self.launcher
        if launcher is not None and launcher.window is not None:
            launcher.window.save_state()
        self.runner.shutdown()
        if launcher is not None and launcher.session is not None:
            launcher.session.close()
        self.store.sync()

    # ------------------------------------------------------------------ the first run

    def _ask_first_run(self) -> None:
        """The tenant and client ID; or the demo; or, closed, the last snapshot if any."""
        from app.views.first_run import FirstRunDialog

        dialog = FirstRunDialog(tenant=settings.TENANT.read(self.store),
                                client_id=settings.CLIENT_ID.read(self.store))
        wants_demo: list[bool] = []
        dialog.demo_requested.connect(lambda: wants_demo.append(True))

        def answered(result: int) -> None:
            self.first_run_dialog = None
            dialog.deleteLater()
            if wants_demo:
                self._sign_in(demo=True)
            elif result != QDialog.DialogCode.Accepted:
                if has_snapshot():
                    self._open_offline(NO_SIGN_IN)
                else:
                    self.finished.emit(0)
            else:
                config = dialog.config()
                settings.TENANT.write(self.store, config.tenant)
                settings.CLIENT_ID.write(self.store, config.client_id)
                settings.FIRST_RUN_DONE.write(self.store, True)
                self.store.sync()
                self._sign_in(demo=False)

        dialog.finished.connect(answered)
        self.first_run_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ signing in

    def _sign_in(self, *, demo: bool) -> None:
        from app.signin.accounts import DemoAccounts, WorkAccounts  # an offline review: none

        if demo:
            accounts: DemoAccounts | WorkAccounts = DemoAccounts(self._demo_base_url())
        else:
            config = people_config(self.store)
            assert config is not None
            accounts = WorkAccounts(config)
        self.launcher = Launcher(accounts, self.runner, self.store, initial=self._initial,
                                 screenshot=self._screenshot)
        self.launcher.finished.connect(self.finished)
        self.launcher.start()

    def _demo_base_url(self) -> str:
        """The emulator the demo was given, or its own: in its process (started as
        Deputy started), or else in this one, started now."""
        if self._emulator is not None:
            return self._emulator
        if self._demo_emulator is not None and (url := self._demo_emulator.base_url()):
            return url
        from app.graph.emulator import EmulatorServer  # only the demo needs it

        return self._resources.enter_context(EmulatorServer(self._seed)).base_url

    def _open_offline(self, reason: str) -> None:
        self.launcher = Launcher(None, self.runner, self.store, screenshot=self._screenshot)
        self.launcher.finished.connect(self.finished)
        self.launcher.start_offline(reason)

    # ------------------------------------------------------------------ quitting

    def on_app_last_window_closed(self) -> None:
        # Decided once the closing window's own handlers have run: a picker's answer
        # starts a sign-in in the same turn of the event loop.
        QTimer.singleShot(0, self._quit_unless_a_window_is_coming)

    def _quit_unless_a_window_is_coming(self) -> None:
        if self.launcher is not None and self.launcher.window_coming:
            return
        if any(widget.isVisible() for widget in QApplication.topLevelWidgets()
               if widget.isWindow()):
            return
        self.finished.emit(self.exit_code)
