"""Shared fixtures: the Graph emulator on a free loopback port, and clients for it.

Every test talks HTTP to a real emulator. Every JSON body a test receives is checked
against the Graph contract in ``tests/contract``, so the emulator cannot drift from
Graph without a test failing.
"""

from __future__ import annotations

import logging
import os
import sys

# Qt must not look for a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.graph.emulator import EmulatorServer
from app.graph.emulator.quirks import Quirks
from tests.graph_client import GraphTestClient, contract_coverage

# Sign-in fixtures (fake Entra ID, in-memory keyring) serve the auth and the GUI tests.
pytest_plugins = ["tests.graph.auth.fixtures"]


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


def pytest_terminal_summary(terminalreporter):
    checked, skipped = contract_coverage()
    if checked or skipped:
        terminalreporter.write_line(
            f"Graph contract: {checked} response bodies validated, {skipped} outside the subset."
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
