"""Every file location Deputy uses, in one place.

Tests and the packaged app redirect these through environment variables, so no
other module builds a path of its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "DEPUTY_RESOURCES_DIR"


def resources_dir() -> Path:
    """Folder holding icons, translations and the emulator's seed tenants.

    A PyInstaller build unpacks it next to the executable (``sys._MEIPASS``); a source
    checkout or editable install finds it beside the ``app`` package.
    """
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "deputy" / "resources"  # a regular (wheel) install


def seed_file(name: str) -> Path:
    """Path of a named seed tenant description, for example ``contoso``."""
    return resources_dir() / "seed" / f"{name}.json"
