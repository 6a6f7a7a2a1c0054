"""A picture of Deputy must show words: ``packaging/picture_check.py``, which the smoke
test runs on the frozen app's screenshot (Linux, Windows, and Windows under Wine), and
the fonts Qt's offscreen platform is given on Windows (``app.offscreen_windows``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from app import offscreen_windows

CHECKER = Path(__file__).resolve().parent.parent / "packaging" / "picture_check.py"


def check_picture(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True,
                          text=True, timeout=60, check=False)


def sidebar_picture(path: Path, draw_names: bool, image_format=QImage.Format.Format_RGB32):
    """A window-sized picture with four rows where --screenshot has the sidebar's names:
    as words, or as the empty boxes Qt draws when it has no font."""
    image = QImage(1280, 720, image_format)
    image.fill(QColor("#f7f7f7"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(QFont("DejaVu Sans", 10))
    for row, name in enumerate(["Alex Wilber", "Lee Gu", "Patti Fernandez", "Shared with me"]):
        top = 100 + row * 24
        if draw_names:
            painter.drawText(QRect(15, top, 200, 22), Qt.AlignmentFlag.AlignVCenter, name)
        else:
            for letter in range(len(name)):
                painter.drawRect(15 + letter * 8, top + 6, 5, 10)
    painter.end()
    assert image.save(str(path))
    return path


def test_a_picture_with_the_names_written_shows_text(qapp, tmp_path):
    result = check_picture(sidebar_picture(tmp_path / "names.png", draw_names=True))
    assert result.returncode == 0, result.stderr
    assert "shows text" in result.stdout


def test_a_picture_with_empty_boxes_for_names_fails(qapp, tmp_path):
    result = check_picture(sidebar_picture(tmp_path / "boxes.png", draw_names=False))
    assert result.returncode == 1
    assert "no text drawn, or no fonts" in result.stderr


def test_a_picture_with_transparency_is_read_too(qapp, tmp_path):
    picture = sidebar_picture(tmp_path / "names.png", draw_names=True,
                              image_format=QImage.Format.Format_ARGB32)
    assert check_picture(picture).returncode == 0


def test_what_is_not_a_png_says_so(tmp_path):
    (tmp_path / "x.png").write_bytes(b"GIF89a")
    result = check_picture(tmp_path / "x.png")
    assert result.returncode == 2
    assert "not a PNG" in result.stderr


def test_offscreen_pictures_on_windows_use_the_fonts_of_windows(monkeypatch, tmp_path):
    (tmp_path / "Fonts").mkdir()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    monkeypatch.delenv("QT_QPA_FONTDIR", raising=False)
    offscreen_windows.use_the_system_fonts_offscreen()
    assert offscreen_windows.os.environ["QT_QPA_FONTDIR"] == str(tmp_path / "Fonts")


def test_a_font_folder_named_by_the_user_is_kept(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("QT_QPA_FONTDIR", str(tmp_path))
    offscreen_windows.use_the_system_fonts_offscreen()
    assert offscreen_windows.os.environ["QT_QPA_FONTDIR"] == str(tmp_path)


def test_elsewhere_qt_finds_fonts_itself(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_FONTDIR", raising=False)
    offscreen_windows.use_the_system_fonts_offscreen()
    assert "QT_QPA_FONTDIR" not in offscreen_windows.os.environ


def test_the_offscreen_screens_file_is_named_without_a_drives_colon():
    # Qt splits QT_QPA_PLATFORM at ":": "configfile=C:\\..." would name a file "C".
    config = PureWindowsPath(r"C:\Users\adele\AppData\Local\Deputy\picture-screen.json")
    argument = offscreen_windows.platform_argument(config, PureWindowsPath(r"C:\work"))
    assert argument == r"\Users\adele\AppData\Local\Deputy\picture-screen.json"
    assert offscreen_windows.platform_argument(config, PureWindowsPath(r"D:\work")) is None
    linux = PurePosixPath("/home/adele/.local/share/deputy/picture-screen.json")
    assert offscreen_windows.platform_argument(linux, PurePosixPath("/tmp")) == str(linux)
