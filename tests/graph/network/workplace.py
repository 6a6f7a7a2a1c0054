"""A workplace network in a test: a company root certificate, and the company proxy.

``CompanyCA`` is the root certificate an IT department installs on its computers (and
only there): the test puts it alone in a trust store of its own (``SSL_CERT_FILE``,
which OpenSSL's default paths, and so truststore on Linux, honour).

``WorkplaceProxy`` is the proxy of that network, on a loopback port, set as
``HTTP_PROXY``/``HTTPS_PROXY``. It inspects TLS as such proxies do: it accepts
``CONNECT graph.microsoft.com:443``, answers the TLS handshake itself with a
certificate for that host signed by the company root, reads the request and passes
it on (Graph's to the emulator, sign-in's to the fake Entra ID). Or it stands in the
way, as ``mode`` says: it wants a password (407), it is a captive portal that answers
everything with its sign-in page (200), or it blocks (403) or fails (502) with an
HTML page of its own. The emulator's control endpoints always pass, so the tests'
own set-up works whatever the mode.
"""

from __future__ import annotations

import datetime
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

GRAPH_HOST = "graph.microsoft.com"
LOGIN_HOST = "login.microsoftonline.com"

PORTAL_PAGE = """<!DOCTYPE html><html><head><title>Contoso Guest Wi-Fi &mdash; sign in
</title><script>location.href='/login'</script></head><body><h1>Welcome</h1>
<p>Accept the terms to use the Internet.</p></body></html>"""
BLOCKED_PAGE = """<html><head><title>Access Denied by Contoso Web Gateway</title></head>
<body>The site graph.microsoft.com is blocked by policy.</body></html>"""
BAD_GATEWAY_PAGE = """<html><head><title>502 Bad Gateway</title></head><body><center>
<h1>502 Bad Gateway</h1></center><hr><center>squid</center></body></html>"""
AUTH_PAGE = """<html><head><title>ERROR: Cache Access Denied</title></head><body>
Sorry, you are not currently allowed to request this page until you have authenticated
yourself.</body></html>"""

# mode -> (status, page); "cut" passes Graph's answer on with its second half missing,
# "not_object" with JSON in place of it that is not an object (as no Graph answer is)
ANSWERS = {
    "auth": (407, AUTH_PAGE),
    "portal": (200, PORTAL_PAGE),
    "blocked": (403, BLOCKED_PAGE),
    "bad_gateway": (502, BAD_GATEWAY_PAGE),
}


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Contoso IT"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


class CompanyCA:
    """A root certificate of the company's own, and server certificates it signs.

    Attributes:
        pem_path: the root certificate alone, a trust store with nothing else in it.
    """

    def __init__(self, folder: Path) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(_name("Contoso TLS Inspection Root"))
            .issuer_name(_name("Contoso TLS Inspection Root"))
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True,
                content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self._key.public_key()),
                           critical=False)
            .sign(self._key, hashes.SHA256())
        )
        self.folder = folder
        self.pem_path = folder / "company-root.pem"
        self.pem_path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))

    def server_context(self, host: str, *, with_root: bool = False) -> ssl.SSLContext:
        """A TLS server context presenting a certificate for ``host`` signed by the root;
        ``with_root``: the root too, after it (the whole chain, as many appliances send)."""
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        names: list[x509.GeneralName] = [x509.DNSName(host)]
        leaf = (
            x509.CertificateBuilder()
            .subject_name(_name(host))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=7))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self._key.public_key()), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        stem = self.folder / host.replace(":", "_")
        cert_path, key_path = stem.with_suffix(".crt"), stem.with_suffix(".key")
        cert_path.write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + (
            self.certificate.public_bytes(serialization.Encoding.PEM) if with_root else b""))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        return context


