"""Headings that screen readers announce as headings, named by what they say.

A QLabel is read as plain text, and one given an accessible name is read by that name
instead of its text (the main window's "Your calendars" was read as "Selected
mailbox"). Qt has a heading role but no property to ask for it: an accessibility
factory gives the labels marked here that role, with their current text as name, so
a screen-reader user can jump between headings as between a page's sections.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLabel

HEADING_PROPERTY = "deputyHeading"
_installed = False


class HeadingInterface(QAccessibleWidget):
    """A label as a heading: its role, and its text as its name."""

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Heading

    def text(self, which: QAccessible.Text) -> str:
        label = self.object()
        if which == QAccessible.Text.Name and isinstance(label, QLabel):
            return label.accessibleName() or label.text()
        return super().text(which)


def _heading_factory(_class_name: str, target: QObject) -> QAccessibleInterface | None:
    if isinstance(target, QLabel) and target.property(HEADING_PROPERTY):
        return HeadingInterface(target)
    return None  # Qt's own interface


def mark_heading(label: QLabel) -> QLabel:
    """Have screen readers read ``label`` as a heading, by its text."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_heading_factory)
        _installed = True
    label.setProperty(HEADING_PROPERTY, True)
    return label
