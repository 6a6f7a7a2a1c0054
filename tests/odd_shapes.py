"""The quirks that add shapes the pages don't show to the seeds (issue 16, item 5).

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


def without_odd_shapes() -> Quirks:
    """The profile this run plays (DEPUTY_EMULATOR_QUIRKS), less the odd shapes."""
    return Quirks.from_environment().without(*ODD_SHAPES)