class WorkplaceProxy:
    """The company proxy (see the module's docstring).

    Attributes:
        mode: "forward" (inspect and pass on), "auth", "portal", "blocked", "bad_gateway",
            "cut", "not_object" (see ANSWERS).
        seen: (method, host, path) of every request that met the proxy, tunnels included.
        entra: the fake Entra ID that sign-in requests go to, when a test sets one.
        sends_root: whether the certificates it shows come with the company root (set
            before the first tunnel).
    """

    def __init__(self, emulator_url: str, ca: CompanyCA) -> None:
        self.emulator_url = emulator_url.rstrip("/")
        self.ca = ca
        self.mode = "forward"
        self.seen: list[tuple[str, str, str]] = []
        self.entra: Any = None
        self.sends_root = False
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._onward = requests.Session()
        self._onward.trust_env = False  # the proxy itself goes straight to its targets
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _ProxyHandler)
        self._server.daemon_threads = True
        self._server.proxy = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> WorkplaceProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._onward.close()

    def context_for(self, host: str) -> ssl.SSLContext:
        if host not in self._contexts:
            self._contexts[host] = self.ca.server_context(host, with_root=self.sends_root)
        return self._contexts[host]

    def graph_calls(self) -> list[tuple[str, str, str]]:
        return [s for s in self.seen if "/_emulator/" not in s[2]]

    # ------------------------------------------------------------------ passing on

    def pass_on(self, method: str, host: str, path: str, headers: dict[str, str],
                body: bytes) -> tuple[int, dict[str, str], bytes]:
        """What the real server answers, as the proxy relays it."""
        name = host.split(":")[0]
        if name == LOGIN_HOST:
            return self._to_entra(method, f"https://{host}{path}", body)
        # Graph's host is the emulator; anything else (the loopback listener a browser
        # answers a sign-in to) is reached as asked.
        url = self.emulator_url + path if name == GRAPH_HOST else f"http://{host}{path}"
        kept = {k: v for k, v in headers.items()
                if k.lower() not in ("host", "proxy-connection", "connection", "content-length")}
        answer = self._onward.request(method, url, headers=kept, data=body or None, timeout=30)
        out = {k: v for k, v in answer.headers.items()
               if k.lower() not in ("content-length", "connection", "transfer-encoding",
                                    "content-encoding")}
        return answer.status_code, out, answer.content

    def _to_entra(self, method: str, url: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        assert self.entra is not None, "a sign-in went through the proxy with no Entra ID set"
        if method == "GET":
            answer = self.entra.get(url)
        else:
            answer = self.entra.post(url, data=dict(parse_qsl(body.decode())))
        return answer.status_code, dict(answer.headers), answer.text.encode()


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    @property
    def proxy(self) -> WorkplaceProxy:
        return self.server.proxy

    def do_CONNECT(self) -> None:
        host = self.path.split(":")[0]
        self.proxy.seen.append(("CONNECT", self.path, ""))
        if self.proxy.mode == "auth":
            self._page(407, AUTH_PAGE, {"Proxy-Authenticate": 'Basic realm="Contoso proxy"'})
            self.close_connection = True
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        try:
            inner = self.proxy.context_for(host).wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True  # the client did not trust the company root
            return
        try:
            _InsideTunnel(inner, self.client_address, self.server, host=self.path)
        finally:
            inner.close()
        self.close_connection = True

    def do_GET(self) -> None:
        self._relay()

    def do_POST(self) -> None:
        self._relay()

    def do_PATCH(self) -> None:
        self._relay()

    def do_DELETE(self) -> None:
        self._relay()

    def _host_and_path(self) -> tuple[str, str]:
        parts = urlsplit(self.path)  # a proxy is sent absolute URLs for plain HTTP
        return parts.netloc, parts.path + (f"?{parts.query}" if parts.query else "")

    def _relay(self) -> None:
        host, path = self._host_and_path()
        self.proxy.seen.append((self.command, host, path))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.proxy.mode not in ("forward", "cut", "not_object") and "/_emulator/" not in path:
            status, page = ANSWERS[self.proxy.mode]
            extra = {"Proxy-Authenticate": 'Basic realm="Contoso proxy"'} if status == 407 else {}
            self._page(status, page, extra)
            return
        status, headers, payload = self.proxy.pass_on(self.command, host, path,
                                                      dict(self.headers.items()), body)
        if self.proxy.mode == "cut" and "/_emulator/" not in path:
            payload = payload[: len(payload) // 2]
        elif self.proxy.mode == "not_object" and "/_emulator/" not in path:
            payload = b"[]"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _page(self, status: int, page: str, headers: dict[str, str]) -> None:
        payload = page.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _InsideTunnel(_ProxyHandler):
    """Requests read from inside a TLS tunnel the proxy opened (relative URLs)."""

    def __init__(self, request: Any, client_address: Any, server: Any, *, host: str) -> None:
        self.tunnel_host = host
        super().__init__(request, client_address, server)

    def _host_and_path(self) -> tuple[str, str]:
        return self.tunnel_host.removesuffix(":443"), self.path
