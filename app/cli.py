"""``deputy``: the desktop app's command line.

Until the main window lands, ``deputy --demo`` runs the Graph emulator with the
Contoso tenant in-process and says so plainly; it does not pretend to be the app.
"""

from __future__ import annotations

import argparse
import sys
import threading

from app import APP_NAME, __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy",
        description=f"{APP_NAME}: manage Outlook calendar sharing and delegation.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in Graph emulator with the Contoso tenant",
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--as", dest="as_user", metavar="UPN", help="with --demo: sign in as this Contoso person"
    )
    who.add_argument(
        "--as-admin",
        action="store_true",
        help="with --demo: sign in as the administrator (app-only)",
    )
    parser.add_argument(
        "--tenant", metavar="ID_OR_DOMAIN", help="your Microsoft 365 tenant (kept for next time)"
    )
    parser.add_argument(
        "--client-id",
        metavar="GUID",
        help="the Application (client) ID of Deputy's app registration (kept for next time)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.demo:
        return run_demo(args.as_user, as_admin=args.as_admin)
    if args.tenant or args.client_id:
        return save_tenant(args.tenant, args.client_id)
    parser.print_usage(sys.stderr)
    print(
        "deputy: the Deputy window that signs in to a real Microsoft 365 tenant is not "
        "available yet; try 'deputy --demo'.",
        file=sys.stderr,
    )
    return 2


def save_tenant(tenant: str | None, client_id: str | None) -> int:
    """Check and keep ``--tenant`` and ``--client-id``, so the next start uses them."""
    # Imported here: Qt's settings load only when there is something to keep.
    from app import settings
    from app.graph.auth.config import client_id_problem, tenant_problem

    store = settings.open_store()
    tenant = (tenant or settings.TENANT.read(store)).strip()
    client_id = (client_id or settings.CLIENT_ID.read(store)).strip()
    problem = tenant_problem(tenant) or client_id_problem(client_id)
    if problem:
        print(f"deputy: {problem}", file=sys.stderr)
        return 2
    settings.TENANT.write(store, tenant)
    settings.CLIENT_ID.write(store, client_id)
    store.sync()
    print(
        f"Deputy will sign in to {tenant} with the app {client_id}. "
        "The Deputy window comes next; until then, try 'deputy --demo'."
    )
    return 0


def run_demo(as_user: str | None, *, as_admin: bool, stop: threading.Event | None = None) -> int:
    """Serve the Contoso tenant until interrupted (or ``stop`` is set, for tests)."""
    # Imported here: only the demo needs the emulator, and `deputy --help` stays quick.
    from app.graph.emulator import EmulatorServer

    server = EmulatorServer("contoso").start()
    try:
        if as_user and server.tenant.find(as_user) is None:
            people = ", ".join(p.address for p in server.tenant.users())
            print(
                f"deputy: {as_user} is not in the demo tenant. Try one of: {people}.",
                file=sys.stderr,
            )
            return 2
        who = "the administrator" if as_admin else (as_user or "any Contoso person")
        print(
            f"Deputy demo: the Graph emulator serves the Contoso tenant at {server.base_url}",
            flush=True,
        )
        print(f"The Deputy window comes next; it will sign you in as {who}.", flush=True)
        print("People: " + ", ".join(p.address for p in server.tenant.users()), flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
