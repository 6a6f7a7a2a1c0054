"""When Qt can't open Deputy's window: one sentence on the terminal that says why and
what to install, never Qt's abort with "Reinstalling the application may fix this
problem". Runs ``deputy`` as a user does (a separate process) where it can, and the
detection with a loader that can't find chosen libraries, as on a system without them.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from app import qt_preflight

# What Qt needs from a Linux system, and how Deputy names it: Windows and macOS take
# nothing from the system (test_windows_and_macos_take_nothing_from_the_system).
LINUX_QT = pytest.mark.skipif(not sys.platform.startswith("linux"),
                              reason="Qt takes its libraries from the system on Linux only")

ROOT = Path(__file__).resolve().parent.parent
QT = Path(PySide6.__file__).parent / "Qt"
LOG = Path("/home/someone/.local/share/Deputy/deputy.log")
X11_DESKTOP = {"DISPLAY": ":0"}


def loader_without(*absent: str):
    """The system's loader, on a system where the libraries ``absent`` are not installed."""
    def load(soname: str) -> object:
        if soname in absent:
            raise OSError(f"{soname}: cannot open shared object file: No such file or directory")
        return qt_preflight.load_library(soname)
    return load


def deputy(*args: str, env: dict[str, str], home: Path) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environment.update(env, DEPUTY_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          timeout=60, check=False, env=environment, cwd=ROOT)


@LINUX_QT
def test_missing_xcb_libraries_are_named_as_the_packages_to_install():
    sentence = qt_preflight.problem(
        X11_DESKTOP, LOG, loader_without("libxcb-cursor.so.0", "libxkbcommon-x11.so.0"),
        platform="linux")
    assert sentence == (
        "Qt, which draws Deputy's window, needs system libraries that are missing: install "
        "them with `sudo apt install libxcb-cursor0 libxkbcommon-x11-0` (their Debian and "
        f"Ubuntu names) and start Deputy again; the log is {LOG}.")


@LINUX_QT
def test_a_package_is_named_once_for_its_several_libraries():
    sentence = qt_preflight.problem(
        X11_DESKTOP, LOG, loader_without("libglib-2.0.so.0", "libgthread-2.0.so.0"),
        platform="linux")
    assert sentence is not None
    assert "`sudo apt install libglib2.0-0`" in sentence


@LINUX_QT
def test_what_the_loader_said_goes_to_the_log(tmp_path):
    log_file = tmp_path / "deputy.log"
    qt_preflight.check(log_file, X11_DESKTOP, loader_without("libxcb-cursor.so.0"))
    assert ("Qt needs libxcb-cursor.so.0 (package libxcb-cursor0): libxcb-cursor.so.0: "
            "cannot open shared object file") in log_file.read_text()


@LINUX_QT
def test_offscreen_needs_no_x11_libraries_nor_a_display():
    """Pictures and tests render offscreen: Qt loads neither the xcb plugin nor a display."""
    without_x11 = loader_without(*qt_preflight.XCB_LIBRARIES)
    assert qt_preflight.problem({"QT_QPA_PLATFORM": "offscreen"}, LOG, without_x11,
                                platform="linux") is None


@LINUX_QT
def test_offscreen_still_needs_qt_guis_own_libraries():
    sentence = qt_preflight.problem({"QT_QPA_PLATFORM": "offscreen"}, LOG,
                                    loader_without("libEGL.so.1"), platform="linux")
    assert sentence is not None
    assert "`sudo apt install libegl1`" in sentence


@LINUX_QT
def test_a_wayland_session_does_not_need_the_x11_plugin():
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}
    without_x11 = loader_without(*qt_preflight.XCB_LIBRARIES)
    assert qt_preflight.problem(wayland, LOG, without_x11, platform="linux") is None
    assert qt_preflight.problem({**wayland, "QT_QPA_PLATFORM": "xcb"}, LOG, without_x11,
                                platform="linux") is not None


@LINUX_QT
def test_no_display_is_said_as_such():
    sentence = qt_preflight.problem({}, LOG, platform="linux")
    assert sentence == (
        "there is no display to open Deputy's window on (neither DISPLAY nor WAYLAND_DISPLAY "
        "is set): start it in a desktop session, or use `deputy sync` and `deputy report`, "
        f"which need none; the log is {LOG}.")


def test_windows_and_macos_take_nothing_from_the_system():
    assert qt_preflight.problem({}, LOG, loader_without(*qt_preflight.GUI_LIBRARIES),
                                platform="win32") is None


