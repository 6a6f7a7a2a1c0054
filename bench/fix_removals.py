"""How fast a fix removes 1,000 permissions across 1,000 mailboxes, against the floor.

``python -m bench.fix_removals --removals 1000 --latency-ms 50`` starts the Graph
emulator in its own process with a ``scale:N`` tenant big enough that ``--removals``
mailboxes hold a removable permission some rule of the review flags (about six in ten
do: N = 1.7 x removals), syncs it once as the administrator (not timed), and picks
the first flagged removable permission of each of those mailboxes: one removal per
mailbox. Then, with ``latency_ms`` added by the emulator to every HTTP request (a
``$batch`` call is one request, as Graph counts it), in one run:

1. **Preview**: ``app.fixes.preview`` reads each calendar's permissions live (one
   sub-request per calendar); every change must come out ready.
2. **Apply**: ``app.fixes.apply`` sends the removals (one ``DELETE`` each, in the
   sync's ``$batch`` flow) and records the run, each change and its outcome in the
   change journal (a file in a temporary folder on this machine's disk).
3. **The flow alone**: the same ``DELETE`` requests through ``GraphClient.flow`` with
   nothing recorded: what the transport costs on this machine, under the same load.
4. **In the window**: the review opened on the snapshot, Fix the selected… on the
   chosen findings, "Remove the access", the count typed, Send: the apply runs on the
   window's task runner while a heartbeat timer on the GUI thread measures the longest
   stall (``bench.responsiveness``'s way), until the result is shown and the window
   has settled. The interpreter lock is handed round as Deputy's window has it
   (``app.gui.GUI_SWITCH_INTERVAL_S``); 1-3 run at Python's default, as ``deputy fix``.

The tenant is reset to its seed (``POST /_emulator/reset``) before each sending, so
each removes the same permissions; apply and the flow alone alternate ``--runs`` times,
then the window sends ``--runs`` times, and the table shows medians (and the worst
run's stall).

**The round-trip floor for the writes** is what Graph's limits allow (GUIDE §2.4),
``W`` writes at latency ``L``: at most ``B = 20`` requests per ``$batch``, at most 4
requests in flight per mailbox, and ``C`` HTTP requests in flight at once (Deputy's
client, ``app.graph.http.CONNECTIONS``)::

    round trips = max(ceil(ceil(W / B) / C), max over mailboxes m of ceil(w(m) / 4))
    floor = round trips x L

The preview's reads are not in it: they happen before the administrator confirms the
count, so the apply is measured alone against the writes' floor, and the preview
against its own (the same formula over its reads). The floor leaves out all CPU time:
the emulator's (Graph operations, ``cpu_seconds`` of ``/_emulator/stats``, and its
whole process) is shown next to it.

Targets (issue 22): the apply within 1.5x the writes' floor; the GUI thread never
stalls over 50 ms while it runs.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

import requests

from bench import common

FLOOR_TARGET = 1.5  # the apply's wall time within this many times the floor
STALL_TARGET_MS = 50.0
BATCH = 20  # requests per $batch (GUIDE §2.4)
PER_MAILBOX = 4  # requests in flight per mailbox (GUIDE §2.4)
TENANT_PER_REMOVAL = 1.7  # mailboxes in the tenant per removal wanted: ~60 % have one
HEARTBEAT_MS = 5
IDLE_MS = 1000  # the heartbeat watched with nothing to do, before Send


def round_trips(per_mailbox: Counter[str], connections: int) -> int:
    """The fewest round trips Graph's limits allow for these requests, by mailbox."""
    total = sum(per_mailbox.values())
    if not total:
        return 0
    throughput = math.ceil(math.ceil(total / BATCH) / connections)
    return max(throughput, max(math.ceil(n / PER_MAILBOX) for n in per_mailbox.values()))


# ---------------------------------------------------------------------- set-up

