"""Graph's dateTimeTimeZone values: Windows or IANA zone names, stored in UTC.

Outlook speaks Windows zone names ("Pacific Standard Time"); Python speaks IANA
("America/Los_Angeles"). Which name is which is Deputy's one zone module's
(``app.zones``, the Unicode CLDR table that tzlocal ships); the emulator adds only what
the service answers to a name it doesn't know.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.zones import iana_name, is_utc, known_windows_name, windows_name

from .errors import GraphError

__all__ = ["parse", "render", "render_utc", "windows_name", "zone"]

_FRACTION = re.compile(r"\.(\d+)$")


def zone(name: str | None) -> tzinfo:
    """The tzinfo for a Windows or IANA name; unknown names are a 400, as in Graph."""
    if is_utc(name):
        return UTC
    assert name is not None
    windows = known_windows_name(name)
    try:
        return ZoneInfo(iana_name(name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise GraphError(
            400,
            "ErrorTimeZoneNotSupported" if windows is None else "ErrorInvalidRequest",
            f"A valid TimeZone value must be specified. The following TimeZone value is not "
            f"supported: '{name}'.",
        ) from exc


def parse(value: object, field: str) -> datetime:
    """A dateTimeTimeZone object from a request body, as an aware UTC datetime."""
    if not isinstance(value, dict) or not isinstance(value.get("dateTime"), str):
        raise GraphError(400, "ErrorInvalidRequest", f"'{field}' needs a dateTime and a timeZone.")
    text = value["dateTime"].strip().removesuffix("Z")
    match = _FRACTION.search(text)
    if match:  # Graph sends seven fractional digits; Python reads at most six.
        text = text[: match.start()] + "." + match.group(1)[:6].ljust(6, "0")
    try:
        naive = datetime.fromisoformat(text)
    except ValueError as exc:
        raise GraphError(
            400, "ErrorInvalidRequest", f"'{field}.dateTime' is not a valid date and time."
        ) from exc
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=zone(value.get("timeZone"))).astimezone(UTC)


def render(moment: datetime, zone_name: str | None) -> dict[str, str]:
    """A stored UTC moment as Graph returns it, in the zone of ``Prefer: outlook.timezone``."""
    label = zone_name or "UTC"
    local = moment.astimezone(zone(zone_name))
    return {"dateTime": local.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": label}


def render_utc(moment: datetime) -> str:
    """A timestamp property such as ``createdDateTime``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (f"{moment.microsecond:06d}0Z")


ZERO_TIME = "0001-01-01T00:00:00Z"
