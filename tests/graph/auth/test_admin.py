"""Admins sign in as an application: certificate or client secret, app-only tokens."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import keyring.backends.fail
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from app.graph.auth import (
    AdminSignIn,
    AuthConfig,
    CertificateCredential,
    ClientSecretCredential,
    SignInError,
)
from app.graph.auth.admin import client_secret_entry, passphrase_entry
from app.graph.auth.scopes import ADMIN_APPLICATION_PERMISSIONS
from tests.graph.auth.helpers import ADMIN_CLIENT_ID, graph
from tests.graph_client import ALEX

SECRET = "s3cr3t~value.from-the-portal"
PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True)
class Certificate:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def key_pem(self, passphrase: str | None = None) -> str:
        encryption = (serialization.BestAvailableEncryption(passphrase.encode())
                      if passphrase else serialization.NoEncryption())
        return self.key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8, encryption).decode()

    def cert_pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()

    def sha1_thumbprint(self) -> str:
        return self.cert.fingerprint(hashes.SHA1()).hex().upper()


def self_signed(common_name: str) -> Certificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    return Certificate(key, cert)


@pytest.fixture(scope="module")
def certificate() -> Certificate:
    return self_signed("Deputy admin")


@pytest.fixture
def admin_config(entra) -> AuthConfig:
    return AuthConfig(client_id=ADMIN_CLIENT_ID, tenant=entra.tenant_id)


@pytest.fixture
def registered(entra, certificate):
    return entra.register(ADMIN_CLIENT_ID, public_client_flows=False, certificate=certificate.cert,
                          secret=SECRET, app_roles=list(ADMIN_APPLICATION_PERMISSIONS))


@pytest.fixture
def admin_for(entra, admin_config):
    """An AdminSignIn with ``credential`` that talks to the fake Entra ID."""

    def make(credential) -> AdminSignIn:
        return AdminSignIn(admin_config, credential, http_client=entra)

    return make


def reads_every_mailbox(emulator, token: str) -> bool:
    response = graph(emulator, token, "GET", f"/users/{ALEX}/calendar/calendarPermissions")
    return response.status_code == 200 and len(response.json()["value"]) > 1


def write(path: Path, *parts: str) -> Path:
    path.write_text("".join(parts), encoding="ascii")
    return path


def test_certificate_in_the_pem_file_signs_the_assertion(emulator, entra, registered,
                                                         admin_for, certificate, tmp_path,
                                                         memory_keyring):
    pem = write(tmp_path / "admin.pem", certificate.key_pem(), certificate.cert_pem())
    provider = admin_for(CertificateCredential(pem)).provider()

    token = provider.access_token([])

    assert (provider.app_only, provider.username) == (True, None)
    assert reads_every_mailbox(emulator, token)
    [(_, path, form)] = [call for call in entra.calls if call[1].endswith("/token")]
    assert path == f"/{entra.tenant_id}/oauth2/v2.0/token"
    assert form["grant_type"] == "client_credentials"
    assert form["scope"] == "https://graph.microsoft.com/.default"
    assert "client_secret" not in form
    [header] = entra.assertion_headers
    assert header["alg"] == "PS256" and "x5t#S256" in header  # SHA-256, from the certificate


def test_thumbprint_and_a_key_only_pem_file(emulator, entra, registered, admin_for,
                                            certificate, tmp_path, memory_keyring):
    pem = write(tmp_path / "key.pem", certificate.key_pem())
    credential = CertificateCredential(pem, thumbprint=certificate.sha1_thumbprint())

    token = admin_for(credential).provider().access_token([])

    assert reads_every_mailbox(emulator, token)
    [header] = entra.assertion_headers
    assert header["alg"] == "RS256" and "x5t" in header  # the portal's SHA-1 thumbprint


def test_an_encrypted_key_opens_with_the_passphrase_from_the_keyring(
        emulator, entra, registered, admin_for, certificate, tmp_path, memory_keyring):
    pem = write(tmp_path / "admin.pem", certificate.key_pem(PASSPHRASE), certificate.cert_pem())
    admin = admin_for(CertificateCredential(pem, encrypted=True))

    with pytest.raises(SignInError, match="No certificate passphrase"):
        admin.provider().access_token([])
    admin.remember_passphrase(PASSPHRASE)
    token = admin.provider().access_token([])

    assert reads_every_mailbox(emulator, token)
    assert memory_keyring.passwords[("Deputy", passphrase_entry(ADMIN_CLIENT_ID))] == PASSPHRASE
    assert PASSPHRASE not in pem.read_text()


def test_a_wrong_passphrase_is_a_clear_error(entra, registered, admin_for, certificate,
                                             tmp_path, memory_keyring):
    pem = write(tmp_path / "admin.pem", certificate.key_pem(PASSPHRASE), certificate.cert_pem())
    memory_keyring.passwords[("Deputy", passphrase_entry(ADMIN_CLIENT_ID))] = "wrong"

    with pytest.raises(SignInError, match="passphrase is wrong"):
        admin_for(CertificateCredential(pem, encrypted=True)).app_token()


def test_a_certificate_entra_id_does_not_know_is_refused(entra, registered, admin_for,
                                                        tmp_path, memory_keyring):
    stranger = self_signed("Someone else")
    pem = write(tmp_path / "other.pem", stranger.key_pem(), stranger.cert_pem())

    with pytest.raises(SignInError, match="AADSTS700027") as failure:
        admin_for(CertificateCredential(pem)).provider().access_token([])
    assert failure.value.error == "invalid_client"


def test_a_key_signed_assertion_is_checked_against_the_registered_certificate(
        entra, registered, admin_for, certificate, tmp_path, memory_keyring):
    impostor = self_signed("Impostor")  # claims the registered thumbprint, signs with its key
    pem = write(tmp_path / "key.pem", impostor.key_pem())
    credential = CertificateCredential(pem, thumbprint=certificate.sha1_thumbprint())

    with pytest.raises(SignInError, match="signature"):
        admin_for(credential).provider().access_token([])


def test_client_secret_is_read_from_the_keyring(emulator, entra, registered, admin_for,
                                                tmp_path, memory_keyring):
    memory_keyring.passwords[("Deputy", client_secret_entry(ADMIN_CLIENT_ID))] = SECRET

    token = admin_for(ClientSecretCredential()).provider().access_token([])

    assert reads_every_mailbox(emulator, token)
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere


def test_a_wrong_client_secret_is_refused(entra, registered, admin_for, memory_keyring):
    admin = admin_for(ClientSecretCredential())
    admin.remember_client_secret("expired-secret")

    with pytest.raises(SignInError, match="AADSTS7000215"):
        admin.provider().access_token([])


def test_a_missing_secret_asks_for_it(entra, registered, admin_for, memory_keyring):
    with pytest.raises(SignInError, match="No client secret"):
        admin_for(ClientSecretCredential()).provider().access_token([])


def test_without_a_keyring_the_secret_cannot_be_read(entra, registered, admin_for,
                                                     use_keyring):
    use_keyring(keyring.backends.fail.Keyring())

    with pytest.raises(SignInError, match="keyring"):
        admin_for(ClientSecretCredential()).provider().access_token([])


def test_forgetting_removes_the_secrets_from_the_keyring(entra, admin_for, memory_keyring):
    admin = admin_for(ClientSecretCredential())
    admin.remember_client_secret(SECRET)
    admin.remember_passphrase(PASSPHRASE)

    admin.forget_secrets()
    admin.forget_secrets()  # forgetting twice is fine

    assert memory_keyring.passwords == {}


def test_the_app_token_is_reused_until_it_expires(entra, registered, admin_for,
                                                  memory_keyring):
    memory_keyring.passwords[("Deputy", client_secret_entry(ADMIN_CLIENT_ID))] = SECRET
    provider = admin_for(ClientSecretCredential()).provider()

    tokens = {provider.access_token(["ignored"]) for _ in range(3)}

    assert len(tokens) == 1
    assert entra.grant_types() == ["client_credentials"]


def test_app_only_needs_one_tenant():
    with pytest.raises(ValueError, match="tenant"):
        AdminSignIn(AuthConfig(client_id=ADMIN_CLIENT_ID, tenant="organizations"),
                    ClientSecretCredential())
