"""Command-line values checked where they are read, so a bad one is one sentence from
argparse ("argument --port: 99999 is not a port: use 0 to 65535"), never a traceback
from deep inside the emulator or a sync that waits forever."""

from __future__ import annotations

import argparse
import math

# More than a minute per request is no network Deputy could be used on.
MAX_LATENCY_MS = 60_000.0


def port(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port: use 0 to 65535")
    return value


def latency_ms(text: str) -> float:
    """Milliseconds added to each request: a finite number from 0 to a minute."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= MAX_LATENCY_MS):
        raise argparse.ArgumentTypeError(
            f"{text} is not a latency: use milliseconds from 0 to {MAX_LATENCY_MS:,.0f}")
    return value