def chosen_findings(store: Any, snapshot_id: int, wanted: int) -> list[Any]:
    """One finding per mailbox, removable, for the first ``wanted`` mailboxes that have
    one (in address order): the rows an admin selects in Findings."""
    from app.review.findings import find

    first: dict[str, Any] = {}
    for finding in find(store.flaggable(snapshot_id), store.delivery_options(snapshot_id)):
        if finding.row.removable:
            first.setdefault(finding.row.mailbox.casefold(), finding)
    return [first[mailbox] for mailbox in sorted(first)[:wanted]]


def server_cpu(server: common.Emulator) -> tuple[float, float | None]:
    """The emulator's Graph CPU seconds and its process's, so far."""
    return server.stats()["cpu_seconds"], server.process_cpu_seconds()


def writes_of(server: common.Emulator) -> int:
    return sum(server.stats()["writes"].values())


def measured(server: common.Emulator, work: Callable[[], Any]) -> tuple[dict[str, Any], Any]:
    """``work()`` timed, with the emulator's CPU and writes during it; figures, value."""
    graph_before, process_before = server_cpu(server)
    writes_before = writes_of(server)
    with common.Stopwatch() as watch:
        value = work()
    graph_after, process_after = server_cpu(server)
    return {"wall_s": watch.wall, "client_cpu_s": watch.cpu,
            "server_cpu_s": graph_after - graph_before,
            "server_process_cpu_s": None if process_before is None or process_after is None
            else process_after - process_before,
            "writes": writes_of(server) - writes_before}, value


# ---------------------------------------------------------------------- without a window

def run_headless(server: common.Emulator, session: Any, journal: Any, changes: list[Any],
                 mailboxes: Any, runs: int) -> dict[str, Any]:
    """Preview once, then apply and the flow alone, alternating, each after a reset."""
    from app.fixes.addressing import SCOPES
    from app.fixes.apply import apply, request_of
    from app.fixes.preview import preview

    client = session.service.client
    preview_figures, checked = measured(
        server, lambda: preview(client, changes, mailboxes=mailboxes))
    not_ready = [c for c in checked if not c.ready]
    if not_ready:
        raise SystemExit(f"{len(not_ready)} changes are not ready: {not_ready[0].why}")
    applies, flows = [], []
    for _run in range(runs):
        requests.post(f"{server.base_url}/_emulator/reset", timeout=60).raise_for_status()
        batch = [request_of(c.change, mailboxes, str(at)) for at, c in enumerate(checked)]
        figures, answers = measured(server, lambda b=batch: [
            answer for answered in client.flow(b, scopes=SCOPES) for answer in answered])
        figures["done"] = sum(answer.ok for _sent, answer in answers)
        flows.append(figures)
        requests.post(f"{server.base_url}/_emulator/reset", timeout=60).raise_for_status()
        figures, result = measured(server, lambda: apply(
            client, journal, checked, identity=session.label, what="bench: remove",
            mailboxes=mailboxes))
        figures["done"] = result.count("done")
        applies.append(figures)
    for name, each in (("the flow alone", flows), ("the apply", applies)):
        if any(f["done"] != len(checked) for f in each):
            raise SystemExit(f"Not every removal was done by {name}: "
                             f"{[f['done'] for f in each]} of {len(checked)}.")
    return {"preview": preview_figures, "apply": median_of(applies),
            "flow": median_of(flows), "apply_runs": applies, "flow_runs": flows,
            "reads": len({(c.mailbox, c.calendar_id) for c in changes})}


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the runs (None where a run has none)."""
    return {key: None if any(r[key] is None for r in runs)
            else statistics.median(r[key] for r in runs) for key in runs[0]}


# ---------------------------------------------------------------------- in the window

def run_window(server: common.Emulator, store: Any, session: Any, journal: Any,
               findings: list[Any], runs: int) -> dict[str, Any]:
    """The fix sent from the review window ``runs`` times (the tenant reset before
    each), the GUI thread's stalls measured; the medians over the runs, and the worst."""
    from PySide6.QtWidgets import QApplication

    from app.gui import GUI_SWITCH_INTERVAL_S, route_qt_messages
    from app.tasks import TaskRunner
    from app.views.review_window import ReviewWindow
    from bench.responsiveness import Heartbeat, run_until, settle, warm_up

    route_qt_messages()
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)  # as Deputy's application() sets it
    QApplication.instance() or QApplication(sys.argv[:1])
    warm_up()
    each: list[dict[str, Any]] = []
    with ExitStack() as stack:
        runner = TaskRunner()
        stack.callback(runner.shutdown)
        beat = Heartbeat(HEARTBEAT_MS)
        beat.start()
        stack.callback(beat.stop)
        window = ReviewWindow(store, runner, session=session, journal=journal)
        loaded: list[bool] = []
        window.loaded.connect(lambda: loaded.append(True))
        window.show()
        window.reload()
        run_until(lambda: bool(loaded))
        for _run in range(runs):
            requests.post(f"{server.base_url}/_emulator/reset", timeout=60).raise_for_status()
            settle(50)  # ticks again after the reset, which held this thread, not the window
            each.append(send_from(window, findings, beat, server))
        window.close()
        window.deleteLater()
        settle(50)
    return {"sent": each[0]["sent"], "done": min(r["done"] for r in each),
            "writes": min(r["writes"] for r in each),
            "seconds": statistics.median(r["seconds"] for r in each),
            "preview_seconds": statistics.median(r["preview_seconds"] for r in each),
            **{kind: stalls_over([r[kind] for r in each])
               for kind in ("stalls", "idle_stalls", "preview_stalls")}}


