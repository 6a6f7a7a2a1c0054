"""The settings file carries its format's version, and each release's upgrade step
runs once on an older file, in order; a newer Deputy's file is read as it is."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app import paths, settings


def _file(tmp_path, lines: str) -> QSettings:
    path = tmp_path / "deputy.ini"
    path.write_text(lines, encoding="utf-8")
    return QSettings(str(path), QSettings.Format.IniFormat)


def _rename_view(store: QSettings) -> None:
    """A format-2 change, as a release would write one: the last view's key moved."""
    if store.contains("window/last_view"):
        store.setValue("window/view", store.value("window/last_view"))
        store.remove("window/last_view")


def test_a_new_file_is_marked_with_the_current_format():
    store = settings.open_store()
    assert int(store.value(settings.VERSION_KEY)) == settings.SETTINGS_VERSION
    assert paths.settings_file().exists()


def test_an_older_file_is_upgraded_once_and_keeps_the_rest(tmp_path):
    store = _file(tmp_path, "[meta]\nversion=1\n[window]\nlast_view=sharing\n"
                            "[signin]\ntenant=contoso.onmicrosoft.com\n")
    settings.upgrade(store, {1: _rename_view}, current=2)
    assert settings.WINDOW_VIEW.read(store) == "sharing"
    assert not store.contains("window/last_view")
    assert settings.TENANT.read(store) == "contoso.onmicrosoft.com"
    assert int(store.value(settings.VERSION_KEY)) == 2
    store.setValue("window/last_view", "meetings")  # a step never runs twice
    settings.upgrade(store, {1: _rename_view}, current=2)
    assert settings.WINDOW_VIEW.read(store) == "sharing"


def test_a_newer_deputys_file_is_read_as_it_is_and_never_marked_older(tmp_path):
    store = _file(tmp_path, "[meta]\nversion=7\n[window]\nview=messages\n")
    settings.upgrade(store, {1: _rename_view}, current=2)
    assert int(store.value(settings.VERSION_KEY)) == 7
    assert settings.WINDOW_VIEW.read(store) == "messages"


def test_an_unreadable_mark_counts_as_the_first_format(tmp_path):
    store = _file(tmp_path, "[meta]\nversion=banana\n[window]\nlast_view=calendars\n")
    settings.upgrade(store, {1: _rename_view}, current=2)
    assert settings.WINDOW_VIEW.read(store) == "calendars"
    assert int(store.value(settings.VERSION_KEY)) == 2


def test_what_one_identity_remembers_is_not_anothers(tmp_path):
    store = _file(tmp_path, "")
    settings.PINNED.write(store, "AdeleV@contoso.com", '[{"address": "a@b.c"}]')
    assert settings.PINNED.read(store, "AdeleV@contoso.com") == '[{"address": "a@b.c"}]'
    assert settings.PINNED.read(store, "MeganB@contoso.com") == "[]"
    assert settings.PINNED.key("AdeleV@contoso.com") == "state/AdeleV_at_contoso.com/pinned"


def test_the_same_choice_again_leaves_the_file_alone(tmp_path):
    """Each start selects the mailbox and calendar of last time: that is no change, and
    the file is not written (and flushed to disk) again on the GUI thread for it."""
    path = tmp_path / "deputy.ini"
    store = QSettings(str(path), QSettings.Format.IniFormat)
    settings.LAST_MAILBOX.write(store, "adelev@contoso.com", "alexw@contoso.com")
    settings.NOTIFY.write(store, False)
    store.sync()
    written = path.stat().st_mtime_ns
    settings.LAST_MAILBOX.write(store, "adelev@contoso.com", "alexw@contoso.com")
    settings.NOTIFY.write(store, False)
    store.sync()
    assert path.stat().st_mtime_ns == written
    settings.LAST_MAILBOX.write(store, "adelev@contoso.com", "pattif@contoso.com")
    store.sync()
    assert settings.LAST_MAILBOX.read(store, "adelev@contoso.com") == "pattif@contoso.com"
    assert path.stat().st_mtime_ns != written
