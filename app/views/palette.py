"""The palette Deputy paints with: the system's, made readable, or a dark one on request.

Deputy follows the desktop's palette (light, dark, high contrast) and never paints
text in a fixed grey. Two things the system's palette gets wrong are corrected from
the palette itself (``app.contrast``):

- Secondary text (section captions, rows being reloaded, placeholders) is the text
  colour blended towards the background as far as 4.5:1 allows. Qt's placeholders are
  the text colour at half opacity (4.0:1 on white), and its disabled grey is 1.9:1.
- A desktop that does not hand its dark palette to Qt (some window managers, remote
  sessions) can ask for Deputy's with ``DEPUTY_PALETTE=dark``; the README's dark
  picture is taken that way.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.contrast import behind, muted, over

PALETTE_VARIABLE = "DEPUTY_PALETTE"

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def seen(palette: QPalette, role: Role, behind: Role, group: Group = Group.Active) -> str:
    """``role``'s colour as it looks painted on ``behind`` (placeholders are translucent)."""
    colour = palette.color(group, role)
    return over(colour.name(), colour.alpha(), palette.color(group, behind).name())


def secondary_text(palette: QPalette, *, on: Role = Role.Base, text: Role = Role.Text) -> QColor:
    """Quieter text than ``text`` that still reads on ``on`` (4.5:1 and a little more)."""
    return QColor(muted(palette.color(text).name(), palette.color(on).name()))


def readable(palette: QPalette) -> QPalette:
    """``palette`` with placeholders at 4.5:1 on the fields' background, and selected
    rows' text at 4.5:1 on the selection, in the active and inactive groups."""
    result = QPalette(palette)
    for group in (Group.Active, Group.Inactive):
        result.setColor(group, Role.PlaceholderText,
                        QColor(muted(palette.color(group, Role.Text).name(),
                                     palette.color(group, Role.Base).name())))
        result.setColor(group, Role.Highlight,
                        QColor(behind(palette.color(group, Role.Highlight).name(),
                                      palette.color(group, Role.HighlightedText).name())))
    return result


def dark() -> QPalette:
    """A dark palette as a dark desktop gives Qt's Fusion style (KDE Breeze Dark-like)."""
    palette = QPalette()
    colours = {
        Role.Window: "#2b2d30", Role.WindowText: "#eff0f1", Role.Base: "#1e1f22",
        Role.AlternateBase: "#26282b", Role.Text: "#eff0f1", Role.Button: "#34373b",
        Role.ButtonText: "#eff0f1", Role.BrightText: "#ffffff", Role.Light: "#45484d",
        Role.Midlight: "#3b3e42", Role.Mid: "#5c6066", Role.Dark: "#18191b",
        Role.Shadow: "#0d0d0e", Role.Highlight: "#3d7fd1", Role.HighlightedText: "#ffffff",
        Role.Link: "#6cb4ff", Role.LinkVisited: "#b99cff", Role.ToolTipBase: "#31363b",
        Role.ToolTipText: "#eff0f1", Role.PlaceholderText: "#9a9ea4",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = {Role.WindowText: "#7b7f85", Role.Text: "#7b7f85", Role.ButtonText: "#7b7f85",
                Role.Base: "#232427", Role.Button: "#2e3034", Role.Highlight: "#3b3e42"}
    for role, colour in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def wants_dark() -> bool:
    return os.environ.get(PALETTE_VARIABLE, "").strip().casefold() == "dark"


def apply(app: QApplication) -> None:
    """Deputy's palette on ``app``: dark (Fusion) when asked for, then made readable."""
    if wants_dark():
        app.setStyle("Fusion")
        app.setPalette(dark())
    app.setPalette(readable(QGuiApplication.palette()))
