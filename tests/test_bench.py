"""bench.sync: its output (a table, one JSON line), its round-trip floor, and the flow of
``$batch`` calls it measures."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.graph.audit import read_sharing
from app.graph.emulator import EmulatorServer
from app.graph.http import BATCH_LIMIT, GraphClient
from bench import common
from bench.sync import Shape, Trace
from tests.graph.client.conftest import demo_tokens

ROOT = Path(__file__).resolve().parent.parent


def test_sync_benchmark_prints_a_table_and_one_json_line():
    run = subprocess.run([sys.executable, "-m", "bench.sync", "--mailboxes", "20",
                          "--latency-ms", "0", "--sequential-sample", "0"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("figure"))
    assert lines[header].split() == ["figure", "Deputy", "sequential", "client"]
    assert set(lines[header + 1]) == {"-", " "}
    assert any(line.startswith("wall time, s") for line in lines[header + 2:])

    report = common.json_line(run.stdout)
    assert report["benchmark"] == "sync"
    assert {"cpu", "cores", "ram_gb", "os", "python", "pyside6"} <= set(report["machine"])
    assert report["parameters"]["mailboxes"] == 20
    assert report["parameters"]["connections"] == 8
    results = report["results"]
    assert {"deputy", "sequential", "floor", "server_cpu_s", "targets"} <= set(results)
    deputy, sequential = results["deputy"], results["sequential"]
    for figures in (deputy, sequential):
        assert {"wall_s", "requests", "batches", "batch_subrequests", "throttled",
                "server"} <= set(figures)
    assert not sequential["extrapolated"] and sequential["mailboxes_read"] == 20
    compared = results["permissions_compared"]
    assert compared["mailboxes"] == 20
    assert compared["deputy"] == compared["sequential"] == deputy["permissions"] > 20
    assert deputy["batches"] > 0 and sequential["batches"] == 0
    assert deputy["batch_subrequests"] == deputy["server"]["batch_subrequests"]
    assert sequential["requests"] == sequential["server"]["requests"]
    assert set(results["targets"]) == {"floor", "sequential"}
    assert all(isinstance(t["met"], bool) for t in results["targets"].values())


def test_a_sampled_sequential_client_is_labelled_extrapolated():
    run = subprocess.run([sys.executable, "-m", "bench.sync", "--mailboxes", "20",
                          "--latency-ms", "0", "--sequential-sample", "5"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "extrapolated from 5 mailboxes" in run.stdout
    sequential = common.json_line(run.stdout)["results"]["sequential"]
    assert sequential["extrapolated"] and sequential["mailboxes_read"] == 5
    assert sequential["requests"] > sequential["measured_requests"]


def test_the_floor_counts_the_round_trips_the_data_allows():
    shape = Shape(user_pages=[["a", "b"], ["c"]])
    for mailbox in "abc":
        shape.calendar_pages[mailbox] = shape.settings[mailbox] = 1
    # a: two calendars, one of them with a second page of permissions; b: one calendar;
    # c: ten calendars, more requests than it may have in flight at once.
    shape.permission_pages_of.update({("a", "1"): 2, ("a", "2"): 1, ("b", "3"): 1})
    shape.permission_pages_of.update({("c", str(n)): 1 for n in range(10)})
    for (mailbox, _), pages in shape.permission_pages_of.items():
        shape.permission_pages[mailbox] += pages
    floor = shape.floor(connections=1)
    # a, listed on page 1: calendars, then 2 pages of permissions (1 + 3); b: 1 + 2;
    # c, listed on page 2: 12 requests, 4 at a time (2 + 3).
    assert floor["dependency_round_trips"] == 5
    assert floor["subrequests"] == 5 + 3 + 12
    # The first page of users, then the second one and the one batch of 20, one at a time.
    assert floor["throughput_round_trips"] == 1 + 2
    assert floor["round_trips"] == 5
    assert shape.floor(connections=8)["throughput_round_trips"] == 2


@pytest.fixture(scope="module")
def scale_server():
    with EmulatorServer("scale:200:5") as server:
        yield server


def test_the_sync_asks_for_permissions_while_other_calendars_are_on_the_way(scale_server):
    """Batches are full, and mix what answers made known with what was asked first:
    no round waits for the one before it."""
    client = GraphClient(scale_server.base_url, demo_tokens(scale_server.base_url, None))
    trace = Trace()
    client.session.hooks["response"].append(trace.hook)
    try:
        read = read_sharing(client, [u.address for u in scale_server.tenant.users()])
    finally:
        client.close()
    assert all(sharing.complete for sharing in read.values())
    batches = [json.loads(request.body)["requests"] for request, _ in trace.exchanges]
    sizes = [len(batch) for batch in batches]
    assert sum(sizes) > 600
    assert max(sizes) == BATCH_LIMIT
    # How full the batches are depends on how fast answers come back: bench.sync
    # measures it; here only that they can be full and that they mix.
    kinds = [Counter(urlsplit(r["url"]).path.rsplit("/", 1)[1] for r in batch)
             for batch in batches]
    assert any(kind["calendars"] and kind["calendarPermissions"] for kind in kinds)
