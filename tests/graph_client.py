"""A small Graph client for tests, which checks every answer against the contract.

It is deliberately not Deputy's own client (that one is under test elsewhere): it
sends exactly what a test says, so tests can also send what a good client never would.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import requests

from app.graph.emulator.quirks import DEPARTS_HEADER
from tests.contract.departures import as_documented
from tests.contract.validator import validate_batch, validate_response

_COVERAGE: Counter = Counter()
ADELE = "AdeleV@contoso.com"
ALEX = "AlexW@contoso.com"
MEGAN = "MeganB@contoso.com"
CHRISTIE = "ChristieC@contoso.com"
PATTI = "PattiF@contoso.com"
LEE = "LeeG@contoso.com"
# The service expands a meeting message's event only by its cast name.
EXPAND_EVENT = {"$expand": "microsoft.graph.eventMessage/event"}
ADMIN_ROLES = ["Calendars.ReadWrite", "MailboxSettings.ReadWrite", "User.Read.All", "Mail.Read"]


def contract_coverage() -> tuple[int, int]:
    return _COVERAGE["checked"], _COVERAGE["outside"]


def token_for(base_url: str, user: str | None, scopes: list[str], roles: list[str] | None,
              **options: Any) -> str:
    body: dict[str, Any] = {"roles": roles} if roles is not None else {"user": user,
                                                                        "scopes": scopes}
    body.update(options)
    response = requests.post(f"{base_url}/_emulator/token", json=body, timeout=10)
    response.raise_for_status()
    return response.json()["access_token"]


class GraphTestClient:
    """Requests to ``{base}/v1.0`` (or ``/beta``) with a bearer token and contract checks."""

    def __init__(self, base_url: str, token: str | None) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        if token is not None:
            self.session.headers["Authorization"] = f"Bearer {token}"

    @classmethod
    def signed_in(cls, base_url: str, user: str | None, scopes: list[str],
                  roles: list[str] | None = None, **options: Any) -> GraphTestClient:
        token = None
        if user is not None or roles is not None:
            token = token_for(base_url, user, scopes, roles, **options)
        return cls(base_url, token)

    def close(self) -> None:
        self.session.close()

    def request(self, method: str, path: str, *, version: str = "v1.0", json: Any = None,
                data: bytes | None = None, headers: dict[str, str] | None = None,
                params: dict[str, str] | None = None, timeout: float = 10) -> requests.Response:
        url = path if path.startswith("http") else f"{self.base_url}/{version}{path}"
        response = self.session.request(method, url, json=json, data=data, headers=headers,
                                         params=params, timeout=timeout)
        self._check_contract(method, url, response, json)
        return response

    def _check_contract(self, method: str, url: str, response: requests.Response,
                        sent: Any) -> None:
        parts = urlsplit(url).path.split("/", 2)
        if len(parts) < 3 or parts[1] not in ("v1.0", "beta"):
            return
        version, path = parts[1], "/" + parts[2]
        body = response.json() if response.content else None
        # Quirks that break the contract say so; the check expects them (departures.py).
        body = as_documented(response.headers.get(DEPARTS_HEADER), body)
        if path.lower() == "/$batch" and response.status_code == 200:
            for item in body.get("responses", []):
                headers = {k.lower(): v for k, v in (item.get("headers") or {}).items()}
                item["body"] = as_documented(headers.get(DEPARTS_HEADER.lower()),
                                             item.get("body"))
            _COVERAGE["checked"] += validate_batch(version, sent, body)
            return
        checked = validate_response(version, method, path, response.status_code, body)
        _COVERAGE["checked" if checked else "outside"] += 1

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("POST", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.request("DELETE", path, **kw)

    def get_all(self, path: str, **kw: Any) -> list[dict[str, Any]]:
        """Every item of a collection, following ``@odata.nextLink`` to the end."""
        response = self.get(path, **kw)
        assert response.status_code == 200, response.text
        page = response.json()
        items = list(page["value"])
        while "@odata.nextLink" in page:
            response = self.get(page["@odata.nextLink"], headers=kw.get("headers"))
            assert response.status_code == 200, response.text
            page = response.json()
            items.extend(page["value"])
        return items


def error_code(response: requests.Response) -> str:
    return response.json()["error"]["code"]


def messages_with_events(client: GraphTestClient) -> list[dict[str, Any]]:
    """Every message, each meeting message with its event, read as a client must read them
    from the service: an expanded page with one meeting that is gone answers 500 (quirk
    expand-fails-on-a-removed-meeting), so each meeting is expanded on its own."""
    found = []
    for message in client.get_all("/me/messages", params={"$top": "100"}):
        if message["@odata.type"].startswith("#microsoft.graph.eventMessage"):
            one = client.get(f"/me/messages/{message['id']}", params=EXPAND_EVENT)
            if one.status_code == 200:
                message = {k: v for k, v in one.json().items() if k != "@odata.context"}
        found.append(message)
    return found
