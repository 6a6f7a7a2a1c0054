"""PySide6's check of every later import is undone as Deputy's GUI starts, and Qt's
classes still import as before."""

from __future__ import annotations

import builtins
import importlib
import sys

from app import qt_imports


def test_later_imports_no_longer_read_each_modules_source(monkeypatch):
    monkeypatch.setattr(builtins, "__import__", builtins.__import__)  # put back after
    read: list[str] = []
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None:  # PySide6's check, spied on: it should not run any more
        checks = feature._mod_uses_pyside
        monkeypatch.delitem(feature.pyside_feature_dict, "app.words", raising=False)
        monkeypatch.setattr(feature, "_mod_uses_pyside",
                            lambda module: read.append(module.__name__) or checks(module))
    qt_imports.without_feature_checks()
    assert builtins.__import__.__name__ != qt_imports.FEATURE_IMPORT
    monkeypatch.delitem(sys.modules, "app.words", raising=False)
    importlib.invalidate_caches()
    exec("from app.words import counted", {})  # an import statement, as in a module
    assert read == []
    assert "app.words" in sys.modules


def test_qt_classes_still_import_after(monkeypatch):
    monkeypatch.setattr(builtins, "__import__", builtins.__import__)
    qt_imports.without_feature_checks()
    names: dict[str, object] = {}
    exec("from PySide6.QtWidgets import QSplitter\nfrom PySide6.QtGui import *", names)
    assert names["QSplitter"].__name__ == "QSplitter"
    assert "QColor" in names  # a star import of a module whose classes are made lazily
    assert qt_imports.without_feature_checks() is False  # once is enough
