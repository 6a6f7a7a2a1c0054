"""Time zones as Outlook names them (Windows names) and as Python knows them (IANA).

Graph accepts both kinds in ``Prefer: outlook.timezone`` and ``dateTimeTimeZone``,
but mailbox settings and events carry Windows names, so Deputy speaks those. The
mapping is the Unicode CLDR table that tzlocal ships.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tzlocal import get_localzone_name
from tzlocal.windows_tz import tz_win, win_tz

UTC_NAME = "UTC"
# The names Outlook and Graph take for UTC, however written.
_UTC_NAMES = frozenset({"utc", "coordinated universal time", "etc/utc", "z", "gmt"})
_WINDOWS_BY_FOLDED_NAME = {name.casefold(): name for name in win_tz}


def known_windows_name(name: str | None) -> str | None:
    """The Windows zone ``name`` spells, in any case ("pacific standard time"), or None
    when it isn't one (an IANA name, an unknown one)."""
    return _WINDOWS_BY_FOLDED_NAME.get((name or "").strip().casefold())


def is_utc(name: str | None) -> bool:
    """Is ``name`` one of the ways UTC is written (an empty name counts as UTC)?"""
    return not name or name.strip().casefold() in _UTC_NAMES


def iana_name(name: str) -> str:
    """The IANA name for a Windows or IANA zone name ("America/Los_Angeles")."""
    windows = known_windows_name(name)
    return win_tz[windows] if windows else name.strip()


def windows_name(name: str | None) -> str:
    """The Windows name Outlook records for a zone given by either kind of name, in any
    case; "UTC" for UTC and for no name; an unknown name as it is."""
    if is_utc(name):
        return UTC_NAME
    assert name is not None
    windows = known_windows_name(name)
    if windows:
        return windows
    return tz_win.get(name.strip(), name.strip())


def local_zone_name() -> str:
    """This computer's zone, as Outlook names it."""
    try:
        return windows_name(get_localzone_name())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC_NAME


def zone_info(name: str) -> tzinfo:
    """The tzinfo for a Windows or IANA name; UTC when Python doesn't know it."""
    try:
        return UTC if is_utc(name) else ZoneInfo(iana_name(name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def now_in(name: str) -> datetime:
    """The wall-clock time now in that zone, without tzinfo (as a form shows it)."""
    return datetime.now(zone_info(name)).replace(tzinfo=None)


def all_zone_names() -> list[str]:
    """Every Windows zone name, sorted, for a picker."""
    return sorted(set(win_tz) | {UTC_NAME})


def moment_words(text: str, zone: tzinfo | None = None) -> str:
    """A moment Graph wrote ("2026-12-01T07:23:00.0000000Z"; no zone: UTC) as a person
    reads it in ``zone`` (None: this computer's): "Tue 01 Dec 07:23"."""
    cleaned = text.replace("Z", "+00:00")
    if "." in cleaned:  # Graph writes seven decimals; Python reads six
        whole, _dot, rest = cleaned.partition(".")
        digits = len(rest) - len(rest.lstrip("0123456789"))
        cleaned = whole + rest[digits:]
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(zone):%a %d %b %H:%M}"


def wall_clock(text: str) -> datetime:
    """Graph's dateTime ("2026-12-01T07:23:00.0000000", seven decimals) as a naive datetime."""
    cleaned = text.strip().removesuffix("Z")
    if "." in cleaned:  # Python reads at most six decimals
        whole, _dot, rest = cleaned.partition(".")
        cleaned = f"{whole}.{rest[:6]}"
    return datetime.fromisoformat(cleaned)


def shown_in(date_time: str, zone_name: str | None, zone: tzinfo | None) -> datetime:
    """A dateTimeTimeZone (the wall-clock ``date_time`` in the zone it names) as the
    wall-clock time in ``zone`` (None: this computer's), without tzinfo: whatever zone
    Graph wrote it in, the same moment reads the same."""
    moment = wall_clock(date_time).replace(tzinfo=zone_info(zone_name or UTC_NAME))
    return moment.astimezone(zone).replace(tzinfo=None)
