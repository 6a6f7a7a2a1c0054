"""bench.sync: its output (a table, one JSON line), its round-trip floor, and the flow of
``$batch`` calls it measures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from app.graph.audit import read_sharing
from app.graph.emulator import EmulatorServer
from app.graph.http import BATCH_LIMIT, GraphClient
from app.review import sync
from bench import common
from bench.fix_removals import round_trips
from bench.sync import Shape, Trace
from tests.graph.client.conftest import demo_tokens, set_faults

ROOT = Path(__file__).resolve().parent.parent


def test_sync_benchmark_prints_a_table_and_one_json_line():
    run = subprocess.run([sys.executable, "-m", "bench.sync", "--mailboxes", "20",
                          "--latency-ms", "0", "--sequential-sample", "0",
                          "--sdk-sample", "3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("figure"))
    assert [column.strip() for column in lines[header].split("  ") if column.strip()] == [
        "figure", "Deputy", "sequential client", "SDK, plain awaits",
        "SDK, asyncio.gather (8 at once)", "SDK, its $batch"]
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
    # Microsoft's SDK (the test extra has it), three ways, each on 3 mailboxes, read the
    # same permissions as Deputy (the benchmark fails otherwise) with more requests.
    sdk = results["sdk"]
    assert sdk["run"] and set(sdk["ways"]) == {"awaits", "gather", "batch"}
    for way in sdk["ways"].values():
        assert way["mailboxes_read"] == 3 and way["extrapolated"]
        assert way["permissions_compared"] > 0 and way["times_deputy"] > 0
    assert sdk["ways"]["batch"]["server"]["batch_subrequests"] > 0
    assert "read the same permissions as Deputy" in run.stdout


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


CALENDARS = "GET /users/{id}/calendars"
PERMISSIONS = "GET /users/{id}/calendars/{id}/calendarPermissions"


def test_the_sync_asks_for_permissions_while_other_calendars_are_on_the_way(scale_server):
    """What an answer made known goes out while other answers are outstanding: no round
    waits for the one before it.

    Read from the order in which the emulator heard the requests, not from how full the
    batches were (which depends on how fast answers come back): the first calendar
    request's answer is held until a permissions request arrives. A sync that asked for
    permissions only once every calendar was in would leave it held (30 s), and the
    emulator's journal would show every calendar answered before any permission asked.
    """
    set_faults(scale_server, hold={"asked": CALENDARS, "until": PERMISSIONS, "seconds": 30})
    scale_server.stats.journal.clear()
    client = GraphClient(scale_server.base_url, demo_tokens(scale_server.base_url, None))
    trace = Trace()
    client.session.hooks["response"].append(trace.hook)
    try:
        read = read_sharing(client, [u.address for u in scale_server.tenant.users()])
    finally:
        client.close()
        set_faults(scale_server)
    assert all(sharing.complete for sharing in read.values())
    journal = list(scale_server.stats.journal)
    first_permissions = journal.index(("asked", PERMISSIONS))
    last_calendars = len(journal) - 1 - journal[::-1].index(("answered", CALENDARS))
    assert first_permissions < last_calendars
    # Batches can be full: the first ones carry 20 mailboxes' calendars each.
    sizes = [len(json.loads(request.body)["requests"]) for request, _ in trace.exchanges]
    assert sum(sizes) > 600
    assert max(sizes) == BATCH_LIMIT


def test_directory_pages_benchmark_reads_every_user_once_per_tenant():
    run = subprocess.run([sys.executable, "-m", "bench.directory_pages", "--mailboxes", "30",
                          "2500"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=False)
    assert run.returncode == 0, run.stderr
    report = common.json_line(run.stdout)
    assert report["benchmark"] == "directory_pages"
    results = report["results"]
    # Every user of each tenant, in as many pages of 999 as that takes (the scale seed
    # adds a few people of its own beside the N mailboxes).
    assert results["30"]["users"] >= 30 and results["30"]["pages"] == 1
    assert results["2500"]["users"] >= 2500 and results["2500"]["pages"] >= 3
    assert "page_time_ratio_largest_to_smallest" in results


def test_scale_benchmark_measures_each_size_and_reuses_its_snapshots(tmp_path):
    command = [sys.executable, "-m", "bench.scale", "--mailboxes", "30", "--homes",
               str(tmp_path)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                           check=False)
    assert first.returncode == 0, first.stderr
    found = common.json_line(first.stdout)["results"]["30"]
    assert not found["reused"] and found["sync_seconds"] > 0 and found["snapshot_mib"] > 0
    assert found["review_ready_seconds"] > 0 and found["review_peak_rss_mib"] > 0
    compared = found["findings_and_comparison"]
    assert compared["findings"] > 0 and compared["changes"] > 0  # the copy's changed roles
    assert found["failures"] == []
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                           check=False)
    assert again.returncode == 0, again.stderr
    assert common.json_line(again.stdout)["results"]["30"]["reused"]
    assert "Reused the snapshots an earlier run made" in again.stdout


def test_report_benchmark_compares_the_code_before_side_by_side(tmp_path):
    """Here "before" is this same code: the CSVs it writes must be the same bytes."""
    run = subprocess.run([sys.executable, "-m", "bench.report", "--mailboxes", "30",
                          "--homes", str(tmp_path), "--before", str(ROOT), "--no-browser"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("report"))
    assert lines[header].split()[:3] == ["report", "s", "before"]
    assert [line.split(",")[1].split()[0] for line in lines[header + 2:header + 6]] == [
        "html", "csv", "csv", "csv"]
    results = common.json_line(run.stdout)["results"]["by_mailboxes"]["30"]
    for output in ("html", "csv matrix", "csv findings", "csv changes"):
        for code in ("before", "after"):
            figures = results[output][code]
            assert figures["error"] == "" and figures["wall_s"] > 0, (output, code)
            assert 0 < figures["peak_rss_mib"] < 500 and figures["file_bytes"] > 100
    assert all(results[table]["same_bytes"] for table in
               ("csv matrix", "csv findings", "csv changes"))


def test_findings_sort_benchmark_times_the_tab_s_fill_sorts_and_rules(tmp_path):
    assert sync.main(["--demo", "--as-admin", "--all", "--seed", "scale:200"]) == 0
    run = subprocess.run([sys.executable, "-m", "bench.findings_sort", "--snapshot",
                          str(sync.snapshot_file()), "--repeat", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=False,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    report = common.json_line(run.stdout)
    assert report["benchmark"] == "findings_sort"
    assert report["parameters"]["findings"] > 0
    stages = report["results"]["stages"]
    assert set(stages) == {"counts", "fill", "sort", "sort_again", "rule", "rule_back"}
    assert all(stage["longest_stall_ms"] >= 0 and stage["seconds_until_shown"] > 0
               for stage in stages.values())
    assert report["results"]["rows_shown"] > 0
    assert report["results"]["selection_kept"] is True
    assert "Header click: sort by person" in run.stdout


def test_the_floor_for_writes_counts_batches_over_connections_and_mailbox_limits():
    one_each = Counter({f"m{n}": 1 for n in range(1000)})
    assert round_trips(one_each, connections=8) == 7  # 50 batches of 20, 8 at a time
    assert round_trips(Counter({"m": 9}), connections=8) == 3  # 4 in flight per mailbox
    assert round_trips(Counter(), connections=8) == 0
