"""``deputy``'s command line, run as a user runs it: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app import cli, settings
from app.gui import application

CLIENT_ID = "5f3c7a8e-0d2b-4e6a-9c1f-0123456789ab"


def deputy(*args: str, home) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEPUTY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          timeout=120, check=False, env=env)


def test_screenshot_of_the_calendars_view(tmp_path):
    picture = tmp_path / "calendars.png"
    result = deputy("--demo", "--as", "AdeleV@contoso.com", "--screenshot", str(picture),
                    home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing unexpected: the smoke test of the frozen app relies on it
    image = QImage(str(picture))
    assert image.width() >= 800 and image.height() >= 500
    # Words, not empty boxes: the check the smoke test runs on the frozen app's picture.
    checker = Path(__file__).resolve().parent.parent / "packaging" / "picture_check.py"
    shows = subprocess.run([sys.executable, str(checker), str(picture)], capture_output=True,
                           text=True, timeout=60, check=False)
    assert shows.returncode == 0, shows.stderr


def test_screenshot_of_the_administrators_sharing_view(tmp_path):
    picture = tmp_path / "sharing.png"
    result = deputy("--demo", "--as-admin", "--screenshot", str(picture), "--view", "sharing",
                    home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert picture.stat().st_size > 10_000


def test_screenshot_fails_with_the_reason(tmp_path):
    result = deputy("--demo", "--as", "nobody@contoso.com", "--screenshot",
                    str(tmp_path / "x.png"), home=tmp_path / "home")
    assert result.returncode == 1
    assert "nobody@contoso.com can't sign in" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_as_admin_needs_the_demo(tmp_path):
    result = deputy("--as-admin", home=tmp_path / "home")
    assert result.returncode == 2
    assert "--as-admin works with --demo" in result.stderr


@pytest.mark.parametrize(("seed", "said"), [
    ("scale:-1", "scale:N needs N from 1 to 100,000 mailboxes"),
    ("scale:0", "scale:N needs N from 1 to 100,000 mailboxes"),
    ("scale:100001", "scale:N needs N from 1 to 100,000 mailboxes"),
    ("scale:abc", "use scale:N, scale:N:RANDOMSEED"),
    ("scale:1:2:3", "use scale:N, scale:N:RANDOMSEED"),
    ("nosuch", "Unknown seed 'nosuch': use contoso or scale:N."),
    ("contoso:messages=lots", "use messages=N with a whole number"),
])
def test_a_demo_tenant_deputy_cant_build_is_refused_in_one_sentence(tmp_path, seed, said):
    result = deputy("--demo", "--seed", seed, home=tmp_path / "home")
    assert result.returncode == 2
    assert result.stderr.startswith("deputy: ") and said in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_client_id_is_refused(tmp_path):
    result = deputy("--tenant", "contoso", "--client-id", "nope", home=tmp_path / "home")
    assert result.returncode == 2
    assert "tenant is a domain" in result.stderr


def test_organizations_is_refused_for_the_single_tenant_registration(tmp_path):
    result = deputy("--tenant", "organizations", "--client-id", CLIENT_ID,
                    home=tmp_path / "home")
    assert result.returncode == 2
    assert "Microsoft refuses 'organizations' for such an app (AADSTS50194)" in result.stderr


def test_tenant_and_client_id_are_kept():
    assert cli.save_tenant("contoso.onmicrosoft.com", CLIENT_ID) is None
    store = settings.open_store()
    assert settings.TENANT.read(store) == "contoso.onmicrosoft.com"
    assert settings.CLIENT_ID.read(store) == CLIENT_ID
    assert cli.save_tenant(None, "not-a-guid")  # a problem, and nothing overwritten
    assert settings.CLIENT_ID.read(settings.open_store()) == CLIENT_ID


def test_screenshots_of_the_meetings_views_and_the_compose_dialog(tmp_path):
    for view in ("meetings", "messages", "compose"):
        picture = tmp_path / f"{view}.png"
        result = deputy("--demo", "--as", "AdeleV@contoso.com", "--mailbox",
                        "AlexW@contoso.com", "--screenshot", str(picture), "--view", view,
                        home=tmp_path / "home")
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert QImage(str(picture)).width() >= 600


def test_screenshots_of_the_review_views_online_then_offline(tmp_path):
    """The first review syncs (there is no snapshot yet); offline then shows that one."""
    home = tmp_path / "home"
    for view in ("review", "findings", "changes"):
        picture = tmp_path / f"{view}.png"
        result = deputy("--demo", "--as-admin", "--screenshot", str(picture), "--view", view,
                        home=home)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert QImage(str(picture)).width() >= 800
    offline = tmp_path / "offline.png"
    result = deputy("--offline", "--screenshot", str(offline), "--view", "review", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert QImage(str(offline)).width() >= 800


def test_the_application_carries_deputys_icon_at_every_drawn_size(qapp):
    sizes = application().windowIcon().availableSizes()
    assert {s.width() for s in sizes} >= {16, 32, 48, 256}


def test_an_offline_review_loads_no_network_code(tmp_path):
    """Reading a snapshot offline needs neither requests nor MSAL: loading them held the
    review's start some 100 ms (a sync, a fix or a sign-in loads them when asked)."""
    home = tmp_path / "home"
    synced = deputy("--demo", "--as-admin", "--screenshot", str(tmp_path / "online.png"),
                    "--view", "review", home=home)
    assert synced.returncode == 0, synced.stderr
    shown = ("import sys; from app import cli; "
             "code = cli.main(['--offline', '--screenshot', sys.argv[1], '--view', 'review']); "
             "print(code, sorted(m for m in ('requests', 'msal', 'urllib3') if m in sys.modules))")
    env = {**os.environ, "DEPUTY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", shown, str(tmp_path / "offline.png")],
                            capture_output=True, text=True, timeout=120, check=False, env=env)
    assert result.stdout.strip().splitlines()[-1] == "0 []", result.stderr
    assert QImage(str(tmp_path / "offline.png")).width() >= 800
