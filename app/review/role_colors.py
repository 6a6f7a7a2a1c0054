"""Each role's colour in the matrix, the same in the window and in the HTML report.

A sequential ramp (ColorBrewer's YlOrRd) from free/busy, light, to delegate with
private events, dark red: the more a role grants, the more its cell stands out, and
the eye finds the strongest access first. Each colour comes with the text colour that
reads on it: black or white, whichever contrasts more (white on the delegates' red
was 3.92:1, under WCAG's 4.5:1; black on it is 5.35:1). The cells carry their own
background, so they read the same in a light and a dark palette.
"""

from __future__ import annotations

from app.contrast import text_on
from app.graph.roles import ROLE_ORDER

ROLE_BACKGROUNDS: dict[str, str] = {
    "freeBusyRead": "#ffffb2",
    "limitedRead": "#fed976",
    "read": "#feb24c",
    "write": "#fd8d3c",
    "delegateWithoutPrivateEventAccess": "#f03b20",
    "delegateWithPrivateEventAccess": "#bd0026",
    "custom": "#ddd5ee",  # set in Outlook: apart from the ramp
}

# role -> (background, text)
ROLE_COLORS: dict[str, tuple[str, str]] = {
    role: (background, text_on(background)) for role, background in ROLE_BACKGROUNDS.items()}


def legend_roles() -> list[str]:
    """The roles a legend explains, least access first; custom last."""
    return [r for r in ROLE_ORDER if r in ROLE_COLORS] + ["custom"]


def colors_of(role: str) -> tuple[str, str] | None:
    """(background, text) of a role's cell; what Deputy can't describe (a role added to
    Graph later, none stated) wears custom's colour, apart from the ramp; "none" has none."""
    if role in ROLE_COLORS:
        return ROLE_COLORS[role]
    return None if role in ROLE_ORDER else ROLE_COLORS["custom"]
