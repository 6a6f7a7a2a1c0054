"""The demo's Graph emulator in a process of its own, started as ``deputy --demo`` starts.

Inside Deputy's process, the emulator's modules and seed (about 150 ms) held the start,
and each request it answered took its turn at the interpreter lock the window needs.
As a child it loads on the other core while Deputy loads Qt, and answers while the
window draws, as Microsoft 365 does from its own computers.

It ends with Deputy: it watches its stdin (``deputy-emulator --until-stdin-closes``),
whose other end Deputy holds until it exits, whatever way it exits. Should it fail to
start, the demo runs its emulator inside Deputy as before, and the log says why.

Not from the frozen app: there a second process of Deputy's own (``deputy emulator``)
runs PyInstaller's bootloader and its runtime hooks, QtCore's import among them, and
printed its address after 0.39 s against 0.24 s from source; the frozen demo started
0.2-0.3 s later with it than with the emulator inside (``bench.startup``, load 3-4).
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
import threading

log = logging.getLogger(__name__)

# How long the demo waits for the child's address, once Deputy needs it: a cold start
# of the child on a slow disk takes seconds, never this long.
ADDRESS_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 5.0


def emulator_command(seed: str) -> list[str]:
    """How Deputy from source runs ``deputy-emulator`` (``CREATE_NO_WINDOW`` keeps a
    Windows console out of sight)."""
    return [sys.executable, "-m", "app.graph.emulator.cli", "--seed", seed,
            "--until-stdin-closes"]


class EmulatorProcess:
    """A ``deputy-emulator`` child; ``base_url()`` waits for its address.

    A thread reads the address it prints first, then passes on what it writes to
    stderr to Deputy's log (read, so that its pipe never fills and stops it)."""

    def __init__(self, seed: str) -> None:
        self._url: str | None = None
        self._answered = threading.Event()
        self._words = ""  # what it said instead of an address
        self._listener: threading.Thread | None = None
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                emulator_command(seed), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, creationflags=flags)
        except OSError as exc:
            log.warning("The demo's emulator could not start as a process of its own: %s",
                        exc)
            self._process = None
            return
        self._listener = threading.Thread(target=self._listen, args=(self._process,),
                                          daemon=True, name="demo-emulator-output")
        self._listener.start()

    def _listen(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None and process.stderr is not None
        with process.stdout, process.stderr, contextlib.suppress(OSError, ValueError):
            line = process.stdout.readline().decode("utf-8", "replace").strip()
            if line.startswith("http://"):
                self._url = line
            else:
                self._words = process.stderr.read().decode("utf-8", "replace").strip()
            self._answered.set()
            for said in process.stderr:
                log.warning("The demo's emulator: %s", said.decode("utf-8", "replace").rstrip())
        self._answered.set()

    def base_url(self, timeout_s: float = ADDRESS_TIMEOUT_S) -> str | None:
        """Its address, once it prints it; None if it could not start (the log says
        why)."""
        if self._process is None or not self._answered.wait(timeout_s) or self._url is None:
            if self._process is not None:
                words = self._words.splitlines()[-1:] or ["no address in time"]
                log.warning("The demo's emulator did not start as a process of its own: %s",
                            words[0])
                self.stop()
            return None
        return self._url

    def stop(self) -> None:
        """Close its stdin (it stops by itself) and wait; kill it if it does not."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self._listener is not None:
            self._listener.join(STOP_TIMEOUT_S)  # its pipes closed
