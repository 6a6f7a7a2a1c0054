"""How fast a many-mailbox sync finishes, against what the data allows and a plain script.

``python -m bench.sync --mailboxes 1000 --latency-ms 50`` starts the Graph emulator
in its own process with the seed ``scale:N`` and ``latency_ms`` added to every HTTP
request (a ``$batch`` call is one request: that is what Graph costs), then, in one run:

1. **Deputy**: what ``deputy sync --as-admin --all`` does, as the admin app: list the
   mailboxes (``scope_of``), then ``run_sync`` into a snapshot store in a temporary
   folder.
2. **A sequential client**: one request at a time with ``requests.Session``, as the
   usual admin scripts do: list users (paged), then per mailbox GET its calendars,
   each calendar's ``calendarPermissions`` and its ``mailboxSettings``, following
   every ``@odata.nextLink``: the same data Deputy reads. At 50 ms a request that
   takes minutes, so by default it reads an evenly spread sample of mailboxes and
   its time is extrapolated linearly (``--sequential-sample 0``: all of them). Both
   must read the same permissions (counted on the mailboxes the sample read), or the
   benchmark fails.

3. **Microsoft's Graph SDK for Python** (``bench.sdk_peers``, the optional ``bench``
   extra), the same reads three ways: plain awaits, ``asyncio.gather`` 8 at once, and
   its ``$batch`` support; each on an evenly spread sample of mailboxes
   (``--sdk-sample``), extrapolated as the sequential client's. Each must read the
   same permissions as Deputy. Left out, and said so, when the SDK is not installed.

**The round-trip floor** is the fewest sequential round trips the data dependencies
allow, times the latency ``L``, counted from what Deputy actually read:

- ``U``: pages of the user list; ``page(m)``: the page that listed mailbox ``m``.
- ``d(m)``: round trips mailbox ``m`` needs after it is known:
  ``max(calendar pages + 1, 1 + most permission pages of one calendar,
  ceil(requests / 4))``: its calendar list is read before that list's calendars'
  permissions (one page after another), and at most 4 of its requests may be in
  flight (GUIDE §2.4); its mailboxSettings go alongside its calendars.
- ``S``: sub-requests to read all mailboxes (calendar pages, mailboxSettings,
  permission pages); ``B = 20`` per ``$batch``; ``C``: Deputy's connection limit
  (``app.graph.http.CONNECTIONS``, HTTP requests in flight at once, as the client
  used has it).

``D = max over m of (page(m) + d(m))`` (dependencies) and
``T = 1 + ceil((U - 1 + ceil(S / B)) / C)`` (throughput: the first round trip can only
list the first page of users, as nothing else is known; every later one carries at
most ``C`` HTTP requests, each a page of users or a batch of at most ``B``).
**floor = max(D, T) x L**. It leaves out all CPU time: the **server's own CPU
time** (``cpu_seconds`` of ``/_emulator/stats``: Graph operations, not HTTP or JSON)
during Deputy's run is shown next to it, and so is the emulator process's whole CPU
time. Counts come from the answers Deputy received (a response hook keeps each
exchange; they are read after the clock stops).

Targets: Deputy's wall time within 1.5x of max(floor, server CPU); at least 30x
faster than the sequential client at 1,000 mailboxes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from bench import common, sdk_peers

FLOOR_TARGET = 1.5  # Deputy's wall time within this many times max(floor, server CPU)
SPEEDUP_TARGET = 30.0  # times faster than the sequential client, at 1,000 mailboxes
SPEEDUP_AT = 1000
BATCH = 20  # sub-requests per $batch (GUIDE §2.4)
PER_MAILBOX = 4  # requests in flight per mailbox (GUIDE §2.4)


# ---------------------------------------------------------------------- Deputy

@dataclass
class Trace:
    """Every HTTP exchange of Deputy's client, kept as is and read after the run."""

    exchanges: list[tuple[requests.PreparedRequest, requests.Response]] = field(
        default_factory=list)

    def hook(self, response: requests.Response, *_args: Any, **_kw: Any) -> None:
        self.exchanges.append((response.request, response))


