"""Signing in from the command line (``deputy sync``, ``deputy fix``, ``deputy undo``).

``--demo`` signs in to the demo tenant, the built-in emulator (started here for the
command's time) or a running one (``--emulator URL``); otherwise the configured tenant,
as the administrators' app (``--as-admin``) or as a person who signed in to Deputy on
this computer before (``--as UPN``): a command has no window to sign in with.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from app import cli_values, paths
from app.problems import Said
from app.signin.accounts import Session

NEEDS_SIGN_IN = "Sign in once in Deputy first, then run the command again."


class CannotSignIn(Said):
    """Why the command can't sign in, in a sentence; ``code``: the exit code it means."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def add_arguments(parser: argparse.ArgumentParser, *, what: str) -> None:
    """The options that say where and as whom; ``what``: the command's verb ("sync")."""
    parser.add_argument("--demo", action="store_true",
                        help=f"{what} the built-in demo tenant (its Graph emulator)")
    parser.add_argument("--seed",
                        help="with --demo: the tenant to build (contoso, the default, or "
                             "scale:N[:SEED][:unreachable]; add :messages=N for a large "
                             "inbox)")
    parser.add_argument("--emulator", metavar="URL",
                        help=f"with --demo: {what} the deputy-emulator running at URL "
                             "instead of starting one")
    parser.add_argument("--latency-ms", type=cli_values.latency_ms, default=0.0, metavar="MS",
                        help="with --demo: add this much latency to every Graph request")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--as-admin", action="store_true",
                     help="as the administrators' app: every mailbox")
    who.add_argument("--as", dest="as_user", metavar="UPN",
                     help="as this person: their own mailbox (and, for a sync, their "
                          "executives')")


def argument_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the options as words (for ``parser.error``); None when right."""
    if not (args.as_admin or args.as_user):
        return "say who signs in: --as-admin or --as UPN"
    if (args.latency_ms or args.seed is not None) and not args.demo:
        return "--seed and --latency-ms work with --demo only"
    return None


@contextmanager
def signed_in(args: argparse.Namespace, *, http_client: Any = None
              ) -> Iterator[tuple[Session, str]]:
    """The session and the tenant's name in words, closed at the end. Raises
    CannotSignIn. ``http_client``: MSAL's, for tests only."""
    if args.emulator is not None:
        _check_emulator(args)
    if args.demo:
        with _demo(args) as (session, tenant):
            try:
                yield session, tenant
            finally:
                session.close()
        return
    session, tenant = _tenant_session(args, http_client)
    try:
        yield session, tenant
    finally:
        session.close()


def _check_emulator(args: argparse.Namespace) -> None:
    """``args.emulator`` becomes the base URL of the Deputy emulator answering there."""
    from app.demo_emulator import EmulatorRefused, checked_emulator

    own = [name for name, given in (("--seed", args.seed is not None),
                                    ("--latency-ms", bool(args.latency_ms))) if given]
    try:
        args.emulator = checked_emulator(args.emulator, demo=args.demo,
                                         own_emulator_options=own)
    except EmulatorRefused as exc:
        raise CannotSignIn(str(exc), 2) from exc


@contextmanager
def _demo(args: argparse.Namespace) -> Iterator[tuple[Session, str]]:
    from app.graph.emulator import EmulatorServer
    from app.graph.errors import GraphError
    from app.signin.accounts import DEMO_TENANT, DemoAccounts

    seed = args.seed or "contoso"
    try:
        server = nullcontext(None) if args.emulator else EmulatorServer(
            seed, latency_ms=args.latency_ms)
    except ValueError as exc:
        raise CannotSignIn(str(exc), 2) from exc
    with server as started:
        base_url = args.emulator if started is None else started.base_url
        accounts = DemoAccounts(base_url)
        try:
            people = accounts.candidates()
        except GraphError as exc:
            raise CannotSignIn(exc.message) from exc
        wanted_user = "" if args.as_admin else args.as_user.casefold()  # "": the admin app
        person = next((p for p in people if (p.username or "").casefold() == wanted_user),
                      None)
        if person is None:
            raise CannotSignIn(f"{args.as_user} is not in the demo tenant.")
        # A running emulator's snapshots are the demo's, as the window records them.
        tenant = DEMO_TENANT if args.emulator or seed == "contoso" \
            else f"{seed} (demo tenant)"
        yield accounts.open(person), tenant


def _tenant_session(args: argparse.Namespace, http_client: Any) -> tuple[Session, str]:
    from app import settings
    from app.graph.auth.errors import SignInError
    from app.graph.auth.people import PeopleSignIn
    from app.graph.auth.token_cache import EncryptedTokenCache
    from app.signin.accounts import WorkAccounts
    from app.signin.tenant_config import NotSetUp, open_admin_session, people_config

    store = settings.open_store()
    config = people_config(store)
    if config is None:
        raise CannotSignIn("Deputy isn't set up for your organization on this computer yet. "
                           "Start Deputy once (or run deputy --tenant ... --client-id ...), "
                           "then run this again; or add --demo for the demo tenant.", 2)
    try:
        if args.as_admin:
            return open_admin_session(store, http_client=http_client), config.tenant
        cache = EncryptedTokenCache(paths.token_cache_file())
        accounts = WorkAccounts(config, sign_in=PeopleSignIn(config, cache,
                                                             http_client=http_client))
        account = next((a for a in accounts.candidates()
                        if a.username.casefold() == args.as_user.casefold()), None)
        if account is None:
            raise CannotSignIn(f"{args.as_user} has not signed in to Deputy on this computer. "
                               + NEEDS_SIGN_IN)
        return accounts.open(account), config.tenant
    except NotSetUp as exc:
        raise CannotSignIn(str(exc), 2) from exc
    except SignInError as exc:
        raise CannotSignIn(str(exc)) from exc
