"""Architecture rules that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

from app.graph.emulator import meetings, schema
from tests.contract.validator import known_properties

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_graph_package_never_imports_qt():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "app" / "graph").rglob("*.py")
                 if any(name.split(".")[0] in ("PySide6", "shiboken6", "PyQt6", "PyQt5")
                        for name in _imports(p))]
    assert offenders == []


def test_emulator_names_only_real_graph_properties():
    assert known_properties("event") >= meetings.WRITABLE | meetings.READ_ONLY
    assert known_properties("event") >= schema.EVENT
    assert known_properties("calendar") >= schema.CALENDAR
    assert known_properties("calendar", "beta") >= schema.CALENDAR_BETA
    assert known_properties("calendarPermission") >= schema.PERMISSION
    assert known_properties("mailboxSettings") >= schema.MAILBOX_SETTINGS
    assert known_properties("eventMessage") >= schema.MESSAGE - schema.SHARING_MESSAGE_ONLY
    assert known_properties("calendarSharingMessage") >= (
        schema.MESSAGE - schema.EVENT_MESSAGE_ONLY)
