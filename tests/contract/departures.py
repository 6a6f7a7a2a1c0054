"""What the contract check expects of quirks that depart from the contract.

The emulator names, in a header (``quirks.DEPARTS_HEADER``), the quirks whose shapes an
answer carries where they break the contract. For each, a function gives the body as
the contract would have it, departing values replaced by documented ones: the check
then still validates everything else in that answer. A departing quirk with no entry
here fails the contract check where it shows, as it should until someone says how.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

CALENDAR_ROLES = frozenset({
    "none", "freeBusyRead", "limitedRead", "read", "write",
    "delegateWithoutPrivateEventAccess", "delegateWithPrivateEventAccess", "custom",
})


def _documented_roles(body: Any) -> Any:
    """``unknown-calendar-role``: a role value the enum lacks stands as "custom"."""
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("role"), str) and node["role"] not in CALENDAR_ROLES:
                node["role"] = "custom"
            if isinstance(node.get("allowedRoles"), list):
                node["allowedRoles"] = [r if r in CALENDAR_ROLES else "custom"
                                        for r in node["allowedRoles"]]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    body = copy.deepcopy(body)
    walk(body)
    return body


EXPECTED: dict[str, Callable[[Any], Any]] = {
    "unknown-calendar-role": _documented_roles,
}


def as_documented(header: str | None, body: Any) -> Any:
    """``body`` with the departures the header names undone (unchanged without one)."""
    for name in filter(None, (header or "").split(",")):
        body = EXPECTED[name.strip()](body)
    return body
