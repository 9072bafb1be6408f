// The service's own store, in the same database as the queue (schema interaction_sync): opted-in mailboxes, each
// mailbox's delta link, Graph subscriptions, and the index from (mailbox, event id) to InterAction record. What it
// keeps is bookkeeping only: ids, revisions, fingerprints (hashes), document keys. No meeting bodies, subjects or
// Graph payloads; no secrets (a subscription's clientState is derived from the service's secret, never stored).
import type { Db } from "./database";
import { retryOnDeadlock } from "./jobQueue";
import type { IndexEntry } from "../core/serviceIndex";

/** A meeting write sent and not yet in the index (the service's port WriteInFlight, structurally). */
export interface WriteInFlight {
  revision: number;
  fingerprint: string;
  ifMatch?: string;
}

const SCHEMA = "interaction_sync";

// Under a transaction-scoped advisory lock: two workers starting at once would race on CREATE ... IF NOT EXISTS
// (Postgres can answer a unique violation on its own catalog).
const MIGRATION = `
BEGIN;
SELECT pg_advisory_xact_lock(738120416);
CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
CREATE TABLE IF NOT EXISTS ${SCHEMA}.mailboxes (
  mailbox text PRIMARY KEY,
  opted_in_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.delta_links (
  mailbox text PRIMARY KEY,
  delta_link text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE ${SCHEMA}.delta_links ADD COLUMN IF NOT EXISTS window_fixed_at timestamptz;
CREATE TABLE IF NOT EXISTS ${SCHEMA}.meeting_index (
  mailbox text NOT NULL,
  event_id text NOT NULL,
  sync_key text NOT NULL,
  role text NOT NULL,
  revision integer NOT NULL,
  fingerprint text,
  record_id text,
  sync_until text,
  cancelled boolean,
  frozen boolean,
  documents jsonb NOT NULL DEFAULT '{}'::jsonb,
  delivered_at text,
  owed text,
  PRIMARY KEY (mailbox, event_id)
);
ALTER TABLE ${SCHEMA}.meeting_index ADD COLUMN IF NOT EXISTS link_removed text;
CREATE INDEX IF NOT EXISTS meeting_index_sync_key ON ${SCHEMA}.meeting_index (sync_key);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.writes_in_flight (
  mailbox text NOT NULL,
  event_id text NOT NULL,
  revision integer NOT NULL,
  fingerprint text NOT NULL,
  if_match text,
  PRIMARY KEY (mailbox, event_id)
);
CREATE TABLE IF NOT EXISTS ${SCHEMA}.subscriptions (
  mailbox text PRIMARY KEY,
  subscription_id text NOT NULL,
  expires_at timestamptz NOT NULL
);
COMMIT;
`;

/** The index entry as the service's ports declare it (one shape, in src/sync). */
export type IndexRow = IndexEntry;

export interface SubscriptionRow {
  mailbox: string;
  subscriptionId: string;
  expiresAt: string;
}

