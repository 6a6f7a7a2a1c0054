"""The emulator's quirks: chosen by name, all on by default, each with a public source."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from app.graph.emulator.quirks import QUIRKS, Quirks, markdown_table
from tests.graph.emulator.test_cli import _running

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_lists_every_quirk_as_quirks_py_describes_it():
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- quirks table")
    end = text.index("<!-- end of quirks table -->")
    shown = text[text.index("\n", start) + 1 : end].strip()
    assert shown == markdown_table(), (
        "README's quirks table is stale: paste app.graph.emulator.quirks.markdown_table()"
    )


def test_every_quirk_names_where_the_service_is_reported_to_answer_so():
    for quirk in QUIRKS.values():
        assert quirk.sources, quirk.name
        assert all("#" in s or "://" in s for s in quirk.sources), quirk.name


def test_profiles_parse_and_unknown_names_are_refused():
    assert Quirks.parse("service").names == frozenset(QUIRKS)
    assert Quirks.parse("none").names == frozenset()
    one = next(iter(QUIRKS))
    assert Quirks.parse(f" {one} ,").names == {one}
    with pytest.raises(ValueError, match="Unknown quirks: no-such-thing"):
        Quirks.parse("no-such-thing")


def test_control_endpoint_switches_quirks_for_the_next_request(emulator):
    base = emulator.base_url
    everything = requests.get(f"{base}/_emulator/quirks", timeout=10).json()
    assert {q["name"] for q in everything["known"]} == set(QUIRKS)
    assert requests.post(f"{base}/_emulator/quirks", json={"on": []},
                         timeout=10).status_code == 204
    assert requests.get(f"{base}/_emulator/quirks", timeout=10).json()["profile"] == "none"
    refused = requests.post(f"{base}/_emulator/quirks", json={"on": ["nonsense"]}, timeout=10)
    assert refused.status_code == 400 and "Unknown quirks" in refused.json()["error"]["message"]


def test_command_line_chooses_the_profile():
    with _running("-m", "app.graph.emulator.cli", "--quirks", "none") as process:
        base_url = process.stdout.readline().strip()
        answer = requests.get(f"{base_url}/_emulator/quirks", timeout=10).json()
        assert answer["profile"] == "none" and answer["on"] == []
