"""Before Qt starts: is there a display, and are the system libraries Qt needs there?

PySide6's wheels bundle Qt itself, but Qt's GUI library and its X11 ("xcb") platform
plugin link against libraries of the system (``readelf -d`` on ``libQt6Gui.so.6``,
``libQt6XcbQpa.so.6`` and ``plugins/platforms/libqxcb.so``). When one is missing, Qt
aborts (exit 134) with "Reinstalling the application may fix this problem", which is
wrong, and says what is really missing only in the log. This module asks the dynamic
loader first, so Deputy can name the Debian packages to install in one sentence.

It needs nothing but the standard library and no import of ``app``: the ``./install``
script runs this file with the system's Python to learn which packages to install
(``python3 app/qt_preflight.py``), so the script and the app share one list.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# The system libraries Qt's GUI library needs on any platform (offscreen too), and the
# Debian and Ubuntu package that provides each. Those in every Debian system (libc,
# libstdc++, zlib, zstd) are left out.
GUI_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11.so.6": "libx11-6",
}

# What Qt's X11 platform plugin needs besides: the xcb utility libraries no desktop
# installs unless something asks for them.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}

# Platforms that draw into memory or onto the console: no display server to find.
log = logging.getLogger(__name__)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # as app.gui's log

_HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")

Loader = Callable[[str], object]


def load_library(soname: str) -> object:
    """Open a library as Qt would: by the loader's search path, or (in the standalone
    app) from the folder the build bundled it in. Raises OSError when neither has it."""
    try:
        return ctypes.CDLL(soname)
    except OSError:
        for folder in _bundled_folders():
            if (folder / soname).exists():
                return ctypes.CDLL(str(folder / soname))
        raise


def _bundled_folders() -> list[Path]:
    folders = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle))
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "Qt" / "lib")
    return folders


def unloadable(libraries: Mapping[str, str], load: Loader = load_library) -> dict[str, str]:
    """The libraries ``load`` cannot open, each with the loader's reason."""
    failures = {}
    for soname in libraries:
        try:
            load(soname)
        except OSError as error:
            failures[soname] = str(error)
    return failures


def missing_packages(libraries: Mapping[str, str], load: Loader = load_library) -> list[str]:
    """The packages (sorted, each once) whose library ``load`` cannot open."""
    return sorted({libraries[soname] for soname in unloadable(libraries, load)})


def needs_display(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will look for an X11 or Wayland display, as it does on Linux unless
    QT_QPA_PLATFORM names a platform that needs none (offscreen, for pictures and tests)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    return not chosen.startswith(_HEADLESS_PLATFORMS)


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will open the display through its X11 plugin: asked for by name, or
    by default unless this is a Wayland session (where Qt takes its Wayland plugin)."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.startswith("xcb")
    wayland_session = bool(environ.get("WAYLAND_DISPLAY")) and \
        environ.get("XDG_SESSION_TYPE") == "wayland"
    return bool(environ.get("DISPLAY")) and not wayland_session


def required_libraries(environ: Mapping[str, str],
                       platform: str = sys.platform) -> dict[str, str]:
    """The libraries Qt will load in this environment, each with its package."""
    if not platform.startswith("linux"):
        return {}  # Qt's wheels for Windows and macOS take nothing from the system
    libraries = dict(GUI_LIBRARIES)
    if needs_display(environ, platform) and uses_xcb(environ):
        libraries.update(XCB_LIBRARIES)
    return libraries


def problem(environ: Mapping[str, str], log_file: Path, load: Loader = load_library,
            platform: str = sys.platform) -> str | None:
    """One sentence for the terminal when Qt cannot start here, or None when it can.
    What the loader said about each missing library goes to the log."""
    libraries = required_libraries(environ, platform)
    failures = unloadable(libraries, load)
    if failures:
        for soname, reason in failures.items():
            log.warning("Qt needs %s (package %s): %s", soname, libraries[soname], reason)
        return missing_libraries_sentence(sorted({libraries[s] for s in failures}), log_file)
    if needs_display(environ, platform) and not environ.get("DISPLAY") \
            and not environ.get("WAYLAND_DISPLAY") \
            and not environ.get("QT_QPA_PLATFORM", "").startswith("wayland"):
        log.warning("No display: neither DISPLAY nor WAYLAND_DISPLAY is set")
        return (f"there is no display to open Deputy's window on (neither DISPLAY nor "
                f"WAYLAND_DISPLAY is set): start it in a desktop session, or use "
                f"`deputy sync` and `deputy report`, which need none; the log is {log_file}.")
    return None


def check(log_file: Path, environ: Mapping[str, str] = os.environ,
          load: Loader = load_library) -> str | None:
    """``problem``, with what the loader said written to ``log_file``: for the command
    line, before Qt's GUI is imported and before the app's logging is set up."""
    handler = logging.FileHandler(log_file, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    log.addHandler(handler)
    try:
        return problem(environ, log_file, load)
    finally:
        log.removeHandler(handler)
        handler.close()


def missing_libraries_sentence(packages: Iterable[str], log_file: Path) -> str:
    names = " ".join(packages)
    return (f"Qt, which draws Deputy's window, needs system libraries that are missing: "
            f"install them with `sudo apt install {names}` (their Debian and Ubuntu names) "
            f"and start Deputy again; the log is {log_file}.")


def stop_on_qt_fatal(message: str, log_file: Path, environ: Mapping[str, str] = os.environ,
                     load: Loader = load_library) -> None:
    """Qt gave up after all (its message handler got a fatal message): say so in one
    sentence instead of Qt's "Reinstalling the application may fix this problem", keep
    Qt's own words in the log, and exit with 1 before Qt aborts."""
    log.warning("Qt stopped: %s", message)
    sentence = problem(environ, log_file, load) or (
        f"Qt could not open Deputy's window on the display "
        f"{environ.get('WAYLAND_DISPLAY') or environ.get('DISPLAY') or '(none)'}; "
        f"what Qt said is in the log, {log_file}.")
    print(f"deputy: {sentence}", file=sys.stderr, flush=True)
    logging.shutdown()
    os._exit(1)


def main(argv: list[str]) -> int:
    """``python3 app/qt_preflight.py``: the Debian packages missing for the desktop app
    on an X11 desktop, one a line (nothing when all are there)."""
    if argv:
        print("usage: python3 app/qt_preflight.py", file=sys.stderr)
        return 2
    environ = {"DISPLAY": ":0"}  # the libraries an X11 desktop needs, display or not
    for package in missing_packages(required_libraries(environ)):
        print(package)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
