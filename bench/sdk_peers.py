"""Microsoft's Graph SDK for Python doing the sync's reads, for ``bench.sync`` to compare.

What an administrator would write with the official SDK (``msgraph-sdk``, the optional
``bench`` extra) to read every mailbox's calendars, their permissions and the mailbox's
delivery option, the data Deputy's sync reads, three ways:

- **awaits**: one request after another, each awaited (the SDK's samples);
- **gather**: ``asyncio.gather`` over the mailboxes, 8 at a time (a semaphore);
- **batch**: the SDK's own ``$batch`` support (``BatchRequestContent``): every
  mailbox's calendars, then every calendar's permissions and every mailbox's settings,
  19 requests to a batch (the SDK refuses a 20th: its check is ``>= MAX_REQUESTS``),
  8 batches in flight; a sub-request answered 429 is sent again in a later batch after
  its Retry-After, as the SDK leaves that to its caller.

Each reads the users' list page by page as a script does (``$top=100``), then an evenly
spread sample of mailboxes (its time extrapolated linearly to all, as for the
sequential client), with the same ``$select`` Deputy sends. The SDK's own middleware
(retries on 429 with Retry-After, redirects) is left as it comes.

Three defects of the SDK's batch support are worked around as its users do:
msgraph-core imports ``deprecated`` without declaring it
(microsoftgraph/msgraph-sdk-python-core#1030: the ``bench`` extra names it), a batch
item keeps its absolute URL (``_relative``), and the batch's answer loses every body
that is a JSON object (``_post``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any
from urllib.parse import quote, urlsplit

from bench import common

WAYS = {"awaits": "SDK, plain awaits", "gather": "SDK, asyncio.gather (8 at once)",
        "batch": "SDK, its $batch"}
AT_ONCE = 8
SDK_BATCH = 19
CALENDAR_FIELDS = ["id", "name", "owner", "color", "canShare", "canEdit",
                   "canViewPrivateItems", "isDefaultCalendar"]


def sdk_version() -> str | None:
    """The installed msgraph-sdk's version, or None when it (or what its batches need)
    is not installed."""
    try:
        from importlib.metadata import version

        import msgraph  # noqa: F401
        import msgraph_core.requests.batch_request_content  # noqa: F401
    except ImportError:
        return None
    return version("msgraph-sdk")


def run_sdk(emulator: common.Emulator, way: str, sample: int, token: str) -> dict[str, Any]:
    """One way's run: its figures (extrapolated from ``sample`` mailboxes) and the
    permissions it read, by mailbox."""
    return asyncio.run(_run(emulator, way, sample, token))


async def _run(emulator: common.Emulator, way: str, sample: int, token: str) -> dict[str, Any]:
    client = _client(emulator.base_url, token)
    # Warmed up, untimed: the SDK imports a module per request builder and model on
    # first use (seconds of CPU), which a long-running script pays once.
    await _read(client, way, (await _users(client))[:1])
    server_before = emulator.stats()
    with common.Stopwatch() as listing:
        mailboxes = await _users(client)
    listing_requests = emulator.stats()["requests"] - server_before["requests"]
    chosen = common.spread_sample(mailboxes, sample)
    with common.Stopwatch() as reading:
        permissions = await _read(client, way, chosen)
    server = {key: emulator.stats()[key] - server_before[key]
              for key in ("requests", "batch_subrequests", "throttled", "cpu_seconds")}
    return common.extrapolated(listing, reading, len(mailboxes), len(chosen),
                               listing_requests, server["requests"], server["throttled"]
                               ) | {"server": server, "permissions_by_mailbox": permissions}


async def _read(client: Any, way: str, mailboxes: list[str]) -> dict[str, int]:
    """How many permissions each mailbox's own calendars have, read ``way``."""
    if way == "batch":
        return await _read_batched(client, mailboxes)
    limit = asyncio.Semaphore(1 if way == "awaits" else AT_ONCE)
    counts = await asyncio.gather(*(_read_one(client, m, limit) for m in mailboxes))
    return dict(zip((m.lower() for m in mailboxes), counts, strict=True))


def _client(base_url: str, token: str) -> Any:
    from kiota_abstractions.authentication import (
        AccessTokenProvider,
        AllowedHostsValidator,
        BaseBearerTokenAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient

    class AdminToken(AccessTokenProvider):
        """The administrators' app token, got once (as the app would have it cached)."""

        async def get_authorization_token(self, uri: str, additional_authentication_context:
                                          dict[str, Any] | None = None) -> str:
            return token

        def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
            return AllowedHostsValidator([])

    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(AdminToken()))
    adapter.base_url = f"{base_url}/v1.0"
    return GraphServiceClient(request_adapter=adapter)


async def _all_pages(first: Awaitable[Any], builder: Any) -> list[Any]:
    page = await first
    items = list(page.value or [])
    while page.odata_next_link:
        page = await builder.with_url(page.odata_next_link).get()
        items.extend(page.value or [])
    return items


async def _users(client: Any) -> list[str]:
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph.generated.users.users_request_builder import UsersRequestBuilder

    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        select=["userPrincipalName"], top=100)
    users = await _all_pages(client.users.get(RequestConfiguration(query_parameters=query)),
                             client.users)
    return [user.user_principal_name for user in users]


