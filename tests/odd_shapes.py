"""The quirks that add to the seeds what the pages don't show (issue 16, items 5 and 6).

Tests whose expectations list the Contoso seed's rows one by one (the report's CSV, say)
play the tenant without them; the shapes have tests of their own
(tests/test_odd_shapes.py, tests/views/test_odd_shapes.py).
"""

from __future__ import annotations

from app.graph.emulator.quirks import Quirks

ODD_SHAPES = (
    "custom-calendar-role",
    "unknown-calendar-role",
    "orphaned-calendar-permission",
    "calendar-owner-missing",
)


# Mailboxes Graph can't open (issue 16, item 6): the seed's guest, room and odd
# mailboxes are there only while these are played.
UNREACHABLE = (
    "mailbox-not-enabled",
    "mailbox-by-upn-not-found",
    "application-access-policy",
    "room-calendar-permissions-not-supported",
)


def without_odd_shapes() -> Quirks:
    """The profile this run plays (DEPUTY_EMULATOR_QUIRKS), less the seed's oddities:
    the odd shapes and the mailboxes Graph can't open."""
    return Quirks.from_environment().without(*ODD_SHAPES, *UNREACHABLE)