def send_from(window: Any, findings: list[Any], beat: Any,
              server: common.Emulator) -> dict[str, Any]:
    """Fix the selected… on ``findings``: the preview, "Remove the access", the count
    typed, a second idle, Send, until the result shows and the window settles."""
    from bench.responsiveness import run_until, settle

    previewed: list[bool] = []
    asked = time.perf_counter()
    window.on_findings_fix_requested(findings)
    dialog = window.fix_dialog
    assert dialog is not None, "the fix dialog did not open"
    dialog.previewed.connect(lambda: previewed.append(True))
    run_until(lambda: bool(previewed))
    if dialog.action_box.currentIndex() != 0:  # one rule suggested a role: remove
        previewed.clear()
        dialog.action_box.setCurrentIndex(0)
        run_until(lambda: bool(previewed))
    preview_end = time.perf_counter()
    ready = dialog.ready()
    dialog.confirm.setText(str(ready))
    writes_before = writes_of(server)  # asked on this thread: before the clock starts
    idle_start = time.perf_counter()
    settle(IDLE_MS)  # the floor: the timer's jitter on this machine, as loaded now
    idle = beat.stalls(idle_start, time.perf_counter())
    start = time.perf_counter()
    dialog.send_button.click()
    run_until(lambda: dialog.run_result is not None)
    finished = time.perf_counter()
    settle()
    result = dialog.run_result
    stalls = beat.stalls(start, time.perf_counter())
    dialog.close()
    run_until(lambda: window.fix_dialog is None)
    return {"sent": ready, "done": result.count("done"), "seconds": finished - start,
            "writes": writes_of(server) - writes_before, "stalls": stalls, "idle_stalls": idle,
            "preview_seconds": preview_end - asked,
            "preview_stalls": beat.stalls(asked, preview_end)}


def stalls_over(runs: list[Any]) -> dict[str, Any]:
    """The median over the runs of each one's longest stall (a burst of another
    program on a shared machine moves one run, not the median), and the worst."""
    return {"longest_stall_ms": round(statistics.median(r.longest_ms for r in runs), 1),
            "worst_run_ms": round(max(r.longest_ms for r in runs), 1),
            "p99_stall_ms": round(statistics.median(r.p99_ms for r in runs), 1),
            "gaps_over_50ms": sum(r.over_50ms for r in runs),
            "ticks": sum(r.ticks for r in runs), "runs": [r.as_json() for r in runs]}


# ---------------------------------------------------------------------- the run