const optional = <K extends string, V>(key: K, value: V | null | undefined) =>
  (value === null || value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

const toEntry = (r: Record<string, unknown>): IndexRow => ({
  mailbox: r.mailbox as string,
  eventId: r.event_id as string,
  syncKey: r.sync_key as string,
  role: r.role as IndexRow["role"],
  revision: Number(r.revision),
  documents: (typeof r.documents === "string" ? JSON.parse(r.documents) : (r.documents ?? {})) as Record<
    string,
    string
  >,
  ...optional("fingerprint", r.fingerprint as string | null),
  ...optional("recordId", r.record_id as string | null),
  ...optional("syncUntil", r.sync_until as string | null),
  ...optional("cancelled", r.cancelled as boolean | null),
  ...optional("frozen", r.frozen as boolean | null),
  ...optional("deliveredAt", r.delivered_at as string | null),
  ...optional("owed", r.owed as IndexRow["owed"] | null),
  ...optional("linkRemoved", r.link_removed as IndexRow["linkRemoved"] | null),
});

export class SqlServiceStore {
  constructor(private readonly db: Db) {}

  async migrate(): Promise<void> {
    await retryOnDeadlock(() => this.db.executeSql(MIGRATION));
  }

  private async rows(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await this.db.executeSql(text, values)).rows;
  }

  // ---- opted-in mailboxes
  async optIn(mailbox: string): Promise<void> {
    await this.rows(`INSERT INTO ${SCHEMA}.mailboxes (mailbox) VALUES ($1) ON CONFLICT DO NOTHING`, [
      mailbox.trim().toLowerCase(),
    ]);
  }
  async mailboxes(): Promise<{ mailbox: string }[]> {
    return (await this.rows(`SELECT mailbox FROM ${SCHEMA}.mailboxes ORDER BY mailbox`, [])).map((r) => ({
      mailbox: r.mailbox as string,
    }));
  }

  // ---- delta links
  async deltaLink(mailbox: string): Promise<string | null> {
    const [row] = await this.rows(`SELECT delta_link FROM ${SCHEMA}.delta_links WHERE mailbox = $1`, [mailbox]);
    return row ? (row.delta_link as string) : null;
  }
  async windowFixedAt(mailbox: string): Promise<string | null> {
    const [row] = await this.rows(`SELECT window_fixed_at FROM ${SCHEMA}.delta_links WHERE mailbox = $1`, [mailbox]);
    return row?.window_fixed_at ? new Date(row.window_fixed_at as string).toISOString() : null;
  }
  async saveDeltaLink(mailbox: string, deltaLink: string | null, windowFixedAt?: string): Promise<void> {
    if (deltaLink === null) {
      await this.rows(`DELETE FROM ${SCHEMA}.delta_links WHERE mailbox = $1`, [mailbox]);
      return;
    }
    await this.rows(
      `INSERT INTO ${SCHEMA}.delta_links (mailbox, delta_link, updated_at, window_fixed_at) VALUES ($1, $2, now(), $3)
       ON CONFLICT (mailbox) DO UPDATE SET delta_link = EXCLUDED.delta_link, updated_at = now(),
         window_fixed_at = COALESCE(EXCLUDED.window_fixed_at, ${SCHEMA}.delta_links.window_fixed_at)`,
      [mailbox, deltaLink, windowFixedAt ?? null],
    );
  }

  // ---- the index
  async entry(mailbox: string, eventId: string): Promise<IndexRow | null> {
    const [row] = await this.rows(`SELECT * FROM ${SCHEMA}.meeting_index WHERE mailbox = $1 AND event_id = $2`, [
      mailbox,
      eventId,
    ]);
    return row ? toEntry(row) : null;
  }
  async entries(mailbox: string): Promise<IndexRow[]> {
    return (
      await this.rows(`SELECT * FROM ${SCHEMA}.meeting_index WHERE mailbox = $1 ORDER BY event_id`, [mailbox])
    ).map(toEntry);
  }
  async entryBySyncKey(syncKey: string): Promise<IndexRow | null> {
    const [row] = await this.rows(
      `SELECT * FROM ${SCHEMA}.meeting_index WHERE sync_key = $1 ORDER BY mailbox, event_id LIMIT 1`,
      [syncKey],
    );
    return row ? toEntry(row) : null;
  }
  async saveEntry(e: IndexRow): Promise<void> {
    await this.rows(
      `INSERT INTO ${SCHEMA}.meeting_index
         (mailbox, event_id, sync_key, role, revision, fingerprint, record_id, sync_until, cancelled, frozen, documents,
          delivered_at, owed, link_removed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)
       ON CONFLICT (mailbox, event_id) DO UPDATE SET
         sync_key = EXCLUDED.sync_key, role = EXCLUDED.role, revision = EXCLUDED.revision,
         fingerprint = EXCLUDED.fingerprint, record_id = EXCLUDED.record_id, sync_until = EXCLUDED.sync_until,
         cancelled = EXCLUDED.cancelled, frozen = EXCLUDED.frozen, documents = EXCLUDED.documents,
         delivered_at = EXCLUDED.delivered_at, owed = EXCLUDED.owed, link_removed = EXCLUDED.link_removed`,
      [
        e.mailbox,
        e.eventId,
        e.syncKey,
        e.role,
        e.revision,
        e.fingerprint ?? null,
        e.recordId ?? null,
        e.syncUntil ?? null,
        e.cancelled ?? null,
        e.frozen ?? null,
        JSON.stringify(e.documents ?? {}),
        e.deliveredAt ?? null,
        e.owed ?? null,
        e.linkRemoved ?? null,
      ],
    );
  }

  // ---- a meeting write sent and not yet in the index (revision, fingerprint hash and If-Match; no content)
  async writeInFlight(mailbox: string, eventId: string): Promise<WriteInFlight | null> {
    const [r] = await this.rows(`SELECT * FROM ${SCHEMA}.writes_in_flight WHERE mailbox = $1 AND event_id = $2`, [
      mailbox,
      eventId,
    ]);
    return r
      ? {
          revision: Number(r.revision),
          fingerprint: r.fingerprint as string,
          ...optional("ifMatch", r.if_match as string | null),
        }
      : null;
  }
  async saveWriteInFlight(mailbox: string, eventId: string, write: WriteInFlight | null): Promise<void> {
    if (!write) {
      await this.rows(`DELETE FROM ${SCHEMA}.writes_in_flight WHERE mailbox = $1 AND event_id = $2`, [
        mailbox,
        eventId,
      ]);
      return;
    }
    await this.rows(
      `INSERT INTO ${SCHEMA}.writes_in_flight (mailbox, event_id, revision, fingerprint, if_match)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (mailbox, event_id) DO UPDATE SET revision = EXCLUDED.revision,
         fingerprint = EXCLUDED.fingerprint, if_match = EXCLUDED.if_match`,
      [mailbox, eventId, write.revision, write.fingerprint, write.ifMatch ?? null],
    );
  }

  // ---- subscriptions
  async subscriptions(): Promise<SubscriptionRow[]> {
    return (await this.rows(`SELECT * FROM ${SCHEMA}.subscriptions ORDER BY mailbox`, [])).map((r) => ({
      mailbox: r.mailbox as string,
      subscriptionId: r.subscription_id as string,
      expiresAt: new Date(r.expires_at as string).toISOString(),
    }));
  }
  async subscriptionById(subscriptionId: string): Promise<SubscriptionRow | null> {
    const [r] = await this.rows(`SELECT * FROM ${SCHEMA}.subscriptions WHERE subscription_id = $1`, [subscriptionId]);
    return r
      ? {
          mailbox: r.mailbox as string,
          subscriptionId: r.subscription_id as string,
          expiresAt: new Date(r.expires_at as string).toISOString(),
        }
      : null;
  }
  async saveSubscription(s: SubscriptionRow): Promise<void> {
    await this.rows(
      `INSERT INTO ${SCHEMA}.subscriptions (mailbox, subscription_id, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (mailbox) DO UPDATE SET subscription_id = EXCLUDED.subscription_id, expires_at = EXCLUDED.expires_at`,
      [s.mailbox, s.subscriptionId, s.expiresAt],
    );
  }
  async removeSubscription(mailbox: string): Promise<void> {
    await this.rows(`DELETE FROM ${SCHEMA}.subscriptions WHERE mailbox = $1`, [mailbox]);
  }
}
