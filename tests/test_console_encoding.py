"""``deputy sync`` in a console whose code page lacks characters it prints (Windows's
cp437 or cp1252 lack many of people's names, and ASCII lacks the "·" of its progress):
the line comes out with "?", the sync completes (app.console)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_sync_completes_on_an_ascii_console(tmp_path):
    env = {**os.environ, "DEPUTY_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([sys.executable, "-m", "app", "sync", "--demo", "--as-admin", "--all"],
                            capture_output=True, text=True, encoding="ascii", errors="strict",
                            timeout=120, check=False, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert " ? " in result.stdout  # the progress line's "·", replaced
    assert "complete" in result.stdout
