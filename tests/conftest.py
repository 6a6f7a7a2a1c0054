"""Shared fixtures: the Graph emulator on a free loopback port, and clients for it.

Every test talks HTTP to a real emulator. Every JSON body a test receives is checked
against the Graph contract in ``tests/contract``, so the emulator cannot drift from
Graph without a test failing. And every JSON body any emulator sends during a test,
whoever asked (Deputy's own client too), is read with Microsoft's SDK models
(``tests/contract/sdk_models.py``): a property or value their schema lacks fails the test.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

# Qt must not look for a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import pytest

from app.graph.emulator import EmulatorServer, recording
from app.graph.emulator.quirks import Quirks
from app.offscreen_windows import use_the_system_fonts_offscreen
from tests.contract import sdk_models
from tests.graph_client import GraphTestClient, contract_coverage

# On Windows the offscreen platform finds fonts only where it is told; before any
# QApplication.
use_the_system_fonts_offscreen()

# Sign-in fixtures (fake Entra ID, in-memory keyring) serve the auth and the GUI tests.
pytest_plugins = ["tests.graph.auth.fixtures", "tests.graph.network.fixtures"]


@pytest.fixture(scope="session")
def emulator_server():
    with EmulatorServer("contoso") as server:
        yield server


@pytest.fixture
def emulator(emulator_server):
    """The session's emulator, back to the Contoso seed with no faults for each test.

    It plays the quirks ``DEPUTY_EMULATOR_QUIRKS`` names (the service's, by default); a
    test that needs one quirk on or off says so with ``emulator.set_quirks(...)``.
    """
    profile = Quirks.from_environment()
    emulator_server.reset()
    emulator_server.set_quirks(profile)
    emulator_server.faults = type(emulator_server.faults)()
    yield emulator_server
    emulator_server.faults = type(emulator_server.faults)()
    emulator_server.set_quirks(profile)


@pytest.fixture
def service_profile(emulator):
    """The emulator with the service's quirks whatever DEPUTY_EMULATOR_QUIRKS says: for
    tests that count the Contoso seed's findings as the service shows them (the entry
    for nobody, the mailboxes it can't read); Deputy under the documented profile is
    the other tests' part."""
    emulator.set_quirks(Quirks())
    return emulator


@pytest.fixture
def graph(emulator):
    """A factory of signed-in clients: ``graph("AdeleV@contoso.com", "Calendars.Read")``."""
    clients: list[GraphTestClient] = []

    def sign_in(user: str | None = None, *scopes: str, roles: list[str] | None = None,
                **options) -> GraphTestClient:
        client = GraphTestClient.signed_in(emulator.base_url, user, list(scopes), roles,
                                           **options)
        clients.append(client)
        return client

    yield sign_in
    for client in clients:
        client.close()


@pytest.fixture(autouse=True)
def deputy_home(tmp_path, monkeypatch):
    """Everything Deputy writes (settings, state, log) goes to a folder of the test's own."""
    home = tmp_path / "deputy-home"
    monkeypatch.setenv("DEPUTY_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fail_on_error_logs(caplog):
    """A test fails when anything logs an error it did not expect (qutebrowser's logfail)."""
    caplog.set_level(logging.INFO)
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR
              and not getattr(r, "expected", False)]
    assert not errors, "unexpected error logs: " + "; ".join(r.getMessage() for r in errors)


class _BodiesHeard:
    """Every JSON body the emulators of this process send, until a test reads them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._heard: list[sdk_models.Heard] = []
        self.total = 0
        self.seconds = 0.0  # spent keeping and reading them: the check's cost to the suite

    def __call__(self, sent: recording.SentBody) -> None:
        started = time.perf_counter()
        heard = sdk_models.Heard.of(sent)
        with self._lock:
            self._heard.append(heard)
            self.total += 1
            self.seconds += time.perf_counter() - started

    def take(self) -> list[sdk_models.Heard]:
        with self._lock:
            taken, self._heard = self._heard, []
        return taken


_BODIES = _BodiesHeard()
recording.listen(_BODIES)


@pytest.fixture(autouse=True)
def sdk_models_read_every_body():
    """After each test, Microsoft's SDK models read what the emulator sent during it.

    A failure names the answer (method, route without ids, status), where in the body,
    and what the SDK made of it: a property its model lacks, or a value it drops. What
    an emulator sent between two tests is read after the next one.
    """
    yield
    started = time.perf_counter()
    findings = [f for heard in _BODIES.take() for f in sdk_models.check(heard)]
    _BODIES.seconds += time.perf_counter() - started
    if findings:
        shown = "\n  ".join(dict.fromkeys(str(f) for f in findings))
        pytest.fail(f"Microsoft's Graph SDK models ({sdk_models.sdk_versions()}) cannot take "
                    f"what the emulator sent:\n  {shown}", pytrace=False)


def pytest_terminal_summary(terminalreporter):
    checked, skipped = contract_coverage()
    if checked or skipped:
        terminalreporter.write_line(
            f"Graph contract: {checked} response bodies validated, {skipped} outside the subset."
        )
    if _BODIES.total:
        terminalreporter.write_line(
            f"Graph SDK models ({sdk_models.sdk_versions()}): {_BODIES.total} bodies the "
            f"emulators sent, read with them in {_BODIES.seconds:.1f} s."
        )


_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without the interpreter's final garbage collection.

    With PySide6 6.10 on Python 3.11, collecting the Qt wrappers that hundreds of GUI
    tests leave behind can abort the interpreter ("bool_dealloc") *after* every test
    has passed and the summary is printed, turning a green run red. Exiting here,
    with pytest's own status, skips only that final collection.
    """
    if _EXIT_STATUS and not os.environ.get("DEPUTY_TESTS_FULL_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
