"""Sorting in steps (``app.sorting``) gives exactly what ``sorted`` gives: the same order,
equal keys in their order, whatever the runs' size."""

from __future__ import annotations

import random

import pytest

from app import sorting
from app.sorting import places_in_order, sorted_in_steps


@pytest.mark.parametrize("chunk", [1, 3, 7, 4096])
def test_the_order_is_sorteds_equal_keys_kept_in_their_order(monkeypatch, chunk):
    monkeypatch.setattr(sorting, "CHUNK", chunk)
    shuffle = random.Random(20)
    names = [f"{shuffle.choice(['Adele', 'alex', 'Ålex', 'Megan', 'megan'])} {n % 7}"
             for n in range(500)]
    assert sorted_in_steps(names, str.casefold) == sorted(names, key=str.casefold)
    pairs = [(n % 5, n) for n in range(100)]  # many equal keys: their order must stay
    assert sorted_in_steps(pairs, lambda p: p[0]) == sorted(pairs, key=lambda p: p[0])
    assert places_in_order(["b", "a", "b", "a"]) == [1, 3, 0, 2]
    assert sorted_in_steps([], str.casefold) == []
