"""What anyone can send the emulator gets a Graph error back, as from the service:
JSON, a status the service gives, ``request-id`` and ``client-request-id``; never a
closed connection, a hung thread or http.server's HTML page.

The raw requests go over a socket, as a careless or hostile client writes them; the
batches are data (``tests/data/hostile_batches.json``).
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from app.graph.emulator import EmulatorServer
from app.graph.emulator.server import MAX_BODY_BYTES
from tests.graph_client import ALEX

BATCHES = json.loads((Path(__file__).parents[2] / "data" / "hostile_batches.json").read_text())


class RawAnswer:
    """One HTTP answer read off a socket: status, headers (lower-cased names), body."""

    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        self.body = response.read()

    def error(self) -> dict:
        """The Graph error it carries, its shape and request ids checked."""
        assert self.headers["content-type"].startswith("application/json"), self.body
        error = json.loads(self.body)["error"]
        assert error["code"] and error["message"]
        assert error["innerError"]["request-id"] == self.headers["request-id"]
        assert error["innerError"]["date"]
        assert self.headers["client-request-id"]
        return error


def send_raw(base_url: str, data: bytes, *, timeout: float = 10.0) -> RawAnswer:
    """Send ``data`` as it is, then read one answer (a closed connection fails the test)."""
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return RawAnswer(response)


def post_head(path: str, length: str, token: str = "") -> bytes:
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return (
        f"POST {path} HTTP/1.1\r\nHost: emulator\r\n{auth}Content-Type: application/json"
        f"\r\nContent-Length: {length}\r\nclient-request-id: mine-1\r\n\r\n"
    ).encode()


def token(base_url: str) -> str:
    return requests.post(
        f"{base_url}/_emulator/token",
        timeout=10,
        json={"user": ALEX, "scopes": ["Calendars.ReadWrite"]},
    ).json()["access_token"]


@pytest.mark.parametrize("case", BATCHES, ids=[c["case"] for c in BATCHES])
def test_a_batch_graph_cannot_read_is_400_bad_request(emulator, case):
    sent = json.dumps(case["body"]).encode()
    answer = send_raw(
        emulator.base_url,
        post_head("/v1.0/$batch", str(len(sent)), token(emulator.base_url)) + sent,
    )
    assert answer.status == 400
    error = answer.error()
    assert error["code"] == "BadRequest"
    assert case["says"] in error["message"]
    assert answer.headers["client-request-id"] == "mine-1"


def test_a_batch_of_21_requests_is_refused_in_the_services_words(graph):
    batch = {
        "requests": [{"id": str(i), "method": "GET", "url": "/me/calendar"} for i in range(21)]
    }
    answer = graph(ALEX, "Calendars.Read").post("/$batch", batch)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"].startswith(
        "Number of requests inside batch exceeds the limit."
    )


@pytest.mark.parametrize(
    "body",
    [
        {"user": {"upn": ALEX}},
        {"user": ALEX, "scopes": "Calendars.Read"},
        {"user": ALEX, "scopes": [1, 2]},
        {"user": ALEX, "scopes": ["Calendars.Read"], "expires_in": "an hour"},
        {"user": ALEX, "scopes": ["Calendars.Read"], "expires_in": -1},
        {"user": ALEX, "scopes": ["Calendars.Read"], "expires_in": 10**30},
        {"user": ALEX, "scopes": ["Calendars.Read"], "capabilities": "CP1"},
        {"roles": "Calendars.Read"},
        {"roles": ["Calendars.Read"], "client_id": 5},
        ["not", "an", "object"],
    ],
)
def test_a_token_asked_for_with_wrong_types_is_400(emulator, body):
    sent = json.dumps(body).encode()
    answer = send_raw(emulator.base_url, post_head("/_emulator/token", str(len(sent))) + sent)
    assert answer.status == 400
    assert answer.error()["code"] in ("invalid_request", "BadRequest")


@pytest.mark.parametrize("method", ["PUT", "OPTIONS", "TRACE", "PROPFIND", "BREW"])
def test_a_method_graph_does_not_serve_is_405_with_the_ones_it_does(emulator, method):
    connection = http.client.HTTPConnection(urlsplit(emulator.base_url).netloc, timeout=10)
    try:
        connection.request(
            method, "/v1.0/me/calendar", body=b"{}", headers={"Content-Type": "application/json"}
        )
        answer = RawAnswer(connection.getresponse())
    finally:
        connection.close()
    assert answer.status == 405
    assert answer.error()["code"] == "ErrorInvalidRequest"
    assert answer.headers["allow"] == "GET, POST, PATCH, DELETE"


def test_head_is_405_with_the_request_ids_and_no_body(emulator):
    connection = http.client.HTTPConnection(urlsplit(emulator.base_url).netloc, timeout=10)
    try:
        connection.request("HEAD", "/v1.0/me/calendar")
        answer = RawAnswer(connection.getresponse())
    finally:
        connection.close()
    assert answer.status == 405
    assert answer.body == b""
    assert answer.headers["request-id"] and answer.headers["client-request-id"]


@pytest.mark.parametrize(
    ("length", "status", "says"),
    [
        ("-5", 400, "Invalid Content-Length"),
        ("abc", 400, "Invalid Content-Length"),
        ("1e3", 400, "Invalid Content-Length"),
        ("٣", 400, "Invalid Content-Length"),  # a digit, but not an ASCII one
        (str(MAX_BODY_BYTES + 1), 413, "The maximum request length supported is 4MB."),
        ("9" * 40, 413, "The maximum request length supported is 4MB."),
    ],
)
def test_a_bad_content_length_is_answered_before_any_body_is_read(emulator, length, status, says):
    answer = send_raw(
        emulator.base_url, post_head("/v1.0/me/events", length, token(emulator.base_url))
    )
    assert answer.status == status
    error = answer.error()
    assert says in error["message"]
    assert answer.headers["connection"] == "close"


def test_two_different_content_lengths_are_400(emulator):
    head = post_head("/v1.0/me/events", "2", token(emulator.base_url))
    head = head.replace(b"Content-Length: 2\r\n", b"Content-Length: 2\r\nContent-Length: 7\r\n")
    answer = send_raw(emulator.base_url, head + b"{}")
    assert answer.status == 400
    assert "Invalid Content-Length" in answer.error()["message"]


def test_a_chunked_body_is_411_length_required(emulator):
    head = (
        b"POST /v1.0/me/events HTTP/1.1\r\nHost: emulator\r\nTransfer-Encoding: chunked\r\n"
        b"\r\n2\r\n{}\r\n0\r\n\r\n"
    )
    answer = send_raw(emulator.base_url, head)
    assert answer.status == 411
    assert answer.error()["message"] == "A Content-Length header is required on the request."


def test_a_body_shorter_than_announced_and_cut_off_is_400(emulator):
    address = urlsplit(emulator.base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(post_head("/v1.0/me/events", "100", token(emulator.base_url)) + b"{}")
        sock.shutdown(socket.SHUT_WR)  # the client has no more to send
        response = http.client.HTTPResponse(sock)
        response.begin()
        answer = RawAnswer(response)
    assert answer.status == 400
    assert "ended after 2 of the 100 bytes" in answer.error()["message"]


@pytest.fixture(scope="module")
def impatient():
    """An emulator that waits 0.5 s in all for a request's body."""
    with EmulatorServer("contoso", body_timeout_s=0.5) as server:
        yield server


