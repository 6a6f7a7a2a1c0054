"""Render Deputy's icon, ``resources/icons/deputy.svg``, to the PNGs and the .ico beside it.

The PNGs feed the Linux desktop entry (hicolor sizes) and the .ico the Windows
executable and installer. They are committed, like the SVG, so a build needs no
renderer; run this after changing the SVG::

    .venv/bin/python packaging/render_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BMP body as an .ico entry holds it: double height, rows bottom-up, AND mask.

    Small sizes are classic bitmaps, as Windows' own icons have them (some older
    readers take PNG entries only at large sizes); 64 px and up are PNG, to stay small.
    """
    size = image.width()
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = [bytes(image.constBits()[y * image.bytesPerLine():y * image.bytesPerLine() + size * 4])
            for y in range(size)]  # ARGB32 is BGRA in memory on little-endian machines
    mask_row = bytes(((size + 31) // 32) * 4)  # all zero: the alpha channel decides
    return header + b"".join(reversed(rows)) + mask_row * size


def ico_bytes(images: dict[int, QImage]) -> bytes:
    entries = [(size, png_bytes(image) if size >= 64 else dib_bytes(image))
               for size, image in sorted(images.items())]
    offset = 6 + 16 * len(entries)
    directory = b""
    for size, body in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(body), offset)
        offset += len(body)
    return (struct.pack("<HHH", 0, 1, len(entries)) + directory
            + b"".join(body for _, body in entries))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter
    renderer = QSvgRenderer(str(ICONS / "deputy.svg"))
    if not renderer.isValid():
        print(f"render_icons: {ICONS / 'deputy.svg'} is not a valid SVG", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in sorted({*PNG_SIZES, *ICO_SIZES})}
    for size in PNG_SIZES:
        (ICONS / f"deputy-{size}.png").write_bytes(png_bytes(images[size]))
    (ICONS / "deputy.ico").write_bytes(ico_bytes({size: images[size] for size in ICO_SIZES}))
    print(f"render_icons: wrote {len(PNG_SIZES)} PNGs and deputy.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