@dataclass
class Shape:
    """What reading the tenant took, in Graph's units, for the round-trip floor.

    Attributes:
        user_pages: mailboxes listed on each page, in order.
        calendar_pages, settings, permission_pages: successful answers per mailbox.
        permission_pages_of: per (mailbox, calendar id).
    """

    user_pages: list[list[str]] = field(default_factory=list)
    calendar_pages: Counter = field(default_factory=Counter)
    settings: Counter = field(default_factory=Counter)
    permission_pages: Counter = field(default_factory=Counter)
    permission_pages_of: Counter = field(default_factory=Counter)

    @property
    def subrequests(self) -> int:
        return sum(self.calendar_pages.values()) + sum(self.settings.values()) + sum(
            self.permission_pages.values())

    def floor(self, connections: int) -> dict[str, Any]:
        """The round-trip floor's terms (see the module docstring)."""
        most: Counter = Counter()  # permission pages of a mailbox's longest calendar
        for (mailbox, _), pages in self.permission_pages_of.items():
            most[mailbox] = max(most[mailbox], pages)

        def depth(mailbox: str) -> int:
            requests_ = (self.calendar_pages[mailbox] + self.settings[mailbox]
                         + self.permission_pages[mailbox])
            return max(self.calendar_pages[mailbox] + (1 if most[mailbox] else 0),
                       1 + most[mailbox], math.ceil(requests_ / PER_MAILBOX))

        pages = len(self.user_pages)
        dependencies = max((number + depth(m.lower())
                            for number, page in enumerate(self.user_pages, 1) for m in page),
                           default=pages)
        batches = math.ceil(self.subrequests / BATCH)
        throughput = 1 + math.ceil((pages - 1 + batches) / connections)
        return {"user_pages": pages, "subrequests": self.subrequests,
                "full_batches": batches, "connections": connections,
                "dependency_round_trips": dependencies, "throughput_round_trips": throughput,
                "round_trips": max(dependencies, throughput)}


def shape_of(trace: Trace) -> Shape:
    """Count pages by kind from the answers Deputy received (a retried 429 counts once)."""
    shape = Shape()
    for request, response in trace.exchanges:
        path = urlsplit(request.url).path
        if request.method == "GET" and path.rstrip("/").lower().endswith("/users"):
            shape.user_pages.append([u["userPrincipalName"] for u in response.json()["value"]])
        elif path.endswith("/$batch") and response.status_code == 200:
            sent = {r["id"]: r["url"] for r in json.loads(request.body)["requests"]}
            for answer in response.json()["responses"]:
                if answer["status"] == 200:
                    _count(shape, urlsplit(sent[answer["id"]]).path)
    return shape


def _count(shape: Shape, path: str) -> None:
    parts = path.strip("/").split("/")  # users, {mailbox}, calendars[, {id}, calendarPermissions]
    mailbox = parts[1].lower()
    if parts[-1].lower() == "mailboxsettings":
        shape.settings[mailbox] += 1
    elif parts[-1].lower() == "calendarpermissions":
        shape.permission_pages[mailbox] += 1
        shape.permission_pages_of[mailbox, parts[3]] += 1
    elif parts[-1].lower() == "calendars":
        shape.calendar_pages[mailbox] += 1


