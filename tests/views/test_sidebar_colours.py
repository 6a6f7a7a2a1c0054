"""The sidebar's selected row in the style's colours, not in colours painted by hand.

Windows's native styles draw a selected row in a light colour with the Text colour on
it; the sidebar painted every selected name in the palette's HighlightedText instead:
white on light blue, unreadable on Windows. A style here chooses the selected text's
colour as those do (its own, not HighlightedText), and the name must come out in it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOptionViewItem

from app.models.mailboxes import Mailbox, MailboxKind, MailboxListModel
from app.views.sidebar import MailboxSidebar

LIGHT_SELECTION = QColor("#cce8ff")  # Windows 10's selected item
STYLE_TEXT = QColor("#008000")  # the style's colour for selected text, easy to find


class LightSelectionStyle(QProxyStyle):
    """Like the Windows styles: a light selection, with text in a colour of its choosing."""

    def drawControl(self, element, option, painter, widget=None):
        if (element == QStyle.ControlElement.CE_ItemViewItem
                and option.state & QStyle.StateFlag.State_Selected):
            option = QStyleOptionViewItem(option)
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Highlight, LIGHT_SELECTION)
            palette.setColor(QPalette.ColorRole.HighlightedText, STYLE_TEXT)
            option.palette = palette
        super().drawControl(element, option, painter, widget)


def test_the_selected_name_is_drawn_in_the_styles_colour(qtbot):
    model = MailboxListModel()
    model.replace([Mailbox("me", "Me (Adele Vance)", MailboxKind.ME),
                   Mailbox("AlexW@contoso.com", "Alex Wilber", MailboxKind.SHARED, "Delegate"),
                   Mailbox("LeeG@contoso.com", "Lee Gu", MailboxKind.SHARED, "Can view")])
    sidebar = MailboxSidebar(model)
    qtbot.addWidget(sidebar)
    style = LightSelectionStyle("Fusion")
    sidebar.list.setStyle(style)
    sidebar.resize(260, 300)
    sidebar.show_selected("AlexW@contoso.com")
    picture = sidebar.list.viewport().grab().toImage()
    row = sidebar.list.visualRect(sidebar.list.currentIndex())
    name = row.adjusted(0, 0, -row.width() // 2, 0)  # the name, left of the badge
    colours = {picture.pixelColor(x, y).name() for x in range(name.left(), name.right())
               for y in range(name.top(), name.bottom())}
    assert LIGHT_SELECTION.name() in colours  # the style drew the selection...
    assert STYLE_TEXT.name() in colours  # ...and the name in its colour
