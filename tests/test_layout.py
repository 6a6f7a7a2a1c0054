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


def _importers(folder: str, *prefixes: str) -> list[str]:
    """The files under ``folder`` that import a module starting with one of ``prefixes``."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*.py")
                  if any(name == prefix or name.startswith(prefix + ".")
                         for name in _imports(p) for prefix in prefixes))


def test_the_review_is_qt_free_so_reports_and_syncs_run_headless():
    assert _importers("app/review", "PySide6", "shiboken6") == []


def test_models_hold_data_and_never_widgets():
    assert _importers("app/models", "PySide6.QtWidgets") == []


def test_views_never_call_graph_themselves():
    """Views go through the parts (app.jobs and the features' parts); none sends a
    request of its own, so every call runs on the task runner."""
    assert _importers("app/views", "app.graph.services", "app.graph.http", "requests",
                      "app.graph.audit") == []


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
