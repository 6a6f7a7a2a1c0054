"""Each role's colour in the matrix, the same in the window and in the HTML report.

A sequential ramp (ColorBrewer's YlOrRd) from free/busy, light, to delegate with
private events, dark red: the more a role grants, the more its cell stands out, and
the eye finds the strongest access first. Each colour comes with the text colour that
reads on it.
"""

from __future__ import annotations

from app.graph.roles import ROLE_ORDER

# role -> (background, text)
ROLE_COLORS: dict[str, tuple[str, str]] = {
    "freeBusyRead": ("#ffffb2", "#4d4500"),
    "limitedRead": ("#fed976", "#4d3a00"),
    "read": ("#feb24c", "#4a2700"),
    "write": ("#fd8d3c", "#3d1600"),
    "delegateWithoutPrivateEventAccess": ("#f03b20", "#ffffff"),
    "delegateWithPrivateEventAccess": ("#bd0026", "#ffffff"),
    "custom": ("#ddd5ee", "#35265c"),  # set in Outlook: apart from the ramp
}


def legend_roles() -> list[str]:
    """The roles a legend explains, least access first; custom last."""
    return [r for r in ROLE_ORDER if r in ROLE_COLORS] + ["custom"]
