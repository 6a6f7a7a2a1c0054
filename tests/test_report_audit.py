"""``deputy report --since`` for scheduled audits: exit code 3 when a rule has new
findings since the earlier snapshot, 0 when not, and JSON a monitoring system reads."""

from __future__ import annotations

import json

from app import cli
from tests.fixes.helpers import OUTSIDER, share


def deputy(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def sync(emulator, capsys) -> None:
    code, _, err = deputy(capsys, "sync", "--demo", "--emulator", emulator.base_url,
                          "--as-admin", "--all")
    assert code == 0, err


def test_report_since_exits_3_on_new_findings_and_0_when_nothing_is_new(
        emulator, capsys, tmp_path):
    sync(emulator, capsys)
    sync(emulator, capsys)
    code, out, err = deputy(capsys, "report", "--since", "previous", "--format", "json")
    assert (code, err) == (0, "")
    summary = json.loads(out)  # stdout is the JSON alone
    assert (summary["snapshot"]["id"], summary["since"]["id"]) == (2, 1)
    assert summary["new"] == [] and set(summary["new_findings"].values()) == {0}
    assert summary["findings"]["delegate-with-private"] == 2
    share(emulator, "AlexW@contoso.com", "Calendar", OUTSIDER, "read")
    sync(emulator, capsys)
    out_file = tmp_path / "audit.json"
    code, out, err = deputy(capsys, "report", "--since", "previous", "--format", "json",
                            "--out", str(out_file))
    assert (code, err) == (3, "")
    assert out == f"Wrote the findings of snapshot 3 (1 new finding) to {out_file}.\n"
    summary = json.loads(out_file.read_text(encoding="utf-8"))
    assert summary["new"] == [{"rule": "external-above-free-busy",
                               "mailbox": "AlexW@contoso.com", "calendar": "Calendar",
                               "person": OUTSIDER, "address": OUTSIDER, "role": "read"}]
    assert summary["new_findings"]["external-above-free-busy"] == 1
    for fmt in ("html", "csv"):
        code, _, err = deputy(capsys, "report", "--since", "2", "--format", fmt,
                              "--out", str(tmp_path / f"r.{fmt}"))
        assert (code, err) == (3, ""), fmt
    code, _, _ = deputy(capsys, "report", "--since", "1", "--format", "html", "--out",
                        str(tmp_path / "r.html"))
    assert code == 3
    # Without --since, a report is a report: 0.
    code, _, _ = deputy(capsys, "report", "--out", str(tmp_path / "r.html"))
    assert code == 0
