"""Contrast (WCAG 2.1 AA): 4.5:1 for text, 3:1 for marks, in a light and a dark palette.

Two kinds of check. The colour pairs Deputy defines or derives (role colours, the
report's style sheet, the palette corrections) are computed with ``app.contrast``.
What the person sees is measured on pixels: the view is rendered offscreen and the
strongest text pixel of the sidebar's captions, a placeholder or a row being reloaded
is compared with the background it sits on.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from app.contrast import (
    NON_TEXT_MINIMUM,
    TEXT_MINIMUM,
    blend,
    contrast_ratio,
    muted,
    over,
    text_on,
)
from app.review.report_style import CSS
from app.review.role_colors import ROLE_COLORS
from app.views import palette as deputy_palette
from tests.views.conftest import wait_until_settled

ADELE, ALEX = "AdeleV@contoso.com", "AlexW@contoso.com"
Role = QPalette.ColorRole


def test_the_maths_matches_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    # The measurements of main, as the module computes them.
    assert contrast_ratio("#bebebe", "#ffffff") == pytest.approx(1.86, abs=0.01)
    assert contrast_ratio("#ffffff", "#f03b20") == pytest.approx(3.92, abs=0.01)
    assert contrast_ratio(over("#000000", 128, "#ffffff"), "#ffffff") == pytest.approx(4.0,
                                                                                      abs=0.01)
    assert text_on("#f03b20") == "#000000" and text_on("#bd0026") == "#ffffff"
    grey = muted("#000000", "#ffffff")
    assert TEXT_MINIMUM <= contrast_ratio(grey, "#ffffff") < 5.5  # quieter, still readable
    assert blend("#000000", "#ffffff", 0.5) == "#808080"


@pytest.mark.parametrize("role", sorted(ROLE_COLORS))
def test_each_role_colour_reads_with_its_text(role):
    """The matrix's cells and legend and the report's cells share these: the cells bring
    their own background, so they read the same in a light and a dark palette."""
    background, text = ROLE_COLORS[role]
    assert contrast_ratio(background, text) >= TEXT_MINIMUM, (role, background, text)


def _css_pairs() -> list[tuple[str, str, str]]:
    """(rule, text, background) of each report rule that sets both, as the page shows it."""
    variables = dict(re.findall(r"--(\w+):(#[0-9a-fA-F]{3,6})", CSS))
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        declarations = dict(re.findall(r"([\w-]+):([^;]+)", body))
        colour, background = declarations.get("color"), declarations.get("background")
        resolved = [re.sub(r"var\(--(\w+)\)", lambda m: variables[m.group(1)], v or "")
                    for v in (colour, background)]
        if all(re.fullmatch(r"#[0-9a-fA-F]{3,6}", v) for v in resolved):
            pairs.append((selector.strip(), resolved[0], resolved[1]))
    return pairs


def test_the_reports_text_reads_on_its_backgrounds():
    pairs = _css_pairs()
    assert len(pairs) >= 10  # the role cells, the status badges, the tags, the header...
    # Text set without a background of its own sits on a section (white) or the page.
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        colour = re.search(r"(?<![-\w])color:(#[0-9a-fA-F]{6}|var\(--\w+\))", body)
        if colour and "background" not in body and "header" not in selector \
                and "eyebrow" not in selector and "lede" not in selector \
                and "meta" not in selector:
            value = colour.group(1)
            value = {"var(--ink)": "#1f2430", "var(--muted)": "#5d6575",
                     "var(--accent)": "#1d4e89"}.get(value, value)
            pairs += [(selector.strip(), value, "#ffffff"), (selector.strip(), value, "#eef0f3")]
    weak = [(s, t, b, round(contrast_ratio(t, b), 2)) for s, t, b in pairs
            if contrast_ratio(t, b) < TEXT_MINIMUM]
    assert not weak


# ---------------------------------------------------------------------- palettes

@pytest.fixture(params=["light", "dark"])
def palette_name(request, qapp):
    """The app in Fusion's light palette or Deputy's dark one, each made readable as
    ``deputy`` does at start; the test's own palette is put back afterwards."""
    before = QPalette(qapp.palette())
    base = qapp.style().standardPalette() if request.param == "light" \
        else deputy_palette.dark()
    qapp.setPalette(deputy_palette.readable(base))
    yield request.param
    qapp.setPalette(before)


