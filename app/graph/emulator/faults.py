"""Latency and failures injected into Graph requests, for tests and benchmarks."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = (429, 503, 502, 504, "reset", "timeout", "drop_response")


@dataclass
class Hold:
    """The first request shaped ``asked`` ("GET /users/{id}/calendars", as in the stats'
    ``by_path``) is answered only once a request shaped ``until`` has arrived, or after
    ``seconds``: a test sees what a client sends while an answer is outstanding, on a
    fast machine and a loaded one alike.
    """

    asked: str
    until: str
    seconds: float = 30.0
    _arrived: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _taken: bool = False

    @classmethod
    def from_json(cls, body: Any) -> Hold:
        if not isinstance(body, dict) or not all(
            isinstance(body.get(k), str) for k in ("asked", "until")
        ):
            raise ValueError('hold is {"asked": "GET /path/{id}", "until": "GET /path", '
                             '"seconds": 30}.')
        return cls(body["asked"], body["until"], float(body.get("seconds", 30.0)))

    def arrived(self, shape: str) -> None:
        if shape == self.until:
            self._arrived.set()

    def wait_if_held(self, shape: str) -> None:
        """Called before serving a request: the held one waits here."""
        with self._lock:
            if self._taken or shape != self.asked:
                return
            self._taken = True
        self._arrived.wait(self.seconds)


@dataclass
class Faults:
    """What ``POST /_emulator/faults`` configured; ``{}`` clears it.

    Attributes:
        latency_ms: added to every Graph request; None keeps the server's base latency.
        fail_rate: share of Graph requests that fail, 0..1.
        fail_with: the failures to pick from: HTTP statuses, "reset" (the connection is
            dropped), "timeout" (no answer until ``hang_seconds`` pass) or
            "drop_response" (the request is carried out, then its answer is lost).
        retry_after: the ``Retry-After`` seconds sent with an injected 429 or 503 (a
            decimal is sent as the service writes one, "0.249").
        retry_after_given: whether the settings chose ``retry_after``; a 503 they didn't
            choose it for comes bare, as the service's can (quirk ``bare-503``).
        fail_next: this many of the next Graph requests fail for sure, taking the kinds
            of ``fail_with`` in turn, before ``fail_rate`` applies: a scripted failure.
        in_batch: the failures (HTTP statuses only) fall on the sub-requests of
            ``$batch`` calls, each drawn on its own, and no longer on whole calls.
        methods: the HTTP methods failures fall on ("POST": a Send, not the reads a
            window makes meanwhile); empty for all.
        hold: one request whose answer waits for another request (see Hold).
    """

    latency_ms: float | None = None
    fail_rate: float = 0.0
    fail_with: list[Any] = field(default_factory=lambda: [503])
    retry_after: float = 1
    retry_after_given: bool = False
    hang_seconds: float = 30.0
    fail_next: int = 0
    in_batch: bool = False
    methods: frozenset[str] = frozenset()
    hold: Hold | None = None
    _random: random.Random = field(default_factory=random.Random)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Faults:
        known = {
            "latency_ms",
            "fail_rate",
            "fail_with",
            "random_seed",
            "retry_after",
            "hang_seconds",
            "fail_next",
            "in_batch",
            "methods",
            "hold",
        }
        unknown = sorted(set(body) - known)
        if unknown:
            raise ValueError(
                f"Unknown fault settings: {', '.join(unknown)}. Known: {sorted(known)}."
            )
        fail_with = list(body.get("fail_with", [503]))
        bad = [f for f in fail_with if f not in FAULT_KINDS]
        if bad:
            raise ValueError(f"Unknown fault kinds {bad}; use some of {list(FAULT_KINDS)}.")
        fail_rate = float(body.get("fail_rate", 0.0))
        if not 0.0 <= fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1.")
        latency = body.get("latency_ms")
        return cls(
            latency_ms=float(latency) if latency is not None else None,
            fail_rate=fail_rate,
            fail_with=fail_with or [503],
            retry_after=float(body.get("retry_after", 1)),
            retry_after_given="retry_after" in body,
            hang_seconds=float(body.get("hang_seconds", 30.0)),
            fail_next=int(body.get("fail_next", 0)),
            in_batch=bool(body.get("in_batch", False)),
            methods=frozenset(str(m).upper() for m in body.get("methods") or ()),
            hold=Hold.from_json(body["hold"]) if body.get("hold") is not None else None,
            _random=random.Random(body.get("random_seed")),
        )

    def draw(self, method: str) -> Any | None:
        """The failure for the next ``method`` request, or None to serve it normally."""
        if self.methods and method.upper() not in self.methods:
            return None
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return self.fail_with[self.fail_next % len(self.fail_with)]
            if self.fail_rate <= 0:
                return None
            if self._random.random() >= self.fail_rate:
                return None
            return self._random.choice(self.fail_with)
