// The local Exchange's SQLite database: mailboxes, each mailbox's copy of every calendar item, the add-in's extended
// properties per copy, attachments, and a change log per item (what calendarView delta and change notifications read).
// Versioned migrations (PRAGMA user_version), like the sandbox, so a kept .data/graph.db is upgraded in place.
import Database from "better-sqlite3";

export type Db = Database.Database;

/** Each entry upgrades the schema by one version; never edit a released entry, append a new one. */
export const migrations: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE mailboxes (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'room', 'equipment')),
    delta_epoch INTEGER NOT NULL DEFAULT 0
  );

  -- One row per mailbox copy. Instants are UTC ISO strings; time_zone is the organizer's zone for display.
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    mailbox_id TEXT NOT NULL REFERENCES mailboxes(id),
    ical_uid TEXT NOT NULL,
    change_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_html TEXT NOT NULL,
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    is_all_day INTEGER NOT NULL,
    location TEXT NOT NULL,
    sensitivity TEXT NOT NULL,
    recurrence TEXT,
    organizer_email TEXT NOT NULL,
    organizer_name TEXT NOT NULL,
    attendees TEXT NOT NULL,
    is_organizer INTEGER NOT NULL,
    is_draft INTEGER NOT NULL,
    is_cancelled INTEGER NOT NULL,
    response TEXT NOT NULL,
    response_time TEXT,
    seq INTEGER NOT NULL
  );
  CREATE INDEX events_mailbox_window ON events(mailbox_id, start_at, end_at);
  CREATE INDEX events_ical ON events(ical_uid);

  CREATE TABLE extended_properties (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    property_id TEXT NOT NULL COLLATE NOCASE,
    value TEXT NOT NULL,
    PRIMARY KEY (event_id, property_id)
  ) WITHOUT ROWID;

  CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    is_inline INTEGER NOT NULL,
    modified_at TEXT NOT NULL,
    content BLOB NOT NULL
  );
  CREATE INDEX attachments_event ON attachments(event_id);

  -- Every change of an item, in commit order (seq is global). Deleted items stay here as tombstones, so a delta
  -- round can report them as @removed and know where they were (a move out of the window is a removal too).
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    mailbox_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX changes_mailbox ON changes(mailbox_id, seq);
  CREATE INDEX changes_event ON changes(event_id, seq);

  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL,
    creator_id TEXT,
    mailbox_id TEXT NOT NULL REFERENCES mailboxes(id),
    resource TEXT NOT NULL,
    change_type TEXT NOT NULL,
    notification_url TEXT NOT NULL,
    lifecycle_url TEXT,
    client_state TEXT,
    expires_at TEXT NOT NULL
  );
  `,
];

export function migrate(db: Db): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The local Graph database is schema version ${current}, newer than this code knows.`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}

export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("synchronous = NORMAL");
  migrate(db);
  return db;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
    key,
    value,
  );
}

/** Deletes every mailbox item (and the mailboxes); the signing keys in meta stay, so issued tokens stay valid. */
export function wipe(db: Db): void {
  db.transaction(() => {
    for (const table of ["subscriptions", "extended_properties", "attachments", "changes", "events", "mailboxes"]) {
      db.exec(`DELETE FROM ${table}`);
    }
  })();
}
