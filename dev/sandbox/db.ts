// The sandbox's SQLite database: opened with WAL, schema kept by versioned migrations (PRAGMA user_version), so a
// data file written by an older sandbox is upgraded in place and data survives restarts.
import Database from "better-sqlite3";
// The schema's history lives in migrations.ts; re-exported for the persistence tests.
import { migrations } from "./migrations";

export { migrations };

export type Db = Database.Database;

export function migrate(db: Db): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The sandbox database has schema version ${current}, newer than this sandbox (${migrations.length}).`,
    );
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

/** Deletes every row except the signing keys (tokens stay valid across a reset). */
export function wipe(db: Db): void {
  db.transaction(() => {
    for (const table of [
      "idempotency",
      "meeting_deliveries",
      "meeting_viewers",
      "meeting_links",
      "documents",
      "company_colleagues",
      "meeting_colleagues",
      "meeting_companies",
      "meeting_attendees",
      "meetings",
      "contact_contact_types",
      "contacts",
      "activity_types",
      "contact_types",
      "group_members",
      "user_groups",
      "users",
    ]) {
      db.exec(`DELETE FROM ${table}`);
    }
    db.prepare("DELETE FROM meta WHERE key NOT LIKE 'keys.%'").run();
  })();
}
