"""Keyring backends for tests: the real OS keyring is never touched.

Their ``priority`` raises, which keyring reads as "not viable": they are never
picked by keyring's own detection, only installed explicitly with ``set_keyring``.
"""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend
from keyring.compat import properties


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, like an unlocked system keyring that forgets at exit.

    Attributes:
        passwords: ``{(service, name): secret}``, for tests to look at or to preload.
    """

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        raise RuntimeError("test backend: install it with keyring.set_keyring()")

    def __init__(self, passwords: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__()
        self.passwords = dict(passwords or {})

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class LockedKeyring(KeyringBackend):
    """A keyring that exists but refuses everything, like a locked Secret Service."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        raise RuntimeError("test backend: install it with keyring.set_keyring()")

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


class ForgetfulKeyring(MemoryKeyring):
    """Accepts secrets and keeps none, as an empty chain of backends does."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass
