"""Skip conditions that name a platform difference, for the tests that can't run
everywhere (the Windows build's tests run under Wine: packaging/windows)."""

from __future__ import annotations

import os

import pytest

# A named pipe in the file system is POSIX's (os.mkfifo); Windows's live in \\.\pipe\,
# which no file dialog or --out reaches. The refusal of a device is tested everywhere.
POSIX_NAMED_PIPES = pytest.mark.skipif(
    not hasattr(os, "mkfifo"),
    reason="Windows has no named pipe in the file system (os.mkfifo)")
