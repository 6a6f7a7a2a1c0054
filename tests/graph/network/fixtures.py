"""Fixtures of a workplace network (a plugin of the root conftest): its company root
certificate and its proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.graph.network.workplace import CompanyCA, WorkplaceProxy


@pytest.fixture
def company_ca(tmp_path) -> CompanyCA:
    return CompanyCA(tmp_path)


@pytest.fixture
def trust_only(monkeypatch):
    """``trust_only(ca)``: this computer's trust store holds ``ca`` and nothing else.

    OpenSSL's default verify paths (and so truststore on Linux) read SSL_CERT_FILE and
    SSL_CERT_DIR; requests' own CA-bundle variables are cleared so that only the
    system's store, as truststore reads it, can make a certificate trusted.
    """

    def trust(ca: CompanyCA) -> None:
        empty = ca.folder / "no-certificates"
        empty.mkdir(exist_ok=True)
        monkeypatch.setenv("SSL_CERT_FILE", str(ca.pem_path))
        monkeypatch.setenv("SSL_CERT_DIR", str(empty))
        monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
        monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)

    return trust


@pytest.fixture
def workplace_proxy(emulator, company_ca, monkeypatch) -> Iterator[WorkplaceProxy]:
    """The company proxy, set in the environment as this computer's proxy."""
    with WorkplaceProxy(emulator.base_url, company_ca) as proxy:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            monkeypatch.setenv(name, proxy.url)
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield proxy
