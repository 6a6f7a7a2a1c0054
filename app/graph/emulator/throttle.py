"""Outlook's throttling, per app per mailbox: 4 concurrent requests, 10,000 per 10 minutes.

Requests are counted from arrival to response, including any injected latency, so a
client that keeps more than four requests in flight against one mailbox is refused
exactly as Outlook refuses it.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

CONCURRENCY_LIMIT = 4
RATE_LIMIT = 10_000
RATE_WINDOW_S = 600.0
# What the service asks a client over the concurrency limit to wait, as it writes it in a
# $batch sub-response (microsoft-graph-docs#3877: "0.249, 0.124"); whole seconds round it up.
CONCURRENCY_RETRY_S = 0.249


@dataclass
class Throttle:
    """Admission control; ``enter`` answers None (go ahead) or the seconds to wait.

    Attributes:
        peak: the highest number of requests seen in flight at once, per mailbox.
    """

    concurrency_limit: int = CONCURRENCY_LIMIT
    rate_limit: int = RATE_LIMIT
    window_s: float = RATE_WINDOW_S
    peak: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _in_flight: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    _per_mailbox: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _arrivals: dict[tuple[str, str], deque[float]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self, client_id: str, mailbox: str) -> float | None:
        key = (client_id, mailbox)
        now = time.monotonic()
        with self._lock:
            arrivals = self._arrivals[key]
            while arrivals and arrivals[0] <= now - self.window_s:
                arrivals.popleft()
            if len(arrivals) >= self.rate_limit:
                return arrivals[0] + self.window_s - now
            if self._in_flight[key] >= self.concurrency_limit:
                return CONCURRENCY_RETRY_S
            arrivals.append(now)
            self._in_flight[key] += 1
            self._per_mailbox[mailbox] += 1
            self.peak[mailbox] = max(self.peak[mailbox], self._per_mailbox[mailbox])
            return None

    def leave(self, client_id: str, mailbox: str) -> None:
        with self._lock:
            self._in_flight[(client_id, mailbox)] -= 1
            self._per_mailbox[mailbox] -= 1

    def reset(self) -> None:
        with self._lock:
            self._in_flight.clear()
            self._per_mailbox.clear()
            self._arrivals.clear()
            self.peak.clear()
