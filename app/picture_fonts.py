"""Fonts for the pictures Qt draws offscreen on Windows (``--screenshot``, the tests).

Qt's offscreen platform asks fontconfig for fonts on Linux, but on Windows it reads only
the folder ``QT_QPA_FONTDIR`` names, or else ``<Qt>/lib/fonts``, which PySide6's wheel
and the frozen app lack: with neither, every word of a screenshot is drawn as empty boxes
("QFontDatabase: Cannot find font directory"). Windows keeps its fonts in
``%WINDIR%\\Fonts``; point Qt there, unless told another folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def use_the_system_fonts_offscreen() -> None:
    """On Windows, set ``QT_QPA_FONTDIR`` to the system's fonts, before Qt starts."""
    if sys.platform != "win32" or os.environ.get("QT_QPA_FONTDIR"):
        return
    folder = Path(os.environ.get("WINDIR") or r"C:\Windows") / "Fonts"
    if folder.is_dir():
        os.environ["QT_QPA_FONTDIR"] = str(folder)