def measure(removals: int, latency_ms: float, runs: int) -> dict[str, Any]:
    from app.fixes.addressing import Mailboxes
    from app.fixes.plan import Action, plan_rows
    from app.journal import open_journal
    from app.review.scope import scope_of
    from bench.responsiveness import snapshot_of

    mailbox_count = math.ceil(removals * TENANT_PER_REMOVAL)
    with ExitStack() as stack:
        server = stack.enter_context(common.emulator(f"scale:{mailbox_count}"))
        session, store = snapshot_of(server.base_url)  # at no latency: not timed
        stack.callback(store.close)
        stack.callback(session.close)
        journal, _notice = open_journal()
        assert journal is not None, "the change journal did not open"
        stack.callback(journal.close)
        snapshot_id = store.snapshots()[0].id
        findings = chosen_findings(store, snapshot_id, removals)
        if not findings:
            raise SystemExit("The tenant has no removable permission a rule flags.")
        changes = plan_rows([f.row for f in findings], Action(None),
                            store.mailbox_names(snapshot_id))
        mailboxes = Mailboxes(scope_of(session, session.tenant).ids)
        server.set_faults(latency_ms=latency_ms)
        headless = run_headless(server, session, journal, changes, mailboxes, runs)
        window = run_window(server, store, session, journal, findings, runs)
        connections = session.service.client.max_concurrency
    return {"tenant_mailboxes": mailbox_count, "removals": len(changes),
            "mailboxes": len({c.mailbox.casefold() for c in changes}),
            "per_mailbox": Counter(c.mailbox.casefold() for c in changes),
            "per_mailbox_reads": Counter(m.casefold() for m, _ in {
                (c.mailbox, c.calendar_id) for c in changes}),
            "connections": connections, "headless": headless, "window": window}


def results_of(facts: dict[str, Any], latency_ms: float) -> dict[str, Any]:
    latency = latency_ms / 1000
    connections = facts["connections"]
    trips = round_trips(facts["per_mailbox"], connections)
    read_trips = round_trips(facts["per_mailbox_reads"], connections)
    floor_s, read_floor_s = trips * latency, read_trips * latency
    headless, window = facts["headless"], facts["window"]
    apply_s = headless["apply"]["wall_s"]
    stall = window["stalls"]["longest_stall_ms"]
    return {
        "removals": facts["removals"], "mailboxes": facts["mailboxes"],
        "tenant_mailboxes": facts["tenant_mailboxes"],
        "floor": {"writes": facts["removals"], "batches": math.ceil(facts["removals"] / BATCH),
                  "connections": connections, "round_trips": trips, "latency_s": latency,
                  "seconds": floor_s},
        "preview_floor": {"reads": headless["reads"], "round_trips": read_trips,
                          "seconds": read_floor_s},
        "apply": headless["apply"], "flow_alone": headless["flow"],
        "preview": headless["preview"],
        "apply_runs": [r["wall_s"] for r in headless["apply_runs"]],
        "flow_runs": [r["wall_s"] for r in headless["flow_runs"]],
        "window": window,
        "targets": {
            "floor": {"limit_s": FLOOR_TARGET * floor_s, "wall_s": apply_s,
                      "ratio": apply_s / floor_s if floor_s else None,
                      "met": apply_s <= FLOOR_TARGET * floor_s},
            "stall": {"limit_ms": STALL_TARGET_MS, "longest_ms": stall,
                      "met": stall < STALL_TARGET_MS},
        },
    }


HEADER = ("figure", "apply", "flow alone", "preview", "in the window")


