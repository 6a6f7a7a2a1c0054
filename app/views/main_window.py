"""The main window: mailboxes on the left; their calendars and sharing on the right.

Every action is in a menu with a shortcut, so all of Deputy works from the keyboard.
The window's geometry, the splitter and the open tab are kept between runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, settings
from app.attention.open_block import BlockOpener
from app.graph.resources import Event, EventMessage
from app.messages import Place
from app.models.mailboxes import Mailbox, MailboxKind
from app.paths import snapshot_file
from app.views.headings import mark_heading
from app.views.lazy_page import LazyPage
from app.views.message_bar import MessageBar
from app.views.open_mailbox import OpenMailboxDialog
from app.views.plain_text import plain_label
from app.views.sidebar import MailboxSidebar
from app.views.status_message import StatusBar
from app.views.task_status import TaskStatus
from app.views.tray import AttentionTray
from app.views.view_names import ATTENTION, SIDE_BY_SIDE, VIEWS, WEEK
from app.words import counted
from app.workspace.parts import Workspace

if TYPE_CHECKING:  # loaded when first shown (app.views.lazy_page): a quicker start
    from app.views.attention_view import AttentionView
    from app.views.calendars_view import CalendarsView
    from app.views.meetings_view import MeetingsView
    from app.views.messages_view import MessagesView
    from app.views.review_window import ReviewWindow
    from app.views.sharing_view import SharingView
    from app.views.side_by_side_view import SideBySideView

ATTENTION_PAGE, MAILBOX_PAGE = 0, 1
# The first run's size: a meeting's when, subject and answers whole beside its details,
# on a 1366 by 768 laptop screen too.
DEFAULT_SIZE = (1280, 720)


class MainWindow(QMainWindow):
    """Deputy's window for one signed-in identity.

    Signals:
        switch_account_requested: File, Switch account.
        sign_out_requested: File, Sign out.
    """

    switch_account_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, workspace: Workspace, store: QSettings, *, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self._store = workspace, store
        self._demo = demo
        session = workspace.session
        suffix = " — demo tenant" if demo else ""
        self._title = f"{APP_NAME} — {session.label}{suffix}"
        self.setWindowTitle(self._title)

        self.sidebar = MailboxSidebar(workspace.directory.mailboxes)
        self.message_bar = MessageBar()
        self.heading = plain_label()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        mark_heading(self.heading)  # read as its text ("Your calendars"), as a heading
        self.subheading = plain_label()
        self.subheading.setWordWrap(True)
        self.block_opener = BlockOpener(workspace.meetings, self)
        # Each view is made as it is first shown (app.views.lazy_page).
        self._calendars_page = LazyPage(self._make_calendars_view)
        self._sharing_page = LazyPage(self._make_sharing_view)
        self._meetings_page = LazyPage(self._make_meetings_view)
        self._messages_page = LazyPage(self._make_messages_view)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._calendars_page, "&Calendars")
        self.tabs.addTab(self._sharing_page, "&Sharing and delegates")
        self.tabs.addTab(self._meetings_page, "&Meetings")
        self.tabs.addTab(self._messages_page, "Meeting messa&ges")
        self.tabs.setAccessibleName("Views")

        attention_heading = plain_label("Needs attention")
        attention_heading.setFont(font)
        mark_heading(attention_heading)
        self._attention_page = LazyPage(self._make_attention_view)
        self._side_by_side_page = LazyPage(self._make_side_by_side_view)
        self.attention_tabs = QTabWidget()
        self.attention_tabs.addTab(self._attention_page, "&To do")
        self.attention_tabs.addTab(self._side_by_side_page, "Side b&y side")
        self.attention_tabs.setAccessibleName("Needs attention views")
        self.pages = QStackedWidget()
        self.pages.addWidget(_page(attention_heading, self.attention_tabs))
        self.pages.addWidget(_page(self.heading, self.subheading, self.tabs))
        self.pages.setCurrentIndex(MAILBOX_PAGE)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.message_bar)
        right_layout.addWidget(self.pages, 1)
        # Above the mailboxes: what needs me across all of them, with its count.
        self.attention_button = QPushButton()
        self.attention_button.setCheckable(True)
        self.attention_button.setFlat(True)
        self.attention_button.setStyleSheet("text-align: left; padding: 4px 6px")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.attention_button)
        left_layout.addWidget(self.sidebar, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 840])
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(6, 6, 6, 0)
        central_layout.addWidget(self.splitter)
        self.setCentralWidget(central)

        self.account_label = QLabel(f"Signed in as {session.label}")
        self.account_label.setAccessibleDescription("Signed-in account")
        self.task_status = TaskStatus(workspace.jobs.runner)
        status_bar = StatusBar()
        self.setStatusBar(status_bar)
        self.status_message = status_bar.message
        self.statusBar().addPermanentWidget(self.task_status)
        self.statusBar().addPermanentWidget(self.account_label)

        self._build_menus(demo)
        self.sidebar.mailbox_activated.connect(self.on_sidebar_mailbox_activated)
        # The mailbox already chosen, clicked again from Needs attention: its page.
        self.sidebar.list.clicked.connect(self.on_sidebar_list_clicked)
        self.sidebar.list.activated.connect(self.on_sidebar_list_clicked)
        self.attention_button.clicked.connect(lambda: self.show_view(ATTENTION, focus=True))
        workspace.attention.changed.connect(self.on_attention_changed)
        self.on_attention_changed(workspace.attention.count)
        self.tray = AttentionTray(workspace.jobs, workspace.attention, workspace.watch, self)
        self.tray.opened.connect(self.on_tray_opened)
        self.block_opener.mailbox_wanted.connect(self.on_sidebar_mailbox_activated)
        self.block_opener.found.connect(self.on_block_opener_found)
        self.block_opener.missing.connect(workspace.jobs.problem)
        self.task_status.cancel_clicked.connect(workspace.jobs.cancel_loading)
        workspace.directory.mailbox_selected.connect(self.on_workspace_mailbox_selected)
        self.message_bar.listen(workspace.messages, Place.MAIN)
        status_bar.listen(workspace.messages, Place.MAIN)
        workspace.directory.mailboxes.dataChanged.connect(self.on_mailboxes_data_changed)
        self._close_when_saved = False
        self.review: ReviewWindow | None = None
        self.resize(*DEFAULT_SIZE)

    # ------------------------------------------------------------------ views

    @property
    def calendars_view(self) -> CalendarsView:
        return cast("CalendarsView", self._calendars_page.view)

    @property
    def sharing_view(self) -> SharingView:
        return cast("SharingView", self._sharing_page.view)

    @property
    def meetings_view(self) -> MeetingsView:
        return cast("MeetingsView", self._meetings_page.view)

    @property
    def messages_view(self) -> MessagesView:
        return cast("MessagesView", self._messages_page.view)

    @property
    def attention_view(self) -> AttentionView:
        return cast("AttentionView", self._attention_page.view)

    @property
    def side_by_side_view(self) -> SideBySideView:
        return cast("SideBySideView", self._side_by_side_page.view)

    def _make_calendars_view(self) -> QWidget:
        from app.views.calendars_view import CalendarsView

        return CalendarsView(self.workspace)

    def _make_sharing_view(self) -> QWidget:
        from app.views.sharing_view import SharingView

        return SharingView(self.workspace)

    def _make_meetings_view(self) -> QWidget:
        from app.views.meetings_view import MeetingsView

        return MeetingsView(self.workspace)

    def _make_messages_view(self) -> QWidget:
        from app.views.messages_view import MessagesView

        return MessagesView(self.workspace)

    def _make_attention_view(self) -> QWidget:
        from app.views.attention_view import AttentionView

        view = AttentionView(self.workspace, self.workspace.attention)
        view.open_requested.connect(self.on_attention_open_requested)
        view.meeting_requested.connect(self.block_opener.open)
        return view

    def _make_side_by_side_view(self) -> QWidget:
        from app.views.side_by_side_view import SideBySideView

        workspace = self.workspace
        view = SideBySideView(workspace.jobs, workspace.side_by_side, workspace.find_time)
        view.open_requested.connect(self.block_opener.open)
        view.meeting_requested.connect(self.on_side_by_side_meeting_requested)
        return view

    # ------------------------------------------------------------------ menus

    def _build_menus(self, demo: bool) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.switch_action = self._action(file_menu, "S&witch account…", "Ctrl+Shift+W",
                                          self.switch_account_requested.emit)
        self.sign_out_action = self._action(file_menu, "Sign &out", "",
                                            self.sign_out_requested.emit)
        if demo:
            self.sign_out_action.setToolTip("Leave the demo identity and pick another")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)

        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Refresh", QKeySequence.StandardKey.Refresh,
                     self.workspace.refresh)
        self._action(view_menu, "Needs &attention", "Ctrl+0",
                     lambda: self.show_view(ATTENTION, focus=True))
        self._action(view_menu, "&Calendars", "Ctrl+Shift+1",
                     lambda: self.show_view("calendars", focus=True))
        self._action(view_menu, "&Sharing and delegates", "Ctrl+Shift+2",
                     lambda: self.show_view("sharing", focus=True))
        self._action(view_menu, "&Meetings", "Ctrl+Shift+3",
                     lambda: self.show_view("meetings", focus=True))
        self._action(view_menu, "Meeting messa&ges", "Ctrl+Shift+4",
                     lambda: self.show_view("messages", focus=True))
        self.notify_action = self._action(view_menu, "&Tell me of new meeting requests", "",
                                          self.on_notify_action_triggered)
        self.notify_action.setCheckable(True)
        self.notify_action.setChecked(settings.NOTIFY.read(self._store))
        self.notify_action.setToolTip("A desktop notification for a new request or clash, "
                                      "while Deputy runs")
        view_menu.addSeparator()
        self._action(view_menu, "Permission re&view…", "Ctrl+Shift+R", self.open_review)
        view_menu.addSeparator()
        self._action(view_menu, "&Find a mailbox", QKeySequence.StandardKey.Find,
                     self.focus_search)
        self._action(view_menu, "Stop &loading", "Esc", self.on_escape)

        mailbox_menu = self.menuBar().addMenu("Mail&box")  # Alt+M: the Meetings tab
        self._action(mailbox_menu, "&Open another mailbox…", QKeySequence.StandardKey.Open,
                     self.open_mailbox)
        self.pin_action = self._action(mailbox_menu, "&Pin to the sidebar", "Ctrl+D",
                                       self.toggle_pin)
        mailbox_menu.addSeparator()
        self._action(mailbox_menu, "&Previous mailbox", "Alt+Up",
                     lambda: self.sidebar.select_offset(-1))
        self._action(mailbox_menu, "&Next mailbox", "Alt+Down",
                     lambda: self.sidebar.select_offset(1))
        for number in range(1, 10):
            action = QAction(f"Mailbox {number}", self)
            action.setShortcut(f"Ctrl+{number}")
            action.triggered.connect(self._select_row_slot(number - 1))
            self.addAction(action)

        sharing_menu = self.menuBar().addMenu("S&haring")
        self._action(sharing_menu, "&Add person…", "Ins",
                     self._in_sharing(lambda: self.sharing_view.add_person()))
        self._action(sharing_menu, "&Change access…", "Ctrl+E",
                     self._in_sharing(lambda: self.sharing_view.change_selected()))
        self._action(sharing_menu, "&Remove person…", QKeySequence.StandardKey.Delete,
                     self._in_sharing(lambda: self.sharing_view.remove_selected()))

        meetings_menu = self.menuBar().addMenu("Meet&ings")  # Alt+T: Today, Tentative
        meetings = self.workspace.meetings
        self._action(meetings_menu, "&New meeting…", QKeySequence.StandardKey.New,
                     self.compose)
        meetings_menu.addSeparator()
        self._action(meetings_menu, "&Earlier days", "Alt+Left", self._in_meetings(
            lambda: meetings.move_range(-1)))
        self._action(meetings_menu, "&Today and the next days", "Alt+Home", self._in_meetings(
            meetings.from_today))
        self._action(meetings_menu, "&Later days", "Alt+Right", self._in_meetings(
            lambda: meetings.move_range(1)))
        meetings_menu.addSeparator()
        self._action(meetings_menu, "&Copy addresses of those who haven't answered",
                     "Ctrl+Shift+C", self._in_meetings(self.copy_non_responders))

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: slot())  # no bool default argument: see _select_row_slot
        return action

    def _select_row_slot(self, row: int):
        """A parameterless slot. A lambda with a bool default (``lambda _=False: …``) makes
        PySide over-release ``False`` on Python 3.11, which aborts the interpreter later."""
        return lambda: self.sidebar.select_row(row)

    def _in_sharing(self, slot):
        def run() -> None:
            self.show_view("sharing")
            slot()
        return run

    def _in_meetings(self, slot):
        def run() -> None:
            self.show_view("meetings")
            slot()
        return run

    # ------------------------------------------------------------------ actions

    def compose(self) -> None:
        """Ctrl+N: a new meeting, from the Meetings view."""
        self.show_view("meetings")
        self.meetings_view.compose()

    def copy_non_responders(self) -> None:
        self.meetings_view.unanswered_only.setChecked(True)
        self.meetings_view.copy_addresses()

    def show_view(self, name: str, *, focus: bool = False) -> None:
        """Show a view; ``focus``: with the keyboard in its list, as a person who chose
        the view from the keyboard wants it (arrows move in the list at once, Tab goes
        on to its buttons), instead of left behind in the sidebar."""
        attention = name in (ATTENTION, SIDE_BY_SIDE, WEEK)
        self.pages.setCurrentIndex(ATTENTION_PAGE if attention else MAILBOX_PAGE)
        self.attention_button.setChecked(attention)
        if attention:
            self.attention_tabs.setCurrentIndex(int(name in (SIDE_BY_SIDE, WEEK)))
            if name == WEEK:
                self.side_by_side_view.show_week(True)
        else:
            self.tabs.setCurrentIndex(VIEWS.index(name))
        page = self.attention_tabs.currentWidget() if attention else self.tabs.currentWidget()
        view_list = getattr(cast(LazyPage, page).view, "table", None)
        if focus and view_list is not None and view_list.isEnabled():
            view_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_review(self) -> ReviewWindow:
        """The permission review of snapshots, in its own window (one per main window);
        while another Deputy is writing the snapshots, the review's bar says so."""
        if self.review is None:
            # Opened by the review's first read, on the task runner, not here: checking
            # a large snapshot file would freeze this window.
            from app.views.review_window import ReviewWindow

            self.review = ReviewWindow(snapshot_file(), self.workspace.jobs.runner,
                                       session=self.workspace.session,
                                       journal=self.workspace.jobs.journal,
                                       admin_settings=None if self._demo else self._store,
                                       messages=self.workspace.messages, parent=self)
            self.review.reload()
        self.review.show()
        self.review.raise_()
        self.review.activateWindow()
        return self.review

    def on_escape(self) -> None:
        """Esc stops what is being read; with nothing being read, it closes the message
        above the content (as its close button's tooltip says), and else does nothing."""
        if self.workspace.jobs.loading:
            self.workspace.jobs.cancel_loading()
        elif self.message_bar.isVisible():
            self.message_bar.hide()

    def focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def open_mailbox(self) -> None:
        dialog = OpenMailboxDialog(self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.workspace.directory.pin(dialog.address))
        dialog.open()

    def toggle_pin(self) -> None:
        mailbox = self.workspace.directory.current_mailbox
        if mailbox is None or mailbox.is_me:
            return
        if mailbox.pinned:
            self.workspace.directory.unpin(mailbox.address)
        else:
            self.workspace.directory.pin(mailbox.address, mailbox.display_name)

    @property
    def current_view(self) -> str:
        """The view shown: ``ATTENTION``, or one of the mailbox's tabs (``VIEWS``)."""
        if self.pages.currentIndex() == ATTENTION_PAGE:
            return SIDE_BY_SIDE if self.attention_tabs.currentIndex() else ATTENTION
        return VIEWS[self.tabs.currentIndex()]

    def on_attention_changed(self, count: int) -> None:
        """The count beside "Needs attention" and in the window's title, as a mail
        client shows its unread messages."""
        self.attention_button.setText(f"Needs attention ({count})" if count
                                      else "Needs attention")
        self.attention_button.setAccessibleName(
            f"Needs attention, {counted(count, 'item')}")
        self.setWindowTitle(f"{self._title} — {count} need attention" if count
                            else self._title)

    def on_attention_open_requested(self, message: EventMessage) -> None:
        """A request opened from Needs attention: in Meeting messages, whole."""
        self.show_view("messages", focus=True)
        self.messages_view.select_message(message)

    def on_block_opener_found(self, event: Event) -> None:
        """A meeting opened from Side by side: in Meetings, selected, with its details."""
        self.show_view("meetings", focus=True)
        self.meetings_view.select_event(event)

    def on_side_by_side_meeting_requested(self, organizer: str, attendees: list[str],
                                          start: datetime, end: datetime, zone: str) -> None:
        """Free time chosen in Side by side: New meeting, filled in, over the grid."""
        from app.views.compose import ComposeDialog

        dialog = ComposeDialog(self.workspace.meetings, self)
        self.compose_dialog = dialog
        dialog.preset(organizer, attendees, start, end, zone)
        dialog.open()

    def on_notify_action_triggered(self) -> None:
        settings.NOTIFY.write(self._store, self.notify_action.isChecked())

    def on_tray_opened(self) -> None:
        """The tray icon or a notification was clicked: Needs attention, in front."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.show_view(ATTENTION, focus=True)

    def on_sidebar_list_clicked(self, _index: QModelIndex) -> None:
        self._show_mailbox_page()

    def on_sidebar_mailbox_activated(self, mailbox: Mailbox) -> None:
        self._show_mailbox_page()
        current = self.workspace.directory.current_mailbox
        if current is None or current.key != mailbox.key:
            self.workspace.directory.select_mailbox(mailbox)

    def on_mailboxes_data_changed(self, *_args: object) -> None:
        self._show_heading()

    def on_workspace_mailbox_selected(self, mailbox: Mailbox) -> None:
        self.message_bar.let_go_unless_about(mailbox.key)
        self.sidebar.show_selected(mailbox.address)
        self._show_heading()

    def _show_mailbox_page(self) -> None:
        """A mailbox was chosen in the sidebar: its page, on the tab it was left at."""
        if self.pages.currentIndex() == ATTENTION_PAGE:
            self.show_view(VIEWS[self.tabs.currentIndex()])

    def _show_heading(self) -> None:
        mailbox = self.workspace.directory.current_mailbox
        if mailbox is None:
            return
        if mailbox.is_me:
            self.heading.setText("Your calendars")
            self.subheading.setText("Calendars you own, who can see them, and who receives "
                                    "your meeting requests.")
        else:
            self.heading.setText(mailbox.display_name)
            detail = {
                MailboxKind.SHARED: f"{mailbox.address} · your access: {mailbox.access}",
                MailboxKind.PINNED: f"{mailbox.address} · your access: {mailbox.access}",
                MailboxKind.DIRECTORY: f"{mailbox.address} · Administrator (app-only): full "
                                       "access to this mailbox",
            }[mailbox.kind]
            self.subheading.setText(detail)
        self.pin_action.setEnabled(not mailbox.is_me)
        self.pin_action.setText("Un&pin from the sidebar" if mailbox.pinned
                                else "&Pin to the sidebar")

    # ------------------------------------------------------------------ state

    def restore_state(self) -> None:
        geometry = settings.WINDOW_GEOMETRY.read(self._store)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = settings.WINDOW_SPLITTER.read(self._store)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        view = settings.WINDOW_VIEW.read(self._store)
        if view in VIEWS or (view in (ATTENTION, SIDE_BY_SIDE)
                             and not self.workspace.session.app_only):
            self.show_view(view)

    def save_state(self) -> None:
        settings.WINDOW_GEOMETRY.write(self._store, self.saveGeometry())
        settings.WINDOW_SPLITTER.write(self._store, self.splitter.saveState())
        settings.WINDOW_VIEW.write(self._store, self.current_view)
        self._store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close once any change on its way has been saved, so none is cut off."""
        if self.workspace.jobs.saving and not self._close_when_saved:
            self._close_when_saved = True
            self.statusBar().showMessage("Closing once your change is saved…")
            self.workspace.jobs.idle.connect(self.close)
            event.ignore()
            return
        self.save_state()
        self.workspace.stop_watching()
        self.tray.hide()
        event.accept()


def _page(*parts: QWidget) -> QWidget:
    """A page of the window's right side: its headings, then the last part, stretching."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts[:-1]:
        layout.addWidget(part)
    layout.addWidget(parts[-1], 1)
    return page
