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
    """Views go through the parts (app.workspace.jobs and the features' parts); none sends a
    request of its own, so every call runs on the task runner."""
    assert _importers("app/views", "app.graph.services", "app.graph.http", "requests",
                      "app.graph.audit") == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _app_imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The app modules ``path`` imports, anywhere in it (a lazy import inside a function
    holds a cycle together as much as one at the top); ``from . import x`` counts as
    importing the module x, not its package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            submodules = {f"{base}.{alias.name}" for alias in node.names} & modules
            found.update(submodules or {base})
    # Importing a module of another package runs that package's __init__ first.
    found |= {package for module in found for package in _packages_of(module)
              if not name.startswith(package + ".")}
    return (found & modules) - {name}


def _packages_of(module: str) -> list[str]:
    """``app.workspace.jobs`` -> ["app.workspace"] (``app`` itself always runs first)."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(2, len(parts))]


def test_app_has_no_import_cycles():
    """A cycle is two modules that can't be understood, tested or moved apart."""
    paths = {_module_name(p): p for p in (ROOT / "app").rglob("*.py")}
    graph = {name: _app_imports(path, name, set(paths)) for name, path in paths.items()}
    cycles, index, low, stack, counter = [], {}, {}, [], [0]

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while (top := stack.pop()) != module:
                component.append(top)
            if component:
                cycles.append(sorted([module, *component]))

    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []


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