def rows_of(results: dict[str, Any]) -> list[tuple[Any, ...]]:
    apply_, flow, preview_ = results["apply"], results["flow_alone"], results["preview"]
    window, floor, reads = results["window"], results["floor"], results["preview_floor"]

    def each(key: str) -> tuple[Any, Any, Any]:
        return apply_[key], flow[key], preview_[key]

    return [
        ("wall time, s", *each("wall_s"), window["seconds"]),
        ("  x its floor", apply_["wall_s"] / floor["seconds"],
         flow["wall_s"] / floor["seconds"], preview_["wall_s"] / reads["seconds"], None),
        ("client CPU, s", *each("client_cpu_s"), None),
        ("writes the emulator served", *each("writes"), window["writes"]),
        ("server CPU (emulator stats), s", *each("server_cpu_s"), None),
        ("emulator process CPU, s", *each("server_process_cpu_s"), None),
        ("longest GUI-thread stall (median of runs), ms", None, None,
         window["preview_stalls"]["longest_stall_ms"], window["stalls"]["longest_stall_ms"]),
        ("  worst run, ms", None, None, window["preview_stalls"]["worst_run_ms"],
         window["stalls"]["worst_run_ms"]),
        ("  idle, for comparison, ms", None, None, None,
         window["idle_stalls"]["longest_stall_ms"]),
        (f"round-trip floor ({floor['round_trips']} x {floor['latency_s'] * 1000:g} ms), s",
         floor["seconds"], floor["seconds"], reads["seconds"], floor["seconds"]),
    ]


def notes_of(results: dict[str, Any], runs: int) -> list[str]:
    floor, reads, targets = results["floor"], results["preview_floor"], results["targets"]
    near, stall = targets["floor"], targets["stall"]
    return [
        f"{results['removals']:,} removals, one in each of {results['mailboxes']:,} mailboxes "
        f"(a tenant of {results['tenant_mailboxes']:,}); apply and the flow alone: medians "
        f"of {runs} run{'s' if runs != 1 else ''} (apply "
        + ", ".join(f"{s:.2f}" for s in results["apply_runs"]) + " s; flow alone "
        + ", ".join(f"{s:.2f}" for s in results["flow_runs"]) + " s).",
        f"Floor for the writes: {floor['writes']:,} DELETEs = {floor['batches']} batches of "
        f"{BATCH} over {floor['connections']} connections, at most {PER_MAILBOX} per mailbox: "
        f"{floor['round_trips']} round trips. The preview's {reads['reads']:,} reads are "
        f"not in it (read before the count is confirmed): {reads['round_trips']} round trips.",
        f"Target: the apply within {FLOOR_TARGET:g}x the floor = {near['limit_s']:.2f} s: "
        f"{near['wall_s']:.2f} s ("
        + (f"{near['ratio']:.2f}x" if near["ratio"] is not None else "no floor")
        + f"), {'met' if near['met'] else 'NOT MET'}.",
        f"Target: the GUI thread never stalls over {STALL_TARGET_MS:g} ms while the apply "
        f"runs from the window (heartbeat every {HEARTBEAT_MS} ms, until the result shows "
        f"and the window settles; the median of the {runs} runs' longest): "
        f"{stall['longest_ms']:.1f} ms, {'met' if stall['met'] else 'NOT MET'} (worst run "
        f"{results['window']['stalls']['worst_run_ms']:.1f} ms; idle, {IDLE_MS / 1000:g} s "
        f"just before each Send: {results['window']['idle_stalls']['longest_stall_ms']:.1f} ms).",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fix_removals",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--removals", type=int, default=1000, metavar="N",
                        help="permissions to remove, one per mailbox")
    parser.add_argument("--latency-ms", type=float, default=50.0, metavar="MS",
                        help="latency the emulator adds to every HTTP request")
    parser.add_argument("--runs", type=int, default=3,
                        help="times apply, the flow alone and the window's Send each run "
                             "(medians shown)")
    args = parser.parse_args(argv)
    if args.removals < 1 or args.runs < 1 or args.latency_ms < 0:
        parser.error("--removals and --runs must be at least 1, --latency-ms not negative")
    info = common.machine()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-fix-") as home:
        os.environ["DEPUTY_HOME"] = home  # settings, snapshots, journal of this run only
        facts = measure(args.removals, args.latency_ms, args.runs)
    results = results_of(facts, args.latency_ms)
    common.report("fix_removals",
                  parameters={"removals": args.removals, "latency_ms": args.latency_ms,
                              "runs": args.runs, "batch_limit": BATCH,
                              "per_mailbox": PER_MAILBOX, "connections": facts["connections"],
                              "emulator": "own process"},
                  results=results, header=HEADER, rows=rows_of(results),
                  notes=notes_of(results, args.runs), machine_info=info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
