"""The settings and the log are the user's alone (0600), whatever the umask."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from app import paths, settings
from app.log_setup import configure_logging

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


@pytest.fixture
def open_umask():
    """A umask that lets everyone read what is created, as some machines have."""
    before = os.umask(0o002)
    yield
    os.umask(before)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_settings_file_stays_user_only_after_qt_rewrites_it(open_umask):
    store = settings.open_store()
    store.setValue("meta/check", "written")
    store.sync()
    assert _mode(paths.settings_file()) == 0o600
    assert "written" in paths.settings_file().read_text(encoding="utf-8")


def test_the_log_and_each_rotated_one_are_user_only(open_umask):
    configure_logging()
    log = logging.getLogger("app.test_private_files")
    log.info("Signed in AdeleV@contoso.com")
    assert _mode(paths.log_file()) == 0o600
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "deputy", False)
                   and hasattr(h, "doRollover"))
    handler.doRollover()
    log.info("after the rotation")
    assert _mode(paths.log_file()) == 0o600
    assert _mode(paths.log_file().with_name(paths.log_file().name + ".1")) == 0o600