def run_deputy(emulator: common.Emulator, folder: Path) -> dict[str, Any]:
    """``deputy sync --as-admin --all``'s work, timed; its figures and what it read."""
    from app.graph.auth.demo import ADMIN_DISPLAY_NAME, DemoSignIn
    from app.graph.http import GraphClient
    from app.graph.services import CalendarService
    from app.review.scope import scope_of
    from app.review.snapshot_store import COMPLETE, SnapshotStore
    from app.review.sync import run_sync
    from app.signin.accounts import DEMO_TENANT, Session

    client = GraphClient(emulator.base_url, DemoSignIn(emulator.base_url).admin_provider())
    session = Session(ADMIN_DISPLAY_NAME, None, CalendarService(client), DEMO_TENANT)
    client.tokens.access_token([])  # signed in before the clock starts, as in the app
    trace = Trace()
    client.session.hooks["response"].append(trace.hook)
    store = SnapshotStore(folder / "snapshots.db")
    server_before, process_before = emulator.stats(), emulator.process_cpu_seconds()
    try:
        with common.Stopwatch() as whole:
            with common.Stopwatch() as listing:
                scope = scope_of(session, DEMO_TENANT)
            snapshot_id = run_sync(client, store, scope)
        server = _difference(emulator.stats(), server_before)
        process_after = emulator.process_cpu_seconds()
        snapshot = store.snapshot(snapshot_id)
        if snapshot is None or snapshot.status != COMPLETE:
            raise SystemExit(f"Deputy's sync did not complete: {snapshot}")
        permissions = Counter(row.mailbox.lower() for row in store.permissions(snapshot_id))
    finally:
        store.close()
        session.close()
    stats = client.stats
    return {
        "wall_s": whole.wall, "listing_s": listing.wall, "client_cpu_s": whole.cpu,
        "requests": stats.requests, "batches": stats.batches,
        "batch_subrequests": stats.subrequests, "throttled": stats.throttled,
        "waited_s": stats.waited_seconds, "mailboxes": len(scope.mailboxes),
        "permissions": sum(permissions.values()), "server": server,
        "server_process_cpu_s": (None if process_before is None or process_after is None
                                 else process_after - process_before),
        "shape": shape_of(trace), "connections": client.max_concurrency,
        "permissions_by_mailbox": permissions,
    }


