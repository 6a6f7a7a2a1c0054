"""The emulator's HTTP server: Graph under /v1.0 and /beta, control under /_emulator.

Requests are served on threads; the tenant's lock makes each Graph operation atomic,
while latency, throttling and faults happen outside it so that slow requests overlap
as they do against the real service.
"""

from __future__ import annotations

import json
import logging
import math
import re
import socket
import struct
import threading
import time
import uuid
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

from app.graph.counters import Counters

from . import batch, caseless, recording
from .auth import DEFAULT_CLIENT_ID, Identity, TokenStore, check_grants
from .errors import GraphError
from .faults import Faults
from .quirks import DEPARTS_HEADER, Quirks
from .router import GraphRequest, GraphResponse, GraphRouter
from .seeds import build_tenant
from .tenant import Tenant
from .throttle import Throttle

log = logging.getLogger(__name__)
VERSIONS = ("v1.0", "beta")
Answer = tuple[int, dict[str, str], Any]
# Graph refuses a request over 4 MB ("The maximum request length supported is 4MB.",
# BadRequest: microsoft-graph-docs-contrib#682, microsoft-graph-docs#85) with 413
# Request Entity Too Large (python-o365#308). The emulator never reads more than that.
MAX_BODY_BYTES = 4 * 1024 * 1024
# How long a client may take to send the body it announced, in all: one that trickles
# or stops short is answered 408 and let go, not waited for with a thread.
BODY_TIMEOUT_S = 10.0
LINGER_S = 1.0  # how long a refused request's unread rest is read and dropped
# What Graph serves on its resources (Microsoft's "Use the Microsoft Graph API", HTTP
# methods; the emulator's resources take no PUT). Any other method is 405 Method Not
# Allowed (Microsoft's "Microsoft Graph error responses"), worded as Outlook's
# resources word it (microsoft-graph-docs-contrib#4152). The service also answers a
# browser's CORS preflight (OPTIONS: AzureAD/microsoft-authentication-library-for-js
# #3216), which a desktop app never sends: the emulator answers OPTIONS 405 too.
SERVED_METHODS = ("GET", "POST", "PATCH", "DELETE")
WRITE_METHODS = frozenset({"POST", "PATCH", "DELETE", "PUT"})


@dataclass
class Stats(Counters):
    """Counters for ``GET /_emulator/stats``; benchmarks read the server's CPU time here."""

    requests: int = 0
    batch_subrequests: int = 0
    throttled: int = 0
    faults_injected: int = 0
    cpu_seconds: float = 0.0
    by_status: Counter[str] = field(default_factory=Counter)
    # "GET /me/messages": 3, ids as {id}: what a test counts to prove a read is bounded.
    by_path: Counter[str] = field(default_factory=Counter)
    # In order: ("asked" or "answered", "GET /users/{id}/calendars"), each request and
    # each $batch sub-request; what a test reads to see what a client sent while an
    # answer was still outstanding, whatever the machine's speed.
    journal: deque[tuple[str, str]] = field(
        default_factory=lambda: deque(maxlen=JOURNAL_LENGTH))
    # Requests that would change the tenant, $batch sub-requests included, by shape
    # ("DELETE /users/{id}/calendars/{id}/calendarPermissions/{id}"), whatever came of
    # them: what a test counts to prove a preview wrote nothing.
    writes: Counter[str] = field(default_factory=Counter)

    def path(self, method: str, path: str) -> None:
        with self._lock:
            self.by_path[f"{method} {path_shape(path)}"] += 1

    def asked(self, shape: str) -> None:
        self.journal.append(("asked", shape))  # deque.append is atomic
        method, _, path = shape.partition(" ")
        # getSchedule reads, sent as a POST (Microsoft's "calendar: getSchedule" page).
        if method in WRITE_METHODS and not path.lower().endswith(("/$batch", "/getschedule")):
            with self._lock:
                self.writes[shape] += 1

    def answered(self, shape: str) -> None:
        self.journal.append(("answered", shape))

    def status(self, code: int) -> None:
        with self._lock:
            self.by_status[str(code)] += 1
            if code == 429:
                self.throttled += 1


# A Host header fit to be a link's authority: a name or an IPv4 or bracketed IPv6
# address, with a port or not; anything else keeps the bound address.
_AUTHORITY = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])"
                        r"(?::[0-9]{1,5})?")
