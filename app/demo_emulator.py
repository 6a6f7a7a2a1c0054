"""``--emulator URL``: the demo on a ``deputy-emulator`` that runs already.

A training class shares one tenant (the trainer's emulator, perhaps on another computer
of the room's network), and a test stages what other people send before Deputy starts.
Deputy checks the address before any window opens, so a typo or a stopped emulator is
one sentence in the terminal, not a picker that fails. What Deputy then does with it is
what it does with the emulator it starts itself: a base URL and the demo's sign-in.

Any host is allowed, over http too: the emulator holds no real data and has no real
security (anyone who reaches it signs in as anyone), which the README says.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import requests

from app.graph import network
from app.graph.auth.demo import DemoSignIn, NotAnEmulator

SCHEMES = ("http", "https")
EXAMPLE = "http://127.0.0.1:8400"


class EmulatorRefused(Exception):  # noqa: N818 - a refusal in words, like SignInCancelled
    """``--emulator`` can't be used; the message says why and what to do, in a sentence."""


def checked_emulator(text: str, *, demo: bool = True,
                     own_emulator_options: Sequence[str] = ()) -> str:
    """The base URL of the Deputy emulator at ``text``; network: asks it who it is.

    Raises ``EmulatorRefused`` without ``demo``; with ``own_emulator_options`` (those
    given that shape the emulator the demo starts itself: ``--seed``, ``--latency-ms``;
    a running one was shaped when it was started); for an address that is not an
    emulator's (another scheme, no host, a user name in it); when nothing answers there;
    and when something else answers.
    """
    if not demo:
        raise EmulatorRefused("--emulator works with --demo.")
    if own_emulator_options:
        given = " and ".join(own_emulator_options)
        verb = "shapes" if len(own_emulator_options) == 1 else "shape"
        raise EmulatorRefused(f"{given} {verb} the emulator the demo starts itself; the one "
                              "at --emulator is as it was started.")
    base_url = _base_url(text)
    try:
        DemoSignIn(base_url).identify()
    except requests.RequestException as exc:
        raise EmulatorRefused(_nothing_answers(base_url)) from exc
    except NotAnEmulator as exc:
        raise EmulatorRefused(f"{base_url} is not a Deputy emulator.") from exc
    return base_url


def _base_url(text: str) -> str:
    """``text`` as a base URL (no trailing slash), or ``EmulatorRefused``."""
    refused = EmulatorRefused(f"--emulator takes an emulator's address such as {EXAMPLE}, "
                              f"not {text!r}.")
    parts = urlsplit(text.strip())
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError as exc:
        raise refused from exc
    if parts.scheme.lower() not in SCHEMES or not parts.hostname or parts.username \
            or parts.password is not None or parts.query or parts.fragment:
        raise refused
    return parts.geturl().rstrip("/")


def _nothing_answers(base_url: str) -> str:
    """What to do when nothing answers: the command that starts an emulator there."""
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if network.loopback(base_url):
        start = f"start it with `deputy-emulator --port {port}`"
    else:
        start = f"start `deputy-emulator --host 0.0.0.0 --port {port}` on that computer"
    return f"Nothing answers at {base_url}: {start}, or leave out --emulator."
