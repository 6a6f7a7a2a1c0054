"""Clients of Deputy's own Graph library, signed in against the emulator."""

from __future__ import annotations

import pytest
import requests

from app.graph.auth.demo import DemoSignIn, DemoTokens
from app.graph.http import GraphClient, RetryPolicy
from app.graph.services import CalendarService


def demo_tokens(base_url: str, user: str | None) -> DemoTokens:
    """The demo sign-in's own TokenProvider, as ``deputy --demo`` uses it."""
    demo = DemoSignIn(base_url)
    return demo.admin_provider() if user is None else demo.provider_for(user)


class RecordedSleep:
    """Stands in for time.sleep in the client: records waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def library(emulator):
    """``library("AdeleV@contoso.com")`` -> (CalendarService, GraphClient, RecordedSleep)."""
    made: list[GraphClient] = []

    def make(user: str | None, **options):
        sleep = RecordedSleep()
        options.setdefault("retry", RetryPolicy(base_delay=0.01, max_delay=0.05))
        client = GraphClient(emulator.base_url, demo_tokens(emulator.base_url, user),
                             sleep=sleep, **options)
        made.append(client)
        return CalendarService(client), client, sleep

    yield make
    for client in made:
        client.close()


def set_faults(emulator, **faults) -> None:
    requests.post(f"{emulator.base_url}/_emulator/faults", json=faults, timeout=5
                  ).raise_for_status()


def emulator_stats(emulator) -> dict:
    return requests.get(f"{emulator.base_url}/_emulator/stats", timeout=5).json()
