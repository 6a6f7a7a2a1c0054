"""The settings, the log, the SQLite stores and every report are the user's alone,
whatever the umask or the folder: mode 0600 on POSIX, an ACL with the user alone on
Windows (tests.platforms.readable_by_the_user_alone says which, and how it reads back)."""

from __future__ import annotations

import logging
import os

import pytest

from app import paths, settings
from app.log_setup import configure_logging
from app.private_files import replacing
from app.private_sqlite import open_private_sqlite
from tests.platforms import WINE_KEEPS_NO_ACL, readable_by_the_user_alone


@pytest.fixture
def open_umask():
    """A umask that lets everyone read what is created, as some machines have."""
    before = os.umask(0o002)
    yield
    os.umask(before)


@WINE_KEEPS_NO_ACL
def test_the_settings_file_stays_user_only_after_qt_rewrites_it(open_umask):
    store = settings.open_store()
    store.setValue("meta/check", "written")
    store.sync()
    assert readable_by_the_user_alone(paths.settings_file())
    assert "written" in paths.settings_file().read_text(encoding="utf-8")


def test_the_log_and_each_rotated_one_are_user_only(open_umask):
    configure_logging()
    log = logging.getLogger("app.test_private_files")
    log.info("Signed in AdeleV@contoso.com")
    assert readable_by_the_user_alone(paths.log_file())
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "deputy", False)
                   and hasattr(h, "doRollover"))
    handler.doRollover()
    log.info("after the rotation")
    assert readable_by_the_user_alone(paths.log_file())
    assert readable_by_the_user_alone(paths.log_file().with_name(paths.log_file().name + ".1"))


def test_a_report_that_replaces_another_file_is_the_users_alone(open_umask, tmp_path):
    report = tmp_path / "permissions.csv"
    report.write_text("written by someone else, readable by all\n", encoding="utf-8")
    with replacing(report, encoding="utf-8", newline="") as out:
        out.write("Mailbox,Calendar,Who,Role\n")
    assert readable_by_the_user_alone(report)
    assert report.read_text(encoding="utf-8").startswith("Mailbox,")


def test_a_private_sqlite_file_is_the_users_alone(open_umask, tmp_path):
    path = tmp_path / "notes.db"
    db, _ = open_private_sqlite(path, "CREATE TABLE IF NOT EXISTS notes (text TEXT);", 1,
                                what="The notes")
    db.close()
    assert readable_by_the_user_alone(path)
