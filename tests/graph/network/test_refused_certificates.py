"""A refused certificate is recognised in whatever words the platform's verifier uses.

OpenSSL says CERTIFICATE_VERIFY_FAILED; Windows's verifier, through truststore, raises
the same ``ssl.SSLCertVerificationError`` with Windows's own sentence, which requests
wraps (here as it does through a proxy's tunnel: a ProxyError around urllib3's
MaxRetryError around the TLS error). Under Wine the whole path runs for real
(test_workplace_network); these are the shapes, on every platform.
"""

from __future__ import annotations

import ssl

import pytest
import requests
from urllib3.exceptions import MaxRetryError

from app.graph.network import certificate_refused, lasting

WINDOWS_WORDS = ("A certificate chain processed, but terminated in a root certificate "
                 "which is not trusted by the trust provider.")


def through_a_proxy(tls_error: BaseException) -> requests.exceptions.RequestException:
    retries = MaxRetryError(None, "https://graph.microsoft.com/v1.0/me", reason=tls_error)
    return requests.exceptions.ProxyError(retries)


@pytest.mark.parametrize("words", [WINDOWS_WORDS, "certificate verify failed: unable to "
                                   "get local issuer certificate (_ssl.c:1006)"])
def test_a_refused_certificate_is_known_in_any_words(words):
    failure = through_a_proxy(ssl.SSLCertVerificationError(words))
    assert certificate_refused(failure)
    assert lasting(failure)  # never sent again: the person would only wait longer


def test_other_failures_through_a_proxy_are_not_taken_for_a_certificate():
    assert not certificate_refused(through_a_proxy(ConnectionResetError(10054, "reset")))
    assert not certificate_refused(requests.exceptions.ConnectionError("refused"))
