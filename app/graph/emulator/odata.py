"""OData query options the emulator honours: $select, $top, $skip, $orderby, $expand.

Collections are paged with ``@odata.nextLink`` at a small page size, so that clients
(and tests) must follow links exactly as they would against Graph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlencode

from . import caseless
from .errors import GraphError

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000
SUPPORTED = frozenset(
    {"$select", "$top", "$skip", "$orderby", "$expand", "startdatetime", "enddatetime"}
)


@dataclass
class Query:
    """The query string of one request, parsed and checked."""

    raw: dict[str, str] = field(default_factory=dict)
    select: list[str] | None = None
    top: int | None = None
    skip: int = 0
    orderby: list[tuple[str, bool]] = field(default_factory=list)
    expand: set[str] = field(default_factory=set)
    # The options inside an expanded property's parentheses, by its name:
    # ``singleValueExtendedProperties($filter=id eq 'Integer 0x0036')``.
    expand_options: dict[str, str] = field(default_factory=dict)
    # Names given without their derived type's cast ("meetingMessageType", "event"
    # rather than "microsoft.graph.eventMessage/..."): the service refuses those.
    uncast: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, params: dict[str, str]) -> Query:
        query = cls(raw=dict(params))
        for name, value in params.items():
            folded = name.lower()
            if folded not in SUPPORTED:
                if folded.startswith("$"):
                    raise GraphError(
                        400,
                        "BadRequest",
                        f"The query option '{name}' is not supported by the Deputy Graph emulator.",
                    )
                continue  # other parameters belong to the operation (startDateTime, ...)
            if folded == "$select":
                named = [p.strip() for p in value.split(",") if p.strip()]
                query.select = [_uncast(p) for p in named]
                query.uncast |= {p for p in named if "/" not in p}
            elif folded in ("$top", "$skip"):
                number = _non_negative_int(name, value)
                if folded == "$top":
                    query.top = number
                else:
                    query.skip = number
            elif folded == "$orderby":
                for clause in value.split(","):
                    words = clause.split()
                    if (
                        not words
                        or len(words) > 2
                        or (len(words) == 2 and words[1].lower() not in ("asc", "desc"))
                    ):
                        raise GraphError(400, "BadRequest", f"Invalid $orderby clause '{clause}'.")
                    query.orderby.append((words[0], len(words) == 2 and words[1].lower() == "desc"))
            elif folded == "$expand":
                for part in _top_level_parts(value):
                    name, _, options = part.partition("(")
                    name = name.strip()
                    if options and not options.endswith(")"):
                        raise GraphError(400, "BadRequest", f"Invalid $expand clause '{part}'.")
                    query.expand.add(_uncast(name))
                    if "/" not in name:
                        query.uncast.add(name)
                    if options:
                        query.expand_options[_uncast(name)] = options[:-1].strip()
        return query

    def param(self, name: str) -> str | None:
        return caseless.lookup(self.raw, name)


def _top_level_parts(value: str) -> list[str]:
    """``a,b($filter=x eq 'c,d')`` -> ["a", "b($filter=x eq 'c,d')"]: commas inside
    parentheses or quotes belong to an expanded property's own options."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    if depth or quoted:
        raise GraphError(400, "BadRequest", f"Invalid $expand value '{value}'.")
    return [p.strip() for p in parts if p.strip()]


def _uncast(name: str) -> str:
    """``microsoft.graph.eventMessage/meetingMessageType`` -> ``meetingMessageType``."""
    cast, slash, rest = name.partition("/")
    return rest if slash and cast.lower().startswith("microsoft.graph.") else name


def _non_negative_int(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise GraphError(400, "BadRequest", f"Invalid value '{value}' for the query option {name}.")
    return number


def select(
    item: dict[str, Any],
    fields: list[str] | None,
    known: frozenset[str] | None,
    expanded: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Keep the selected properties, plus the id, annotations and expanded navigation
    properties, which Graph always returns."""
    if fields is None:
        return item
    if known is not None:
        for name in fields:
            if name not in known:
                raise GraphError(
                    400,
                    "RequestBroker--ParseUri",
                    f"Could not find a property named '{name}' on the type of this resource.",
                )
    keep = set(fields) | {"id"} | set(expanded)
    return {k: v for k, v in item.items() if k in keep or k.startswith("@odata.")}


def _sort_key(item: dict[str, Any], path: str) -> tuple[bool, Any]:
    value: Any = item
    for part in path.split("/"):
        value = value.get(part) if isinstance(value, dict) else None
    return (value is None, value if not isinstance(value, dict) else str(value))


def page(
    items: list[dict[str, Any]], query: Query, next_link_base: str, known: frozenset[str] | None
) -> dict[str, Any]:
    """One page of a collection, with the link to the next page while more remain."""
    for path, descending in reversed(query.orderby):
        items = sorted(items, key=partial(_sort_key, path=path), reverse=descending)
    return page_in_order(items, query, next_link_base, known, lambda item: item)


def page_in_order(
    items: Sequence[T],
    query: Query,
    next_link_base: str,
    known: frozenset[str] | None,
    render: Callable[[T], dict[str, Any]],
) -> dict[str, Any]:
    """One page of items already in the order asked for, rendering only that page (a
    mailbox of 20,000 messages is not rendered whole for every page of 100)."""
    size = min(query.top or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    window = items[query.skip : query.skip + size]
    body: dict[str, Any] = {
        "value": [select(render(i), query.select, known, query.expand) for i in window]
    }
    if query.skip + size < len(items):
        params = {k: v for k, v in query.raw.items() if k.lower() != "$skip"}
        params["$skip"] = str(query.skip + size)
        body["@odata.nextLink"] = f"{next_link_base}?{urlencode(params, safe='$,')}"
    return body
