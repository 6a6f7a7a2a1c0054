"""A local Microsoft Graph emulator for Deputy's demo mode, tests and benchmarks.

It behaves like Graph for everything Deputy does (GUIDE §2): the app only sees a
different base URL and a different way to get a token.
"""

from .server import EmulatorServer

__all__ = ["EmulatorServer"]
