"""The command lines: ``deputy-emulator`` prints its base URL first, ``deputy --demo`` serves."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

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


def test_deputy_demo_serves_the_contoso_tenant():
    with _running("-m", "app", "--demo", "--as", "AdeleV@contoso.com") as process:
        first = process.stdout.readline()
        assert "Contoso tenant at http://127.0.0.1:" in first
        base_url = first.rsplit(" ", 1)[-1].strip()
        tenant = requests.get(f"{base_url}/_emulator/tenant", timeout=10).json()
        assert "AdeleV@contoso.com" in [u["userPrincipalName"] for u in tenant["users"]]
        assert "window comes next" in process.stdout.readline()


def test_deputy_without_demo_says_what_to_do():
    result = subprocess.run(
        [sys.executable, "-m", "app"], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 2
    assert "deputy --demo" in result.stderr


def test_tenant_and_client_id_are_checked_and_kept(tmp_path):
    env = {**os.environ, "DEPUTY_HOME": str(tmp_path)}

    def deputy(*args):
        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                              text=True, timeout=30, check=False, env=env)

    bad = deputy("--tenant", "contoso", "--client-id", "nope")
    assert bad.returncode == 2
    assert "tenant is a domain" in bad.stderr
    good = deputy("--tenant", "contoso.onmicrosoft.com",
                  "--client-id", "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab")
    assert good.returncode == 0, good.stderr
    saved = (tmp_path / "config" / "deputy.ini").read_text()
    assert "contoso.onmicrosoft.com" in saved
    assert "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab" in saved
    again = deputy("--client-id", "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab")
    assert again.returncode == 0
    assert "contoso.onmicrosoft.com" in again.stdout
