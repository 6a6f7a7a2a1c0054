"""The loopback listener accepts only the sign-in answer it waits for."""

from __future__ import annotations

import requests

from app.graph.auth import Cancellation
from app.graph.auth.loopback import LoopbackReceiver

AUTH_URI = "https://login.example/authorize?client_id=x&state=s-123&response_mode=form_post"


def redirect(receiver: LoopbackReceiver) -> str:
    return f"http://127.0.0.1:{receiver.port}/"


def test_a_posted_answer_with_the_right_state_is_accepted_after_a_forged_one():
    statuses: list[int] = []

    def browser(url: str) -> bool:
        assert url == AUTH_URI
        forged = requests.post(redirect(receiver), data={"code": "evil", "state": "other"},
                               timeout=10)
        real = requests.post(redirect(receiver), data={"code": "good", "state": "s-123"},
                             timeout=10)
        statuses.extend([forged.status_code, real.status_code])
        return True

    with LoopbackReceiver(browser) as receiver:
        answer = receiver.get_auth_response(auth_uri=AUTH_URI, state="s-123", timeout=30)

    assert answer == {"code": "good", "state": "s-123"}
    assert statuses == [400, 200]
    assert receiver.outcome == "answered"


def test_a_code_in_the_query_is_refused_when_form_post_was_asked():
    def browser(url: str) -> bool:
        refused = requests.get(redirect(receiver), params={"code": "c", "state": "s-123"},
                               timeout=10)
        assert refused.status_code == 400
        return True

    with LoopbackReceiver(browser) as receiver:
        assert receiver.get_auth_response(auth_uri=AUTH_URI, state="s-123", timeout=0) is None
    assert receiver.outcome == "timed out"


def test_older_msal_asking_for_the_query_response_mode_is_served():
    query_uri = "https://login.example/authorize?client_id=x&state=s-1"

    def browser(url: str) -> bool:
        answer = requests.get(redirect(receiver), params={"code": "c", "state": "s-1"},
                              timeout=10)
        assert answer.status_code == 200
        assert "signed in" in answer.text
        return True

    with LoopbackReceiver(browser) as receiver:
        assert receiver.get_auth_response(auth_uri=query_uri, state="s-1", timeout=30) == {
            "code": "c", "state": "s-1"}


def test_an_error_answer_is_returned_for_msal_to_report():
    def browser(url: str) -> bool:
        requests.post(redirect(receiver), timeout=10, data={
            "error": "access_denied", "error_description": "<b>declined</b>", "state": "s-123"})
        return True

    with LoopbackReceiver(browser) as receiver:
        answer = receiver.get_auth_response(auth_uri=AUTH_URI, state="s-123", timeout=30)

    assert answer is not None and answer["error"] == "access_denied"


def test_nothing_is_accepted_before_the_sign_in_starts():
    with LoopbackReceiver(lambda url: True) as receiver:
        early = requests.post(redirect(receiver), data={"code": "c", "state": "s-123"},
                              timeout=10)
        assert early.status_code == 400
        assert receiver.get_auth_response(auth_uri=AUTH_URI, state="s-123", timeout=0) is None


def test_cancelling_ends_the_wait_without_an_answer():
    cancellation = Cancellation()

    with LoopbackReceiver(lambda url: cancellation.cancel(), cancellation) as receiver:
        assert receiver.get_auth_response(auth_uri=AUTH_URI, state="s-123", timeout=10) is None

    assert receiver.outcome == "cancelled"


def test_the_listener_is_on_loopback_only_and_closes():
    with LoopbackReceiver(lambda url: True) as receiver:
        host = receiver._server.server_address[0]
        port = receiver.port
    assert host == "127.0.0.1"
    try:
        requests.get(f"http://127.0.0.1:{port}/", timeout=2)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("the listener still answers after close()")
