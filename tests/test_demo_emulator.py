"""``--emulator URL``, refused as a person meets it: one sentence on stderr, before any
window, never a traceback; and ``deputy sync --demo --emulator`` on a class's tenant."""

from __future__ import annotations

import functools
import http.server
import socket
import threading

import pytest

from app.review import sync
from app.review.snapshot_store import SnapshotStore
from tests.graph_client import ALEX, GraphTestClient
from tests.test_cli import deputy


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args) -> None:
        """Not on the test's stderr."""


@pytest.fixture
def web_server(tmp_path):
    """Something that is no emulator on a loopback port: a folder served over HTTP."""
    (tmp_path / "index.html").write_text("<h1>Intranet</h1>")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def nothing_listening() -> int:
    """A loopback port nothing listens on (free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _refused(result, said: str) -> None:
    assert result.returncode == 2
    assert result.stderr == f"deputy: {said}\n"  # one line, no traceback
    assert result.stdout == ""


@pytest.mark.parametrize("url", ["ftp://127.0.0.1:8400", "127.0.0.1:8400",
                                 "http://trainer:secret@127.0.0.1:8400", "http://:8400",
                                 "http://127.0.0.1:99999"])
def test_an_address_that_is_no_emulators_is_refused(tmp_path, url):
    _refused(deputy("--demo", "--emulator", url, home=tmp_path),
             f"--emulator takes an emulator's address such as http://127.0.0.1:8400, "
             f"not {url!r}.")


def test_nothing_listening_says_how_to_start_one(tmp_path, nothing_listening):
    url = f"http://127.0.0.1:{nothing_listening}"
    _refused(deputy("--demo", "--emulator", url, home=tmp_path),
             f"Nothing answers at {url}: start it with `deputy-emulator --port "
             f"{nothing_listening}`, or leave out --emulator.")


def test_a_web_server_is_not_an_emulator(tmp_path, web_server):
    _refused(deputy("--demo", "--emulator", web_server + "/", home=tmp_path),
             f"{web_server} is not a Deputy emulator.")


def test_a_seed_goes_with_the_demos_own_emulator_only(tmp_path, emulator):
    _refused(deputy("--demo", "--emulator", emulator.base_url, "--seed", "scale:5",
                    home=tmp_path),
             "--seed shapes the emulator the demo starts itself; the one at --emulator is "
             "as it was started.")


def test_the_emulator_goes_with_the_demo(tmp_path, emulator):
    _refused(deputy("--emulator", emulator.base_url, home=tmp_path),
             "--emulator works with --demo.")


def test_sync_refuses_options_of_the_demos_own_emulator(emulator, capsys):
    assert sync.main(["--demo", "--emulator", emulator.base_url, "--latency-ms", "50",
                      "--seed", "scale:5", "--as-admin", "--all"]) == 2
    assert capsys.readouterr().err == (
        "deputy sync: --seed and --latency-ms shape the emulator the demo starts itself; "
        "the one at --emulator is as it was started.\n")


def test_sync_with_nothing_listening_says_so(nothing_listening, capsys):
    url = f"http://127.0.0.1:{nothing_listening}"
    assert sync.main(["--demo", "--emulator", url, "--as-admin", "--all"]) == 2
    assert capsys.readouterr().err == (
        f"deputy sync: Nothing answers at {url}: start it with `deputy-emulator --port "
        f"{nothing_listening}`, or leave out --emulator.\n")


def test_sync_reads_the_class_tenant_with_what_was_staged_in_it(emulator):
    """The trainer shared Alex's calendar with a partner before the class: the
    snapshot of the running emulator has it (the demo's own emulator would not)."""
    alex = GraphTestClient.signed_in(emulator.base_url, ALEX, ["Calendars.ReadWrite"])
    try:
        shared = alex.post("/me/calendar/calendarPermissions", json={
            "emailAddress": {"name": "Training Partner", "address": "partner@fabrikam.com"},
            "role": "read", "isInsideOrganization": False, "isRemovable": True})
        assert shared.status_code == 201, shared.text
    finally:
        alex.close()
    assert sync.main(["--demo", "--emulator", emulator.base_url, "--as-admin", "--all"]) == 0
    store = SnapshotStore(sync.snapshot_file())
    try:
        latest = store.latest()
        assert latest is not None and latest.tenant == "Contoso (demo tenant)"
        partners = [p for p in store.permissions(latest.id)
                    if p.person_address == "partner@fabrikam.com"]
    finally:
        store.close()
    assert [(p.mailbox, p.role) for p in partners] == [(ALEX, "read")]