def _difference(after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    return {key: after[key] - before[key]
            for key in ("requests", "batch_subrequests", "throttled", "cpu_seconds")}


# ---------------------------------------------------------------------- a plain script

class SequentialClient:
    """One request at a time, as an admin's script does (``Get-MgUser -All``, then a
    loop over the mailboxes). It waits out a 429's ``Retry-After`` and tries again.

    Attributes:
        requests, throttled, pages: what it sent and received.
    """

    CALENDARS = ("calendars?$select=id,name,owner,color,canShare,canEdit,"
                 "canViewPrivateItems,isDefaultCalendar&$top=50")

    def __init__(self, base_url: str, token: str) -> None:
        self.graph = f"{base_url}/v1.0"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.requests = self.throttled = 0

    def close(self) -> None:
        self.session.close()

    def get(self, url: str) -> dict[str, Any]:
        while True:
            self.requests += 1
            response = self.session.get(url, timeout=60)
            if response.status_code == 429:
                self.throttled += 1
                time.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            response.raise_for_status()
            return response.json()

    def get_all(self, url: str) -> list[dict[str, Any]]:
        page = self.get(url)
        items = list(page["value"])
        while "@odata.nextLink" in page:
            page = self.get(page["@odata.nextLink"])
            items.extend(page["value"])
        return items

    def users(self) -> list[str]:
        users = self.get_all(f"{self.graph}/users?$select=userPrincipalName&$top=100")
        return [u["userPrincipalName"] for u in users]

    def permissions_of(self, mailbox: str) -> int:
        """Read one mailbox as Deputy does; how many permissions its calendars have."""
        base = f"{self.graph}/users/{quote(mailbox, safe='@')}"
        count = 0
        for calendar in self.get_all(f"{base}/{self.CALENDARS}"):
            if calendar.get("canShare", True):  # own calendars, not copies of others'
                count += len(self.get_all(
                    f"{base}/calendars/{quote(calendar['id'])}/calendarPermissions"))
        self.get(f"{base}/mailboxSettings?$select=delegateMeetingMessageDeliveryOptions")
        return count


def admin_token(emulator: common.Emulator) -> str:
    """An app-only token with the administrators' app's roles, from the emulator."""
    from app.graph.auth.scopes import ADMIN_APPLICATION_PERMISSIONS

    token = requests.post(f"{emulator.base_url}/_emulator/token",
                          json={"roles": list(ADMIN_APPLICATION_PERMISSIONS)}, timeout=10)
    token.raise_for_status()
    return token.json()["access_token"]


def run_sequential(emulator: common.Emulator, sample: int) -> dict[str, Any]:
    """The plain script, on every mailbox or on ``sample`` of them spread evenly."""
    client = SequentialClient(emulator.base_url, admin_token(emulator))
    server_before = emulator.stats()
    try:
        with common.Stopwatch() as listing:
            mailboxes = client.users()
        listing_requests = client.requests
        chosen = common.spread_sample(mailboxes, sample)
        permissions: dict[str, int] = {}
        with common.Stopwatch() as reading:
            for mailbox in chosen:
                permissions[mailbox.lower()] = client.permissions_of(mailbox)
    finally:
        client.close()
    return common.extrapolated(listing, reading, len(mailboxes), len(chosen),
                               listing_requests, client.requests, client.throttled) | {
        "server": _difference(emulator.stats(), server_before),
        "permissions_by_mailbox": permissions,
    }


# ---------------------------------------------------------------------- the report

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.sync",
        description="Time Deputy's sync of N mailboxes against the round-trip floor, the "
                    "server's CPU time and a sequential client, in one run.")
    parser.add_argument("--mailboxes", type=int, default=1000, metavar="N",
                        help="mailboxes in the emulator's tenant (seed scale:N)")
    parser.add_argument("--latency-ms", type=float, default=50.0, metavar="MS",
                        help="latency the emulator adds to every HTTP request")
    parser.add_argument("--sequential-sample", type=int, default=100, metavar="N",
                        help="mailboxes the sequential client reads, its time extrapolated "
                             "to all (0: all of them)")
    parser.add_argument("--sdk-sample", type=int, default=100, metavar="N",
                        help="mailboxes each of Microsoft's SDK's three ways reads, its time "
                             "extrapolated to all (0: all of them; -1: not run)")
    parser.add_argument("--random-seed", type=int, default=1,
                        help="of the generated tenant (scale:N:SEED)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.mailboxes < 1 or args.sequential_sample < 0 or args.latency_ms < 0 \
            or args.sdk_sample < -1:
        build_parser().error("--mailboxes must be at least 1; the others not negative")
    info = common.machine()
    seed = f"scale:{args.mailboxes}:{args.random_seed}"
    with common.emulator(seed, latency_ms=args.latency_ms) as emulator, \
            tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        deputy = run_deputy(emulator, Path(folder))
        sequential = run_sequential(emulator, args.sequential_sample)
        version = sdk_peers.sdk_version() if args.sdk_sample >= 0 else None
        sdk = {way: sdk_peers.run_sdk(emulator, way, args.sdk_sample, admin_token(emulator))
               for way in (sdk_peers.WAYS if version else ())}
    for name, peer in [("the sequential client", sequential),
                       *((sdk_peers.WAYS[way], figures) for way, figures in sdk.items())]:
        compared = peer["permissions_by_mailbox"]
        by_deputy = {m: deputy["permissions_by_mailbox"].get(m, 0) for m in compared}
        if by_deputy != compared:
            print(f"Deputy and {name} read different permissions: "
                  f"{sum(by_deputy.values())} against {sum(compared.values())} on "
                  f"{len(compared)} mailboxes.", file=sys.stderr)
            return 1
    results = results_of(deputy, sequential, args.latency_ms / 1000.0)
    results["sdk"] = sdk_results(deputy, sdk, version, args.sdk_sample)
    parameters = {"mailboxes": args.mailboxes, "latency_ms": args.latency_ms,
                  "seed": seed, "sequential_sample": args.sequential_sample,
                  "sdk_sample": args.sdk_sample,
                  "batch_limit": BATCH, "connections": deputy["connections"],
                  "emulator": "own process"}
    common.report("sync", parameters=parameters, results=results, header=HEADER,
                  rows=rows_of(results), notes=notes_of(results), machine_info=info)
    return 0


def results_of(deputy: dict[str, Any], sequential: dict[str, Any],
               latency_s: float) -> dict[str, Any]:
    floor = deputy["shape"].floor(deputy["connections"])
    floor_s = floor["round_trips"] * latency_s
    server_cpu = deputy["server"]["cpu_seconds"]
    bound = max(floor_s, server_cpu)
    speedup = sequential["wall_s"] / deputy["wall_s"]
    compared = sequential["permissions_by_mailbox"]
    return {
        "deputy": {key: deputy[key] for key in (
            "wall_s", "listing_s", "client_cpu_s", "requests", "batches",
            "batch_subrequests", "throttled", "waited_s", "mailboxes", "permissions",
            "server_process_cpu_s")} | {"server": deputy["server"]},
        "sequential": {key: sequential[key] for key in (
            "wall_s", "client_cpu_s", "requests", "throttled", "mailboxes_read", "extrapolated",
            "measured_wall_s", "measured_requests")} | {
            "batches": 0, "batch_subrequests": 0, "server": sequential["server"]},
        "permissions_compared": {"mailboxes": len(compared),
                                 "deputy": sum(deputy["permissions_by_mailbox"][m]
                                               for m in compared),
                                 "sequential": sum(compared.values())},
        "floor": floor | {"latency_s": latency_s, "seconds": floor_s},
        "server_cpu_s": server_cpu,
        "targets": {
            "floor": {"limit_s": FLOOR_TARGET * bound, "wall_s": deputy["wall_s"],
                      "ratio": deputy["wall_s"] / bound if bound else None,
                      "met": deputy["wall_s"] <= FLOOR_TARGET * bound},
            "sequential": {"speedup": speedup, "wanted": SPEEDUP_TARGET,
                           "applies": deputy["mailboxes"] >= SPEEDUP_AT,
                           "met": speedup >= SPEEDUP_TARGET},
        },
    }


def sdk_results(deputy: dict[str, Any], sdk: dict[str, dict[str, Any]], version: str | None,
                sample: int) -> dict[str, Any]:
    """Each SDK way's figures, and how many times Deputy's wall time its own is."""
    if sample < 0:
        return {"run": False, "why": "--sdk-sample -1"}
    if version is None:
        return {"run": False, "why": "msgraph-sdk not installed (pip install '.[bench]')"}
    ways = {way: {key: figures[key] for key in (
        "wall_s", "client_cpu_s", "requests", "throttled", "mailboxes_read", "extrapolated",
        "measured_wall_s", "measured_requests", "server")}
        | {"times_deputy": figures["wall_s"] / deputy["wall_s"],
           "permissions_compared": sum(figures["permissions_by_mailbox"].values())}
        for way, figures in sdk.items()}
    return {"run": True, "version": version, "ways": ways}


HEADER = ("figure", "Deputy", "sequential client", *sdk_peers.WAYS.values())


def rows_of(results: dict[str, Any]) -> list[tuple[Any, ...]]:
    deputy, sequential = results["deputy"], results["sequential"]
    floor = results["floor"]
    ways = results["sdk"].get("ways", {})
    sdk = [ways.get(way) for way in sdk_peers.WAYS]

    def each(key: str) -> list[Any]:
        return [None if way is None else way[key] for way in sdk]

    def server(key: str) -> list[Any]:
        return [None if way is None else way["server"][key] for way in sdk]

    nothing = [None] * len(sdk)
    return [
        ("wall time, s", deputy["wall_s"], sequential["wall_s"], *each("wall_s")),
        ("  x Deputy's", 1.0, sequential["wall_s"] / deputy["wall_s"],
         *each("times_deputy")),
        ("  of which listing mailboxes, s", deputy["listing_s"], None, *nothing),
        ("client CPU, s", deputy["client_cpu_s"], sequential["client_cpu_s"],
         *each("client_cpu_s")),
        ("HTTP requests sent", deputy["requests"], sequential["requests"], *each("requests")),
        ("  of which $batch", deputy["batches"], 0, *nothing),
        ("batch sub-requests", deputy["batch_subrequests"], 0, *server("batch_subrequests")),
        ("429 received", deputy["throttled"], sequential["throttled"], *each("throttled")),
        ("mailboxes", deputy["mailboxes"], sequential["mailboxes_read"],
         *each("mailboxes_read")),
        ("permissions read", deputy["permissions"], None, *nothing),
        ("server CPU (emulator stats), s", deputy["server"]["cpu_seconds"],
         sequential["server"]["cpu_seconds"], *server("cpu_seconds")),
        ("emulator process CPU, s", deputy["server_process_cpu_s"], None, *nothing),
        (f"round-trip floor ({floor['round_trips']} x {floor['latency_s'] * 1000:g} ms), s",
         floor["seconds"], None, *nothing),
    ]


def notes_of(results: dict[str, Any]) -> list[str]:
    deputy, sequential = results["deputy"], results["sequential"]
    floor, targets = results["floor"], results["targets"]
    compared = results["permissions_compared"]
    notes = []
    if sequential["extrapolated"]:
        notes.append(f"Sequential client: extrapolated from {sequential['mailboxes_read']} "
                     f"mailboxes ({sequential['measured_wall_s']:.1f} s, "
                     f"{sequential['measured_requests']:,} requests measured).")
    notes.append(f"Both read {compared['deputy']:,} permissions on the {compared['mailboxes']:,} "
                 "mailboxes the sequential client read.")
    notes.append(
        f"Floor: max(dependencies {floor['dependency_round_trips']}, throughput "
        f"{floor['throughput_round_trips']}) round trips: {floor['user_pages']} pages of "
        f"users, {floor['subrequests']:,} sub-requests = {floor['full_batches']} batches "
        f"of {BATCH} over {floor['connections']} connections.")
    near = targets["floor"]
    notes.append(
        f"Target: Deputy within {FLOOR_TARGET:g}x of max(floor {floor['seconds']:.2f} s, "
        f"server CPU {results['server_cpu_s']:.2f} s) = {near['limit_s']:.2f} s: "
        f"{deputy['wall_s']:.2f} s ("
        + (f"{near['ratio']:.2f}x" if near["ratio"] is not None else "no bound: both 0")
        + "), "
        f"{'met' if near['met'] else 'NOT MET'}.")
    sdk = results["sdk"]
    if not sdk["run"]:
        notes.append(f"Microsoft's Graph SDK: not run ({sdk['why']}).")
    else:
        sampled = next(iter(sdk["ways"].values()))
        notes.append(
            f"Microsoft's Graph SDK for Python (msgraph-sdk {sdk['version']}), each way "
            + (f"extrapolated from {sampled['mailboxes_read']} mailboxes"
               if sampled["extrapolated"] else "on every mailbox")
            + ", read the same permissions as Deputy; Deputy was "
            + ", ".join(f"{figures['times_deputy']:.0f}x faster than {sdk_peers.WAYS[way]}"
                        for way, figures in sdk["ways"].items()) + ".")
    fast = targets["sequential"]
    notes.append(
        f"Target: at least {SPEEDUP_TARGET:g}x faster than the sequential client at "
        f"{SPEEDUP_AT:,} mailboxes: {fast['speedup']:.1f}x, "
        + ("met." if fast["met"] else "NOT MET.")
        + ("" if fast["applies"] else f" (this run has {deputy['mailboxes']:,} mailboxes)"))
    return notes


if __name__ == "__main__":
    sys.exit(main())
