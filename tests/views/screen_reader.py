"""A screen reader's ears for tests: the accessibility events Qt sends, as one would
receive them.

Qt sends accessibility events only while an assistive technology is listening
(``QAccessible.isActive()``), to the platform's bridge (AT-SPI on Linux). Tests have no
bridge, so ``listening`` turns accessibility on and installs Qt's update handler,
``QAccessible::installUpdateHandler``, which receives every event instead of the
bridge. PySide6 does not bind that function: it is called in Qt's own library through
ctypes, and each event is read back through shiboken as the Python type it is.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import PySide6
import shiboken6
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent

_UPDATE_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
# The function's exported name begins so under each compiler's name mangling: GCC and
# Clang's (Linux, macOS), MSVC's (Windows).
_INSTALL_UPDATE_HANDLER_PREFIXES = (b"_ZN11QAccessible20installUpdateHandlerE",
                                    b"?installUpdateHandler@QAccessible@@")


@dataclass(frozen=True)
class Announcement:
    """What a screen reader would say, and how urgently."""

    text: str
    urgent: bool
    source: object


def _qt_gui_file() -> Path:
    """Qt's GUI library as PySide6's wheel lays it out on this platform."""
    package = Path(PySide6.__file__).parent
    found = [*package.glob("Qt6Gui.dll"), *(package / "Qt" / "lib").glob("libQt6Gui.so*"),
             *(package / "Qt" / "lib").glob("QtGui.framework/QtGui")]
    assert found, f"no Qt GUI library in {package}"
    return found[0]


def _install_update_handler() -> ctypes._CFuncPtr:
    """``QAccessible::installUpdateHandler``, found by its exported name in the library's
    symbol table (which the file holds as plain bytes)."""
    path = _qt_gui_file()
    data = path.read_bytes()
    for prefix in _INSTALL_UPDATE_HANDLER_PREFIXES:
        start = data.find(prefix)
        if start >= 0:
            name = data[start:data.index(b"\0", start)].decode("ascii")
            return getattr(ctypes.CDLL(str(path)), name)
    raise AssertionError(f"QAccessible::installUpdateHandler is not exported by {path}")


@contextmanager
def listening() -> Iterator[list[Announcement]]:
    """The announcements Qt sends while inside, in order."""
    heard: list[Announcement] = []

    def on_event(address: int) -> None:
        event = shiboken6.wrapInstance(address, QAccessibleEvent)
        if event.type() == QAccessible.Event.Announcement:
            said = shiboken6.wrapInstance(address, QAccessibleAnnouncementEvent)
            heard.append(Announcement(said.message(), said.politeness()
                                      == QAccessible.AnnouncementPoliteness.Assertive,
                                      event.object()))

    install = _install_update_handler()
    install.restype = ctypes.c_void_p
    install.argtypes = [_UPDATE_HANDLER]
    handler = _UPDATE_HANDLER(on_event)  # kept alive until uninstalled below
    previous = install(handler)
    QAccessible.setActive(True)
    try:
        yield heard
    finally:
        QAccessible.setActive(False)
        install(_UPDATE_HANDLER(previous) if previous else _UPDATE_HANDLER())
