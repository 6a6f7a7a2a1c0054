"""PySide6 without its check of every module imported after it: some 50 ms of start-up.

Importing PySide6 replaces Python's ``__import__`` with one that serves its optional
``from __feature__ import snake_case, true_property`` syntax. After every import that
follows (some 400 modules as Deputy starts: its own, requests', the standard
library's), that hook reads the imported module's whole source file
(``shibokensupport.feature._mod_uses_pyside`` calls ``inspect.getsource``) to learn
whether it mentions PySide6. Deputy uses no ``__feature__``, so the check answers a
question nobody asks; timed in one start, it cost 50 ms of the 0.6 s to the window
with data. Napari's profile of the same tax: napari/napari#8584.

``without_feature_checks`` puts back the import PySide6 wraps: its own lazy import
(``__lazy_import__``, which makes Qt's classes as they are first imported), so
nothing else changes. It is called once, as the GUI starts, before the app's modules
that use Qt are imported.
"""

from __future__ import annotations

import builtins

FEATURE_IMPORT = "__feature_import__"  # PySide6's wrapper, as ``builtins.__import__``


def without_feature_checks() -> bool:
    """Import PySide6, then undo its ``__feature__`` import hook; True if it was undone
    (False: a PySide6 without it, or the hook already gone)."""
    import PySide6.QtCore  # noqa: F401 - installs the hook undone here

    wrapped = getattr(builtins, "__orig_import__", None)
    if wrapped is None or getattr(builtins.__import__, "__name__", "") != FEATURE_IMPORT:
        return False
    builtins.__import__ = wrapped
    return True
