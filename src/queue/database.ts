// The service's one database: embedded PGlite by default (a directory, or memory for tests), or Postgres when
// DATABASE_URL is set (then pg-boss opens the pool and the store uses it through pg-boss's getDb()). pg-boss and the
// service's store share it through pg-boss's `db` option: executeSql(text, values) -> { rows }.
import path from "node:path";
import { Worker } from "node:worker_threads";

export interface Db {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface EmbeddedDatabase {
  db: Db;
  close(): Promise<void>;
}

/** An error from Postgres, with its SQLSTATE code (pg-boss reads some, e.g. 23505 unique violation). */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "DatabaseError";
  }
}

type Answer = { id: number; rows?: Record<string, unknown>[]; error?: { message: string; code?: string } };

/**
 * PGlite behind pg-boss's executeSql, on a worker thread (pgliteWorker.mjs): a parameterised statement goes through
 * query(); pg-boss also sends scripts of several statements without values (its schema and maintenance), which only
 * exec() runs (rows of every statement, flattened). Checked with pg-boss 10.4 and PGlite 0.5 (see facts.md).
 * PGlite runs one statement at a time, so statements queue in order, as on one Postgres connection.
 */
export async function openEmbeddedDatabase(dataDir?: string): Promise<EmbeddedDatabase> {
  const worker = new Worker(path.join(__dirname, "pgliteWorker.mjs"), { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failure: Error | undefined;
  worker.on("message", (answer: Answer) => {
    const w = waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    if (answer.error) w.reject(new DatabaseError(answer.error.message, answer.error.code));
    else w.resolve(answer.rows ?? []);
  });
  const stop = (e: Error) => {
    failure = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on("error", stop);
  worker.on("exit", () => stop(new DatabaseError("The embedded database stopped.")));
  const send = (message: Record<string, unknown>) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  const db: Db = { executeSql: async (text, values) => ({ rows: await send({ text, values: values ?? [] }) }) };
  await db.executeSql("SELECT 1");
  return {
    db,
    async close() {
      await send({ close: true }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
