"""What a person sees when Deputy meets an error nobody planned for.

It says what happened in words, that Deputy is still running, what to check, and where
the details are; "Copy details" puts the traceback on the clipboard for a support
request. Keep working is the default (Enter, Esc); Quit Deputy is one click away.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from app.views.dialog_parts import name_icon

TITLE = "Deputy ran into a problem"
KEEP_WORKING, QUIT = "&Keep working", "&Quit Deputy"


class CrashDialog(QMessageBox):
    """One unexpected error, told once; ``repeated``: several came close together."""

    def __init__(self, what: str, details: str, log_file: Path, *, repeated: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setIcon(QMessageBox.Icon.Warning)
        name_icon(self, "Warning")
        self.setTextFormat(Qt.TextFormat.PlainText)  # an error's words may quote anyone's
        self.setText(f"Something went wrong that Deputy did not expect ({what}).")
        self.details = details
        self.log_file = log_file
        self._advise(repeated)
        self.keep_button = self.addButton(KEEP_WORKING, QMessageBox.ButtonRole.AcceptRole)
        self.quit_button = self.addButton(QUIT, QMessageBox.ButtonRole.DestructiveRole)
        # Kept as attributes: PySide does not give the box a button made apart from it.
        self.copy_button = QPushButton("&Copy details")
        self.folder_button = QPushButton("Open the log's &folder")
        for button, slot in ((self.copy_button, self.copy_details),
                             (self.folder_button, self.open_log_folder)):
            self.addButton(button, QMessageBox.ButtonRole.ActionRole)
            # Any button of a message box closes it: these two do their thing and stay.
            button.clicked.disconnect()
            button.clicked.connect(slot)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)

    def _advise(self, repeated: bool) -> None:
        advice = ("It keeps happening: quit Deputy and start it again."
                  if repeated else
                  "Deputy is still running. What you were doing may not have finished: "
                  "check it before you do it again.")
        self.setInformativeText(f"{advice}\n\nThe details are in Deputy's log, "
                                f"{self.log_file}. If you ask for help, send them along.")

    def keeps_happening(self) -> None:
        """More errors came while this one was shown: say to restart."""
        self._advise(True)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))
