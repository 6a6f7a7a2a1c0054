"""``deputy``: the desktop app's command line.

``deputy --demo`` opens Deputy against the built-in Graph emulator and its Contoso
tenant (``--emulator URL``: against one that runs already); ``deputy`` alone opens it
against the tenant configured at first run (or with ``--tenant`` and ``--client-id``).
``--screenshot`` saves a picture of the window once its data has loaded, and exits: for
the README and for tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app import APP_NAME, __version__, console, offscreen_windows, paths

if TYPE_CHECKING:
    from app.demo_process import EmulatorProcess

DEFAULT_SEED = "contoso"
VIEWS = ("attention", "side-by-side", "week", "calendars", "sharing", "meetings", "messages",
         "compose", "review", "findings", "changes")


# The commands for administrators and scheduled tasks; each has its own --help.
COMMANDS = """commands (deputy COMMAND --help for each):
  sync             read every mailbox's sharing into a snapshot for the review
  report           the review's findings as HTML, CSV or JSON (exit 3: new findings)
  fix              change many permissions at once, after a preview
  copy-delegates   give other mailboxes one executive's delegates and delivery option
  undo             put back what a fix or a copy changed
  expire           undo the fixes made --until a time that has come
  import           add a snapshot exported by Deputy (a .deputy file)"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy",
        description=f"{APP_NAME}: manage Outlook calendar sharing and delegation.",
        epilog=COMMANDS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in Graph emulator with the Contoso tenant",
    )
    parser.add_argument(
        "--seed", metavar="TENANT",
        help="with --demo: the tenant to build: contoso (default), or scale:N for N "
        "mailboxes; add :messages=N for a large inbox (contoso:messages=20000)",
    )
    parser.add_argument(
        "--emulator", metavar="URL",
        help="with --demo: use the deputy-emulator running at URL (a class's shared "
        "tenant) instead of starting one",
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--as", dest="as_user", metavar="UPN", help="sign in as this person without asking"
    )
    who.add_argument(
        "--as-admin",
        action="store_true",
        help="with --demo: sign in as the administrator (app-only)",
    )
    parser.add_argument(
        "--offline", action="store_true",
        help="review the latest permission snapshot without signing in or using the network",
    )
    parser.add_argument(
        "--tenant", metavar="ID_OR_DOMAIN", help="your Microsoft 365 tenant (kept for next time)"
    )
    parser.add_argument(
        "--client-id",
        metavar="GUID",
        help="the Application (client) ID of Deputy's app registration (kept for next time)",
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png",
        help="save a picture of the window once its data has loaded, then quit",
    )
    parser.add_argument(
        "--view", choices=VIEWS, default="calendars", help="with --screenshot: which view"
    )
    parser.add_argument(
        "--mailbox", metavar="ADDRESS",
        help="with --screenshot: whose calendars to show (default: the last one shown)",
    )
    return parser


# The screen a picture is taken on: a common desktop's. Qt's offscreen screen is 800 by
# 800 otherwise, and windows that fit themselves to their screen (the review) would be
# pictured smaller than anyone sees them.
PICTURE_SCREEN = {"screens": [{"name": "Picture", "x": 0, "y": 0, "width": 1920,
                               "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96,
                               "dpr": 1}]}


