"""The Graph HTTP client: one session per identity, retries, paging and ``$batch``.

Rules it keeps (GUIDE §2.4):
- 429 and 503 wait for ``Retry-After``; resets, timeouts, 502 and 504 back off
  exponentially with jitter, up to a bound.
- A request that failed before Graph processed it (429, 503) is always safe to send
  again. Otherwise only idempotent calls are retried: GET, PATCH, DELETE, and the
  POSTs a caller marks idempotent (event creation with a ``transactionId``, meeting
  responses). So one click never sends two invitations.
- At most four requests in flight per mailbox (Outlook's limit), counting each
  sub-request of a batch, and a configurable number overall.
- Many requests go out as a flow of ``$batch`` calls (``BatchFlow``): every connection
  busy with a batch of up to 20, answers handed over batch by batch as they come back,
  so what an answer makes known (the next page, a calendar's permissions) goes out
  while the rest is still on the way, instead of waiting for a whole round.
"""

from __future__ import annotations

import logging
import queue
import random
import re
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeAlias
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from app import cancellation

from . import cae, foreign, network
from .counters import Counters
from .errors import ErrorBody, GraphError, user_message
from .tokens import TokenProvider

log = logging.getLogger(__name__)

BATCH_LIMIT = 20
MAILBOX_CONCURRENCY = 4
CONNECTIONS = 8  # HTTP requests in flight at once, per client (a $batch call is one)
_MAILBOX = re.compile(r"^/?(me|(?:users|groups)/[^/?]+)", re.IGNORECASE)
_NOT_PROCESSED = (429, 503)  # Graph refused before doing anything: always safe to resend
_TRANSIENT = (502, 504)
_RESENT = (*_NOT_PROCESSED, *_TRANSIENT)  # a $batch envelope's statuses its requests go again on
_IDEMPOTENT_METHODS = frozenset({"GET", "PATCH", "DELETE", "PUT", "HEAD"})


class Cancelled(Exception):  # noqa: N818 - it is an outcome, not a fault
    """The user cancelled long work; what was done so far stays done."""


def mailbox_of(path: str) -> str:
    """The mailbox a Graph path reaches ("me", "users/alexw@contoso.com"), lower-cased."""
    if "://" in path:  # a nextLink: drop the host and the version segment
        path = re.sub(r"^/(v1\.0|beta)(?=/)", "", urlsplit(path).path, flags=re.IGNORECASE)
    match = _MAILBOX.match(path)
    return match.group(1).lower() if match else ""


def batch_path(link: str) -> str:
    """An ``@odata.nextLink`` as a ``$batch`` sub-request's url: no host, no version.

    Graph's links are absolute (``https://graph.microsoft.com/v1.0/users/...``), and a
    batch takes only relative urls (``/users/...``).
    """
    if "://" not in link:
        return link
    parts = urlsplit(link)
    path = re.sub(r"^/(v1\.0|beta)(?=/)", "", parts.path, flags=re.IGNORECASE)
    return f"{path}?{parts.query}" if parts.query else path


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Delays are in seconds."""

    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_retry_after: float = 120.0

    def backoff(self, attempt: int) -> float:
        """Exponential with full jitter (attempt 1 waits up to base_delay)."""
        return random.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


@dataclass
class BatchRequest:
    """One request for ``GraphClient.batch``; ``path`` may carry a query string."""

    method: str
    path: str
    body: Any = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    depends_on: Sequence[str] = ()
    idempotent: bool | None = None

    @property
    def safe_to_repeat(self) -> bool:
        return self.method in _IDEMPOTENT_METHODS if self.idempotent is None else self.idempotent


@dataclass
class BatchResponse:
    """One sub-request's answer. ``batch_request_id``: Graph's request-id of the
    ``$batch`` call that carried it, for support when the sub-response has none."""

    id: str
    status: int
    body: Any
    headers: Mapping[str, str]
    batch_request_id: str = ""

    @property
    def request_id(self) -> str:
        """The request-id support can trace: the sub-response's own, its error body's,
        else the ``$batch`` call's."""
        return (self.headers.get("request-id") or ErrorBody.of(self.body).request_id
                or self.batch_request_id)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


# What a BatchFlow hands over at a time: requests with their final answers.
_Answers: TypeAlias = list[tuple[BatchRequest, BatchResponse]]