def _pairs(palette: QPalette) -> dict[str, tuple[str, str]]:
    name = {role: palette.color(role).name() for role in Role if role != Role.NColorRoles}
    return {
        "text": (name[Role.Text], name[Role.Base]),
        "window text": (name[Role.WindowText], name[Role.Window]),
        "buttons": (name[Role.ButtonText], name[Role.Button]),
        "selected row": (name[Role.HighlightedText], name[Role.Highlight]),
        "tooltip and message bar": (name[Role.ToolTipText], name[Role.ToolTipBase]),
        "links on a window": (name[Role.Link], name[Role.Window]),
        "links in a field": (name[Role.Link], name[Role.Base]),
        "placeholder": (deputy_palette.seen(palette, Role.PlaceholderText, Role.Base),
                        name[Role.Base]),
        "caption and pending row (the placeholder colour)": (
        palette.color(Role.PlaceholderText).name(), name[Role.Base]),
    }


def test_every_palette_pair_deputy_paints_text_with_reads(palette_name):
    weak = {what: (text, back, round(contrast_ratio(text, back), 2))
            for what, (text, back) in _pairs(QApplication.palette()).items()
            if contrast_ratio(text, back) < TEXT_MINIMUM}
    assert not weak, palette_name


def test_the_selection_and_the_secondary_text_stand_apart(palette_name):
    """Marks that are not text: a selected row against the table (3:1), and secondary
    text quieter than the text it accompanies (or it would not be secondary)."""
    palette = QApplication.palette()
    base = palette.color(Role.Base).name()
    assert contrast_ratio(palette.color(Role.Highlight).name(), base) >= NON_TEXT_MINIMUM
    secondary = palette.color(Role.PlaceholderText).name()
    assert contrast_ratio(secondary, base) < contrast_ratio(palette.color(Role.Text).name(), base)


# ---------------------------------------------------------------------- what is painted

def _strongest(image: QImage, rect: QRect, background: str) -> float:
    """The contrast of the pixel in ``rect`` furthest from ``background``: a glyph's core."""
    best = 1.0
    for y in range(max(rect.top(), 0), min(rect.bottom(), image.height() - 1) + 1):
        for x in range(max(rect.left(), 0), min(rect.right(), image.width() - 1) + 1):
            best = max(best, contrast_ratio(image.pixelColor(x, y).name(), background))
    return best


