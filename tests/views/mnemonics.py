"""The Alt+letter mnemonics a window offers at once, and which letters clash.

Two controls on the same letter make Alt+letter only move between them, choosing
neither: a person pressing Alt+M for the Meetings tab lands in the Mailbox menu.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget


def mnemonic(text: str) -> str:
    """The letter after a single ``&`` ("" if none)."""
    index = text.replace("&&", "\0\0").find("&")
    return text[index + 1].casefold() if 0 <= index < len(text) - 1 else ""


def offered(window: QWidget) -> dict[str, list[str]]:
    """letter -> the texts offering it, among what is shown in ``window`` now."""
    letters: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        if letter := mnemonic(text):
            letters[letter].append(text)

    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible():
            continue
        # Disabled ones too: they clash as soon as they are enabled.
        if (isinstance(widget, QLabel) and widget.buddy() is not None) \
                or isinstance(widget, QAbstractButton):
            add(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                if widget.isTabVisible(tab):
                    add(widget.tabText(tab))
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    add(action.text())
    return letters


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in offered(window).items() if len(texts) > 1}
