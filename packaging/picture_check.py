"""Does a screenshot of Deputy's window show text? ``python picture_check.py SHOT.png``

A picture can be written, and be the right size, while showing no words: Qt's
offscreen platform on Windows found no fonts and drew every name as an empty box, and
the smoke test passed because the PNG existed. This looks where the sidebar lists the
mailboxes' names (the window's left edge, below the search field and the first row)
and counts the distinct colours there: anti-aliased text has dozens of shades between
ink and paper; empty boxes, blank rows or a flat colour have a handful.

Plain Python (zlib and struct), so that it runs wherever the smoke test does (a Linux
build, Git Bash on Windows, the host of a Wine run) with no package installed. Reads
what Qt writes: 8-bit RGB or RGBA, not interlaced. Exits 0 when it sees text, 1 when
not, 2 when the file isn't such a PNG; prints what it counted either way.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

# Where the sidebar's names are, as fractions of the picture: left of their badges,
# below the search field. Measured on the 1280 x 720 picture of --screenshot, where
# the names run from x = 15 to 130 and y = 100 to 170 (with a little room around).
NAMES_REGION = (0.005, 0.12, 0.10, 0.30)  # left, top, right, bottom
# Four names in a sans-serif font at 9 to 10 points, anti-aliased, make 200 or more
# shades there (234 on Linux); the same names drawn as empty boxes, with the edge of a
# badge in the region, make 24.
ENOUGH_COLOURS = 64


class UnreadablePictureError(ValueError):
    """Not a PNG this reads (8-bit RGB or RGBA, not interlaced)."""


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of RGB pixels (3 bytes each) of an 8-bit PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise UnreadablePictureError("not a PNG")
    position, compressed, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    if header is None:
        raise UnreadablePictureError("no IHDR chunk")
    width, height, depth, colour_type, _, _, interlace = header
    channels = {2: 3, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace:
        raise UnreadablePictureError(f"PNG of depth {depth}, colour type {colour_type}, "
                          f"interlace {interlace}: only 8-bit RGB(A), not interlaced")
    raw = zlib.decompress(compressed)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        _unfilter(kind, line, previous, channels)
        rows.append(bytes(line if channels == 3 else
                          b"".join(line[x:x + 3] for x in range(0, stride, 4))))
        previous = line
    return width, height, rows


def _unfilter(kind: int, line: bytearray, previous: bytearray, step: int) -> None:
    """Undo one row's PNG filter in place (the five of the PNG specification, §9)."""
    for x in range(len(line)):
        left = line[x - step] if x >= step else 0
        up = previous[x]
        if kind == 1:
            line[x] = (line[x] + left) & 0xFF
        elif kind == 2:
            line[x] = (line[x] + up) & 0xFF
        elif kind == 3:
            line[x] = (line[x] + (left + up) // 2) & 0xFF
        elif kind == 4:
            up_left = previous[x - step] if x >= step else 0
            guess = left + up - up_left
            nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up),
                          (abs(guess - up_left), 2, up_left))[2]
            line[x] = (line[x] + nearest) & 0xFF


def colours_where_names_are(path: Path) -> int:
    """How many distinct colours the region of the sidebar's names holds."""
    width, height, rows = read_png(path.read_bytes())
    left, top, right, bottom = NAMES_REGION
    x0, x1 = int(left * width), int(right * width)
    colours = set()
    for row in rows[int(top * height):int(bottom * height)]:
        colours.update(row[x * 3:x * 3 + 3] for x in range(x0, x1))
    return len(colours)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: picture_check.py SHOT.png", file=sys.stderr)
        return 2
    path = Path(argv[0])
    try:
        colours = colours_where_names_are(path)
    except (OSError, UnreadablePictureError, zlib.error) as problem:
        print(f"picture check: {path}: {problem}", file=sys.stderr)
        return 2
    if colours < ENOUGH_COLOURS:
        print(f"picture check: FAIL {path}: {colours} colours where the sidebar's names "
              f"are (text has {ENOUGH_COLOURS} or more): no text drawn, or no fonts",
              file=sys.stderr)
        return 1
    print(f"picture check: {path} shows text ({colours} colours where the names are)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
