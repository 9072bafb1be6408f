// Leases in the shared database: "this mailbox is being synced by that worker until then". One holder at a time per
// name, across every process on the database; a live holder renews its lease, a killed one's lapses after the lease
// time, so its mailbox is taken up again without anyone cleaning up. Rows hold a name (a mailbox address), the
// holder (host/pid/run id) and a time: no meeting data.
import type { Db } from "./database";

const TABLE = "interaction_sync.leases";

// Two workers starting at once would race on CREATE ... IF NOT EXISTS (Postgres can answer a unique violation on its
// catalog): the schema is created under a transaction-scoped advisory lock.
const MIGRATION = `
BEGIN;
SELECT pg_advisory_xact_lock(738120415);
CREATE SCHEMA IF NOT EXISTS interaction_sync;
CREATE TABLE IF NOT EXISTS ${TABLE} (
  name text PRIMARY KEY,
  holder text NOT NULL,
  until timestamptz NOT NULL
);
COMMIT;
`;

export class Leases {
  constructor(
    private readonly db: Db,
    private readonly seconds: number,
  ) {}

  async migrate(): Promise<void> {
    await this.db.executeSql(MIGRATION);
  }

  /** Takes the lease when it is free or lapsed; true when `holder` has it now. */
  async take(name: string, holder: string): Promise<boolean> {
    const { rows } = await this.db.executeSql(
      `INSERT INTO ${TABLE} (name, holder, until) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
         WHERE ${TABLE}.until < now() OR ${TABLE}.holder = EXCLUDED.holder
       RETURNING holder`,
      [name, holder, this.seconds],
    );
    return rows.length === 1;
  }

  async renew(name: string, holder: string): Promise<void> {
    await this.db.executeSql(
      `UPDATE ${TABLE} SET until = now() + make_interval(secs => $3) WHERE name = $1 AND holder = $2`,
      [name, holder, this.seconds],
    );
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.executeSql(`DELETE FROM ${TABLE} WHERE name = $1 AND holder = $2`, [name, holder]);
  }

  /** Runs `task` holding the lease (renewed every third of its time); false, without running it, when it is held. */
  async during(name: string, holder: string, task: () => Promise<void>): Promise<boolean> {
    if (!(await this.take(name, holder))) return false;
    const renewing = setInterval(
      () => void this.renew(name, holder).catch(() => undefined),
      Math.max(200, (this.seconds * 1000) / 3),
    );
    try {
      await task();
      return true;
    } finally {
      clearInterval(renewing);
      await this.release(name, holder).catch(() => undefined);
    }
  }
}
