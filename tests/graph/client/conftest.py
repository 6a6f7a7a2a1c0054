"""Clients of Deputy's own Graph library, signed in against the emulator."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import requests

from app.graph.http import GraphClient, RetryPolicy
from app.graph.services import CalendarService
from tests.graph_client import ADMIN_ROLES


class EmulatorTokens:
    """A TokenProvider over the emulator's token endpoint, asking every scope it is asked."""

    def __init__(self, base_url: str, user: str | None) -> None:
        self.base_url, self.username = base_url, user
        self.display_name = user or "Administrator (app-only)"
        self.app_only = user is None
        self.asked: list[list[str]] = []
        self._scopes: set[str] = set()
        self._token: str | None = None

    def access_token(self, scopes: Sequence[str]) -> str:
        self.asked.append(list(scopes))
        if self._token is None or not set(scopes) <= self._scopes:
            self._scopes |= set(scopes)
            body = ({"roles": ADMIN_ROLES} if self.app_only
                    else {"user": self.username, "scopes": sorted(self._scopes)})
            answer = requests.post(f"{self.base_url}/_emulator/token", json=body, timeout=10)
            answer.raise_for_status()
            self._token = answer.json()["access_token"]
        return self._token


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
        client = GraphClient(emulator.base_url, EmulatorTokens(emulator.base_url, user),
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