def _picture_screen() -> None:
    """Render offscreen on ``PICTURE_SCREEN``, unless told another platform (or screen)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return
    offscreen_windows.use_the_system_fonts_offscreen()
    config = paths.data_dir() / "picture-screen.json"
    try:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps(PICTURE_SCREEN))
    except OSError:
        argument = None
    else:
        argument = offscreen_windows.config_file_argument(config)
    if argument is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # Qt's own 800 by 800 screen then
        return
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={argument}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    console.survive_any_encoding()
    if argv[:1] == ["sync"]:
        from app.review import sync

        return sync.main(argv[1:])
    if argv[:1] == ["report"]:
        from app.review import report_cli

        return report_cli.main(argv[1:])
    if argv[:1] == ["fix"]:
        from app.fixes import cli as fixes_cli

        return fixes_cli.fix_main(argv[1:])
    if argv[:1] == ["undo"]:
        from app.fixes import cli as fixes_cli

        return fixes_cli.undo_main(argv[1:])
    if argv[:1] == ["expire"]:
        from app.fixes import cli as fixes_cli

        return fixes_cli.expire_main(argv[1:])
    if argv[:1] == ["copy-delegates"]:
        from app.fixes import copy_cli

        return copy_cli.copy_main(argv[1:])
    if argv[:1] == ["import"]:
        from app.review import import_cli

        return import_cli.main(argv[1:])
    if argv[:1] == ["emulator"]:  # deputy-emulator, also where only the frozen app is installed
        from app.graph.emulator import cli as emulator_cli

        return emulator_cli.main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.as_admin and not args.demo:
        parser.error("--as-admin works with --demo; for a real tenant, see the README")
    if args.demo or args.emulator:
        problem = demo_problem(args)
        if problem:
            print(f"deputy: {problem}", file=sys.stderr)
            return 2
    if args.tenant or args.client_id:
        problem = save_tenant(args.tenant, args.client_id)
        if problem:
            print(f"deputy: {problem}", file=sys.stderr)
            return 2
    if args.screenshot:
        from app.private_files import not_a_regular_file

        problem = not_a_regular_file(Path(args.screenshot))
        if problem:
            print(f"deputy: can't write {args.screenshot}: {problem}; choose another name for "
                  "--screenshot.", file=sys.stderr)
            return 2
        # Absolute: on Windows the picture's screen may move Deputy to another folder.
        args.screenshot = str(Path(args.screenshot).resolve())
        folder = Path(args.screenshot).parent
        if not folder.is_dir():
            print(f"deputy: the folder {folder} does not exist.", file=sys.stderr)
            return 2
        # A picture needs no screen: render offscreen unless told otherwise.
        _picture_screen()
    # The demo's own emulator starts now, on the other core, while Qt loads; not from
    # the frozen app (app.demo_process says why).
    demo_emulator = None
    if args.demo and args.emulator is None and not args.offline \
            and not getattr(sys, "frozen", False):
        from app.demo_process import EmulatorProcess

        demo_emulator = EmulatorProcess(args.seed or DEFAULT_SEED)
    try:
        return _run_gui(args, demo_emulator)
    finally:
        if demo_emulator is not None:
            demo_emulator.stop()


def _run_gui(args: argparse.Namespace, demo_emulator: EmulatorProcess | None) -> int:
    # Before Qt's GUI is imported (it needs some of the libraries checked): when Qt
    # can't open a window here, one sentence that says why, not Qt's abort.
    from app import qt_preflight

    problem = qt_preflight.check(paths.log_file())
    if problem:
        print(f"deputy: {problem}", file=sys.stderr)
        return 1
    # Imported here: `deputy --help` stays quick, and needs no display.
    with _start_up_objects():
        from app import qt_imports

        qt_imports.without_feature_checks()  # before the modules that use Qt
        from app import gui
        from app.launcher import ADMIN, Screenshot

    screenshot = Screenshot(args.screenshot, args.view, args.mailbox) if args.screenshot \
        else None
    initial = ADMIN if args.as_admin else args.as_user
    return gui.run(demo=args.demo, initial=initial, screenshot=screenshot,
                   offline=args.offline, seed=args.seed or DEFAULT_SEED,
                   emulator=args.emulator, demo_emulator=demo_emulator)


def demo_problem(args: argparse.Namespace) -> str | None:
    """Why the demo can't start as asked, in a sentence; None when it can.

    Before any window: ``--seed`` is checked as words, and the ``--emulator`` is asked
    who it is (network); ``args.emulator`` becomes its base URL.
    """
    if args.emulator is None:
        from app.graph.emulator.seed_words import seed_problem

        return seed_problem(args.seed or DEFAULT_SEED)
    from app.demo_emulator import EmulatorRefused, checked_emulator

    try:
        args.emulator = checked_emulator(args.emulator, demo=args.demo,
                                         own_emulator_options=["--seed"] if args.seed else [])
    except EmulatorRefused as exc:
        return str(exc)
    return None


@contextmanager
def _start_up_objects() -> Iterator[None]:
    """The GUI's imports make some 50,000 objects and none of them is garbage: no
    collection while they are made (they cost 30-70 ms of start-up for nothing), and
    then they are frozen out of every later one (as app.gui_collector does). Automatic
    collection is then as it was: off where the GUI thread's collector runs already (a
    second start in one process, as the tests make)."""
    automatic = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if automatic:
            gc.enable()


def save_tenant(tenant: str | None, client_id: str | None) -> str | None:
    """Check and keep ``--tenant`` and ``--client-id``; the problem, if any."""
    from app import settings
    from app.graph.auth.config import client_id_problem, tenant_problem

    store = settings.open_store()
    tenant = (tenant or settings.TENANT.read(store)).strip()
    client_id = (client_id or settings.CLIENT_ID.read(store)).strip()
    problem = tenant_problem(tenant) or client_id_problem(client_id)
    if problem:
        return problem
    settings.TENANT.write(store, tenant)
    settings.CLIENT_ID.write(store, client_id)
    store.sync()
    return None


if __name__ == "__main__":
    sys.exit(main())
