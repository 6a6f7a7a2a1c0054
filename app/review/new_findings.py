"""What a scheduled audit asks: which findings are new since the previous snapshot.

A finding is the same in two snapshots when the same rule flags the same person on the
same calendar of the same mailbox; a role that moved within what a rule flags is not
new, a person a rule flags for the first time is. The summary is JSON a monitoring
system reads (``deputy report --format json``): counts by rule and the new rows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from app import __version__
from app.review.findings import Finding, Rule, find
from app.review.snapshot_store import Snapshot, SnapshotStore

FORMAT = 1  # of the JSON summary; raised when a reader would misread a newer one


def rule_name(rule: Rule) -> str:
    """The rule as commands and the JSON name it: "external-above-free-busy"."""
    return rule.name.lower().replace("_", "-")


def findings_of(store: SnapshotStore, snapshot_id: int) -> list[Finding]:
    return find(store.flaggable(snapshot_id), store.delivery_options(snapshot_id))


def _key(finding: Finding) -> tuple[Rule, str, str, str]:
    return (finding.rule, finding.row.mailbox.casefold(), finding.row.calendar_id,
            finding.person.key)


def new_since(older: list[Finding], newer: list[Finding]) -> list[Finding]:
    """The findings of ``newer`` that ``older`` does not have."""
    known = {_key(f) for f in older}
    return [f for f in newer if _key(f) not in known]


def _counts(findings: list[Finding]) -> dict[str, int]:
    counted = Counter(f.rule for f in findings)
    return {rule_name(rule): counted[rule] for rule in Rule}


def _about(snapshot: Snapshot) -> dict[str, Any]:
    return {"id": snapshot.id, "taken_at": snapshot.taken_at, "status": snapshot.state_words,
            "tenant": snapshot.tenant, "mailboxes": snapshot.mailboxes_stored}


def summary(snapshot: Snapshot, findings: list[Finding], older: Snapshot | None,
            new: list[Finding]) -> dict[str, Any]:
    """The JSON of ``deputy report --format json``."""
    return {
        "format": FORMAT,
        "deputy": __version__,
        "snapshot": _about(snapshot),
        "since": _about(older) if older is not None else None,
        "findings": _counts(findings),
        "new_findings": _counts(new) if older is not None else None,
        "new": [{"rule": rule_name(f.rule), "mailbox": f.row.mailbox,
                 "calendar": f.row.calendar_name, "person": f.person.name,
                 "address": f.person.address, "role": f.row.role} for f in new],
    }
