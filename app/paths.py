"""Every file location Deputy uses, in one place.

Tests and the packaged app redirect these through environment variables, so no
other module builds a path of its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from app import APP_NAME

RESOURCES_ENV = "DEPUTY_RESOURCES_DIR"
# One folder for everything Deputy writes (tests, portable use): config/, data/, cache/.
HOME_ENV = "DEPUTY_HOME"


def _user_dir(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        path = Path(home) / kind
    else:
        folder = {"config": platformdirs.user_config_dir, "data": platformdirs.user_data_dir,
                  "cache": platformdirs.user_cache_dir}[kind]
        path = Path(folder(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def config_dir() -> Path:
    """Settings: UI state and sign-in configuration (never secrets)."""
    return _user_dir("config")


def data_dir() -> Path:
    """The offline snapshot store and the encrypted token cache."""
    return _user_dir("data")


def settings_file() -> Path:
    return config_dir() / "deputy.ini"


def token_cache_file() -> Path:
    """MSAL's token cache, encrypted with a key kept in the OS keyring."""
    return data_dir() / "token-cache.bin"


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


def icon_files() -> list[Path]:
    """Deputy's icon at each size drawn for it (16 to 256 px), smallest first."""
    return sorted((resources_dir() / "icons").glob("deputy-*.png"),
                  key=lambda p: int(p.stem.rpartition("-")[2]))


def seed_file(name: str) -> Path:
    """Path of a named seed tenant description, for example ``contoso``."""
    return resources_dir() / "seed" / f"{name}.json"


def snapshot_file() -> Path:
    """The permission review's snapshots (``app.review.snapshot_store``)."""
    return data_dir() / "snapshots.db"


def log_file() -> Path:
    """Deputy's log: what failed and Graph's request-ids; never tokens."""
    return data_dir() / "deputy.log"
