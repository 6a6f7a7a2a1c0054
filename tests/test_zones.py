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
