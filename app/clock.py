"""What time it is, for what Deputy does at a moment: time-limited access runs out then.

``DEPUTY_NOW`` (a date and time, "2026-12-07T09:00Z") makes Deputy act as if it were
then: what a scheduled ``deputy expire`` or the next start will do, tried today, and
how the tests move the clock past an expiry without waiting for it. Unset, it is the
computer's clock.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

ENVIRONMENT_VARIABLE = "DEPUTY_NOW"


def parse_moment(text: str) -> datetime:
    """"2026-12-31T18:00" (this computer's time) or with an offset or Z; raises ValueError
    with a sentence."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date and time such as 2026-12-31T18:00.") from exc
    return moment if moment.tzinfo is not None else moment.astimezone()


def now() -> datetime:
    """The moment, aware (UTC): ``DEPUTY_NOW`` when set (and readable), else the clock."""
    forced = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if forced:
        try:
            return parse_moment(forced).astimezone(UTC)
        except ValueError:
            pass  # a mistyped value leaves the real clock: nothing runs out early
    return datetime.now(UTC)
