"""Item-data roles shared by Deputy's models, named once (qutebrowser's ``ModelRole``)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class ItemRole(IntEnum):
    """Custom roles; ``OBJECT`` returns the row's underlying resource."""

    OBJECT = Qt.ItemDataRole.UserRole + 1
    KIND = Qt.ItemDataRole.UserRole + 2
    BADGE = Qt.ItemDataRole.UserRole + 3
    ALLOWED_ROLES = Qt.ItemDataRole.UserRole + 4
    PENDING = Qt.ItemDataRole.UserRole + 5
    SORT = Qt.ItemDataRole.UserRole + 6
