"""The demo's seed named in words (``contoso``, ``scale:N``, with ``:desk=ExN`` or
``:messages=N``), checked without building a tenant: ``deputy --demo`` refuses a bad
one in a sentence before any window, without loading the emulator it will not start
(the emulator runs in a process of its own, app.demo_process).
"""

from __future__ import annotations

from pathlib import Path

from app import paths

MAX_SCALE = 100_000
UNREACHABLE_OPTION = "unreachable"


def desk_option(seed: str) -> tuple[str, tuple[int, int] | None]:
    """``contoso:desk=5x2000`` -> ("contoso", (5, 2000))."""
    parts = seed.split(":")
    options = [p for p in parts if p.startswith("desk=")]
    if not options:
        return seed, None
    try:
        executives, events = (int(n) for n in options[-1].removeprefix("desk=").split("x"))
    except ValueError as exc:
        raise ValueError(f"Bad seed {seed!r}: use desk=EXECUTIVESxEVENTS, as desk=5x2000."
                         ) from exc
    if not 1 <= executives <= 50 or not 0 <= events <= 20_000:
        raise ValueError(f"Bad seed {seed!r}: desk= takes 1 to 50 executives and 0 to "
                         "20,000 events each.")
    return ":".join(p for p in parts if not p.startswith("desk=")), (executives, events)


def mail_option(seed: str) -> tuple[str, int]:
    """``contoso:messages=20000`` -> ("contoso", 20000)."""
    parts = seed.split(":")
    options = [p for p in parts if p.startswith("messages=")]
    if not options:
        return seed, 0
    try:
        count = int(options[-1].removeprefix("messages="))
    except ValueError as exc:
        raise ValueError(f"Bad seed {seed!r}: use messages=N with a whole number.") from exc
    if count < 0:
        raise ValueError(f"Bad seed {seed!r}: messages=N needs N of 0 or more.")
    return ":".join(p for p in parts if not p.startswith("messages=")), count


def seed_problem(seed: str) -> str | None:
    """Why ``seed`` can't be built, in a sentence; None when it can. Checks the words
    only (no tenant is built), so ``deputy --demo`` can refuse before any window."""
    try:
        base, _desk = desk_option(seed)
        base, _mail = mail_option(base)
        if base.startswith("scale:"):
            scale_parameters(base)
        else:
            seed_path(base)
    except ValueError as exc:
        return str(exc)
    return None


def scale_parameters(seed: str) -> tuple[int, int, bool]:
    """``scale:N[:RANDOMSEED][:unreachable]`` -> (N, RANDOMSEED, unreachable)."""
    parts = seed.split(":")
    options = [p for p in parts[2:] if not p.isdigit()]
    numbers = [p for p in parts[2:] if p.isdigit()]
    try:
        count = int(parts[1])
        random_seed = int(numbers[0]) if numbers else 1
        if len(numbers) > 1 or any(o != UNREACHABLE_OPTION for o in options):
            raise ValueError(seed)
    except (IndexError, ValueError) as exc:
        raise ValueError(
            f"Bad seed {seed!r}: use scale:N, scale:N:RANDOMSEED, and :{UNREACHABLE_OPTION} "
            "for mailboxes Graph can't open."
        ) from exc
    if not 1 <= count <= MAX_SCALE:
        raise ValueError(
            f"Bad seed {seed!r}: scale:N needs N from 1 to {MAX_SCALE:,} mailboxes."
        )
    return count, random_seed, UNREACHABLE_OPTION in options


def seed_path(seed: str) -> Path:
    path = paths.seed_file(seed)
    if not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.json"))
        raise ValueError(
            f"Unknown seed {seed!r}: use {', '.join(known)} or scale:N."
        )
    return path