def test_the_sidebar_captions_and_the_search_placeholder_read(qtbot, open_deputy,
                                                              palette_name):
    window = open_deputy(ADELE)
    window.resize(1100, 700)
    view = window.sidebar.list
    first_shared = next(row for row in range(window.sidebar.proxy.rowCount())
                        if window.sidebar.proxy.index(row, 0).data() == "Alex Wilber")
    rect = view.visualRect(window.sidebar.proxy.index(first_shared, 0))
    caption = QRect(rect.left(), rect.top(), rect.width() // 2, view.fontMetrics().height() + 6)
    image = view.viewport().grab().toImage()
    background = image.pixelColor(rect.right() - 2, rect.top() + 1).name()
    assert contrast_ratio(background, view.palette().color(Role.Base).name()) < 1.1
    assert _strongest(image, caption, background) >= TEXT_MINIMUM, palette_name

    search = window.sidebar.search
    view.setFocus()  # no text cursor in the field: only the placeholder is drawn in it
    qtbot.waitUntil(lambda: not search.hasFocus())
    assert not search.text() and search.placeholderText()
    field = search.grab().toImage()
    inside = QRect(6, 6, search.width() // 2, search.height() - 12)
    behind = search.palette().color(Role.Base).name()
    assert _strongest(field, inside, behind) >= TEXT_MINIMUM, palette_name


def test_rows_being_reloaded_are_quieter_but_read(qtbot, open_deputy, palette_name):
    window = open_deputy(ALEX)
    window.show_view("sharing")
    view = window.sharing_view
    model = view.model
    view.table.clearSelection()
    view.table.setCurrentIndex(view.proxy.index(-1, -1))
    model.stale = True  # what the workspace sets while it reads the table again
    model._all_changed([])
    table = view.table
    rect = table.visualRect(view.proxy.index(0, 0))
    image = table.viewport().grab().toImage()
    behind = table.palette().color(Role.Base).name()
    pending = _strongest(image, rect.adjusted(2, 2, -2, -2), behind)
    model.stale = False
    model._all_changed([])
    image = table.viewport().grab().toImage()
    settled = _strongest(image, rect.adjusted(2, 2, -2, -2), behind)
    assert TEXT_MINIMUM <= pending < settled, palette_name


def test_why_an_action_is_off_is_said_in_readable_text(qtbot, open_deputy, palette_name):
    """Not only in a disabled button's grey: beside the buttons, in an enabled label."""
    window = open_deputy(ALEX)
    window.show_view("sharing")
    view = window.sharing_view
    organisation = next(i for i, p in enumerate(view.model.permissions)
                        if p.is_my_organization)
    view.table.setCurrentIndex(view.proxy.mapFromSource(view.model.index(organisation, 0)))
    assert not view.remove_button.isEnabled()
    reason = view.action_reason
    assert "can't be removed" in reason.text()
    assert reason.isVisible() and reason.isEnabled()
    label = reason.palette()
    assert contrast_ratio(label.color(Role.WindowText).name(),
                          label.color(Role.Window).name()) >= TEXT_MINIMUM

    window.show_view("meetings")
    wait_until_settled(qtbot, window)
    buttons = window.meetings_view.response_buttons
    qtbot.waitUntil(lambda: not buttons.buttons["accept"].isEnabled())
    assert buttons.reason.text() and buttons.reason.isVisible()
    assert buttons.reason.isEnabled(), "the reason is drawn in the disabled grey"


def test_the_matrix_legend_reads_in_every_palette(qtbot, open_deputy, palette_name):
    window = open_deputy(ADELE)
    review = window.open_review()
    swatches = [label for label in review.matrix_view.findChildren(QLabel)
                if label.autoFillBackground()]
    assert len(swatches) == len(ROLE_COLORS)
    for swatch in swatches:
        colours = swatch.palette()
        text, back = colours.color(Role.WindowText).name(), colours.color(Role.Window).name()
        assert contrast_ratio(text, back) >= TEXT_MINIMUM, (swatch.text(), text, back)
    review.close()


def test_a_dark_palette_on_request_for_desktops_that_do_not_pass_theirs(qapp, monkeypatch):
    """``DEPUTY_PALETTE=dark`` as ``deputy`` starts: dark, and readable like any other."""
    before, style = QPalette(qapp.palette()), qapp.style().name()
    monkeypatch.setenv(deputy_palette.PALETTE_VARIABLE, "dark")
    try:
        deputy_palette.apply(qapp)
        applied = QApplication.palette()
        assert qapp.style().name().casefold() == "fusion"
        assert applied.color(Role.Window).lightness() < 64
        assert applied.color(Role.Text).lightness() > 192
        placeholder = deputy_palette.seen(applied, Role.PlaceholderText, Role.Base)
        assert contrast_ratio(placeholder, applied.color(Role.Base).name()) >= TEXT_MINIMUM
    finally:
        qapp.setStyle(style)
        qapp.setPalette(before)


def test_a_change_of_the_desktops_scheme_is_followed(qapp, qtbot):
    """The desktop switches scheme while Deputy runs: the colours Deputy derived from
    the old palette (here a dark one) go, and are derived again from the new one."""
    before = QPalette(qapp.palette())
    deputy_palette.apply(qapp)
    qapp.setPalette(deputy_palette.readable(deputy_palette.dark()))
    assert QApplication.palette().color(Role.Window).lightness() < 64
    try:
        QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
        qtbot.waitUntil(lambda: QApplication.palette().color(Role.Window).lightness() > 192)
        applied = QApplication.palette()
        placeholder = deputy_palette.seen(applied, Role.PlaceholderText, Role.Base)
        ratio = contrast_ratio(placeholder, applied.color(Role.Base).name())
        assert TEXT_MINIMUM <= ratio < 7
    finally:
        qapp.setPalette(before)


def test_the_edges_of_radio_and_check_boxes_stand_out(qtbot, palette_name):
    """An unchecked role or option must be findable: its edge at 3:1 against the window
    (Fusion draws it at 2.1:1 in a light palette, 2.5:1 in a dark one)."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    boxes = [QRadioButton("Can view when busy"), QCheckBox("Only those who haven't answered")]
    for box in boxes:
        layout.addWidget(box)
    window.show()
    qtbot.waitExposed(window)
    image = window.grab().toImage()
    background = QApplication.palette().color(Role.Window).name()
    for box in boxes:
        option = QStyleOptionButton()
        box.initStyleOption(option)
        element = QStyle.SubElement.SE_RadioButtonIndicator if isinstance(box, QRadioButton) \
            else QStyle.SubElement.SE_CheckBoxIndicator
        edge = box.style().subElementRect(element, option, box).translated(box.pos())
        assert _strongest(image, edge, background) >= NON_TEXT_MINIMUM, (palette_name, box.text())
