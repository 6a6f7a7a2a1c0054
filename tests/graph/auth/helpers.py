"""Helpers shared by the sign-in tests."""

from __future__ import annotations

import re

import requests

from app.graph.auth import PeopleSignIn
from tests.graph.auth.fake_entra import FakeEntra

CLIENT_ID = "9a1b7e42-3c5d-4f6e-8a9b-0c1d2e3f4a5b"
ADMIN_CLIENT_ID = "4d2c9f10-7b6a-4e3d-9c8b-a1b2c3d4e5f6"


def device_sign_in(people: PeopleSignIn, entra: FakeEntra, user: str, scopes=(),
                   pending_polls: int = 0):
    """Sign ``user`` in with a device code they approve as soon as it is shown."""

    def on_code(message: str) -> None:
        code = re.search(r"enter the code (\w+)", message)
        assert code, message
        entra.approve(code.group(1), user, pending_polls=pending_polls)

    return people.sign_in_device_code(scopes, on_code)


def graph(emulator, token: str, method: str, path: str, **kwargs) -> requests.Response:
    """Call the emulator's Graph with ``token``: the proof that a sign-in worked."""
    return requests.request(method, f"{emulator.base_url}/v1.0{path}",
                            headers={"Authorization": f"Bearer {token}"}, timeout=10, **kwargs)
