"""Sign-in fixtures (a plugin of the root conftest): an in-memory keyring, a fake Entra ID."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest

from app.graph.auth import AuthConfig, EncryptedTokenCache, PeopleSignIn
from tests.graph.auth.fake_entra import FakeEntra
from tests.graph.auth.helpers import CLIENT_ID
from tests.graph.auth.keyrings import MemoryKeyring


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An empty in-memory keyring in place of the OS's, restored afterwards."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def use_keyring() -> Iterator[Callable[[keyring.backend.KeyringBackend], None]]:
    """Install a particular keyring backend for one test."""
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.fixture
def entra(emulator) -> FakeEntra:
    fake = FakeEntra(emulator.base_url)
    fake.register(CLIENT_ID)
    return fake


@pytest.fixture
def config(entra) -> AuthConfig:
    """Deputy's registration, single-tenant as the checklist makes it: the tenant's domain."""
    return AuthConfig(client_id=CLIENT_ID, tenant=entra.domain)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "profile" / "token-cache.bin"


@pytest.fixture
def start_deputy(entra, config, cache_path, memory_keyring) -> Callable[..., PeopleSignIn]:
    """Start "a Deputy process": a PeopleSignIn over the cache file and the keyring."""

    def start(**options) -> PeopleSignIn:
        cache = options.pop("cache", None) or EncryptedTokenCache(cache_path)
        return PeopleSignIn(options.pop("config", config), cache, http_client=entra,
                            enable_broker=False, **options)

    return start