@dataclass
class ClientStats(Counters):
    """What the client did, for progress displays and benchmarks.

    Attributes:
        requests: HTTP requests sent (a ``$batch`` call is one).
        throttled: 429 answers the service gave, as it counts them: a whole call or a
            whole ``$batch`` answered 429 is one, and so is each 429 inside a ``$batch``
            (not each request a refused ``$batch`` carried).
        waited_seconds: time waited on purpose before sending again (Retry-After, back-off).
        lost_seconds: time spent on attempts that ended with no answer (a timeout, a reset
            connection), which are then sent again: time lost, not waited.
    """

    requests: int = 0
    batches: int = 0
    subrequests: int = 0
    retries: int = 0
    throttled: int = 0
    waited_seconds: float = 0.0
    lost_seconds: float = 0.0


class MailboxSlots:
    """At most ``limit`` requests in flight per mailbox.

    A batch takes all the slots it needs at once, or waits: taking them one by one
    could leave two batches each holding half of what they need.
    """

    def __init__(self, limit: int = MAILBOX_CONCURRENCY) -> None:
        self.limit = limit
        self._used: Counter[str] = Counter()
        self._changed = threading.Condition()

    @contextmanager
    def hold(self, needs: Counter[str]) -> Iterator[None]:
        needs = Counter({m: n for m, n in needs.items() if m})
        with self._changed:
            self._changed.wait_for(
                lambda: all(self._used[m] + n <= self.limit for m, n in needs.items())
            )
            self._used.update(needs)
        try:
            yield
        finally:
            with self._changed:
                self._used.subtract(needs)
                self._changed.notify_all()


