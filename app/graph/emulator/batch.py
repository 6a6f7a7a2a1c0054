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

from . import caseless
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


# What the service answers to a batch it can't read, whatever is wrong in it: a
# version-prefixed url (msgraph-sdk-javascript#1451), no requests (Graph answers an
# empty batch 400: microsoft-teams-apps-company-communicator#337), a member of the
# wrong type.
INVALID_PAYLOAD = "Invalid batch payload format."
# JSON bodies are JSON; any other Content-Type takes a base64 string (Microsoft's
# "Combine multiple requests in one HTTP call using JSON batching", "Request format").
_JSON_TYPES = ("application/json",)


def parse(body: object) -> list[SubRequest]:
    """Check a batch envelope the way Graph does, before running any of it."""
    if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
        raise _invalid(INVALID_PAYLOAD + " A batch is a JSON object with a 'requests' array.")
    items = body["requests"]
    if not items:
        raise _invalid(INVALID_PAYLOAD + " A batch must contain at least one request.")
    if len(items) > MAX_REQUESTS:
        # microsoftgraph-postman-collections#9: the service's words for a 21st request.
        raise _invalid(
            "Number of requests inside batch exceeds the limit. "
            f"({len(items)} requests; at most {MAX_REQUESTS} are allowed.)"
        )
    parsed: dict[str, SubRequest] = {}
    for item in items:
        request = _sub_request(item)
        # Ids are compared without case (microsoft-graph-docs#4449), and the service
        # names the repeated one (msgraph-sdk-java#559).
        if request.id.lower() in parsed:
            raise _invalid(f"Request Id {request.id} has to be unique in a batch.")
        # A dependency must be an id given earlier in the array (msgraph-sdk-dotnet-core
        # #891 "Invalid dependency for request Id"), so no cycle can be written.
        for dependency in request.depends_on:
            if dependency.lower() not in parsed:
                raise _invalid(
                    f"Invalid dependency for request Id {request.id}: '{dependency}' is not "
                    "the id of an earlier request in this batch."
                )
            request.wave = max(request.wave, parsed[dependency.lower()].wave + 1)
        request.depends_on = [parsed[d.lower()].id for d in request.depends_on]
        parsed[request.id.lower()] = request
    return list(parsed.values())


def _sub_request(item: object) -> SubRequest:
    """One member of ``requests``, its types checked: anything else is an invalid payload."""
    if not isinstance(item, dict):
        raise _invalid(INVALID_PAYLOAD + " Each batch request must be a JSON object.")
    missing = [k for k in ("id", "method", "url") if not item.get(k)]
    if missing:
        raise _invalid(f"A batch request is missing {', '.join(missing)}.")
    wrong = [k for k in ("id", "method", "url") if not isinstance(item[k], str)]
    if wrong:
        raise _invalid(
            f"{INVALID_PAYLOAD} The {', '.join(wrong)} of a batch request must be a string."
        )
    request_id = item["id"]
    headers = item.get("headers")
    if headers is None:
        headers = {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise _invalid(
            f"{INVALID_PAYLOAD} The headers of batch request '{request_id}' must be a JSON "
            "object of strings."
        )
    body = item.get("body")
    content_type = caseless.lookup(headers, "Content-Type")
    if body is not None and content_type is None:
        raise _invalid(f"Batch request '{request_id}' has a body but no Content-Type header.")
    is_json = content_type is not None and content_type.lower().startswith(_JSON_TYPES)
    if body is not None and not isinstance(body, (dict, list) if is_json else str):
        raise _invalid(
            f"{INVALID_PAYLOAD} The body of batch request '{request_id}' must be "
            + ("a JSON object." if is_json else "a base64 string for its Content-Type.")
        )
    url = urlsplit(item["url"])
    if url.scheme or url.path.lstrip("/").lower().startswith(("v1.0/", "beta/", "$batch")):
        raise _invalid(
            f"Batch request '{request_id}' must use a relative URL such as "
            "'/me/calendars', not a version prefix, an absolute URL or $batch."
        )
    depends = item.get("dependsOn")
    if depends is None:
        depends = []
    if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
        raise _invalid(f"{INVALID_PAYLOAD} dependsOn must be an array of request ids.")
    return SubRequest(
        id=request_id,
        method=item["method"].upper(),
        path="/" + unquote(url.path.lstrip("/")),
        params=dict(parse_qsl(url.query, keep_blank_values=True)),
        headers=dict(headers),
        body=body,
        depends_on=list(depends),
    )


def _invalid(message: str) -> GraphError:
    return GraphError(400, "BadRequest", message)


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
