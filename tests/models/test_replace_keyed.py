"""Rows replaced in place (``replace_keyed``): any old list becomes any new one, through
signals a view can follow, and neighbouring rows come and go in one step each."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import ClassVar

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt

from app.models.table import ColumnTableModel, replace_keyed


class Column(IntEnum):
    NAME = 0
    VALUE = 1


@dataclass
class Item:
    id: str
    value: int


class Items(ColumnTableModel):
    COLUMNS = Column
    HEADERS: ClassVar[dict[Column, str]] = {Column.NAME: "Name", Column.VALUE: "Value"}

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        item = self._rows[index.row()]
        return item.id if index.column() == Column.NAME else str(item.value)


def items(keys: list[str], value: int = 0) -> list[Item]:
    return [Item(k, value) for k in keys]


keys = st.lists(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), unique=True, max_size=26)


@settings(max_examples=200, deadline=None)
@given(before=keys, after=keys, value=st.integers(0, 1))
def test_any_rows_become_any_others_as_a_view_following_the_signals_sees_them(
        before, after, value):
    model = Items()
    model._rows = items(before)
    shadow = [model._rows[r].id for r in range(len(model._rows))]  # what a view knows

    def removed(_parent, first, last):
        del shadow[first:last + 1]

    def inserted(_parent, first, last):
        shadow[first:first] = [model._rows[r].id for r in range(first, last + 1)]

    def moved(_parent, start, end, _destination, row):
        moving = shadow[start:end + 1]
        del shadow[start:end + 1]
        at = row if row < start else row - len(moving)
        shadow[at:at] = moving

    model.rowsRemoved.connect(removed)
    model.rowsInserted.connect(inserted)
    model.rowsMoved.connect(moved)
    replace_keyed(model, model._rows, items(after, value), key=lambda row: row.id)
    assert [r.id for r in model._rows] == after
    assert shadow == after
    assert all(r.value == value for r in model._rows)


def test_a_first_read_is_one_insertion_and_a_reread_only_changes_what_changed(qtmodeltester):
    model = Items()
    inserts: list[tuple[int, int]] = []
    changed: list[int] = []
    model.rowsInserted.connect(lambda _p, first, last: inserts.append((first, last)))
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    model._replace_rows(items([f"m{n:03}" for n in range(800)]))
    assert inserts == [(0, 799)]
    qtmodeltester.check(model)
    inserts.clear()
    changed.clear()
    again = items([f"m{n:03}" for n in range(800)])
    again[5].value = 1
    replace_keyed(model, model._rows, again, key=lambda row: row.id)
    assert inserts == [] and changed == [5]
    assert model.index(5, Column.VALUE, QModelIndex()).data() == "1"
