"""The palette Deputy paints with: the system's, made readable, or a dark one on request.

Deputy follows the desktop's palette (light, dark, high contrast) and never paints
text in a fixed grey. Two things the system's palette gets wrong are corrected from
the palette itself (``app.contrast``):

- Secondary text (section captions, rows being reloaded, placeholders) is the text
  colour blended towards the background as far as 4.5:1 allows. Qt's placeholders are
  the text colour at half opacity (4.0:1 on white), and its disabled grey is 1.9:1.
- When the desktop switches to dark or high contrast while Deputy runs, the palette
  is made again from the new one (``follow_the_desktop``).
- A desktop that does not hand its dark palette to Qt (some window managers, remote
  sessions) can ask for Deputy's with ``DEPUTY_PALETTE=dark``; the README's dark
  picture is taken that way.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.contrast import MUTED_TARGET, behind, muted, over

ENHANCED_TARGET = 7.0

PALETTE_VARIABLE = "DEPUTY_PALETTE"

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def seen(palette: QPalette, role: Role, behind: Role, group: Group = Group.Active) -> str:
    """``role``'s colour as it looks painted on ``behind`` (placeholders are translucent)."""
    colour = palette.color(group, role)
    return over(colour.name(), colour.alpha(), palette.color(group, behind).name())


def high_contrast() -> bool:
    """The desktop asks for high contrast (Qt 6.10's accessibility hints)."""
    hints = QGuiApplication.styleHints()
    accessibility = hints.accessibility()  # held: PySide deletes a chained temporary
    return accessibility.contrastPreference() == Qt.ContrastPreference.HighContrast


def secondary_text(palette: QPalette, *, on: Role = Role.Base, text: Role = Role.Text,
                   group: Group = Group.Active) -> QColor:
    """Quieter text than ``text`` that still reads on ``on``: 4.5:1 and a little more,
    or 7:1 (WCAG's enhanced contrast) when the desktop asks for high contrast."""
    target = ENHANCED_TARGET if high_contrast() else MUTED_TARGET
    return QColor(muted(palette.color(group, text).name(), palette.color(group, on).name(),
                        target))


def readable(palette: QPalette) -> QPalette:
    """``palette`` with its placeholder colour made Deputy's secondary text (readable on
    the fields' and tables' background), and selected rows' text at 4.5:1 on the
    selection, in the active and inactive groups.

    Rows being reloaded and the sidebar's captions are painted in the placeholder
    colour too: one quieter colour, set here, for everything secondary.
    """
    result = QPalette(palette)
    for group in (Group.Active, Group.Inactive):
        result.setColor(group, Role.PlaceholderText, secondary_text(palette, group=group))
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
    """Deputy's palette on ``app``: dark (Fusion) when asked for, then made readable;
    made again from the desktop's whenever the desktop changes its colour scheme or
    its contrast preference, so a switch to dark or high contrast is followed live."""
    if wants_dark():
        app.setStyle("Fusion")
        app.setPalette(dark())
    app.setPalette(readable(QGuiApplication.palette()))
    if not app.property(_FOLLOWING):
        app.setProperty(_FOLLOWING, True)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(follow_the_desktop)
        accessibility = hints.accessibility()  # held: a chained temporary is deleted
        accessibility.contrastPreferenceChanged.connect(follow_the_desktop)


_FOLLOWING = "deputyFollowsTheDesktop"


def follow_the_desktop(*_changed: object) -> None:
    """The desktop's new palette, made readable (queued: after Qt has taken it in)."""
    QTimer.singleShot(0, _repaint)


def _repaint() -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    # An empty palette resolves wholly to the desktop's: the colours Deputy derived
    # from the previous one go, and are derived again from the new one.
    app.setPalette(dark() if wants_dark() else QPalette())
    app.setPalette(readable(QGuiApplication.palette()))
