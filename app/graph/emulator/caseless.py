"""Looking up a name whatever its case: HTTP header names and OData's query options.

HTTP header names are case-insensitive (RFC 9110 §5.1), and so are Graph's query
parameters (``startDateTime`` or ``startdatetime``); a sub-request of ``$batch`` brings
its headers as a plain JSON object, in whatever case its client wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def lookup(mapping: Mapping[str, T], name: str) -> T | None:
    """The value of ``name`` in ``mapping`` compared without case, or None."""
    folded = name.lower()
    for key, value in mapping.items():
        if key.lower() == folded:
            return value
    return None
