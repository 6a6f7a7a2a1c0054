"""``deputy-emulator``: run the Graph emulator until killed.

The first line on stdout is the base URL, flushed at once, so a parent process (a
test, a benchmark, ``deputy --demo``) can read it and connect.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import threading

from app import cli_values

from .quirks import Quirks
from .server import EmulatorServer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deputy-emulator",
        description="A local Microsoft Graph emulator with a Contoso demo tenant.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: loopback only)"
    )
    parser.add_argument(
        "--port", type=cli_values.port, default=0, help="port (default: any free port)"
    )
    parser.add_argument(
        "--seed",
        default="contoso",
        help="contoso (default) or scale:N[:RANDOMSEED], either with :messages=N: N "
        "ordinary messages in the inbox of the person the demo starts with",
    )
    parser.add_argument(
        "--latency-ms", type=cli_values.latency_ms, default=0.0, help="added to every Graph request"
    )
    parser.add_argument(
        "--quirks",
        default=None,
        help="how the service departs from its documentation: service (default: all), "
        "none (the documented behaviour alone), or quirk names separated by commas; "
        "see README",
    )
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    parser.add_argument(
        "--until-stdin-closes", action="store_true",
        help="stop when stdin closes: when the program that started it (deputy --demo) "
        "ends, however it ends",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        quirks = Quirks.parse(args.quirks) if args.quirks is not None else None
        server = EmulatorServer(
            args.seed, host=args.host, port=args.port, latency_ms=args.latency_ms,
            quirks=quirks,
        )
    except (ValueError, OSError) as exc:
        print(f"deputy-emulator: {exc}", file=sys.stderr)
        return 2
    print(server.base_url, flush=True)
    if args.until_stdin_closes:
        threading.Thread(target=_stop_when_stdin_closes, args=(server,), daemon=True,
                         name="parent-watch").start()
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def _stop_when_stdin_closes(server: EmulatorServer) -> None:
    """The parent holds our stdin open and never writes: its end closes when the
    parent exits, crashed or killed included, on every platform."""
    with contextlib.suppress(OSError, ValueError):
        while sys.stdin.buffer.read(4096):
            pass
    server.stop()


if __name__ == "__main__":
    sys.exit(main())
