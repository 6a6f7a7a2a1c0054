"""Whose snapshots a review offers, and the plain words for what a person can't read."""

from __future__ import annotations

from app.review.limits import OWNER_ONLY, Unreadable, sentences
from app.review.snapshot_store import Snapshot
from app.review.whose import offered
from app.words import counted


def taken(snapshot_id: int, key: str, tenant: str = "Contoso (demo tenant)", *,
          imported: bool = False) -> Snapshot:
    return Snapshot(snapshot_id, "2026-11-21T13:03:00+00:00", None, tenant, key, "all", 1,
                    "complete", identity_key=key,
                    imported_at="2026-11-22T09:00:00+00:00" if imported else None)


EVERYONE = [taken(1, "adelev@contoso.com"), taken(2, "alexw@contoso.com"),
            taken(3, "app-only"), taken(4, "app-only", "contoso.onmicrosoft.com"),
            taken(5, "adelev@contoso.com", "contoso.onmicrosoft.com"),
            taken(6, "meganb@contoso.com", imported=True),
            taken(7, "alexw@contoso.com", "scale:300 (demo tenant)")]


def ids(snapshots) -> list[int]:
    return [s.id for s in snapshots]


def test_each_identity_is_offered_its_own_snapshots_in_its_own_tenant():
    assert ids(offered(EVERYONE, identity_key="adelev@contoso.com",
                       tenant="Contoso (demo tenant)")) == [1, 6]
    # Any demo seed is the demo: deputy sync --demo --seed names the seed.
    assert ids(offered(EVERYONE, identity_key="alexw@contoso.com",
                       tenant="Contoso (demo tenant)")) == [2, 6, 7]
    assert ids(offered(EVERYONE, identity_key="app-only",
                       tenant="contoso.onmicrosoft.com")) == [4, 6]
    # A person on whose computer the administrators' app is set up sees its snapshots.
    assert ids(offered(EVERYONE, identity_key="adelev@contoso.com",
                       tenant="contoso.onmicrosoft.com",
                       admin_tenant="contoso.onmicrosoft.com")) == [4, 5, 6]
    # Offline nobody is signed in: every snapshot on this computer.
    assert ids(offered(EVERYONE, identity_key=None)) == [1, 2, 3, 4, 5, 6, 7]


def test_what_a_person_cannot_read_is_one_plain_sentence_a_kind():
    alex = Unreadable(OWNER_ONLY, "AlexW@contoso.com", "Alex Wilber")
    assert sentences([alex]) == [
        "Alex Wilber's sharing settings: only Alex Wilber or an administrator can read them."]
    many = [Unreadable(OWNER_ONLY, f"p{i}@contoso.com", f"Person {i}") for i in range(5)]
    assert sentences([*many, many[0]]) == [
        "The sharing settings of Person 0, Person 1, Person 2 and 2 others: only each of "
        "them or an administrator can read them."]
    assert sentences([]) == []


def test_counted_nouns():
    assert [counted(n, "mailbox") for n in (0, 1, 2, 1200)] == [
        "0 mailboxes", "1 mailbox", "2 mailboxes", "1,200 mailboxes"]
    assert counted(1, "person") == "1 person" and counted(3, "person") == "3 people"
