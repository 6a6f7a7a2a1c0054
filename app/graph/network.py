"""How Deputy reaches Microsoft 365 from a workplace network: trust and proxies.

Admin workstations often sit behind TLS inspection: a company proxy re-signs every
HTTPS connection with a root certificate the company put in the operating system's
trust store. certifi (the bundle requests uses by default) doesn't have that root,
so Graph and sign-in would fail with a certificate error on exactly the computers
Deputy is for (MSAL for Python leaves it to requests' ``verify``:
AzureAD/microsoft-authentication-library-for-python#164, "How to use/add internal PKI
cert"). pip met the same and verifies with the operating system's store
through ``truststore`` (pip 24.2 made it the default); Deputy does the same, for
Graph (``GraphClient``) and for sign-in (MSAL's ``http_client``).

Proxies: ``requests`` reads ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` (and, on
Windows and macOS, the system's proxy settings) for every request as long as the
session's ``trust_env`` stays True, which nothing here changes. MSAL makes its own
``requests.Session`` only when given no ``http_client``; Deputy always gives it one
of these sessions, so sign-in goes through the same proxy and the same trust.
"""

from __future__ import annotations

import functools
import ipaddress
import ssl
from typing import Any
from urllib.parse import urlsplit

import requests
import truststore
from requests.adapters import HTTPAdapter


def system_trust_context() -> ssl.SSLContext:
    """A TLS context that verifies against the operating system's trust store.

    On Linux, truststore loads OpenSSL's default paths, which honour ``SSL_CERT_FILE``
    and ``SSL_CERT_DIR``; on Windows and macOS it asks the platform's verifier.
    """
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class SystemTrustAdapter(HTTPAdapter):
    """requests' adapter with the system trust store, directly and through a proxy."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = system_trust_context()
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = system_trust_context()
        return super().proxy_manager_for(proxy, **kwargs)


def loopback(url: str) -> bool:
    """True for an address on this computer (the demo's emulator, a test's server)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def session(*, pool_maxsize: int = 10, max_retries: int = 0,
            for_url: str = "") -> requests.Session:
    """A requests session that trusts what the operating system trusts, and honours
    the environment's and the system's proxy settings (``trust_env`` stays True).

    For a loopback ``for_url`` (the demo's emulator) it goes direct: a company's
    ``HTTP_PROXY`` without ``NO_PROXY=127.0.0.1`` would otherwise send the demo's
    requests to the proxy, which can't reach this computer's loopback.
    """
    made = requests.Session()
    made.trust_env = not loopback(for_url)
    adapter = SystemTrustAdapter(pool_connections=4, pool_maxsize=pool_maxsize,
                                 max_retries=max_retries)
    made.mount("https://", adapter)
    made.mount("http://", adapter)
    return made


def sign_in_http_client(timeout: float) -> requests.Session:
    """MSAL's ``http_client``: as MSAL builds its own (one retry of a failed
    connection, a timeout on every call), with the system trust store added."""
    made = session(max_retries=1)
    made.request = functools.partial(made.request, timeout=timeout)  # type: ignore[method-assign]
    return made


def proxy_refused(exc: BaseException) -> bool:
    """True when a proxy answered 407 Proxy Authentication Required to a tunnel.

    For HTTPS, the proxy's answer to CONNECT never becomes a response: urllib3 raises
    a ``ProxyError`` whose message carries the status line ("Tunnel connection
    failed: 407 Proxy Authentication Required"), and requests wraps it.
    """
    return "407 proxy authentication" in str(exc).lower()


def certificate_refused(exc: BaseException) -> bool:
    """True when TLS failed because this computer doesn't trust the server's certificate.

    requests wraps what the TLS layer raised (in urllib3's errors, a proxy's); OpenSSL
    names it CERTIFICATE_VERIFY_FAILED, but Windows's verifier (through truststore) says
    it in Windows's words ("...terminated in a root certificate which is not trusted..."):
    so the error raised is looked for among the causes, not its words alone."""
    if isinstance(exc, requests.exceptions.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return True
    seen: set[int] = set()
    causes: list[BaseException] = [exc]
    while causes:
        cause = causes.pop()
        if id(cause) in seen:
            continue
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        linked = (cause.__cause__, cause.__context__, getattr(cause, "reason", None),
                  *cause.args)
        causes.extend(link for link in linked if isinstance(link, BaseException))
    return False


def lasting(exc: BaseException) -> bool:
    """A network failure that sending again won't mend: the proxy wants a password, or
    the certificate isn't trusted. Retrying would only make the person wait longer."""
    return proxy_refused(exc) or certificate_refused(exc)
