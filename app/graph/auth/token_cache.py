"""MSAL's token cache, kept between runs in one encrypted file whose key is in the keyring.

Why not the keyring alone: a token cache with a couple of accounts is several
kilobytes, and Windows Credential Manager refuses secrets over 2,560 bytes. So the
cache lives in a file, encrypted with Fernet (AES-128-CBC with an HMAC), and only the
44-byte Fernet key goes to the keyring. Anyone who copies the file without the
person's keyring gets nothing usable.

Why a lock and a re-read: two Deputy windows (or Deputy and a command-line tool)
may run at once. Each change is applied to the file's current content under a
cross-process lock, so one process never overwrites the accounts another added.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock
import msal
from cryptography.fernet import Fernet, InvalidToken

from .secret_store import SecretStore, SecretStoreUnavailable

log = logging.getLogger(__name__)

KEY_NAME = "token-cache-key"
NO_KEYRING_WARNING = (
    "Deputy can't reach the system keyring, so you'll need to sign in again next time."
)
NOT_SAVED_WARNING = (
    "Deputy can't save your sign-in on this computer, so you'll need to sign in again next time."
)
_LOCK_TIMEOUT_S = 30


# msal ships no types (no py.typed, no stubs on PyPI): its classes are Any to mypy.
class EncryptedTokenCache(msal.SerializableTokenCache):  # type: ignore[misc]
    """A ``msal.SerializableTokenCache`` that saves itself after every change.

    Hand it to MSAL as ``token_cache``. Every change MSAL makes (a sign-in, a refresh,
    a sign-out) is applied to the file's latest content under a file lock and written
    back atomically; reads pick up what other processes wrote. Tokens never reach
    the log.

    Without a usable keyring the cache keeps tokens in memory only and writes nothing,
    because an unencrypted token file is exactly what the keyring is there to avoid.

    Attributes:
        path: the encrypted cache file (mode 0600).
        persistent: False when tokens live in memory only, for lack of a keyring.
        storage_warning: what to tell the person when ``persistent`` is False, once;
            ``take_storage_warning()`` hands it out a single time.
    """

    def __init__(
        self, path: Path, *, secrets: SecretStore | None = None, key_name: str = KEY_NAME
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.persistent = True
        self.storage_warning: str | None = None
        self._secrets = secrets or SecretStore()
        self._key_name = key_name
        self._fernet: Fernet | None = None
        self._file_lock = filelock.FileLock(
            str(self.path) + ".lock", timeout=_LOCK_TIMEOUT_S, mode=0o600
        )
        self._depth = 0  # nesting of _transaction(): MSAL's add() calls modify() repeatedly
        self._seen: tuple[int, int, int] | None = None  # the file version in memory
        self._warning_lock = threading.Lock()
        try:
            self._open()
        except (OSError, SecretStoreUnavailable) as exc:  # OSError: an unwritable folder
            self._stop_persisting(exc)

    # ------------------------------------------------------------------ MSAL hooks

    def add(self, event: dict[str, Any], **kwargs: Any) -> None:
        self._apply(lambda: msal.SerializableTokenCache.add(self, event, **kwargs))

    def modify(
        self,
        credential_type: str,
        old_entry: dict[str, Any],
        new_key_value_pairs: dict[str, Any] | None = None,
    ) -> None:
        self._apply(
            lambda: msal.SerializableTokenCache.modify(
                self, credential_type, old_entry, new_key_value_pairs
            )
        )

    def search(self, *args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        self._catch_up()
        found: Iterator[dict[str, Any]] = super().search(*args, **kwargs)
        return found

    # ------------------------------------------------------------------ public

    def take_storage_warning(self) -> str | None:
        """``storage_warning`` the first time it is asked for, None afterwards."""
        with self._warning_lock:
            warning, self.storage_warning = self.storage_warning, None
            return warning

    # ------------------------------------------------------------------ internals

    def _open(self) -> None:
        key = self._secrets.get(self._key_name)  # raises when there is no keyring
        created = [
            folder
            for folder in (self.path.parent, *self.path.parent.parents)
            if not folder.exists()
        ]
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            with self._lock, self._file_lock:
                if key is None:
                    # Under the lock: two first starts at once must agree on one key.
                    key = self._secrets.get(self._key_name) or self._new_key()
                self._fernet = self._fernet_for(key)
                self._reload()
        except SecretStoreUnavailable:
            # A keyring that drops secrets shows only now; leave no trace on disk.
            Path(self._file_lock.lock_file).unlink(missing_ok=True)
            for folder in created:
                try:
                    folder.rmdir()
                except OSError:
                    break
            raise

    def _new_key(self) -> str:
        key = Fernet.generate_key().decode("ascii")
        self._secrets.set(self._key_name, key)
        return key

    def _fernet_for(self, key: str) -> Fernet:
        try:
            return Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            log.warning("The token cache key in the keyring is malformed; making a new one.")
            return Fernet(self._new_key().encode("ascii"))

    def _stop_persisting(self, reason: Exception) -> None:
        """From now on keep tokens in memory only, and have the GUI say so once."""
        log.warning("Token cache kept in memory only: %s", reason)
        self.persistent = False
        no_keyring = isinstance(reason, SecretStoreUnavailable)
        self.storage_warning = NO_KEYRING_WARNING if no_keyring else NOT_SAVED_WARNING
        self._fernet = None

    def _apply(self, change: Callable[[], None]) -> None:
        """Apply one change to the file's current content and save it, under the lock.

        MSAL's ``add()`` calls ``modify()`` several times; only the outermost call
        reloads and saves. When the disk fails, the change still happens in memory.
        """
        with self._lock:
            self._depth += 1
            try:
                if self._depth > 1 or not self.persistent:
                    change()
                    return
                changed = False
                try:
                    with self._file_lock:
                        self._reload()
                        change()
                        changed = True
                        if self.has_state_changed:
                            self._save()
                except (OSError, SecretStoreUnavailable) as exc:  # OSError: filelock.Timeout too
                    self._stop_persisting(exc)
                    if not changed:
                        change()
            finally:
                self._depth -= 1

    def _catch_up(self) -> None:
        """Re-read the file if another process changed it since we last did."""
        if not self.persistent or self._depth or self._signature() == self._seen:
            return
        with self._lock:
            try:
                with self._file_lock:
                    self._reload()
            except (OSError, SecretStoreUnavailable) as exc:
                self._stop_persisting(exc)

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _reload(self) -> None:
        """Replace the memory state by the file's (the caller holds both locks)."""
        signature = self._signature()
        state = None if signature is None else self._decrypt(self.path.read_bytes())
        if signature is not None and state is None:
            self._set_aside()
            signature = None
        self.deserialize(state)
        self._seen = signature

    def _decrypt(self, blob: bytes) -> str | None:
        """The cache's JSON, or None when the file is not a cache we can decrypt."""
        assert self._fernet is not None
        try:
            plain = self._fernet.decrypt(blob)
        except InvalidToken:
            # Another process may have replaced a malformed key since we read it.
            current = self._secrets.get(self._key_name)
            if current is None:
                return None
            try:
                self._fernet = self._fernet_for(current)
                plain = self._fernet.decrypt(blob)
            except InvalidToken:
                return None
        try:
            state = plain.decode("utf-8")
            if not isinstance(json.loads(state), dict):
                return None
        except ValueError:
            return None
        return state

    def _set_aside(self) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        self.path.replace(aside)
        log.warning(
            "The token cache %s could not be decrypted or read; moved it to %s. "
            "Everyone signs in again.",
            self.path,
            aside.name,
        )

    def _save(self) -> None:
        assert self._fernet is not None
        blob = self._fernet.encrypt(self.serialize().encode("utf-8"))
        # mkstemp creates the file readable and writable by its owner only (0600).
        fd, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(blob)
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).replace(self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._seen = self._signature()
