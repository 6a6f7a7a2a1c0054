"""Saying to assistive technology what just happened, as well as showing it.

A sentence painted in the status bar or a bar above the content is seen, not heard:
screen readers read what has the focus, and a result ("Calendar is now shared with
Lee Gu.") or a problem appears elsewhere. Qt (6.8 and later; Deputy needs 6.10) sends
an announcement event that Orca, NVDA and VoiceOver speak without moving the focus.
Every message Deputy shows goes through ``announce``, from the status bar's message
and the message bar, so nothing shown is left unsaid.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent


def announce(source: QObject, text: str, *, urgent: bool = False) -> None:
    """Have screen readers say ``text``, as coming from ``source`` (the widget showing
    it). ``urgent``: a problem, said at once, interrupting (assertive); else said
    when the reader is done with what it is saying (polite)."""
    text = text.strip()
    if not text or not QAccessible.isActive():  # no screen reader listening
        return
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if urgent
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
