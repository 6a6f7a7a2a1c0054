"""Benchmarks of what Deputy's users feel: ``python -m bench.NAME --help``.

Each prints a table for people and exactly one JSON line for tools (see
``bench.common``).
"""
