"""The snapshot store's tables, and the file a snapshot travels in.

Apart from ``app.review.snapshot_store`` so that reading a file someone gave you
(``app.review.snapshot_import``) checks it against the same tables the store writes, and the
columns are named once: in the rules of what each may hold (``app.review.snapshot_rows``).
"""

from __future__ import annotations

from app.review.snapshot_rows import HEAD, TABLES

SCHEMA_VERSION = 3  # 2: mailboxes.name; 3: snapshots.identity_key, snapshots.unreadable
SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY,
    taken_at TEXT NOT NULL,
    finished_at TEXT,
    tenant TEXT NOT NULL,
    identity TEXT NOT NULL,
    scope TEXT NOT NULL,
    mailboxes_planned INTEGER NOT NULL,
    status TEXT NOT NULL,
    identity_key TEXT NOT NULL DEFAULT '',
    unreadable TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS mailboxes (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    delivery_option TEXT,
    problems TEXT NOT NULL DEFAULT '[]',
    name TEXT,
    PRIMARY KEY (snapshot_id, address)
);
CREATE TABLE IF NOT EXISTS calendars (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    mailbox TEXT NOT NULL,
    calendar_id TEXT NOT NULL,
    name TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, mailbox, calendar_id)
);
CREATE TABLE IF NOT EXISTS permissions (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    mailbox TEXT NOT NULL,
    calendar_id TEXT NOT NULL,
    permission_id TEXT NOT NULL,
    person_name TEXT NOT NULL,
    person_address TEXT,
    role TEXT NOT NULL,
    allowed_roles TEXT NOT NULL,
    inside INTEGER NOT NULL,
    removable INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, mailbox, calendar_id, permission_id)
);
CREATE TABLE IF NOT EXISTS imports (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
    imported_at TEXT NOT NULL,
    source TEXT NOT NULL
);
"""
# A snapshot file for another workstation: "DPTY" as SQLite's application_id, and the
# format in its own table, so that Deputy knows its own files and refuses newer ones.
EXPORT_APPLICATION_ID = 0x44505459
EXPORT_FORMAT = 1
EXPORT_INFO = "CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
SNAPSHOT_COLUMNS = tuple(rule.column for rule in HEAD)
# What a snapshot file of an older Deputy lacks, as the upgrade fills it in.
SNAPSHOT_DEFAULTS = {"identity_key": "", "unreadable": "[]"}
TABLE_COLUMNS = {table: tuple(rule.column for rule in rules) for table, rules in TABLES.items()}
