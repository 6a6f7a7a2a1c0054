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


def windows_name(name: str | None) -> str:
    """The Windows name for an IANA or Windows zone name ("UTC" when unknown)."""
    if not name:
        return UTC_NAME
    if name in win_tz:
        return name
    return tz_win.get(name, UTC_NAME if name.upper() in ("UTC", "ETC/UTC", "GMT") else name)


def local_zone_name() -> str:
    """This computer's zone, as Outlook names it."""
    try:
        return windows_name(get_localzone_name())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC_NAME


def zone_info(name: str) -> tzinfo:
    """The tzinfo for a Windows or IANA name; UTC when Python doesn't know it."""
    try:
        return ZoneInfo(win_tz.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


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
