"""Deputy's settings, each declared once here with its type and default.

Settings live in an INI file under ``paths.config_dir()`` (QSettings), so tests
redirect them with ``DEPUTY_HOME``. Secrets never go here: tokens, client secrets and
key passphrases belong to the OS keyring (``app.graph.auth``).

The file carries its format's version (``meta/version``). When a release changes a
setting's key or shape, it raises ``SETTINGS_VERSION`` and adds the step that moves an
older file forward to ``UPGRADES``; ``open_store`` runs the steps a file needs, in
order, once. A file written by a newer Deputy is read as it is and never marked older.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from app import paths
from app.private_files import user_only

log = logging.getLogger(__name__)

T = TypeVar("T")
SETTINGS_VERSION = 1
VERSION_KEY = "meta/version"
# From version N to N + 1, by N. Empty while the format has not changed since version 1.
UPGRADES: Mapping[int, Callable[[QSettings], None]] = {}


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    type: type[T]

    def read(self, store: QSettings) -> T:
        value = store.value(self.key, self.default, type=self.type)
        # QSettings converts to ``type`` (its stubs say only ``object``); None, or a value
        # it could not convert, reads as the default.
        return value if isinstance(value, self.type) else self.default

    def write(self, store: QSettings, value: T) -> None:
        if not (store.contains(self.key) and self.read(store) == value):  # see unchanged()
            store.setValue(self.key, value)


# Sign-in: where a real tenant is (the demo needs none of these).
TENANT = Setting("signin/tenant", "", str)
CLIENT_ID = Setting("signin/client_id", "", str)
AUTHORITY_HOST = Setting("signin/authority_host", "", str)  # empty: the public cloud
GRAPH_BASE_URL = Setting("signin/graph_base_url", "", str)
FIRST_RUN_DONE = Setting("signin/first_run_done", False, bool)

# The administrators' app-only sign-in ("Deputy admin", a second app registration that
# nobody signs in to). Its client secret, or its key's passphrase, is in the keyring.
ADMIN_CLIENT_ID = Setting("admin/client_id", "", str)
ADMIN_CERTIFICATE = Setting("admin/certificate_pem", "", str)  # empty: a client secret
ADMIN_CERTIFICATE_THUMBPRINT = Setting("admin/certificate_thumbprint", "", str)
ADMIN_KEY_ENCRYPTED = Setting("admin/key_encrypted", False, bool)

# Where the permission review window was (``saveGeometry``); used only if it still fits.
REVIEW_GEOMETRY = Setting("review/geometry", QByteArray(), QByteArray)

# The main window: where it was, the sidebar's width, and the view shown last.
WINDOW_GEOMETRY = Setting("window/geometry", QByteArray(), QByteArray)
WINDOW_SPLITTER = Setting("window/splitter", QByteArray(), QByteArray)
WINDOW_VIEW = Setting("window/view", "attention", str)  # Needs attention, first

# Needs attention while Deputy runs: how often it looks for new meeting mail, whether a
# new request or clash is told on the desktop, and the hours it never is ("19:00-07:00").
WATCH_MINUTES = Setting("attention/watch_minutes", 3, int)
NOTIFY = Setting("attention/notify", True, bool)
NOTIFY_QUIET_HOURS = Setting("attention/quiet_hours", "", str)


@dataclass(frozen=True)
class IdentitySetting:
    """A setting kept apart for each signed-in identity (``state/<identity>/<name>``):
    what one person pinned or chose is not another's on a shared computer."""

    name: str
    default: str

    def key(self, identity: str) -> str:
        return f"state/{identity.replace('@', '_at_')}/{self.name}"

    def read(self, store: QSettings, identity: str) -> str:
        return str(store.value(self.key(identity), self.default) or self.default)

    def write(self, store: QSettings, identity: str, value: str) -> None:
        if not unchanged(store, self.key(identity), value):
            store.setValue(self.key(identity), value)


def unchanged(store: QSettings, key: str, value: object) -> bool:
    """``key`` holds ``value`` already. Setting it again is no change, but QSettings
    would write its whole file again (and flush it to disk) on the GUI thread: at each
    start, for the same account, mailbox and calendar as last time (2-14 ms each)."""
    return store.contains(key) and store.value(key) == value


PINNED = IdentitySetting("pinned", "[]")  # JSON: [{"address": ..., "name": ...}]
COPY_NAMES = IdentitySetting("copy_names", "{}")  # JSON: {copy id: name Outlook gave it}
LAST_MAILBOX = IdentitySetting("mailbox", "")
LAST_CALENDAR = IdentitySetting("calendar", "")
# JSON: the executives whose new requests are told, casefolded ("" for mine); "": all.
NOTIFY_FOR = IdentitySetting("notify_for", "")


def open_store() -> QSettings:
    """The settings file, upgraded to this release's format if an older one wrote it."""
    store = QSettings(str(user_only(paths.settings_file())), QSettings.Format.IniFormat)
    upgrade(store)
    return store


def upgrade(store: QSettings, steps: Mapping[int, Callable[[QSettings], None]] = UPGRADES,
            current: int = SETTINGS_VERSION) -> None:
    """Run the steps from the file's version to ``current``, marking each one done, so
    a step interrupted midway runs again and none runs twice. A new file is current."""
    found = _version(store)
    if found is None:
        store.setValue(VERSION_KEY, current)
        return
    if found > current:
        log.info("The settings were written by a newer Deputy (format %d); read as they are.",
                 found)
        return
    for version in range(found, current):
        step = steps.get(version)
        if step is not None:
            log.info("Upgrading the settings from format %d to %d.", version, version + 1)
            step(store)
        store.setValue(VERSION_KEY, version + 1)
    store.sync()


def _version(store: QSettings) -> int | None:
    """The file's format version; None for a new file, 1 for one whose mark is unreadable
    (the oldest format: its steps do nothing to keys that aren't there)."""
    value = store.value(VERSION_KEY)
    if value is None:
        return None
    try:
        return max(int(str(value)), 1)
    except ValueError:
        return 1
