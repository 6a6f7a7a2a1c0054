"""The encrypted token cache: survives restarts, hides tokens, shares the file safely."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import multiprocessing
import stat
import sys
import uuid
from pathlib import Path

import keyring.backends.fail
import msal
import pytest
from cryptography.fernet import Fernet

from app.graph.auth import EncryptedTokenCache, PeopleSignIn, scopes_for
from app.graph.auth.token_cache import KEY_NAME, NO_KEYRING_WARNING
from app.graph.tokens import InteractionRequired
from tests.graph.auth.fake_entra import b64url, unsigned_jwt
from tests.graph.auth.helpers import CLIENT_ID, device_sign_in, graph
from tests.graph.auth.keyrings import ForgetfulKeyring, LockedKeyring, MemoryKeyring
from tests.graph_client import ADELE, MEGAN

AT = msal.TokenCache.CredentialType.ACCESS_TOKEN
RT = msal.TokenCache.CredentialType.REFRESH_TOKEN
IDT = msal.TokenCache.CredentialType.ID_TOKEN


def secrets_in(cache: msal.TokenCache) -> list[str]:
    return [entry["secret"] for kind in (AT, RT, IDT) for entry in cache.search(kind)]


def encodings(secret: str) -> list[bytes]:
    raw = secret.encode()
    return [raw, base64.b64encode(raw), base64.urlsafe_b64encode(raw),
            base64.b64encode(raw).rstrip(b"="), b64url(raw).encode(),
            binascii.hexlify(raw), binascii.hexlify(raw).upper()]


def test_a_restarted_deputy_signs_in_silently(emulator, entra, start_deputy):
    first = start_deputy()
    account = device_sign_in(first, entra, ADELE, scopes_for("calendars"))
    token_requests = len(entra.grant_types())

    restarted = start_deputy()

    assert restarted.accounts() == [account]
    token = restarted.provider(account).access_token(scopes_for("calendars"))
    assert len(entra.grant_types()) == token_requests  # straight from the file
    assert graph(emulator, token, "GET", "/me/calendars").status_code == 200


def test_a_restarted_deputy_refreshes_with_the_saved_refresh_token(emulator, entra,
                                                                   start_deputy):
    account = device_sign_in(start_deputy(), entra, ADELE)
    restarted = start_deputy()
    for entry in list(restarted._cache.search(AT)):
        restarted._cache.modify(AT, entry, {"expires_on": "1"})

    token = restarted.provider(account).access_token(["User.Read"])

    assert entra.grant_types()[-1] == "refresh_token"
    assert graph(emulator, token, "GET", "/me").json()["userPrincipalName"] == ADELE


def test_the_file_holds_no_token_in_any_encoding(entra, start_deputy, cache_path,
                                                 memory_keyring):
    people = start_deputy()
    device_sign_in(people, entra, ADELE)
    device_sign_in(people, entra, MEGAN)
    secrets = secrets_in(people._cache)
    assert len(secrets) == 6

    blob = cache_path.read_bytes()
    on_disk = [path.read_bytes() for path in cache_path.parent.iterdir() if path.is_file()]

    for content in on_disk:  # the cache, and the lock file if the platform keeps one
        for secret in secrets:
            for encoded in encodings(secret):
                assert encoded not in content
        assert b"RefreshToken" not in content and ADELE.encode() not in content
    key = memory_keyring.passwords[("Deputy", KEY_NAME)]
    assert len(key) == 44  # what the keyring holds: far below Credential Manager's 2,560
    assert "RefreshToken" in Fernet(key.encode()).decrypt(blob).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_file_is_readable_by_its_owner_only(entra, start_deputy, cache_path):
    device_sign_in(start_deputy(), entra, ADELE)

    assert stat.S_IMODE(cache_path.stat().st_mode) == 0o600
    assert [p.name for p in cache_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_tokens_never_reach_the_log(entra, start_deputy, caplog):
    caplog.set_level(logging.DEBUG)
    people = start_deputy()
    account = device_sign_in(people, entra, ADELE)
    people.provider(account).access_token(["User.Read"])

    for secret in secrets_in(people._cache):
        assert secret not in caplog.text


def test_a_corrupt_file_is_set_aside_and_sign_in_still_works(emulator, entra, start_deputy,
                                                             cache_path, caplog):
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"this is not a token cache")

    people = start_deputy()

    [aside] = list(cache_path.parent.glob("token-cache.bin.corrupt-*"))
    assert aside.read_bytes() == b"this is not a token cache"
    assert not cache_path.exists()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "token-cache.bin.corrupt-" in warnings[0].getMessage()
    account = device_sign_in(people, entra, ADELE)
    assert start_deputy().accounts() == [account]


def test_a_file_whose_key_was_lost_is_set_aside(entra, start_deputy, cache_path,
                                                memory_keyring):
    device_sign_in(start_deputy(), entra, ADELE)
    memory_keyring.passwords.clear()  # a new computer profile, a reset keyring

    people = start_deputy()

    assert people.accounts() == []
    assert len(list(cache_path.parent.glob("token-cache.bin.corrupt-*"))) == 1
    device_sign_in(people, entra, MEGAN)
    assert [a.username for a in start_deputy().accounts()] == [MEGAN]


def test_two_deputies_on_one_file_keep_each_others_accounts(entra, start_deputy):
    first = start_deputy()
    second = start_deputy()  # started before the first signs anyone in

    adele = device_sign_in(first, entra, ADELE)
    megan = device_sign_in(second, entra, MEGAN)

    assert start_deputy().accounts() == [adele, megan]
    assert first.accounts() == [adele, megan]  # it re-reads what the other one wrote
    second.sign_out(adele)
    assert first.accounts() == [megan]


def _add_accounts(path: str, key: str, prefix: str, count: int, start) -> None:
    """A separate Deputy process adding ``count`` accounts, one save at a time."""
    keyring.set_keyring(MemoryKeyring({("Deputy", KEY_NAME): key}))
    cache = EncryptedTokenCache(Path(path))
    assert cache.persistent
    events = [fake_sign_in_event(f"{prefix}{n}") for n in range(count)]
    start.wait(timeout=60)  # both processes write at the same time
    for event in events:
        cache.add(event)


def fake_sign_in_event(name: str) -> dict:
    oid, tid = str(uuid.uuid4()), str(uuid.uuid4())
    claims = {"oid": oid, "tid": tid, "preferred_username": f"{name}@contoso.com",
              "name": name, "aud": CLIENT_ID, "iss": "x", "iat": 0, "exp": 0}
    return {
        "client_id": CLIENT_ID,
        "scope": ["User.Read"],
        "token_endpoint": "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
        "grant_type": "authorization_code",
        "response": {
            "access_token": f"at-{name}", "refresh_token": f"rt-{name}", "expires_in": 3600,
            "id_token": unsigned_jwt(claims),
            "client_info": b64url(json.dumps({"uid": oid, "utid": tid}).encode()),
        },
    }


def test_two_processes_saving_at_once_lose_nothing(cache_path, memory_keyring):
    EncryptedTokenCache(cache_path)  # creates the key, as the first start does
    key = memory_keyring.passwords[("Deputy", KEY_NAME)]
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(2)
    workers = [spawn.Process(target=_add_accounts, args=(str(cache_path), key, p, 40, start))
               for p in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]

    accounts = list(EncryptedTokenCache(cache_path).search(
        msal.TokenCache.CredentialType.ACCOUNT))

    assert len(accounts) == 80


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, LockedKeyring,
                                     ForgetfulKeyring])
def test_without_a_usable_keyring_tokens_stay_in_memory_and_nothing_is_written(
        emulator, entra, config, tmp_path, use_keyring, backend):
    use_keyring(backend())
    cache = EncryptedTokenCache(tmp_path / "profile" / "token-cache.bin")
    people = PeopleSignIn(config, cache, http_client=entra, enable_broker=False)
    account = device_sign_in(people, entra, ADELE)

    assert cache.persistent is False
    assert cache.take_storage_warning() == NO_KEYRING_WARNING
    assert cache.take_storage_warning() is None  # shown once
    assert list(tmp_path.iterdir()) == []
    token = people.provider(account).access_token(["User.Read"])
    assert graph(emulator, token, "GET", "/me").status_code == 200


def test_a_persistent_cache_has_no_storage_warning(cache_path, memory_keyring):
    cache = EncryptedTokenCache(cache_path)

    assert cache.persistent is True
    assert cache.take_storage_warning() is None


def test_an_unwritable_folder_keeps_tokens_in_memory_with_a_warning(entra, config, tmp_path,
                                                                    memory_keyring):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    cache = EncryptedTokenCache(blocked / "token-cache.bin")
    people = PeopleSignIn(config, cache, http_client=entra, enable_broker=False)

    account = device_sign_in(people, entra, ADELE)

    assert cache.persistent is False
    assert "can't save" in (cache.take_storage_warning() or "")
    assert people.accounts() == [account]


def test_a_keyring_that_locks_while_running_stops_the_saving_not_the_sign_in(
        entra, start_deputy, cache_path, use_keyring):
    people = start_deputy()
    device_sign_in(people, entra, ADELE)
    saved = cache_path.read_bytes()
    use_keyring(LockedKeyring())
    cache_path.write_bytes(b"damaged")  # the next change has to ask the keyring again

    account = device_sign_in(people, entra, MEGAN)

    assert people._cache.persistent is False
    assert people._cache.take_storage_warning() == NO_KEYRING_WARNING
    assert account in people.accounts()
    assert saved != b"damaged" and cache_path.read_bytes() == b"damaged"


def test_signed_out_elsewhere_means_interaction_here(entra, start_deputy):
    first = start_deputy()
    second = start_deputy()
    account = device_sign_in(first, entra, ADELE)
    tokens = second.provider(second.accounts()[0])

    first.sign_out(account)

    with pytest.raises(InteractionRequired):
        tokens.access_token(["User.Read"])