def test_a_body_that_never_comes_is_408_after_the_timeout(impatient):
    started = time.monotonic()
    answer = send_raw(
        impatient.base_url, post_head("/v1.0/me/events", "100", token(impatient.base_url)) + b"{}"
    )
    assert answer.status == 408
    assert answer.error()["code"] == "RequestTimeout"
    assert time.monotonic() - started < 5


def test_a_body_that_trickles_is_408_after_the_timeout_in_all(impatient):
    """A byte now and then resets no clock: the timeout is for the whole body."""
    address = urlsplit(impatient.base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(post_head("/v1.0/me/events", "100", token(impatient.base_url)))
        started = time.monotonic()
        sock.settimeout(0.2)
        answered = b""
        while not answered and time.monotonic() - started < 5:
            sock.sendall(b" ")
            try:
                answered = sock.recv(65536)
            except TimeoutError:
                continue  # nothing yet: send another byte
    assert answered.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 3


def test_a_request_line_http_server_cannot_read_is_a_graph_error(emulator):
    answer = send_raw(emulator.base_url, b"GARBAGE\r\n\r\n")
    assert answer.status == 400
    assert answer.error()["code"] == "BadRequest"


def test_after_all_that_the_emulator_still_serves(emulator, graph):
    for _ in range(3):
        send_raw(emulator.base_url, post_head("/v1.0/$batch", "abc"))
    assert graph(ALEX, "Calendars.Read").get("/me/calendar").status_code == 200