_HOLDS_IDS = frozenset(
    {"users", "groups", "messages", "events", "calendars", "calendarpermissions"}
)


JOURNAL_LENGTH = 100_000


def request_shape(method: str, path: str) -> str:
    """``GET /users/AdeleV@contoso.com/calendars`` -> ``GET /users/{id}/calendars``."""
    return f"{method} {path_shape(path)}"


def path_shape(path: str) -> str:
    """``/users/AdeleV@contoso.com/messages/AAMk=`` -> ``/users/{id}/messages/{id}``."""
    shaped, parts = [], [p for p in path.strip("/").split("/") if p]
    for index, part in enumerate(parts):
        after_collection = index > 0 and parts[index - 1].lower() in _HOLDS_IDS
        shaped.append("{id}" if after_collection else part)
    return "/" + "/".join(shaped)


class EmulatorServer:
    """A Graph emulator on a loopback port, started in a background thread.

    Attributes:
        base_url: for example ``http://127.0.0.1:40123``; Graph is under ``/v1.0/``.
    """

    def __init__(
        self,
        seed: str = "contoso",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0.0,
        concurrency_limit: int = 4,
        rate_limit: int = 10_000,
        quirks: Quirks | None = None,
        body_timeout_s: float = BODY_TIMEOUT_S,
    ) -> None:
        self.seed = seed
        self.body_timeout_s = body_timeout_s
        self.quirks = quirks if quirks is not None else Quirks.from_environment()
        self.latency_ms = latency_ms
        self.tokens = TokenStore()
        self.throttle = Throttle(concurrency_limit=concurrency_limit, rate_limit=rate_limit)
        self.faults = Faults()
        self.stats = Stats()
        self.stopping = threading.Event()
        self.tenant: Tenant = build_tenant(seed)
        self.tenant.quirks = self.quirks
        self.router = GraphRouter(self.tenant, self.quirks)
        self._httpd = _Server((host, port), _Handler)
        self._httpd.emulator = self
        self._thread: threading.Thread | None = None
        # (host, port[, flowinfo, scope_id]): a TCP server's address, never a Unix path.
        address = self._httpd.socket.getsockname()
        bound_host, bound_port = str(address[0]), int(address[1])
        shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
        self.base_url = f"http://{shown}:{bound_port}"

    def start(self) -> EmulatorServer:
        self._thread = threading.Thread(
            target=self.serve_forever, name="graph-emulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        # ``stop`` waits for the loop to notice: at the default half second, quitting
        # the demo (and every test that starts an emulator) waited up to 0.5 s for it.
        self._httpd.serve_forever(poll_interval=SHUTDOWN_POLL_S)

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Back to the seed state: a fresh tenant, no throttling history, no revocations."""
        tenant = build_tenant(self.seed)
        tenant.quirks = self.quirks
        with self.tenant.lock:
            self.tenant = tenant
            self.router = GraphRouter(tenant, self.quirks)
        self.throttle.reset()
        self.tokens.forget_revocations()

    def set_quirks(self, quirks: Quirks) -> None:
        """Play these quirks from the next request on (tests switch one off or on)."""
        with self.tenant.lock:
            self.quirks = quirks
            self.router.quirks = quirks
            self.tenant.quirks = quirks

    def issue_token(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /_emulator/token``: a delegated token for a user, or an app-only one."""
        lifetime = _field(body, "expires_in", int, 3600)
        if not 0 <= lifetime <= MAX_TOKEN_LIFETIME_S:  # 0: a token already expired
            raise GraphError(
                400, "invalid_request", f"'expires_in' is seconds, 0 to {MAX_TOKEN_LIFETIME_S}."
            )
        client_id = _field(body, "client_id", str, "") or DEFAULT_CLIENT_ID
        user = _field(body, "user", str, "")
        if user:
            person = self.tenant.find(user)
            if person is None or person.is_group:
                raise GraphError(
                    400,
                    "invalid_user",
                    f"'{user}' is not a user of this tenant. Try one of: "
                    + ", ".join(p.address for p in self.tenant.users()[:8])
                    + ".",
                )
            grants = check_grants(_names(body, "scopes"), app_only=False)
            identity = Identity(person.key, grants, client_id)
        elif body.get("roles") is not None:
            identity = Identity(None, check_grants(_names(body, "roles"), app_only=True),
                                client_id)
        else:
            raise GraphError(
                400,
                "invalid_request",
                "Give a 'user' with 'scopes', or app 'roles' for an app-only token.",
            )
        # "capabilities": the client's xms_cc (["CP1"]: it answers claims challenges);
        # "not_before": the nbf a claims challenge asked for, met by issuing after it.
        capable = "CP1" in [c.upper() for c in _names(body, "capabilities")]
        token = self.tokens.issue(identity, lifetime, capable=capable)
        return {"access_token": token, "token_type": "Bearer", "expires_in": lifetime}

    def revoke_sessions(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /_emulator/revoke``: a critical event for a person (CAE)."""
        person = self.tenant.find(str(body.get("user") or ""))
        if person is None or person.is_group:
            raise GraphError(400, "invalid_user", "Give the 'user' whose sessions end.")
        return {"revokedAt": self.tokens.revoke(person.key)}

    def accept_in_outlook(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /_emulator/outlook/accept``: what a person does in Outlook when Graph can't
        (quirk sharing-accept-unsupported): accept a sharing invitation, ``messageId``, or
        every one in ``user``'s inbox. The calendar then appears in their /calendars."""
        person = self.tenant.find(str(body.get("user") or ""))
        if person is None or person.is_group:
            raise GraphError(400, "invalid_user", "Give the 'user' who accepts, by address.")
        identity = Identity(
            person.key, check_grants(["Calendars.ReadWrite", "Mail.Read"], app_only=False), ""
        )
        with self.tenant.lock:
            wanted = body.get("messageId")
            invitations = [
                self.tenant.message_id(person, m)
                for m in self.tenant.list_messages(identity, person)
                if m.sharing is not None
                and (wanted is None or self.tenant.message_id(person, m) == wanted)
            ]
            if wanted is not None and not invitations:
                raise GraphError(404, "ErrorItemNotFound", "No such sharing invitation.")
            accepted = [
                self.tenant.accept_sharing(identity, person, message_id).calendar.name
                for message_id in invitations
            ]
        return {"accepted": accepted}

    def _link_base(self, request: GraphRequest) -> str:
        """Where the answer's links (``@odata.nextLink``, ``@odata.context``) point: the
        address the client called, from its Host header, as Graph's name the host called
        (RFC 9110 7.2: Host is the target's authority). An emulator a class shares, bound
        to 0.0.0.0, is called at the trainer's address, never at the one it binds."""
        host = request.header("Host") or ""
        return f"http://{host}" if _AUTHORITY.fullmatch(host) else self.base_url

    def stats_json(self) -> dict[str, Any]:
        peaks = dict(self.throttle.peak)
        people = self.tenant.people
        return {
            "requests": self.stats.requests,
            "batch_subrequests": self.stats.batch_subrequests,
            "throttled": self.stats.throttled,
            "faults_injected": self.stats.faults_injected,
            "cpu_seconds": round(self.stats.cpu_seconds, 6),
            "by_status": dict(self.stats.by_status),
            "by_path": dict(self.stats.by_path),
            "writes": dict(self.stats.writes),
            "max_concurrency_per_mailbox": {
                (people[k].address if k in people else k): v for k, v in peaks.items()
            },
            "max_concurrency": max(peaks.values(), default=0),
        }

    def tenant_json(self) -> dict[str, Any]:
        """``GET /_emulator/tenant``: who exists, for the demo's sign-in picker."""
        return {
            "domain": self.tenant.domain,
            "tenantId": self.tenant.tenant_id,
            "demo": {"intro": self.tenant.story.intro, "startWith": self.tenant.story.start_with},
            "users": [
                {
                    "userPrincipalName": p.address,
                    "displayName": p.display_name,
                    "jobTitle": p.job_title,
                }
                for p in self.tenant.users()
                # People who sign in to Outlook: not guests, rooms or mailboxes Graph
                # can't open (quirks mailbox-not-enabled, room-calendar-...).
                if p.mailbox_kind == "exchangeOnline" and p.user_type == "Member"
            ],
            "groups": [
                {"mail": p.address, "displayName": p.display_name}
                for p in self.tenant.people.values()
                if p.is_group
            ],
        }

    # ----------------------------------------------------------------- Graph

    def serve_graph(
        self,
        method: str,
        version: str,
        path: str,
        params: dict[str, str],
        headers: dict[str, str],
        raw_body: bytes,
    ) -> Answer | str:
        """One Graph HTTP request; returns the answer, or "reset"/"timeout" to misbehave."""
        request_id = str(uuid.uuid4())
        client_request_id = caseless.lookup(headers, "client-request-id") or request_id
        self.stats.add(requests=1)
        self.stats.path(method, path)
        self._arrived(method, path)
        is_batch = path.strip("/").lower() == "$batch"
        fault = None if self.faults.in_batch else self.faults.draw(method)
        try:
            if fault is not None:
                self.stats.add(faults_injected=1)
            if fault is not None and fault != "drop_response" and not (
                fault == 429 and self._throttles_after_running(method, is_batch)
            ):
                self._sleep_latency()
                if fault in ("reset", "timeout"):
                    return str(fault)
                raise self._injected(int(fault))
            identity = self.tokens.identify(
                caseless.lookup(headers, "Authorization"),
                quoted_uri=not self.quirks.on("cae-unquoted-authorization-uri"))
            body = _parse_json(raw_body)
            request = GraphRequest(method, version, path, params, headers, body, "")
            if fault == 429:  # carried out, then refused (quirk throttled-after-running)
                answer = self._serve_one(identity, request, hold=True)
                if answer[0] < 400:
                    log.info("Graph %s %s ran, then answered 429", method, path)
                raise self._injected(429)
            if is_batch:
                if method != "POST":
                    raise GraphError(405, "BadRequest", "$batch accepts only POST.")
                answer = self._serve_batch(identity, request)
            else:
                answer = self._serve_one(identity, request, hold=True)
        except GraphError as error:
            answer = self._error(error, request_id, client_request_id)
        if fault == "drop_response":
            return "reset"  # done, but the client never hears of it
        status, out_headers, out_body = answer
        if path.strip("/").lower() != "$batch" or status != 200:
            recording.sent(method, version, path, status, out_body,
                           out_headers.get(DEPARTS_HEADER, ""))
        out_headers = {
            **out_headers,
            "request-id": request_id,
            "client-request-id": client_request_id,
        }
        self.stats.status(status)
        self.stats.answered(request_shape(method, path))
        if status >= 400:
            log.info(
                "Graph %s %s/%s -> %s (request-id %s)", method, version, path, status, request_id
            )
        return status, out_headers, out_body

    def _arrived(self, method: str, path: str) -> None:
        shape = request_shape(method, path)
        self.stats.asked(shape)
        hold = self.faults.hold
        if hold is not None:
            hold.arrived(shape)

    def _throttles_after_running(self, method: str, is_batch: bool) -> bool:
        """Whether an injected 429 comes after the write ran (quirk throttled-after-running):
        the service can count a request against the limit once it has done it."""
        return (
            method in ("POST", "PATCH", "DELETE")
            and not is_batch
            and self.quirks.on("throttled-after-running")
        )

    def _injected(self, status: int) -> GraphError:
        """An injected failure, as the service words it; with quirk bare-503, a 503 whose
        Retry-After the fault settings didn't choose comes without one and without words."""
        faults = self.faults
        if status == 503 and faults.retry_after_given is False and self.quirks.on("bare-503"):
            return GraphError(503, "ServiceUnavailable", "")
        return _injected(status, faults.retry_after)

    def _throttled(self, wait: float, *, in_batch: bool = False) -> GraphError:
        """Outlook's own refusal (concurrency or rate). Its Retry-After is whole seconds,
        except in a $batch sub-response with quirk decimal-retry-after ("0.249")."""
        decimal = in_batch and self.quirks.on("decimal-retry-after")
        return _throttled(f"{wait:.3f}" if decimal else str(max(1, math.ceil(wait))))

    def _sleep_latency(self) -> None:
        latency = self.faults.latency_ms if self.faults.latency_ms is not None else self.latency_ms
        if latency > 0:
            self.stopping.wait(latency / 1000.0)

    def _serve_one(self, identity: Identity, request: GraphRequest, *, hold: bool) -> Answer:
        """A single request: admitted by the throttle, then run under the tenant lock."""
        mailbox = None
        if hold:
            with self.tenant.lock:
                mailbox = self.router.target_mailbox(identity, request.path)
            if mailbox is not None:
                wait = self.throttle.enter(identity.client_id, mailbox)
                if wait is not None:
                    self._sleep_latency()
                    raise self._throttled(wait)
            self._sleep_latency()
        try:
            return self._run(identity, request)
        finally:
            if mailbox is not None:
                self.throttle.leave(identity.client_id, mailbox)

    def _run(self, identity: Identity, request: GraphRequest) -> Answer:
        request.base_url = self._link_base(request)
        hold = self.faults.hold
        if hold is not None:
            hold.wait_if_held(request_shape(request.method, request.path))
        started = time.thread_time()
        try:
            with self.tenant.lock:
                response: GraphResponse = self.router.handle(identity, request)
        except GraphError:
            raise
        except Exception as exc:
            # A bug in the emulator: answer as Graph does and log it loudly (tests fail on it).
            log.exception("Emulator failed on %s %s", request.method, request.path)
            raise GraphError(
                500, "InternalServerError", "The Graph emulator failed on this request."
            ) from exc
        finally:
            self.stats.add(cpu_seconds=time.thread_time() - started)
        headers = dict(response.headers)
        if response.body is not None:
            headers["Content-Type"] = "application/json; odata.metadata=minimal; charset=utf-8"
        return response.status, headers, response.body

    def _serve_batch(self, identity: Identity, request: GraphRequest) -> Answer:
        subrequests = batch.parse(request.body)
        self.stats.add(batch_subrequests=len(subrequests))
        for sub in subrequests:
            self._arrived(sub.method, sub.path)
        refused, entered = self._admit_batch(identity, subrequests)
        self._sleep_latency()
        fake_ids = {s.id: str(uuid.uuid4()) for s in subrequests}

        def execute(sub: batch.SubRequest) -> Answer:
            one = GraphRequest(
                sub.method,
                request.version,
                sub.path,
                sub.params,
                {**request.headers, **sub.headers},
                sub.body,
                "",
            )
            try:
                fault = self.faults.draw(sub.method) if self.faults.in_batch else None
                if isinstance(fault, int):
                    self.stats.add(faults_injected=1)
                    raise _injected(fault, self.faults.retry_after)
                return self._serve_one(identity, one, hold=False)
            except GraphError as error:
                answer = self._error(error, fake_ids[sub.id], fake_ids[sub.id])
                if error.status >= 500 and self.quirks.on("text-batch-body"):
                    return _as_text(answer)
                return answer

        def error(failure: GraphError) -> Answer:
            return self._error(failure, str(uuid.uuid4()), str(uuid.uuid4()))

        try:
            responses = batch.run(subrequests, execute, refused, error)
        finally:
            for mailbox in entered:
                self.throttle.leave(identity.client_id, mailbox)
        by_id = {s.id: s for s in subrequests}
        for item in responses:
            if item["status"] == 429:
                self.stats.status(429)
            sub = by_id[item["id"]]
            self.stats.answered(request_shape(sub.method, sub.path))
            recording.sent(sub.method, request.version, sub.path, item["status"], item.get("body"),
                           (item.get("headers") or {}).get(DEPARTS_HEADER, ""))
        # 200 with the 429s inside, as the service answers (microsoft-graph-docs-contrib#8883
        # "Batch docs incorrect re return code"; the throttling page says 424, the contract
        # 200, so 200 in every profile).
        return 200, {"Content-Type": "application/json"}, {"responses": responses}

    def _admit_batch(
        self, identity: Identity, subrequests: list[batch.SubRequest]
    ) -> tuple[dict[str, Answer], list[str]]:
        """Take concurrency slots for the batch: per mailbox, as many as its widest wave."""
        with self.tenant.lock:
            targets = {s.id: self.router.target_mailbox(identity, s.path) for s in subrequests}
        width: dict[str, Counter[int]] = defaultdict(Counter)  # requests per wave
        for sub in subrequests:
            target = targets[sub.id]
            if target is not None:
                width[target][sub.wave] += 1
        granted: dict[str, int] = {}
        entered: list[str] = []
        wait_for: dict[str, float] = {}
        for mailbox, waves in width.items():
            granted[mailbox] = 0
            for _ in range(max(waves.values())):
                wait = self.throttle.enter(identity.client_id, mailbox)
                if wait is not None:
                    wait_for[mailbox] = wait
                    break
                granted[mailbox] += 1
                entered.append(mailbox)
        refused: dict[str, Answer] = {}
        used: Counter[tuple[str, int]] = Counter()
        for sub in sorted(subrequests, key=lambda s: s.wave):
            target = targets[sub.id]
            if target is None:
                continue
            slot = (target, sub.wave)
            used[slot] += 1
            if used[slot] > granted[target]:
                refused[sub.id] = self._error(
                    self._throttled(wait_for[target], in_batch=True),
                    str(uuid.uuid4()),
                    str(uuid.uuid4()),
                )
        return refused, entered

    @staticmethod
    def _error(error: GraphError, request_id: str, client_request_id: str) -> Answer:
        body = {
            "error": {
                "code": error.code,
                "message": error.message,
                "innerError": {
                    "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()),
                    "request-id": request_id,
                    "client-request-id": client_request_id,
                },
            }
        }
        headers = {"Content-Type": "application/json", **error.headers}
        return error.status, headers, body


MAX_TOKEN_LIFETIME_S = 86_400
T = TypeVar("T")


def _field(body: dict[str, Any], name: str, kind: type[T], default: T) -> T:
    """``body[name]`` when it is a ``kind`` (absent or null: ``default``), or a 400."""
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        said = {str: "a string", int: "a whole number", list: "an array"}.get(kind, str(kind))
        raise GraphError(400, "invalid_request", f"'{name}' must be {said}.")
    return value


def _names(body: dict[str, Any], name: str) -> list[str]:
    """``body[name]`` as a list of strings (scopes, roles, capabilities), or a 400."""
    names = _field(body, name, list, [])
    if not all(isinstance(n, str) for n in names):
        raise GraphError(400, "invalid_request", f"'{name}' must be an array of strings.")
    return names


def _throttled(retry_after: str) -> GraphError:
    return GraphError(
        429,
        "ApplicationThrottled",
        "Application is over its MailboxConcurrency limit.",
        {"Retry-After": retry_after},
    )


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def _injected(status: int, retry_after: float) -> GraphError:
    if status == 429:
        return GraphError(
            429,
            "TooManyRequests",
            "Too many requests. Please retry after the time in Retry-After.",
            {"Retry-After": _seconds(retry_after)},
        )
    if status == 503:
        return GraphError(
            503,
            "ServiceUnavailable",
            "The service is temporarily unavailable. Please retry later.",
            {"Retry-After": _seconds(retry_after)},
        )
    names = {502: "BadGateway", 504: "GatewayTimeout"}
    return GraphError(
        status,
        names.get(status, "ServiceError"),
        "The service had a transient problem. Please retry.",
    )


def _as_text(answer: Answer) -> Answer:
    """A failed sub-response whose body is plain text, as a gateway writes it, not
    Graph's JSON error (quirk ``text-batch-body``; msgraph-sdk-java#2472). In a JSON
    batch a text/* body is a JSON string (OData JSON format, "Batch Response")."""
    status, headers, _body = answer
    return status, {**headers, "Content-Type": "text/plain"}, HTTPStatus(status).phrase


def _parse_json(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise GraphError(
            400,
            "BadRequest",
            "Unable to read JSON request payload. Please ensure Content-Type header is set and "
            "payload is of valid JSON format.",
        ) from exc


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    emulator: EmulatorServer


SHUTDOWN_POLL_S = 0.05


class _Refused(Exception):  # noqa: N818 - an answer, not a fault
    """A request the handler answers with a Graph error before (or instead of) serving
    it: a body it can't or won't read, a method it doesn't serve."""

    def __init__(self, error: GraphError, *, close: bool = False) -> None:
        super().__init__(error.message)
        self.error = error
        self.close = close  # the body was not read: the connection can't carry another


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # An answer goes out as two writes (headers, body); with Nagle's algorithm the body
    # waits for the client's delayed ACK, some 40 ms on every kept-alive request.
    disable_nagle_algorithm = True
    server: _Server
    server_version = "DeputyGraphEmulator/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    # Every method comes to _dispatch, which refuses those Graph doesn't serve with a
    # Graph error; a method http.server has no do_ for reaches send_error (501) below.
    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PATCH = do_DELETE = do_PUT = do_HEAD = do_GET  # noqa: N815
    do_OPTIONS = do_TRACE = do_CONNECT = do_GET  # noqa: N815

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """What http.server refuses itself (a request line or headers it can't parse, a
        method it has no handler for) answered as Graph errors, not its HTML page."""
        if code == HTTPStatus.NOT_IMPLEMENTED:  # a method nobody serves: see SERVED_METHODS
            error = _method_not_allowed(self.command or "")
        else:
            error = GraphError(code, "BadRequest", message or HTTPStatus(code).phrase)
        # A request line http.server can't read leaves it taking the client for HTTP/0.9,
        # which gets no status line: answer in HTTP/1.1, as every client today speaks.
        self.request_version = self.protocol_version
        self._refuse(error, close=True)

    def _dispatch(self) -> None:
        try:
            self._serve()
        except _Refused as refused:
            self._refuse(refused.error, close=refused.close)
        except Exception:
            # A bug in the emulator: answer as Graph does and log it loudly (tests fail on it).
            log.exception("Emulator failed on %s %s", self.command, self.path)
            self._refuse(GraphError(500, "InternalServerError",
                                    "The Graph emulator failed on this request."), close=True)

    def _serve(self) -> None:
        emulator = self.server.emulator
        if self.command not in SERVED_METHODS:
            raise _Refused(_method_not_allowed(self.command), close=True)
        url = urlsplit(self.path)
        raw = self._read_body(emulator.body_timeout_s)
        parts = url.path.lstrip("/").split("/", 1)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        headers = dict(self.headers.items())
        if parts[0] == "_emulator":
            self._answer(
                *self._control(emulator, self.command, parts[1] if len(parts) > 1 else "", raw)
            )
            return
        version = parts[0].lower()
        if version not in VERSIONS:
            raise _Refused(GraphError(
                400, "BadRequest", f"Invalid version: {parts[0]!r}. Use /v1.0/ or /beta/."))
        path = unquote(parts[1]) if len(parts) > 1 else ""
        answer = emulator.serve_graph(
            self.command, "beta" if version == "beta" else "v1.0", "/" + path, params, headers, raw
        )
        if answer == "reset":
            self._reset_connection()
        elif answer == "timeout":
            emulator.stopping.wait(emulator.faults.hang_seconds)
            self._reset_connection()
        else:
            self._answer(*answer)

    def _read_body(self, timeout_s: float) -> bytes:
        """The body its Content-Length announces: at most MAX_BODY_BYTES, within
        ``timeout_s`` in all, or a refusal (a Graph error) that says what was wrong."""
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            if self.headers.get("Transfer-Encoding"):
                # Graph's errors page: "A Content-Length header is required on the request."
                raise _Refused(GraphError(
                    411, "BadRequest", "A Content-Length header is required on the request."),
                    close=True)
            return b""
        text = lengths[0].strip()
        if len(set(lengths)) > 1 or not (text.isascii() and text.isdigit()):
            raise _Refused(GraphError(
                400, "BadRequest", f"Invalid Content-Length header: {', '.join(lengths)!r}."),
                close=True)
        length = int(text)
        if length > MAX_BODY_BYTES:
            raise _Refused(GraphError(413, "BadRequest",
                                      "The maximum request length supported is 4MB."), close=True)
        deadline = time.monotonic() + timeout_s
        chunks: list[bytes] = []
        left = length
        try:
            while left:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                self.connection.settimeout(remaining)
                chunk = self.rfile.read1(min(left, 65536))
                if not chunk:
                    raise _Refused(GraphError(
                        400, "BadRequest",
                        f"The request body ended after {length - left} of the {length} bytes "
                        "its Content-Length announced."), close=True)
                chunks.append(chunk)
                left -= len(chunk)
        except TimeoutError:
            # 408 Request Timeout (RFC 9110 §15.5.9): the body did not come in time.
            raise _Refused(GraphError(
                408, "RequestTimeout",
                f"The request body did not arrive within {timeout_s:g} s: {length - left} of "
                f"{length} bytes came."), close=True) from None
        finally:
            self.connection.settimeout(None)
        return b"".join(chunks)

    def _refuse(self, error: GraphError, *, close: bool) -> None:
        """Answer ``error`` as Graph does, with its request ids; ``close``: and hang up."""
        client_request_id = caseless.lookup(dict(self.headers.items()), "client-request-id") \
            if getattr(self, "headers", None) is not None else None
        request_id = str(uuid.uuid4())
        status, headers, body = EmulatorServer._error(error, request_id,
                                                      client_request_id or request_id)
        headers = {**headers, "request-id": request_id,
                   "client-request-id": client_request_id or request_id}
        if status == 405:
            headers["Allow"] = ", ".join(SERVED_METHODS)
        if close:
            self.close_connection = True
            headers["Connection"] = "close"
        log.info("Graph %s %s -> %s %s (request-id %s)", getattr(self, "command", None),
                 getattr(self, "path", None), status, error.code, request_id)
        try:
            self._answer(status, headers, body)
            if close:
                self._linger()
        except OSError:
            self.close_connection = True  # the client went away before the answer

    def _linger(self) -> None:
        """Read and drop what the client still sends, for a moment, before hanging up.

        Closing a socket with unread data in it sends a TCP reset, which can throw away
        the answer before the client reads it (the "lingering close" of HTTP servers).
        Bounded in time and bytes, so that a client still sending can't keep the thread.
        """
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + LINGER_S
        drained = 0
        while drained < MAX_BODY_BYTES and (left := deadline - time.monotonic()) > 0:
            self.connection.settimeout(left)
            try:
                chunk = self.connection.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break  # the client read the answer and hung up
            drained += len(chunk)

    def _control(self, emulator: EmulatorServer, method: str, name: str, raw: bytes) -> Answer:
        try:
            body = _parse_json(raw) or {}
            if not isinstance(body, dict):
                raise GraphError(400, "BadRequest", "Send a JSON object.")
            if method == "POST" and name == "token":
                return 200, {}, emulator.issue_token(body)
            if method == "POST" and name == "revoke":
                return 200, {}, emulator.revoke_sessions(body)
            if method == "POST" and name == "reset":
                emulator.reset()
                return 204, {}, None
            if method == "POST" and name == "faults":
                try:
                    emulator.faults = Faults.from_json(body)
                except (ValueError, TypeError) as exc:
                    raise GraphError(400, "BadRequest", str(exc)) from exc
                return 204, {}, None
            if method == "GET" and name == "quirks":
                return 200, {}, emulator.quirks.to_json()
            if method == "POST" and name == "quirks":
                try:
                    emulator.set_quirks(Quirks(set(body.get("on") or [])))
                except (ValueError, TypeError) as exc:
                    raise GraphError(400, "BadRequest", str(exc)) from exc
                return 204, {}, None
            if method == "POST" and name == "outlook/accept":
                return 200, {}, emulator.accept_in_outlook(body)
            if method == "GET" and name == "stats":
                return 200, {}, emulator.stats_json()
            if method == "GET" and name == "tenant":
                return 200, {}, emulator.tenant_json()
            raise GraphError(
                404,
                "NotFound",
                f"No control endpoint {method} /_emulator/{name}. Known: POST token, "
                "POST revoke, POST reset, POST faults, GET/POST quirks, POST outlook/accept, "
                "GET stats, "
                "GET tenant.",
            )
        except GraphError as error:
            raise _Refused(error) from None

    def _answer(self, status: int, headers: dict[str, str], body: Any) -> None:
        # A HEAD answer has no body (RFC 9110 §9.3.2), even an error's.
        payload = b"" if body is None or self.command == "HEAD" else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() != "content-type" or payload:
                self.send_header(name, value)
        if payload and caseless.lookup(headers, "Content-Type") is None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Date", formatdate(usegmt=True))
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    def _reset_connection(self) -> None:
        """Drop the connection with a TCP reset, as a failing proxy would."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


def _method_not_allowed(method: str) -> GraphError:
    return GraphError(405, "ErrorInvalidRequest",
                      f"The OData request is not supported. (Method {method!r}; Graph serves "
                      f"{', '.join(SERVED_METHODS)} here.)")
