"""Meetings on behalf: the part, the draft, and showing bodies others wrote."""
