"""JSON batching: ``POST /$batch`` with at most 20 requests and ``dependsOn``.

Sub-requests run in dependency order; one whose dependency failed answers 424. Each
sub-request counts against its mailbox's concurrency for as long as the batch is in
flight, so a batch of five requests to one mailbox sees 429s, as in Outlook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import GraphError

MAX_REQUESTS = 20


@dataclass
class SubRequest:
    id: str
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: Any
    depends_on: list[str]
    wave: int = 0


def parse(body: object) -> list[SubRequest]:
    """Check a batch envelope the way Graph does, before running any of it."""
    if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
        raise GraphError(400, "BadRequest", "A batch needs a JSON body with a 'requests' array.")
    items = body["requests"]
    if not items:
        raise GraphError(400, "BadRequest", "A batch must contain at least one request.")
    if len(items) > MAX_REQUESTS:
        raise GraphError(
            400,
            "BadRequest",
            f"The batch contains {len(items)} requests; at most {MAX_REQUESTS} are allowed.",
        )
    parsed: dict[str, SubRequest] = {}
    for item in items:
        if not isinstance(item, dict):
            raise GraphError(400, "BadRequest", "Each batch request must be a JSON object.")
        missing = [k for k in ("id", "method", "url") if not item.get(k)]
        if missing:
            raise GraphError(400, "BadRequest", f"A batch request is missing {', '.join(missing)}.")
        request_id = str(item["id"])
        if request_id in parsed:
            raise GraphError(400, "BadRequest", f"Duplicate batch request id '{request_id}'.")
        headers = item.get("headers") or {}
        if item.get("body") is not None and not any(k.lower() == "content-type" for k in headers):
            raise GraphError(
                400,
                "BadRequest",
                f"Batch request '{request_id}' has a body but no Content-Type header.",
            )
        url = urlsplit(str(item["url"]))
        if url.scheme or url.path.lstrip("/").lower().startswith(("v1.0/", "beta/", "$batch")):
            raise GraphError(
                400,
                "BadRequest",
                f"Batch request '{request_id}' must use a relative URL such as "
                "'/me/calendars', not a version prefix, an absolute URL or $batch.",
            )
        depends = item.get("dependsOn") or []
        if not isinstance(depends, list):
            raise GraphError(400, "BadRequest", "dependsOn must be an array of request ids.")
        parsed[request_id] = SubRequest(
            id=request_id,
            method=str(item["method"]).upper(),
            path="/" + unquote(url.path.lstrip("/")),
            params=dict(parse_qsl(url.query, keep_blank_values=True)),
            headers=dict(headers),
            body=item.get("body"),
            depends_on=[str(d) for d in depends],
        )
    _assign_waves(parsed)
    return list(parsed.values())


def _assign_waves(requests: dict[str, SubRequest]) -> None:
    """Depth in the dependency graph; unknown ids and cycles make the batch invalid."""
    visiting: set[str] = set()

    def depth(request: SubRequest) -> int:
        if request.id in visiting:
            raise GraphError(400, "BadRequest", f"dependsOn forms a cycle at '{request.id}'.")
        visiting.add(request.id)
        wave = 0
        for dependency in request.depends_on:
            if dependency not in requests:
                raise GraphError(
                    400,
                    "BadRequest",
                    f"Request '{request.id}' depends on unknown request '{dependency}'.",
                )
            wave = max(wave, depth(requests[dependency]) + 1)
        visiting.discard(request.id)
        return wave

    for request in requests.values():
        request.wave = depth(request)


def run(
    requests: list[SubRequest],
    execute: Callable[[SubRequest], tuple[int, dict[str, str], Any]],
    refused: dict[str, tuple[int, dict[str, str], Any]],
    error: Callable[[GraphError], tuple[int, dict[str, str], Any]],
) -> list[dict[str, Any]]:
    """Run sub-requests by wave; ``refused`` holds answers decided before running (429s)."""
    results: dict[str, tuple[int, dict[str, str], Any]] = {}
    for request in sorted(requests, key=lambda r: r.wave):
        failed = [d for d in request.depends_on if not 200 <= results[d][0] < 300]
        if failed:
            results[request.id] = error(
                GraphError(
                    424,
                    "FailedDependency",
                    f"The request depends on request '{failed[0]}', which failed.",
                )
            )
        elif request.id in refused:
            results[request.id] = refused[request.id]
        else:
            results[request.id] = execute(request)
    responses = []
    for request in requests:
        status, headers, body = results[request.id]
        item: dict[str, Any] = {"id": request.id, "status": status, "headers": headers}
        if body is not None:
            item["body"] = body
        responses.append(item)
    return responses
