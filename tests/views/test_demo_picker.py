"""The demo picker lists the emulator's people (fetched off the GUI thread) and the admin."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.graph.auth.demo import DemoSignIn
from app.tasks import TaskRunner
from app.views.demo_picker import DemoPickerDialog


def _people(qtbot, emulator):
    runner, outcomes = TaskRunner(), []
    runner.run("demo people", lambda task: DemoSignIn(emulator.base_url).people(),
               outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    runner.shutdown()
    return outcomes[0].value


def test_pick_a_person_with_the_keyboard(qtbot, emulator):
    dialog = DemoPickerDialog(_people(qtbot, emulator))
    qtbot.addWidget(dialog)
    names = [dialog.people_list.item(i).text().split(" —")[0]
             for i in range(dialog.people_list.count())]
    assert names[-1] == "Administrator (app-only)"
    assert "Adele Vance" in names
    dialog.choose("AdeleV@contoso.com")
    qtbot.keyClick(dialog.people_list, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen().username == "AdeleV@contoso.com"


def test_choose_the_administrator(qtbot, emulator, tmp_path):
    dialog = DemoPickerDialog(_people(qtbot, emulator))
    qtbot.addWidget(dialog)
    dialog.choose(None)
    assert dialog.chosen().app_only
    dialog.show()
    qtbot.waitExposed(dialog)
    folder = Path(os.environ.get("DEPUTY_SCREENSHOTS", tmp_path))
    assert dialog.grab().save(str(folder / "demo-picker.png"))
