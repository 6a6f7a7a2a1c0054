"""Deputy's few secrets in the operating system's keyring, and only there.

The keyring (Windows Credential Manager, macOS Keychain, Secret Service on Linux)
protects a secret with the person's login; a settings file does not. Deputy keeps
small secrets there: the token cache's encryption key, an admin's client secret or
certificate passphrase. When there is no usable keyring it says so instead of
falling back to a plain file.
"""

from __future__ import annotations

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors

SERVICE = "Deputy"

# Backends that accept calls but keep nothing: asking them is the same as having none.
_UNUSABLE_BACKENDS = (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)
# A backend that cannot do something may answer NotImplementedError, not a KeyringError.
_REFUSALS = (keyring.errors.KeyringError, NotImplementedError)


class SecretStoreUnavailable(Exception):  # noqa: N818 - a state, not a failure of ours
    """There is no usable system keyring, or it refused the request."""


class SecretStore:
    """Named secrets under one keyring service ("Deputy").

    Every method raises SecretStoreUnavailable when the keyring cannot be used.
    """

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def get(self, name: str) -> str | None:
        backend = self._backend()
        try:
            return backend.get_password(self.service, name)
        except _REFUSALS as exc:
            raise SecretStoreUnavailable(f"The keyring refused to read: {exc}") from exc

    def set(self, name: str, value: str) -> None:
        """Store ``value``, and check that the keyring really kept it.

        Some backends (an empty chain, a misconfigured Secret Service) accept a secret
        and drop it; finding out now beats finding out at the next start.
        """
        backend = self._backend()
        try:
            backend.set_password(self.service, name, value)
            kept = backend.get_password(self.service, name)
        except _REFUSALS as exc:
            raise SecretStoreUnavailable(f"The keyring refused to store: {exc}") from exc
        if kept != value:
            raise SecretStoreUnavailable("The keyring accepted a secret but did not keep it.")

    def delete(self, name: str) -> None:
        """Forget ``name``; forgetting what was never stored is fine."""
        backend = self._backend()
        try:
            backend.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            pass
        except _REFUSALS as exc:
            raise SecretStoreUnavailable(f"The keyring refused to delete: {exc}") from exc

    @staticmethod
    def _backend() -> keyring.backend.KeyringBackend:
        try:
            backend = keyring.get_keyring()
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"No keyring: {exc}") from exc
        if isinstance(backend, _UNUSABLE_BACKENDS):
            raise SecretStoreUnavailable(f"No usable keyring (found {type(backend).__name__}).")
        return backend


class UnsavedSecrets(SecretStore):
    """Secrets typed but not kept yet, read before the keyring's.

    A credential is checked with Microsoft Entra ID before anything is stored: a
    mistyped secret must not replace a working one. ``keep`` then stores them.
    """

    def __init__(self, typed: dict[str, str], keyring_store: SecretStore | None = None) -> None:
        super().__init__()
        self._typed = dict(typed)
        self._keyring = keyring_store or SecretStore()

    def get(self, name: str) -> str | None:
        return self._typed.get(name) or self._keyring.get(name)

    def set(self, name: str, value: str) -> None:
        self._typed[name] = value

    def delete(self, name: str) -> None:
        self._typed.pop(name, None)

    def keep(self) -> None:
        """Store the typed secrets in the keyring."""
        for name, value in self._typed.items():
            self._keyring.set(name, value)
