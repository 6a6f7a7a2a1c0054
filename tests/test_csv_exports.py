"""One CSV writer for every export (app/csv_export.py): cells a spreadsheet would run as
a formula are written as text, everything else byte for byte; and ``deputy report
--format csv`` on a tenant whose calendar names and outside people's names carry the
attack strings of tests/data/csv_injection.txt writes none of them as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from app.csv_export import spreadsheet_safe, write_rows
from app.graph.emulator import EmulatorServer
from app.review.snapshot_store import SnapshotStore
from tests.csv_injection import assert_no_formula, payloads, plant_payloads
from tests.test_report import deputy, sync
from tests.test_snapshots import admin_client


@pytest.mark.parametrize("payload", payloads())
def test_a_formula_is_written_as_text(payload):
    assert spreadsheet_safe(payload) == f"'{payload}"


@pytest.mark.parametrize("cell", ["Adele Vance", "O'Brien, Pat", "a=b", "1+1", "Kids parties",
                                  "'=already quoted", " =leading space", "", "Zoë Ångström",
                                  "évènement — 会議", "x\r\ny", "x\t@y"])
def test_other_cells_are_written_byte_for_byte(cell, tmp_path):
    assert spreadsheet_safe(cell) == cell
    path = tmp_path / "plain.csv"
    assert write_rows(path, [["Header"], [cell]]) == 2
    plain = io.StringIO(newline="")  # what the csv module writes with no neutralising
    csv.writer(plain).writerows([["Header"], [cell]])
    assert path.read_bytes() == ("\ufeff" + plain.getvalue()).encode("utf-8")


def test_deputy_report_csv_writes_hostile_names_as_text(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("DEPUTY_HOME", str(home))
    from app.paths import snapshot_file  # the path under this DEPUTY_HOME

    store = SnapshotStore(snapshot_file())
    try:
        with EmulatorServer("contoso") as server:
            client = admin_client(server.base_url)
            try:
                planted = plant_payloads(client)
            finally:
                client.close()
            sync(server, store)
    finally:
        store.close()

    for table in ("matrix", "findings"):
        out = tmp_path / f"{table}.csv"
        result = deputy("report", "--format", "csv", "--table", table, "--out", str(out),
                        home=home)
        assert result.returncode == 0, result.stderr
        assert_no_formula(out, planted)
