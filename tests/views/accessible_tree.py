"""What a screen reader finds in a window: Qt's accessible tree, walked as an assistive
technology walks it (``QAccessible.queryAccessibleInterface``, then children, roles,
names and states), and what in it a screen-reader user could not use.

Qt builds the tree on request, with or without a screen reader attached (offscreen
too), so the tests read the same names Orca or NVDA would be given.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAccessible, QAccessibleInterface, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QWidget,
)

Role = QAccessible.Role
NAME = QAccessible.Text.Name

# What a person acts on: each must say what it is.
INTERACTIVE = {
    Role.Button, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText,
    Role.SpinBox, Role.Table, Role.List, Role.Tree, Role.PageTabList, Role.PageTab,
    Role.MenuItem, Role.ButtonMenu, Role.ButtonDropDown, Role.Slider,
}
# What a person types or chooses in: each needs a label (a buddy or a name), not only
# a placeholder, which disappears once something is typed.
FIELDS = {Role.EditableText, Role.ComboBox, Role.SpinBox}
# Their items are the data, named by the data; the container's name is what counts.
ITEM_CONTAINERS = {Role.Table, Role.List, Role.Tree}


@dataclass(frozen=True)
class Problem:
    """Something a screen-reader user could not use, with where it is."""

    what: str
    role: str
    path: str

    def __str__(self) -> str:
        return f"{self.what}: {self.role} at {self.path}"


def interface(widget: QWidget) -> QAccessibleInterface:
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None and found.isValid(), f"no accessible interface for {widget}"
    return found


def walk(root: QAccessibleInterface):
    """(interface, path) of every shown node under ``root``, items of lists and tables
    left out (a table's header is checked by ``problems``)."""
    stack = [(root, root.role().name)]
    while stack:
        node, path = stack.pop()
        yield node, path
        if node.role() in ITEM_CONTAINERS:
            continue
        for index in reversed(range(node.childCount())):
            child = node.child(index)
            if child is None or not child.isValid() or child.state().invisible:
                continue
            name = child.text(NAME) or ""
            stack.append((child, f"{path} > {child.role().name}"
                                 + (f" {name!r}" if name else "")))


def _placeholder(node: QAccessibleInterface) -> str:
    widget = node.object()
    if isinstance(widget, QLineEdit):
        return widget.placeholderText()
    return ""


def _labelled_by(node: QAccessibleInterface) -> str:
    """The visible label whose buddy this field is ("&Person:")."""
    widget = node.object()
    if not isinstance(widget, QWidget):
        return ""
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.isVisible() and label.text():
            return label.text()
    return ""


def header_problems(node: QAccessibleInterface, path: str) -> list[Problem]:
    """A table whose shown columns don't all have a header name."""
    view = node.object()
    if not isinstance(view, QTableView) or view.model() is None:
        return []
    header = view.horizontalHeader()
    if header.isHidden():
        return [Problem("table without column headers", "Table", path)]
    unnamed = [column for column in range(view.model().columnCount())
               if not header.isSectionHidden(column)
               and not str(view.model().headerData(column, header.orientation()) or "").strip()]
    # Headers as a screen reader gets them: the table's first children.
    spoken = [node.child(i).text(NAME) for i in range(min(node.childCount(),
                                                           view.model().columnCount()))
              if node.child(i) is not None and node.child(i).role() == Role.ColumnHeader]
    if unnamed or (view.model().columnCount() and not any(spoken)):
        return [Problem(f"table header without names (columns {unnamed})", "Table", path)]
    return []


def _plain(text: str) -> str:
    """A label's text as it is read: no mnemonic's ``&``, no markup."""
    document = QTextDocument()
    if "<" in text:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText().replace("&&", "\0").replace("&", "").replace("\0", "&")


def label_problems(node: QAccessibleInterface, path: str) -> list[Problem]:
    """A label read as something else than it shows (an accessible name set on it
    replaces its text), or a picture without a name."""
    label = node.object()
    if not isinstance(label, QLabel):
        return []
    name = (node.text(NAME) or "").strip()
    shown = _plain(label.text()).strip()
    if shown and name != shown and not name.startswith(shown[:40]):
        return [Problem(f"label read as {name!r} while it shows {shown!r}",
                        node.role().name, path)]
    if not shown and label.pixmap() is not None and not label.pixmap().isNull() and not name:
        return [Problem("picture without a name", node.role().name, path)]
    return []


def _menus(window: QWidget):
    """The window's menus, walked whether open or not (a closed menu is hidden)."""
    for menu in window.findChildren(QMenu):
        if menu.menuAction().isVisible() and menu.actions():
            root = interface(menu)
            for index in range(root.childCount()):
                item = root.child(index)
                yield item, f"Menu {menu.title()!r} > {item.role().name}"


def problems(window: QWidget) -> list[Problem]:
    """What in ``window`` (as shown now) a screen-reader user could not use."""
    found: list[Problem] = []
    for node, path in [*walk(interface(window)), *_menus(window)]:
        role, name = node.role(), (node.text(NAME) or "").strip()
        if role in (Role.StaticText, Role.Heading, Role.Graphic):
            found.extend(label_problems(node, path))
        if role not in INTERACTIVE or (role == Role.MenuItem
                                       and node.state().invisible):
            continue
        if not name:
            found.append(Problem("no name", role.name, path))
        elif role in FIELDS and name == _placeholder(node).strip():
            found.append(Problem("named only by its placeholder", role.name, path))
        if role == Role.Table:
            found.extend(header_problems(node, path))
        if isinstance(node.object(), QAbstractItemView) and role not in ITEM_CONTAINERS:
            found.append(Problem("item view of an unexpected role", role.name, path))
    return found


def _has_mnemonic(text: str) -> bool:
    return "&" in text.replace("&&", "")


def unlabelled_fields(window: QWidget, *, exempt: tuple[QWidget, ...] = ()) -> list[str]:
    """Fields a person cannot reach by a label's mnemonic: no visible buddy label with
    an ``&``. ``exempt``: fields reached another way (the sidebar's search by Ctrl+F)."""
    missing = []
    for node, path in walk(interface(window)):
        widget = node.object()
        if node.role() not in FIELDS or widget in exempt or node.state().readOnly \
                or isinstance(widget.parent(), QComboBox):  # the box has the label
            continue
        label = _labelled_by(node)
        if not _has_mnemonic(label):
            missing.append(f"{path} (label {label!r})")
    return missing
