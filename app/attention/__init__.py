"""Needs attention: what waits for the signed-in person across every executive."""
