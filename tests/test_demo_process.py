"""The demo's emulator in a process of its own (app.demo_process): it answers as the
one inside Deputy did, and it never outlives Deputy."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import demo_process
from app.demo_process import EmulatorProcess
from app.graph.auth.demo import DemoSignIn
from tests.views.conftest import LOAD_TIMEOUT_MS


def alive(pid: int) -> bool:
    """The process ``pid`` runs (not a zombie: Linux's /proc says what it is)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    return stat.split(")")[-1].split()[0] != "Z"


def test_the_demos_emulator_answers_from_its_own_process_and_stops_with_it():
    child = EmulatorProcess("contoso")
    try:
        url = child.base_url()
        assert url is not None and url.startswith("http://127.0.0.1:")
        DemoSignIn(url).identify()  # a Deputy emulator answers there
        process = child._process
        assert process is not None and process.pid != os.getpid()
    finally:
        child.stop()
    assert process.returncode == 0  # it stopped by itself once its stdin closed
    assert child.base_url() is None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_it_ends_when_deputy_ends_however_deputy_ends(qtbot):
    """Deputy killed outright (no stop() runs): the emulator sees its stdin close."""
    parent = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import os
        from app.demo_process import EmulatorProcess
        child = EmulatorProcess("contoso")
        print(child.base_url(), child._process.pid, flush=True)
        os._exit(9)  # as a crash: no clean-up at all
    """)], capture_output=True, text=True, timeout=60, check=False)
    assert parent.returncode == 9
    url, pid = parent.stdout.split()
    assert url.startswith("http://")
    qtbot.waitUntil(lambda: not alive(int(pid)), timeout=LOAD_TIMEOUT_MS)


def test_deputy_emulator_runs_the_same_emulator():
    """``deputy emulator`` (a class's shared tenant, where only the frozen app is
    installed) prints the address first, and stops when its stdin closes."""
    with subprocess.Popen([sys.executable, "-m", "app", "emulator", "--seed", "contoso",
                           "--until-stdin-closes"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None and process.stdin is not None
        url = process.stdout.readline().strip()
        DemoSignIn(url).identify()
        process.stdin.close()
        assert process.wait(timeout=30) == 0


def test_an_emulator_that_cannot_start_says_why_in_the_log(monkeypatch, caplog):
    """Then the demo runs its emulator inside Deputy, as before (app.startup)."""
    monkeypatch.setattr(demo_process, "emulator_command", lambda _seed: [
        sys.executable, "-c", "import sys; sys.stderr.write('port 1 is taken\\n'); sys.exit(2)"])
    with caplog.at_level(logging.WARNING, logger="app.demo_process"):
        child = EmulatorProcess("contoso")
        assert child.base_url() is None
    assert "did not start as a process of its own: port 1 is taken" in caplog.text
