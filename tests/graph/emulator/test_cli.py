"""`deputy-emulator`: prints its base URL first, then serves the seed tenant."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import pytest
import requests


@contextlib.contextmanager
def _running(*args: str):
    """A child process that is stopped, and its pipes closed, whatever the test does."""
    process = subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        yield process
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_emulator_prints_base_url_first_and_serves():
    with _running("-m", "app.graph.emulator.cli", "--port", "0", "--seed", "contoso") as process:
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        token = requests.post(
            f"{base_url}/_emulator/token",
            json={"user": "AdeleV@contoso.com", "scopes": ["Calendars.Read"]},
            timeout=10,
        ).json()["access_token"]
        response = requests.get(
            f"{base_url}/v1.0/me/calendars",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert response.status_code == 200
        assert requests.get(f"{base_url}/beta/me/calendar", timeout=10).status_code == 401


def test_emulator_scale_seed_and_latency():
    with _running(
        "-m", "app.graph.emulator.cli", "--seed", "scale:30:4", "--latency-ms", "5"
    ) as process:
        base_url = process.stdout.readline().strip()
        tenant = requests.get(f"{base_url}/_emulator/tenant", timeout=10).json()
        assert len(tenant["users"]) == 30


def test_emulator_rejects_a_bad_seed():
    result = subprocess.run(
        [sys.executable, "-m", "app.graph.emulator.cli", "--seed", "nowhere"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "Unknown seed 'nowhere'" in result.stderr


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--port", "99999", "99999 is not a port: use 0 to 65535"),
    ("--latency-ms", "inf", "inf is not a latency"),
    ("--latency-ms", "-5", "-5 is not a latency"),
    ("--latency-ms", "nan", "nan is not a latency"),
])
def test_a_bad_value_is_one_sentence_not_a_traceback(option, value, said):
    result = subprocess.run([sys.executable, "-m", "app.graph.emulator.cli", option, value],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert said in result.stderr and "Traceback" not in result.stderr