def _calendars_request(client: Any, mailbox: str) -> tuple[Any, Any]:
    """A mailbox's calendars' request builder, and the query Deputy sends with it."""
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from msgraph.generated.users.item.calendars.calendars_request_builder import (
        CalendarsRequestBuilder,
    )

    builder = client.users.by_user_id(quote(mailbox, safe="@")).calendars
    config = RequestConfiguration(query_parameters=CalendarsRequestBuilder.
                                  CalendarsRequestBuilderGetQueryParameters(
                                      select=CALENDAR_FIELDS, top=50))
    return builder, config


async def _read_one(client: Any, mailbox: str, limit: asyncio.Semaphore) -> int:
    """One mailbox as Deputy reads it: how many permissions its own calendars have."""
    async with limit:
        user = client.users.by_user_id(quote(mailbox, safe="@"))
        builder, query = _calendars_request(client, mailbox)
        count = 0
        for calendar in await _all_pages(builder.get(query), builder):
            if calendar.can_share is not False:  # own calendars, not copies of others'
                permissions = user.calendars.by_calendar_id(calendar.id).calendar_permissions
                count += len(await _all_pages(permissions.get(), permissions))
        await user.mailbox_settings.get()
        return count


async def _read_batched(client: Any, mailboxes: list[str]) -> dict[str, int]:
    from msgraph.generated.models.calendar_collection_response import (
        CalendarCollectionResponse,
    )
    from msgraph.generated.models.calendar_permission_collection_response import (
        CalendarPermissionCollectionResponse,
    )

    asked = {m: _calendars_request(client, m) for m in mailboxes}
    calendars = await _batched(client, {
        m: builder.to_get_request_information(query) for m, (builder, query) in asked.items()},
        CalendarCollectionResponse, {m: builder for m, (builder, _query) in asked.items()})
    wanted: dict[str, Any] = {}
    builders = {}
    for index, (mailbox, items) in enumerate(calendars.items()):
        user = client.users.by_user_id(quote(mailbox, safe="@"))
        for number, calendar in enumerate(items):
            if calendar.can_share is not False:
                key = f"{index}-{number}"
                builders[key] = user.calendars.by_calendar_id(calendar.id).calendar_permissions
                wanted[key] = builders[key].to_get_request_information()
    permissions = await _batched(client, wanted, CalendarPermissionCollectionResponse,
                                 builders)
    await _batched(client, {
        str(i): client.users.by_user_id(quote(m, safe="@")).mailbox_settings
        .to_get_request_information() for i, m in enumerate(mailboxes)}, None, {})
    counts = {m.lower(): 0 for m in mailboxes}
    for key, items in permissions.items():
        counts[mailboxes[int(key.split("-")[0])].lower()] += len(items)
    return counts


async def _post(client: Any, content: Any) -> dict[str, Any]:
    """The batch sent by the SDK (its adapter, its middleware), its answer read as JSON:
    the SDK's own reading drops every sub-response body that is a JSON object, which
    is every body Graph sends for a GET (microsoft/kiota-python#737)."""
    information = await client.batch.to_post_request_information(content)
    raw = await client.request_adapter.send_primitive_async(information, "bytes", None)
    return json.loads(raw)


def _parsed(body: dict[str, Any], kind: Any) -> Any:
    """A sub-response's body as the SDK's model of ``kind`` (its JSON parse node)."""
    from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory

    node = JsonParseNodeFactory().get_root_parse_node("application/json",
                                                     json.dumps(body).encode())
    return node.get_object_value(kind)


def _relative(url: str) -> str:
    """The SDK's batch item keeps its request's absolute URL, which Graph refuses in a
    batch (400); its users strip the address and version themselves, as here
    (microsoftgraph/msgraph-sdk-python#1015, msgraph-sdk-python-core#1116)."""
    parts = urlsplit(url)
    path = parts.path.removeprefix("/v1.0")
    return f"{path}?{parts.query}" if parts.query else path


async def _batched(client: Any, requests: dict[str, Any], kind: Any,
                   builders: dict[str, Any]) -> dict[str, list[Any]]:
    """Send ``requests`` (key: RequestInformation) in batches; the items of every answer
    of ``kind`` by key, following next links (in later batches). A 429 sub-response is
    sent again after its Retry-After."""
    from msgraph_core.requests.batch_request_content import BatchRequestContent
    from msgraph_core.requests.batch_request_item import BatchRequestItem

    found: dict[str, list[Any]] = {key: [] for key in requests}
    waiting = list(requests.items())
    limit = asyncio.Semaphore(AT_ONCE)

    async def send(chunk: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        content = BatchRequestContent()
        ids = {}
        for number, (key, information) in enumerate(chunk):
            item = BatchRequestItem(request_information=information, id=str(number))
            item.url = _relative(item.url)
            content.add_request(item.id, item)
            ids[str(number)] = key
        async with limit:
            answer = await _post(client, content)
        again: list[tuple[str, Any]] = []
        for reply in answer["responses"]:
            key = ids[reply["id"]]
            if reply["status"] == 429:
                await asyncio.sleep(float(reply.get("headers", {}).get("Retry-After", "1")))
                again.append((key, requests_of[key]))
                continue
            if kind is None:
                continue
            page = _parsed(reply["body"], kind)
            found[key].extend(page.value or [])
            if page.odata_next_link:
                following = builders[key].with_url(page.odata_next_link)
                requests_of[key] = following.to_get_request_information()
                again.append((key, requests_of[key]))
        return again

    requests_of = dict(requests)
    while waiting:
        chunks = [waiting[i:i + SDK_BATCH] for i in range(0, len(waiting), SDK_BATCH)]
        waiting = [entry for later in await asyncio.gather(*(send(c) for c in chunks))
                   for entry in later]
    return found

