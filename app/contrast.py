"""WCAG 2.1 contrast: what Deputy computes its secondary text colours and role colours by.

Pure Python (no Qt), so the HTML report, the window and the contrast test share it.
Colours are ``"#rrggbb"`` strings or ``(r, g, b)`` tuples of 0..255.

Text must keep 4.5:1 against what is behind it (WCAG 2.1 AA, 1.4.3) and non-text
marks that carry meaning 3:1 (1.4.11). A secondary ("muted") text colour is not a
fixed grey, which is readable on white and unreadable on a dark palette: it is the
text colour blended towards the background as far as 4.5:1 allows.
"""

from __future__ import annotations

from collections.abc import Callable

RGB = tuple[int, int, int]
Colour = str | RGB

TEXT_MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0
# Secondary text aims a little above the minimum, so that antialiased edges and a
# rounding of the blend never bring it under.
MUTED_TARGET = 4.8

BLACK = "#000000"
WHITE = "#ffffff"


def rgb(colour: Colour) -> RGB:
    """``(r, g, b)`` of ``"#rgb"``, ``"#rrggbb"`` or a tuple."""
    if not isinstance(colour, str):
        return colour[0], colour[1], colour[2]
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a colour: {colour!r}")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def hex_of(colour: Colour) -> str:
    r, g, b = rgb(colour)
    return f"#{r:02x}{g:02x}{b:02x}"


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: Colour) -> float:
    """WCAG's relative luminance: 0 for black, 1 for white."""
    r, g, b = rgb(colour)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(first: Colour, second: Colour) -> float:
    """From 1 (the same) to 21 (black on white); the order does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(colour: Colour, towards: Colour, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way to ``towards``."""
    (r, g, b), (r2, g2, b2) = rgb(colour), rgb(towards)
    return hex_of((round(r + (r2 - r) * amount), round(g + (g2 - g) * amount),
                   round(b + (b2 - b) * amount)))


def over(colour: Colour, alpha: int, background: Colour) -> str:
    """What a translucent colour (alpha 0..255) looks like painted on ``background``."""
    return blend(background, colour, alpha / 255)


def text_on(background: Colour) -> str:
    """Black or white, whichever reads better on ``background``."""
    return BLACK if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) \
        else WHITE


def muted(text: Colour, background: Colour, target: float = MUTED_TARGET) -> str:
    """``text`` blended towards ``background`` as far as keeps ``target`` contrast.

    When ``text`` itself does not reach ``target`` (a palette with weak text), it is
    returned unchanged: secondary text is never made weaker than the primary one.
    """
    if contrast_ratio(text, background) <= target:
        return hex_of(text)
    keeps, _ = _turning_point(
        lambda percent: contrast_ratio(blend(text, background, percent / 100),
                                       background) >= target)
    return blend(text, background, keeps / 100)


def readable(text: Colour, background: Colour, minimum: float = TEXT_MINIMUM) -> str:
    """``text`` when it reads on ``background``; otherwise black or white."""
    return hex_of(text) if contrast_ratio(text, background) >= minimum else text_on(background)


def behind(background: Colour, text: Colour, target: float = MUTED_TARGET) -> str:
    """``background`` moved away from ``text`` (darker under light text, lighter under
    dark text) just far enough for ``text`` to keep ``target`` on it.

    For a selection colour (Qt's Fusion draws white on #308cc6, 3.69:1): the selection
    keeps its hue, its text its colour.
    """
    if contrast_ratio(text, background) >= target:
        return hex_of(background)
    away = BLACK if relative_luminance(text) > relative_luminance(background) else WHITE
    _, reaches = _turning_point(
        lambda percent: contrast_ratio(text, blend(background, away, percent / 100)) < target)
    return blend(background, away, reaches / 100)


def _turning_point(holds: Callable[[int], bool]) -> tuple[int, int]:
    """(the last percent where ``holds``, the first where it no longer does), for a
    condition that holds at 0 % of a blend and not at 100 %, changing once between."""
    low, high = 0, 100
    while high - low > 1:
        middle = (low + high) // 2
        if holds(middle):
            low = middle
        else:
            high = middle
    return low, high
