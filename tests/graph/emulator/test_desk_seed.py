"""``contoso:desk=ExN``: Adele a delegate of E executives with N events each in the next
four weeks, as the assistant's-desk benchmark needs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.graph.emulator.seed_words import seed_problem
from app.graph.emulator.seeds import build_tenant


def test_the_desk_makes_adele_a_delegate_of_busy_executives():
    tenant = build_tenant("contoso:desk=4x30")
    adele = tenant.person("AdeleV@contoso.com")
    bosses = {p.address for p in tenant.people.values()
              if not p.is_group and p.has_mailbox and any(
                  perm.role.startswith("delegate") and perm.person_key == adele.key
                  for perm in p.mailbox.primary.permissions.values())}
    assert {"AlexW@contoso.com", "PattiF@contoso.com", "exec3@contoso.com",
            "exec4@contoso.com"} <= bosses
    soon = datetime.now(UTC) + timedelta(days=29)
    for address in ("exec3@contoso.com", "exec4@contoso.com"):
        events = tenant.person(address).mailbox.events.values()
        assert len(events) >= 30
        assert all(e.start < soon for e in events)


@pytest.mark.parametrize("seed", ["contoso:desk=0x10", "contoso:desk=5", "contoso:desk=5x-1"])
def test_a_bad_desk_is_refused_saying_how(seed):
    assert "desk=" in (seed_problem(seed) or "")
