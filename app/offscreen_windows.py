"""What Qt's offscreen platform (``--screenshot``, the tests) needs on Windows.

Fonts: it asks fontconfig for them on Linux, but on Windows it reads only the folder
``QT_QPA_FONTDIR`` names, or else ``<Qt>/lib/fonts``, which PySide6's wheel and the frozen
app lack: with neither, every word of a screenshot is drawn as empty boxes ("QFontDatabase:
Cannot find font directory"). Windows keeps its fonts in ``%WINDIR%\\Fonts``.

Its screen's config file: Qt splits ``QT_QPA_PLATFORM`` at every ":", so
``offscreen:configfile=C:\\Users\\...`` reaches it as a file named "C" and Qt stops ("Could
not find platform config file"). A path without its drive names the same file on the
current drive; when the file lies on another drive than the current folder (the data
folder on C:, Deputy started from D:), the process moves to the file's folder first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath


def use_the_system_fonts_offscreen() -> None:
    """On Windows, set ``QT_QPA_FONTDIR`` to the system's fonts, before Qt starts."""
    if sys.platform != "win32" or os.environ.get("QT_QPA_FONTDIR"):
        return
    folder = Path(os.environ.get("WINDIR") or r"C:\Windows") / "Fonts"
    if folder.is_dir():
        os.environ["QT_QPA_FONTDIR"] = str(folder)


def platform_argument(path: PurePath, cwd: PurePath) -> str | None:
    """``path`` as a value in ``QT_QPA_PLATFORM``: without a ":", or None if it can't be
    (on a drive other than the current one's)."""
    if not path.drive:
        return str(path)
    if path.drive.casefold() != cwd.drive.casefold() or ":" in str(path)[len(path.drive):]:
        return None
    return str(path)[len(path.drive):]


def config_file_argument(path: Path) -> str | None:
    """``path`` as a value in ``QT_QPA_PLATFORM`` for this process: when it lies on
    another drive than the current folder, the current folder becomes its folder (the
    caller makes the paths it holds absolute first). None if even that fails."""
    argument = platform_argument(path, Path.cwd())
    if argument is not None:
        return argument
    try:
        os.chdir(path.parent)
    except OSError:
        return None
    return platform_argument(path, Path.cwd())
