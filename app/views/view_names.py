"""The names of the main window's views, as ``--view`` and the settings give them: here,
apart from the window, so that what only needs a name (the launcher, an offline
review) does not load the window and everything it shows."""

from __future__ import annotations

VIEWS = ("calendars", "sharing", "meetings", "messages")  # the tabs of a mailbox
ATTENTION = "attention"  # the page across every mailbox: its list of what to do
SIDE_BY_SIDE = "side-by-side"  # the same page's day of me and my executives
WEEK = "week"  # Side by side showing the week
