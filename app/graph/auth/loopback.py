"""The loopback listener that receives the browser's answer to an interactive sign-in.

RFC 8252 has a desktop app open the system browser at the sign-in page and listen
on ``http://localhost:<any free port>`` for the redirect that carries the
authorization code. MSAL has its own listener, but it opens the browser itself,
cannot be cancelled and checks for the answer once a second. This one is handed to
MSAL's ``acquire_token_interactive`` as its ``auth_code_receiver``, so MSAL still
builds the request (PKCE, state, nonce) and redeems the code, while Deputy decides
how the browser is opened and the GUI can cancel the wait.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .cancel import Cancellation

log = logging.getLogger(__name__)

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Deputy</title></head>
<body style="font-family: sans-serif; margin: 3em"><h1>{title}</h1><p>{text}</p></body></html>"""


class LoopbackReceiver:
    """Listens on 127.0.0.1 at a free port until the sign-in answer arrives.

    MSAL calls ``get_auth_response(auth_uri=..., state=..., timeout=...)``; this opens
    the browser with ``open_browser(auth_uri)`` and waits for the redirect, a
    timeout, or ``cancellation``. Only an answer carrying the request's ``state`` is
    accepted, in the response mode the request asked for (form_post, so the code
    never sits in the browser's history, or query with older MSAL versions).

    Attributes:
        port: the port to put in the redirect URI (``http://localhost:<port>``).
        outcome: "answered", "cancelled" or "timed out" once the wait is over.
    """

    def __init__(
        self,
        open_browser: Callable[[str], object],
        cancellation: Cancellation | None = None,
    ) -> None:
        self._open_browser = open_browser
        self._cancellation = cancellation
        self._answered = threading.Event()
        self._lock = threading.Lock()
        self._answer: dict[str, str] = {}
        self._expecting = False  # nothing is accepted before MSAL says what to expect
        self._state: str | None = None
        self._form_post = True
        self.outcome: str | None = None
        self._server = HTTPServer(("127.0.0.1", 0), _Handler)
        self._server.receiver = self  # type: ignore[attr-defined]
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="sign-in-loopback",
            daemon=True,
        )
        self._thread.start()

    def get_auth_response(
        self,
        *,
        auth_uri: str,
        state: str | None = None,
        timeout: float | None = None,
        **_unused: Any,
    ) -> dict[str, str] | None:
        """The redirect's parameters (``code``/``state`` or ``error``), or None."""
        query = parse_qs(urlsplit(auth_uri).query)
        with self._lock:
            self._form_post = query.get("response_mode", [""])[0] == "form_post"
            self._state = state
            self._expecting = True
        if self._cancellation is not None:
            self._cancellation.on_cancel(self._answered.set)
        opened = self._open_browser(auth_uri)
        if opened is False:
            log.warning("No web browser opened for sign-in.")
        ended = self._answered.wait(timeout)
        with self._lock:
            self._expecting = False
            if self._answer:
                self.outcome = "answered"
                return dict(self._answer)
        self.outcome = "cancelled" if ended else "timed out"
        return None

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LoopbackReceiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self, params: dict[str, str], *, posted: bool) -> tuple[int, str, str]:
        """Judge one request to the listener: (status, page title, page text)."""
        with self._lock:
            return self._judge(params, posted=posted)

    def _judge(self, params: dict[str, str], *, posted: bool) -> tuple[int, str, str]:
        if not self._expecting or ("code" not in params and "error" not in params):
            return 400, "Nothing to do here", "This address only receives Deputy's sign-in."
        if posted != self._form_post:
            return 400, "Sign-in refused", "The answer did not come the way Deputy asked for it."
        if self._state is not None and params.get("state") != self._state:
            # Possibly a forged request from another page; keep waiting for the real one.
            return 400, "Sign-in refused", "This answer is not for Deputy's current sign-in."
        if self._answer:
            return 400, "Already signed in", "Deputy already has an answer; close this tab."
        self._answer = params
        self._answered.set()
        if "code" in params:
            return 200, "You're signed in", "Return to Deputy. You can close this tab."
        reason = params.get("error_description") or params["error"]
        return 200, "Sign-in did not complete", f"Return to Deputy. ({reason})"


class _Handler(BaseHTTPRequestHandler):
    server_version = "Deputy"

    def do_GET(self) -> None:
        self._answer_with(parse_qs(urlsplit(self.path).query), posted=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        self._answer_with(parse_qs(body), posted=True)

    def _answer_with(self, query: dict[str, list[str]], *, posted: bool) -> None:
        params = {name: values[0] for name, values in query.items()}
        receiver: LoopbackReceiver = self.server.receiver  # type: ignore[attr-defined]
        status, title, text = receiver._accept(params, posted=posted)
        page = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: Any) -> None:
        # The default writes every request line, authorization code included, to stderr.
        log.debug("loopback listener: %s", self.command)
