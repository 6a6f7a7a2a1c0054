"""Moments as Graph writes them, read in the person's time zone."""

from __future__ import annotations

from app.zones import moment_words, zone_info


def test_graph_s_seven_decimals_and_z_read_in_the_given_zone():
    pacific = zone_info("Pacific Standard Time")
    assert moment_words("2026-12-01T07:23:00.0000000Z", pacific) == "Mon 30 Nov 23:23"
    assert moment_words("2026-12-01T07:23:00Z", zone_info("UTC")) == "Tue 01 Dec 07:23"


def test_a_moment_without_a_zone_is_utc_and_nonsense_is_left_as_written():
    assert moment_words("2026-12-01T07:23:00", zone_info("UTC")) == "Tue 01 Dec 07:23"
    assert moment_words("soon") == "soon"


def test_deputy_and_its_emulator_read_a_zone_name_alike_in_any_case():
    """One zone module: what Outlook writes as "Pacific Standard Time", someone typed in
    lower case, or an IANA name, is the same zone to Deputy and to the emulator."""
    from app import zones
    from app.graph.emulator import timezones

    for name in ("Pacific Standard Time", "pacific standard time", "America/Los_Angeles",
                 "UTC", "utc", "Etc/UTC", "GMT", ""):
        assert zones.zone_info(name) is timezones.zone(name), name
        assert zones.windows_name(name) == timezones.windows_name(name or "UTC"), name
    assert zones.windows_name("pacific standard time") == "Pacific Standard Time"
