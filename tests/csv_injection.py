"""Spreadsheet formulas in other people's words: the attack strings (tests/data/
csv_injection.txt), put into the emulator's tenant as calendar names and outside people's
names, and the check that a CSV Deputy wrote runs none of them."""

from __future__ import annotations

import csv
from pathlib import Path

from app.csv_export import FORMULA_STARTS

PAYLOAD_FILE = Path(__file__).parent / "data" / "csv_injection.txt"
MAILBOX = "ChristieC@contoso.com"
SHARING = ["Calendars.ReadWrite"]


def payloads() -> list[str]:
    """The attack strings, one a line (a carriage return first can't be a line: added)."""
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")] + ["\r=1+1 cr first"]


def plant_payloads(client) -> list[str]:
    """Christie's calendars named with the payloads, each shared with an outsider named
    with one too, through Graph as their owner or a partner would; the payloads."""
    planted = payloads()
    for number, payload in enumerate(planted):
        made = client.post(f"/users/{MAILBOX}/calendars", {"name": payload}, scopes=SHARING)
        assert made.status_code == 201, made.text
        shared = client.post(
            f"/users/{MAILBOX}/calendars/{made.json()['id']}/calendarPermissions",
            {"emailAddress": {"name": payload, "address": f"p{number}@adatum.example"},
             "role": "read"}, scopes=SHARING)
        assert shared.status_code == 201, shared.text
    return planted


def read_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return [cell for row in csv.reader(stream) for cell in row]


def assert_no_formula(path: Path, planted: list[str]) -> None:
    """No cell starts with a formula character; every payload is there, quoted as text."""
    cells = read_cells(path)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    for payload in planted:
        assert f"'{payload}" in cells, f"{payload!r} missing from {path.name}"
