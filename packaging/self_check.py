"""Inside the frozen app: are the pieces PyInstaller can miss really there?

The demo screenshot and the demo sync of the smoke test never touch the keyring,
MSAL, the certificate code, the CA bundle or the time-zone database, which only a
real tenant uses; a frozen app missing one of them would pass the smoke test and
fail for the first real user. ``DEPUTY_SELF_CHECK=1 dist/deputy/deputy`` runs these
checks: one line on stdout per check that passed, one on stderr per failure, exit 1
if any failed. ``DEPUTY_SELF_CHECK_KEYRING=1`` also stores, reads and deletes a
secret in the session's keyring (packaging/README.md shows how, with GNOME Keyring).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

# The keyring backend each platform needs, by its name in keyring's entry points.
NATIVE_KEYRING = {"linux": "SecretService", "win32": "Windows", "darwin": "macOS"}
# The Qt platform plugin a desktop session uses on each platform (the smoke test
# itself runs on "offscreen").
NATIVE_PLATFORM = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}


def check_resources() -> str:
    from app import paths

    seed = paths.seed_file("contoso")
    if not seed.is_file():
        raise AssertionError(f"no seed tenant at {seed}")
    icon = paths.resources_dir() / "icons" / "deputy.svg"
    if not icon.is_file():
        raise AssertionError(f"no icon at {icon}")
    return f"seed and icon under {paths.resources_dir()}"


def check_keyring() -> str:
    from importlib.metadata import entry_points

    import keyring

    found = {point.name: point for point in entry_points(group="keyring.backends")}
    native = NATIVE_KEYRING.get(sys.platform)
    if native and native not in found:
        raise AssertionError(f"keyring's {native} backend is not registered: {sorted(found)}")
    if native:
        found[native].load()  # imports the backend and what it needs
    if sys.platform == "linux":
        import jeepney  # noqa: F401 - SecretService talks D-Bus through them
        import secretstorage  # noqa: F401
    elif sys.platform == "win32":
        import win32ctypes.pywin32.win32cred  # noqa: F401
    backend = type(keyring.get_keyring()).__module__  # no session bus here is fine
    if os.environ.get("DEPUTY_SELF_CHECK_KEYRING") == "1":
        # Opt-in, as it writes to the keyring: a secret through Deputy's own store.
        from app.graph.auth.secret_store import SecretStore

        store = SecretStore(service="Deputy self-check")
        store.set("probe", "kept")
        kept = store.get("probe")
        store.delete("probe")
        if kept != "kept":
            raise AssertionError(f"the keyring gave back {kept!r}")
        backend += ", which stored, returned and deleted a secret"
    return f"backends {', '.join(sorted(found))}; in use here: {backend}"


def check_msal() -> str:
    import msal

    from app.graph.auth.people import broker_available

    cache = msal.SerializableTokenCache()
    cache.deserialize(cache.serialize())
    if sys.platform == "win32":
        import msal.broker  # loads pymsalruntime and its DLLs

        if not broker_available():
            raise AssertionError("Windows' account broker (pymsalruntime) is missing")
        return f"msal {msal.__version__} with the Windows broker"
    return f"msal {msal.__version__}"


def check_cryptography() -> str:
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    fernet = Fernet(Fernet.generate_key())
    if fernet.decrypt(fernet.encrypt(b"token cache")) != b"token cache":
        raise AssertionError("Fernet round trip failed")
    key = ec.generate_private_key(ec.SECP256R1())
    key.public_key().verify(key.sign(b"x", ec.ECDSA(hashes.SHA256())), b"x",
                            ec.ECDSA(hashes.SHA256()))
    return "Fernet and EC signatures"


def check_time_zones() -> str:
    import zoneinfo

    import tzlocal
    from tzlocal.windows_tz import win_tz

    zoneinfo.reset_tzpath(to=[])  # only the bundled tzdata package, not /usr/share/zoneinfo
    try:
        zone = zoneinfo.ZoneInfo.no_cache("Australia/Sydney")
    finally:
        zoneinfo.reset_tzpath()
    if win_tz.get("W. Europe Standard Time") != "Europe/Berlin":
        raise AssertionError("tzlocal's Windows zone table is missing")
    return f"tzdata has {zone.key}; local zone {tzlocal.get_localzone_name()}"


def check_paths_and_tls() -> str:
    import ssl

    import certifi
    import platformdirs
    import truststore

    bundle = Path(certifi.where())
    if not bundle.is_file():
        raise AssertionError(f"no CA bundle at {bundle}")
    platformdirs.user_data_dir("Deputy", appauthor=False)
    # What app.graph.network verifies Graph and sign-in with: the system's trust store.
    truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_default_certs()
    return f"platformdirs, certifi's CA bundle, truststore {truststore.__version__}"


def check_qt_plugins() -> str:
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    names = {path.name.split(".")[0].removeprefix("lib") for path in
             (plugins / "platforms").glob("*") if path.is_file()}
    wanted = {"qoffscreen", f"q{NATIVE_PLATFORM.get(sys.platform, 'xcb')}"}
    if not wanted <= names:
        raise AssertionError(f"platform plugins {sorted(wanted - names)} missing in {plugins}")
    return f"platform plugins {', '.join(sorted(names))}"


def check_sync_process() -> str:
    """The window's sync reads in a process of its own (``app.review.sync_process``):
    frozen, that process is this executable again, which ``deputy_main`` hands to
    ``multiprocessing.freeze_support``. A demo sync, with the emulator in this process."""
    import logging
    import tempfile
    import threading

    from app.graph.auth.demo import DemoSignIn
    from app.graph.emulator import EmulatorServer
    from app.review import sync_process
    from app.review.snapshot_store import SnapshotStore
    from app.signin.accounts import open_session

    heard: list[str] = []
    listener = logging.Handler()
    listener.emit = lambda record: heard.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger().addHandler(listener)  # the child's records too, and not on stderr
    logging.getLogger().setLevel(logging.INFO)
    with EmulatorServer("contoso") as server, tempfile.TemporaryDirectory() as folder:
        tokens = DemoSignIn(server.base_url).admin_provider()
        session = open_session(server.base_url, tokens, tokens.display_name, None, "Contoso")
        store = SnapshotStore(Path(folder) / "snapshots.db")
        try:
            snapshot_id = sync_process.sync_in_process(
                session, store, cancel=threading.Event(), on_progress=lambda _step: None)
            snapshot = store.snapshot(snapshot_id)
        finally:
            store.close()
            session.close()
    if not any(words.startswith("Syncing in process") for words in heard):
        raise AssertionError(f"the sync ran in this process: {heard}")
    assert snapshot is not None
    return f"a demo sync in a process of its own: {snapshot.mailboxes_stored} mailboxes"


CHECKS: dict[str, Callable[[], str]] = {
    "resources": check_resources,
    "keyring": check_keyring,
    "msal": check_msal,
    "cryptography": check_cryptography,
    "time zones": check_time_zones,
    "paths and TLS": check_paths_and_tls,
    "Qt plugins": check_qt_plugins,
    "sync process": check_sync_process,
}


def main() -> int:
    failed = 0
    for name, check in CHECKS.items():
        try:
            print(f"ok   {name}: {check()}")
        except Exception as exc:
            failed += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