class GraphClient:
    """Graph for one signed-in identity. Thread-safe; meant to be called off the GUI thread.

    Attributes:
        base_url: ``https://graph.microsoft.com`` or the emulator's address.
        tokens: where bearer tokens come from.
        stats: counters of requests, retries and throttling waits.
    """

    def __init__(
        self,
        base_url: str,
        tokens: TokenProvider,
        *,
        version: str = "v1.0",
        timeout: tuple[float, float] = (5.0, 30.0),
        retry: RetryPolicy | None = None,
        max_concurrency: int = CONNECTIONS,
        mailbox_concurrency: int = MAILBOX_CONCURRENCY,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.version = version
        self.tokens = tokens
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.max_concurrency = max_concurrency
        self.slots = MailboxSlots(mailbox_concurrency)
        self.stats = ClientStats()
        self._sleep = sleep
        self._answers = threading.local()  # each thread's last request-id (see last_request_id)
        # The system's trust store and proxy settings (see app.graph.network).
        self.session = network.session(pool_maxsize=max(10, max_concurrency * 2),
                                        for_url=self.base_url)

    def close(self) -> None:
        self.session.close()

    def last_request_id(self) -> str | None:
        """Graph's ``request-id`` of the last answer this thread received, or None when
        none came since ``forget_request_id``.

        The change journal records it for a change that succeeded (a failed call's id is
        in its GraphError). Per thread, so calls running at the same time on other
        threads don't mix their ids in.
        """
        return getattr(self._answers, "request_id", None)

    def forget_request_id(self) -> None:
        """Start afresh on this thread, so work that never reached Graph has no id."""
        self._answers.request_id = None

    def url(self, path: str, version: str | None = None) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{version or self.version}/{path.lstrip('/')}"

    # ------------------------------------------------------------------ single requests

    def request(
        self,
        method: str,
        path: str,
        *,
        scopes: Sequence[str],
        params: dict[str, str] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        idempotent: bool | None = None,
        action: str | None = None,
        version: str | None = None,
        cancel: threading.Event | None = None,
    ) -> requests.Response:
        """Send one request, retrying what is safe to retry; raise GraphError on failure.

        ``action`` is the sentence to show if Graph refuses (403), in the words of the
        feature that asked, for example "Only Alex Wilber or an administrator can ...".
        """
        url = self.url(path, version)
        if cancel is None:  # the background read this call is made for, if stopped
            cancel = cancellation.current()
        repeatable = method in _IDEMPOTENT_METHODS if idempotent is None else idempotent
        attempt = 0
        challenged_token: str | None = None  # answered a claims challenge: sent once more
        while True:
            attempt += 1
            _check(cancel)
            try:
                with self.slots.hold(Counter({mailbox_of(path): 1})):
                    response = self._send(method, url, scopes, params, json, headers,
                                          token=challenged_token)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if repeatable and attempt < self.retry.attempts and not network.lasting(exc):
                    self._wait(self.retry.backoff(attempt), cancel, retry=True)
                    continue
                raise _network_error(method, url, exc) from exc
            status = response.status_code
            if status == 401 and challenged_token is None:
                challenged_token = self._answer_challenge(response, scopes)
                if challenged_token is not None:
                    continue  # Graph refused the token before doing anything: safe to resend
            self.stats.add(throttled=1 if status == 429 else 0)
            if status in _NOT_PROCESSED and attempt < self.retry.attempts:
                wait = self._retry_after(response.headers.get("Retry-After"), attempt)
                self._wait(wait, cancel, retry=True)
                continue
            if status in _TRANSIENT and repeatable and attempt < self.retry.attempts:
                self._wait(self.retry.backoff(attempt), cancel, retry=True)
                continue
            if status == 404 and method == "DELETE" and attempt > 1:
                return response  # an earlier attempt deleted it; its answer was lost
            if status >= 400 or not foreign.is_graph_answer(response):
                raise self._error(method, url, response, action)
            return response

    def _answer_challenge(self, response: requests.Response,
                          scopes: Sequence[str]) -> str | None:
        """A new token for a claims challenge (CAE, ``app.graph.cae``), or None."""
        claims = cae.claims_of(response.headers.get("WWW-Authenticate"))
        # A ClaimsChallengeAnswerer's method, when the provider is one (a person's).
        answer: Callable[[Sequence[str], str], str] | None = getattr(
            self.tokens, "answer_claims_challenge", None)
        if claims is None or answer is None:
            return None
        log.info("Graph asked for a new token with claims (continuous access evaluation; "
                 "request-id %s)", response.headers.get("request-id") or "none")
        return answer(scopes, claims)

    def _send(self, method: str, url: str, scopes: Sequence[str], params: Any, json: Any,
              headers: dict[str, str] | None, *, token: str | None = None) -> requests.Response:
        token = token or self.tokens.access_token(scopes)
        all_headers = {"Authorization": f"Bearer {token}",
                       "client-request-id": str(uuid.uuid4())}
        all_headers.update(headers or {})
        self.stats.add(requests=1)
        started = time.monotonic()
        try:
            response = self.session.request(method, url, params=params, json=json,
                                            headers=all_headers, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout):
            self.stats.add(lost_seconds=time.monotonic() - started)
            raise
        self._answers.request_id = response.headers.get("request-id")
        return response

    def _retry_after(self, header: str | None, attempt: int) -> float:
        """How long to wait before resending, for a whole call or a $batch request."""
        wait = retry_after_seconds(header)
        if wait is None:  # a 503 can come without one (quirk bare-503)
            return self.retry.backoff(attempt)
        return min(wait, self.retry.max_retry_after)

    def _wait(self, seconds: float, cancel: threading.Event | None, *, retry: bool) -> None:
        self.stats.add(retries=1 if retry else 0, waited_seconds=seconds)
        if seconds <= 0:
            return
        if cancel is not None:
            if cancel.wait(seconds):
                raise Cancelled
        else:
            self._sleep(seconds)

    def _error(self, method: str, url: str, response: requests.Response,
               action: str | None) -> GraphError:
        code, detail = "UnknownError", response.text[:500]
        if response.status_code == 407 or not foreign.is_graph_answer(response):
            # a proxy's or a captive portal's page, not Graph's
            code, detail = foreign.code_of(response.status_code), foreign.describe(response.text)
        else:
            try:
                said = ErrorBody.of(response.json())
            except ValueError:
                said = ErrorBody()
            code = code if said.code is None else said.code
            detail = detail if said.message is None else said.message
        failure = GraphError(
            status=response.status_code, code=code,
            message=user_message(response.status_code, code, detail, action),
            request_id=response.headers.get("request-id"), detail=detail, method=method,
            url=url.split("?")[0],
        )
        log.warning("Graph call failed: %s", failure.log_line)
        return failure

    # ------------------------------------------------------------------ conveniences

    def get(self, path: str, *, scopes: Sequence[str], **kw: Any) -> dict[str, Any]:
        return self._json("GET", self.request("GET", path, scopes=scopes, **kw))

    def get_all(self, path: str, *, scopes: Sequence[str], params: dict[str, str] | None = None,
                **kw: Any) -> list[dict[str, Any]]:
        """Every item of a collection, following ``@odata.nextLink`` whole."""
        page = self.get(path, scopes=scopes, params=params, **kw)
        items = list(page.get("value", []))
        while page.get("@odata.nextLink"):
            page = self.get(page["@odata.nextLink"], scopes=scopes, **kw)
            items.extend(page.get("value", []))
        return items

    def post(self, path: str, json: Any = None, *, scopes: Sequence[str],
             **kw: Any) -> requests.Response:
        return self.request("POST", path, scopes=scopes, json=json, **kw)

    def patch(self, path: str, json: Any, *, scopes: Sequence[str],
              **kw: Any) -> dict[str, Any]:
        return self._json("PATCH", self.request("PATCH", path, scopes=scopes, json=json, **kw))

    def _json(self, method: str, response: requests.Response) -> dict[str, Any]:
        """The body, a JSON object as Graph's answers are; one cut short on the way (a
        proxy dropping the end), or not an object, is a GraphError saying so, not a
        JSONDecodeError's traceback nor an AttributeError further on."""
        try:
            body = response.json()
        except ValueError:
            why = "the body is not valid JSON"
        else:
            if isinstance(body, dict):
                return body
            why = "the body is not a JSON object"
        failure = GraphError(
            response.status_code, foreign.UNREADABLE,
            user_message(response.status_code, foreign.UNREADABLE, "an incomplete answer"),
            response.headers.get("request-id"), why, method, response.url.split("?")[0])
        log.warning("Graph call failed: %s", failure.log_line)
        raise failure

    def delete(self, path: str, *, scopes: Sequence[str], **kw: Any) -> None:
        self.request("DELETE", path, scopes=scopes, **kw)

    # ------------------------------------------------------------------ $batch

    def batch(
        self,
        requests_: Sequence[BatchRequest],
        *,
        scopes: Sequence[str],
        cancel: threading.Event | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, BatchResponse]:
        """Run many requests as ``$batch`` calls, several at once; answers by request id.

        Sub-requests refused before processing (429, 503) go into a later batch after
        their ``Retry-After``; so do transient failures of repeatable ones. A failure
        that stays is returned as that request's answer, not raised, so one bad
        mailbox does not lose the others.
        """
        done: dict[str, BatchResponse] = {}
        for answers in self.flow(requests_, scopes=scopes, cancel=cancel):
            done.update((request.id, answer) for request, answer in answers)
            if on_progress is not None:
                on_progress(len(done), len(requests_))
        return done

    def flow(self, requests_: Iterable[BatchRequest], *, scopes: Sequence[str],
             cancel: threading.Event | None = None, together: bool = False) -> BatchFlow:
        """``requests_`` as a flow of ``$batch`` calls; iterate it for the answers, and
        ``add`` to it what they make known (see BatchFlow)."""
        return BatchFlow(self, requests_, scopes,
                         cancel if cancel is not None else cancellation.current(),
                         together=together)

    def _should_resend(self, request: BatchRequest, answer: BatchResponse,
                       attempt: int) -> tuple[bool, float]:
        if attempt >= self.retry.attempts:
            return False, 0.0
        if answer.status in _NOT_PROCESSED or (answer.status == 0 and request.safe_to_repeat):
            return True, self._retry_after(answer.headers.get("Retry-After"), attempt)
        if answer.status in _TRANSIENT and request.safe_to_repeat:
            return True, self.retry.backoff(attempt)
        return False, 0.0

    def _run_batch(self, group: list[BatchRequest], scopes: Sequence[str],
                   cancel: threading.Event | None) -> list[BatchResponse]:
        """One ``POST /$batch``; a failed envelope becomes a status-0 answer for each."""
        body = {"requests": [_batch_item(r) for r in group]}
        needs = _needs(group, self.slots.limit)
        self.stats.add(batches=1, subrequests=len(group))
        _check(cancel)
        try:
            with self.slots.hold(needs):
                _check(cancel)  # waiting for slots can be long: don't send after a cancel
                response = self._send("POST", self.url("/$batch"), scopes, None, body, None)
                token = self._answer_challenge(response, scopes) \
                    if response.status_code == 401 else None
                if token is not None:  # refused whole before any of it ran: send it again
                    response = self._send("POST", self.url("/$batch"), scopes, None, body,
                                          None, token=token)
        except (requests.ConnectionError, requests.Timeout) as exc:
            if network.lasting(exc):
                raise _network_error("POST", self.url("/$batch"), exc) from exc
            log.info("A $batch call failed on the network (%s); its requests are retried", exc)
            return [BatchResponse(r.id, 0, None, {}) for r in group]
        status = response.status_code
        graphs = foreign.is_graph_answer(response)
        if status == 400 or status == 407 or (not graphs and status not in _RESENT):
            raise self._error("POST", self.url("/$batch"), response, None)
        if status != 200:
            # One refusal of the whole call, however many requests it carried.
            self.stats.add(throttled=1 if status == 429 else 0)
            refusal = None if graphs else {"error": {
                "code": foreign.FOREIGN, "message": foreign.describe(response.text)}}
            return [BatchResponse(r.id, status, refusal, dict(response.headers)) for r in group]
        answers = {a["id"]: a for a in self._json("POST", response).get("responses", [])}
        inside = [_batch_answer(r.id, answers[r.id]) for r in group]
        for answer in inside:
            answer.batch_request_id = response.headers.get("request-id", "")
        self.stats.add(throttled=sum(answer.status == 429 for answer in inside))
        return inside

    def error_of(self, request: BatchRequest, answer: BatchResponse,
                 action: str | None = None) -> GraphError:
        """The GraphError a failed batch answer stands for (for logs and messages)."""
        said = ErrorBody.of(answer.body)
        code = said.code
        if code is None:
            code = "NetworkError" if answer.status == 0 else "UnknownError"
        detail = said.message or ""
        return GraphError(answer.status, code, user_message(answer.status, code, detail, action),
                          said.request_id, detail, request.method, request.path)


def pack(requests_: Sequence[BatchRequest], per_mailbox: int) -> list[list[BatchRequest]]:
    """Group requests into batches of at most 20, at most ``per_mailbox`` per mailbox,
    keeping each request with those it depends on (first fit, in order)."""
    waiting = deque(_chains(requests_))
    batches: list[list[BatchRequest]] = []
    while waiting:
        batch: list[BatchRequest] = []
        _fill(batch, Counter(), waiting, per_mailbox, Counter())
        batches.append(batch)
    return batches


def _fill(batch: list[BatchRequest], used: Counter[str], waiting: deque[list[BatchRequest]],
          per_mailbox: int, in_flight: Counter[str]) -> None:
    """Move chains from ``waiting`` into ``batch``, in order, each that fits: up to 20
    requests, and per mailbox at most ``per_mailbox`` with ``in_flight`` (elsewhere) and
    ``used`` (in this batch, updated). The others stay waiting, in order."""
    passed: list[list[BatchRequest]] = []
    while waiting and len(batch) < BATCH_LIMIT:
        chain = waiting.popleft()
        needs = _needs(chain, per_mailbox)
        if len(batch) + len(chain) <= BATCH_LIMIT and all(
                in_flight[m] + used[m] + n <= per_mailbox for m, n in needs.items()):
            batch.extend(chain)
            used.update(needs)
        else:
            passed.append(chain)
    waiting.extendleft(reversed(passed))


def _chains(requests_: Iterable[BatchRequest]) -> list[list[BatchRequest]]:
    """The requests, each with those it depends on (dependsOn must share a batch)."""
    chains: list[list[BatchRequest]] = []
    placed: dict[str, list[BatchRequest]] = {}
    for request in requests_:
        home = next((placed[d] for d in request.depends_on if d in placed), None)
        if home is None:
            home = []
            chains.append(home)
        home.append(request)
        placed[request.id] = home
    for chain in chains:
        if len(chain) > BATCH_LIMIT:
            raise ValueError(f"A dependsOn chain of {len(chain)} requests can't fit one batch.")
    return chains


def _needs(requests_: Iterable[BatchRequest], limit: int) -> Counter[str]:
    """Mailbox slots a batch (or a chain) takes. A dependsOn chain runs one request at
    a time, so a mailbox never needs more than the limit, even with more requests."""
    counts = Counter(mailbox_of(r.path) for r in requests_)
    return Counter({m: min(n, limit) for m, n in counts.items() if m})


class BatchFlow:
    """Requests sent as ``$batch`` calls, as many at once as the client's
    ``max_concurrency``; iterating gives each batch's answers, as a list of (request,
    answer), as soon as that batch is back. Made by ``GraphClient.flow``.

    A batch leaves as soon as a connection is free, with up to 20 requests and at most
    the per-mailbox limit for each mailbox, counting those already in flight. The next
    batch is sent by the thread whose batch came back, so connections never wait for
    the iterating thread (reading answers, storing them). Requests ``add``-ed while
    iterating (the next page, what an answer made known) go out before the rest of the
    first ones, so mailboxes finish in about the order they were given.

    No batch is sent while as many answers as there are connections wait to be read:
    the answers of a reader that can't keep up (a busy computer) would pile up, parsed,
    every object of them walked by each garbage collection until it is read.

    A refusal (429, 503) or a network failure holds new batches: once the batches in
    flight are back, the flow waits the longest ``Retry-After`` (or back-off) and sends
    the refused requests again, first. An answer is handed over once it is final: a
    success, or a failure that stays after the retries. Leaving the loop early (a
    cancel, an error) sends nothing more and waits for the batches in flight.

    ``together``: the answers of every batch back by the time the iterating thread
    asks come as one list, for work that costs per list more than per answer (a
    commit to disk): the slower that work, the more it is given at once.
    """

    def __init__(self, client: GraphClient, requests_: Iterable[BatchRequest],
                 scopes: Sequence[str], cancel: threading.Event | None, *,
                 together: bool = False) -> None:
        self._client = client
        self._together = together
        self._scopes = scopes
        self._cancel = cancel
        self._lock = threading.RLock()  # a batch done at once calls back on this thread
        self._first: deque[list[BatchRequest]] = deque(_chains(requests_))
        self._added: deque[list[BatchRequest]] = deque()
        self._refused: list[BatchRequest] = []
        self._delay = 0.0
        self._attempts: Counter[str] = Counter()  # by request id
        self._in_flight: Counter[str] = Counter()  # requests per mailbox, this flow's own
        self._running = 0
        # Answer lists, or a failure.
        self._back: queue.SimpleQueue[_Answers | BaseException] = queue.SimpleQueue()
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False

    def add(self, requests_: Iterable[BatchRequest]) -> None:
        """Send these too, before the first requests not sent yet."""
        chains = _chains(requests_)
        with self._lock:
            self._added.extend(chains)
            self._send_what_fits()

    def add_last(self, requests_: Iterable[BatchRequest]) -> None:
        """Send these too, after every request waiting: first requests given in parts,
        so that a flow over 100,000 mailboxes need not hold all their requests (and
        their answers, until each mailbox is whole) at once."""
        chains = _chains(requests_)
        with self._lock:
            self._first.extend(chains)
            self._send_what_fits()

    def __iter__(self) -> Iterator[_Answers]:
        client = self._client
        self._pool = ThreadPoolExecutor(max_workers=client.max_concurrency,
                                        thread_name_prefix="graph-batch")
        try:
            with self._lock:
                self._send_what_fits()
            while True:
                _check(self._cancel)
                with self._lock:
                    if self._idle() and not self._refused:
                        self._send_what_fits()  # sends nothing once cancelled
                        if self._idle():
                            _check(self._cancel)
                            return  # nothing left to send
                    refused = self._idle() and bool(self._refused)
                if refused:
                    client._wait(self._delay, self._cancel, retry=True)
                    with self._lock:
                        self._added.extendleft(reversed(_chains(self._refused)))
                        self._refused, self._delay = [], 0.0
                        self._send_what_fits()
                    continue
                back = self._taken()
                with self._lock:
                    self._send_what_fits()  # room again for answers to wait
                if back:
                    yield back
        finally:
            with self._lock:
                self._closed = True
            self._pool.shutdown(wait=True)

    def _taken(self) -> _Answers:
        """The next batch's answers (waiting for them); ``together``, with those of
        every other batch back by now. Raises a batch's failure."""
        back = self._back.get()
        if isinstance(back, BaseException):
            raise back
        while self._together:
            try:
                more = self._back.get_nowait()
            except queue.Empty:
                break
            if isinstance(more, BaseException):
                self._back.put(more)  # raised on the next call, these answers handed over
                break
            back = back + more
        return back

    def _idle(self) -> bool:
        """Nothing in flight, and every answer handed over (with the lock held)."""
        return not self._running and self._back.empty()

    def _send_what_fits(self) -> None:
        """Fill the free connections (with the lock held)."""
        client = self._client
        while (not self._closed and not self._refused
               and self._running < client.max_concurrency
               and self._back.qsize() < client.max_concurrency
               and not (self._cancel is not None and self._cancel.is_set())):
            group = self._next_batch()
            if not group:
                return
            needs = _needs(group, client.slots.limit)
            self._in_flight.update(needs)
            self._running += 1
            assert self._pool is not None
            future = self._pool.submit(client._run_batch, group, self._scopes, self._cancel)
            future.add_done_callback(partial(self._on_back, group=group, needs=needs))

    def _on_back(self, future: Future[list[BatchResponse]], group: list[BatchRequest],
                 needs: Counter[str]) -> None:
        """A batch came back (on its worker thread): keep what is final, send the next."""
        # Answers are put back before the lock is let go: the iterating thread, seeing
        # nothing running and nothing back, ends the flow.
        with self._lock:
            self._running -= 1
            self._in_flight.subtract(needs)
            try:
                self._back.put(self._final(group, future.result()))
                self._send_what_fits()
            except BaseException as failure:  # the iterating thread raises it
                self._closed = True  # the flow ends with this failure: send nothing more
                self._back.put(failure)

    def _final(self, group: list[BatchRequest],
               answers: list[BatchResponse]) -> _Answers:
        """The answers that are final; the others wait to be sent again."""
        final: _Answers = []
        for request, answer in zip(group, answers, strict=True):
            self._attempts[request.id] += 1
            again, delay = self._client._should_resend(request, answer,
                                                       self._attempts[request.id])
            if again:
                self._refused.append(request)
                self._delay = max(self._delay, delay)
            else:
                final.append((request, answer))
        return final

    def _next_batch(self) -> list[BatchRequest]:
        """Up to 20 waiting requests, added ones first, within the per-mailbox limit."""
        batch: list[BatchRequest] = []
        used: Counter[str] = Counter()
        for waiting in (self._added, self._first):
            _fill(batch, used, waiting, self._client.slots.limit, self._in_flight)
        return batch


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds, however the service wrote it: whole ("7") or decimal
    ("0.249", which HTTP does not allow but Graph sends in $batch sub-responses:
    microsoft-graph-docs#3877); None when absent, negative or a date."""
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and seconds >= 0 else None


def _batch_item(request: BatchRequest) -> dict[str, Any]:
    item: dict[str, Any] = {"id": request.id, "method": request.method,
                            "url": "/" + request.path.lstrip("/")}
    if request.body is not None:
        item["body"] = request.body
        item["headers"] = {"Content-Type": "application/json"}
    if request.depends_on:
        item["dependsOn"] = list(request.depends_on)
    return item


def _batch_answer(request_id: str, answer: dict[str, Any]) -> BatchResponse:
    """One sub-response; a body that is text rather than JSON (msgraph-sdk-java#2472)
    becomes a failure that says so, never a string handed to code expecting an object."""
    status, body = answer["status"], answer.get("body")
    # Read case-insensitively: the service's own casing of names such as Retry-After.
    headers = CaseInsensitiveDict(answer.get("headers") or {})
    if body is not None and not isinstance(body, dict | list):
        log.info("A $batch answer (status %s, request-id %s) had a text body: %.200s",
                 status, headers.get("request-id") or "none", body)
        status, body = foreign.unreadable_body(status, str(body))
    return BatchResponse(request_id, status, body, headers)


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def _network_error(method: str, url: str, exc: Exception) -> GraphError:
    kind = "Timeout" if isinstance(exc, requests.Timeout) else "NetworkError"
    if network.proxy_refused(exc):
        kind = foreign.PROXY_AUTHENTICATION
    elif network.certificate_refused(exc):
        kind = foreign.UNTRUSTED
    return GraphError(0, kind, user_message(0, kind, ""), None, str(exc), method,
                      url.split("?")[0])