def test_the_real_loader_finds_what_this_machine_has_and_not_what_it_lacks():
    assert qt_preflight.missing_packages(qt_preflight.required_libraries(X11_DESKTOP)) == []
    assert qt_preflight.missing_packages({"libdeputy-never-there.so.7": "deputy-never-there"}) \
        == ["deputy-never-there"]


def needed_libraries(elf: Path) -> list[str]:
    """The DT_NEEDED entries of a 64-bit little-endian ELF file (what `readelf -d` lists),
    read here so the test needs no binutils."""
    data = elf.read_bytes()
    assert data[:6] == b"\x7fELF\x02\x01", f"{elf}: not a 64-bit little-endian ELF file"
    section_offset, = struct.unpack_from("<Q", data, 0x28)
    entry_size, count = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, section_offset + i * entry_size)
                for i in range(count)]
    dynamic = next(s for s in sections if s[1] == 6)  # SHT_DYNAMIC
    strings = sections[dynamic[6]]  # sh_link: the dynamic string table
    needed = []
    for offset in range(dynamic[4], dynamic[4] + dynamic[5], 16):
        tag, value = struct.unpack_from("<qQ", data, offset)
        if tag == 0:
            break
        if tag == 1:  # DT_NEEDED
            start = strings[4] + value
            needed.append(data[start:data.index(b"\0", start)].decode())
    return needed


# In every Debian and Ubuntu system (libc6, libstdc++6, libgcc-s1, zlib1g, libzstd1).
BASE_SYSTEM = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
               "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "libzstd.so.1",
               "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's Qt libraries")
def test_every_system_library_qt_links_against_is_known_with_its_package():
    """A new PySide6 that links against one more system library fails here, not on a
    user's machine: the library goes into app/qt_preflight.py, and ./install installs it."""
    qt_files = [QT / "plugins" / "platforms" / "libqxcb.so"] + [
        QT / "lib" / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets", "DBus", "XcbQpa")]
    bundled = {path.name for path in (QT / "lib").iterdir()}
    known = {**qt_preflight.GUI_LIBRARIES, **qt_preflight.XCB_LIBRARIES}
    unknown = {soname for path in qt_files for soname in needed_libraries(path)} \
        - bundled - BASE_SYSTEM - set(known)
    assert not unknown, f"Qt needs system libraries app/qt_preflight.py doesn't know: {unknown}"
    gui_needs = {soname for name in ("Core", "Gui", "Widgets", "DBus")
                 for soname in needed_libraries(QT / "lib" / f"libQt6{name}.so.6")}
    assert gui_needs - bundled - BASE_SYSTEM <= set(qt_preflight.GUI_LIBRARIES)


def test_the_install_script_learns_what_is_missing_from_the_same_list():
    """./install runs this file with the system's Python, outside the venv: it must work
    alone, and here (all installed) print nothing."""
    result = subprocess.run([sys.executable, "-I", str(ROOT / "app" / "qt_preflight.py")],
                            capture_output=True, text=True, check=False, timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland are Linux's")
def test_deputy_without_a_display_says_so_and_exits(tmp_path):
    result = deputy("--demo", env={}, home=tmp_path / "home")
    log_file = tmp_path / "home" / "data" / "deputy.log"
    assert result.returncode == 1
    assert result.stderr == (
        "deputy: there is no display to open Deputy's window on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set): start it in a desktop session, or use `deputy sync` and "
        f"`deputy report`, which need none; the log is {log_file}.\n")
    assert "No display" in log_file.read_text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 platform")
def test_when_qt_gives_up_after_all_one_sentence_replaces_its_abort(tmp_path):
    """A display that isn't there: the preflight can't know, Qt's xcb plugin fails and
    Qt calls its fatal handler, which would abort (exit 134) with "Reinstalling the
    application may fix this problem"."""
    result = deputy("--demo", env={"DISPLAY": ":64999", "QT_QPA_PLATFORM": "xcb"},
                    home=tmp_path / "home")
    log_file = tmp_path / "home" / "data" / "deputy.log"
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "deputy: Qt could not open Deputy's window on the display :64999; what Qt said is in "
        f"the log, {log_file}.\n")
    log_text = log_file.read_text()
    assert "could not connect to display :64999" in log_text
    assert "Qt stopped: This application failed to start" in log_text
