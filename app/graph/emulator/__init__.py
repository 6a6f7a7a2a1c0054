"""A local Microsoft Graph emulator for Deputy's demo mode, tests and benchmarks.

It behaves like Graph for everything Deputy does (GUIDE §2): the app only sees a
different base URL and a different way to get a token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import EmulatorServer

__all__ = ["EmulatorServer"]


def __getattr__(name: str) -> object:
    """``EmulatorServer`` loads the whole emulator when first asked for: ``deputy --demo``
    checks its seed's words (``seed_words``) without it, and runs it in a process of
    its own (app.demo_process)."""
    if name == "EmulatorServer":
        from .server import EmulatorServer

        return EmulatorServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
