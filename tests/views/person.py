"""Running ``deputy`` as a person does: its own command line, its own event loop, and
someone at the keyboard.

``run_deputy(["--demo"], person)`` calls the same ``main`` the ``deputy`` command
calls, in this process, so ``app.exec()`` runs and Qt's real rules apply (a window
closing can quit the app, as it does for a user). ``person`` is a generator: it
yields what it waits to see (a function returning the thing, or something false
while it is not there yet), gets the thing back, and acts on it with keys and clicks.
Waiting is polling what is on the screen every few milliseconds, never sleeping.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app import cli
from app.views.main_window import MainWindow

Person = Generator[Callable[[], Any], Any, None]
W = TypeVar("W", bound=QWidget)

STEP_TIMEOUT_S = 20.0
POLL_MS = 10
FAILED = 99  # the exit code a failed step makes Deputy quit with


class _AtTheKeyboard:
    """Advances ``person`` each time what it waits for is on the screen."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self.failure: BaseException | None = None
        self.done = False
        self.waiting_for: Callable[[], Any] | None = None
        self.since = 0.0
        self.timer = QTimer(interval=POLL_MS)
        self.timer.timeout.connect(self.look)

    def begin(self) -> None:
        self.advance(None)
        self.timer.start()

    def advance(self, seen: Any) -> None:
        try:
            self.waiting_for = self.person.send(seen)
            self.since = time.monotonic()
        except StopIteration:
            self.done, self.waiting_for = True, None
            self.timer.stop()
        except BaseException as exc:  # the test's failure: stop Deputy, report it later
            self.fail(exc)

    def look(self) -> None:
        if self.waiting_for is None:
            return None
        try:
            seen = self.waiting_for()
        except BaseException as exc:
            return self.fail(exc)
        if seen:
            self.advance(seen)
        elif time.monotonic() - self.since > STEP_TIMEOUT_S:
            name = getattr(self.waiting_for, "__doc__", None) or repr(self.waiting_for)
            self.fail(TimeoutError(f"Waited {STEP_TIMEOUT_S:.0f} s for: {name}"))
        return None

    def fail(self, exc: BaseException) -> None:
        self.failure, self.waiting_for = exc, None
        self.timer.stop()
        QApplication.exit(FAILED)


def run_deputy(argv: list[str], person: Person) -> int:
    """``deputy ARGV`` until it quits, with ``person`` at the keyboard; its exit code.

    Raises what went wrong in ``person`` (an assertion, a step that timed out), or
    AssertionError if the person finished and Deputy did not quit by itself."""
    keyboard = _AtTheKeyboard(person)
    QTimer.singleShot(0, keyboard.begin)
    code = cli.main(argv)
    keyboard.timer.stop()
    for widget in QApplication.topLevelWidgets():  # what a quit app leaves behind
        widget.hide()
        widget.deleteLater()
    if keyboard.failure is not None:
        raise keyboard.failure
    assert keyboard.done, "Deputy quit while the person was still waiting for something"
    return code


class KeyCount:
    """What the person's hands did since ``reset``: keys pressed (``press``; a shortcut
    is one press) and characters typed (``type_text``), for tests that bound them."""

    pressed = 0
    typed = 0

    @classmethod
    def reset(cls) -> None:
        cls.pressed = cls.typed = 0


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    """A key, where the keyboard's focus is: what a person's key press reaches (an
    open menu has the keyboard while it is open)."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget() \
        or QApplication.activeWindow()
    assert target is not None, "no window has the keyboard"
    KeyCount.pressed += 1
    QTest.keyClick(target, key, modifiers)


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "no field has the keyboard"
    KeyCount.typed += len(text)
    QTest.keyClicks(target, text)


def shown(kind: type[W], title: str = "") -> Callable[[], W | None]:
    """A function finding the top-level window of ``kind`` (whose title has ``title``)
    once it is on the screen and has the keyboard, for ``yield``."""

    def find() -> W | None:
        return next((widget for widget in QApplication.topLevelWidgets()
                     if isinstance(widget, kind) and widget.isVisible()
                     and widget.isActiveWindow() and title in widget.windowTitle()), None)

    find.__doc__ = f"a {kind.__name__} window" + (f" titled {title!r}" if title else "")
    return find


def gone(widget: QWidget) -> Callable[[], bool]:
    """For ``yield``: until ``widget`` is no longer on the screen."""

    def hidden() -> bool:
        try:
            return not widget.isVisible()
        except RuntimeError:  # deleted
            return True

    hidden.__doc__ = f"{type(widget).__name__} to close"
    return hidden


def settled(title: str) -> Callable[[], MainWindow | None]:
    """For ``yield``: the main window of whoever ``title`` names, with its data in."""
    find = shown(MainWindow, title)

    def loaded() -> MainWindow | None:
        window = find()
        return window if window is not None and not window.workspace.busy else None

    loaded.__doc__ = f"the main window of {title}, loaded"
    return loaded


def idle(window: MainWindow) -> Callable[[], MainWindow | None]:
    """For ``yield``: until ``window``'s data is in (nothing being read or saved)."""

    def loaded() -> MainWindow | None:
        return window if not window.workspace.busy else None

    loaded.__doc__ = "the window's data to be in"
    return loaded


def back_to(window: QWidget, dialog: QWidget) -> Callable[[], QWidget | None]:
    """For ``yield``: until ``dialog`` closed and ``window`` under it has the keyboard.

    Giving it back is the window manager's job (Windows, a desktop's manager): the
    offscreen platform of the tests has none, so this does what one does."""

    def returned() -> QWidget | None:
        if gone(dialog)() and not window.isActiveWindow():
            window.activateWindow()
        return window if gone(dialog)() and window.isActiveWindow() else None

    returned.__doc__ = f"{type(dialog).__name__} to close, back to {type(window).__name__}"
    return returned


def quit_from_the_menu() -> None:
    """File > Quit by its mnemonics, Alt+F then Q: the way that works on every platform
    (Ctrl+Q is Quit's shortcut on Linux and macOS; Windows has none, only Alt+F4)."""
    press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert QApplication.activePopupWidget() is not None, "Alt+F opened no menu"
    press(Qt.Key.Key_Q)


def picture(widget: QWidget, name: str) -> None:
    """With ``DEPUTY_SCREENSHOTS=folder`` set, what the person sees is saved there as
    ``name`` (the README's pictures come from these runs)."""
    folder = os.environ.get("DEPUTY_SCREENSHOTS")
    if folder:
        assert widget.grab().save(str(Path(folder) / name))


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isWindow() and w.isVisible()]
