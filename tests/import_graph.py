"""Which parts of app/ import which: ``python -m tests.import_graph`` prints each
feature folder (or top-level module) and what it imports, with the number of imports,
so a change to the code's shape can be read before and after."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.test_layout import ROOT, _app_imports, _module_name


def _part(module: str) -> str:
    """``app.review.sync`` -> ``app/review``; ``app.graph.auth.msal`` -> ``app/graph/auth``
    (the client's own folders apart); ``app.tasks`` -> ``app/tasks.py``."""
    parts = module.split(".")
    if parts == ["app"]:
        return "app/__init__.py"
    depth = 3 if parts[1:2] == ["graph"] and len(parts) > 3 else 2
    folder = parts[:depth]
    if len(parts) > 1 and (ROOT / Path(*folder)).is_dir():
        return "/".join(folder)
    return "/".join(parts) + ".py"


def edges() -> Counter[tuple[str, str]]:
    paths = {_module_name(p): p for p in (ROOT / "app").rglob("*.py")}
    found: Counter[tuple[str, str]] = Counter()
    for name, path in paths.items():
        for imported in _app_imports(path, name, set(paths)):
            if _part(name) != _part(imported):
                found[(_part(name), _part(imported))] += 1
    return found


if __name__ == "__main__":
    graph = edges()
    for source in sorted({s for s, _t in graph}):
        targets = sorted((t, n) for (s, t), n in graph.items() if s == source)
        print(f"{source} -> " + ", ".join(f"{t} ({n})" for t, n in targets))
