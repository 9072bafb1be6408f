// The job queue (pg-boss 10): one job kind, "sync mailbox X from its stored delta token", coalesced per mailbox by
// the stately policy + singletonKey (at most one queued and one running job per mailbox, across every worker process
// sharing the database, which also keeps each mailbox's changes in order and its Graph requests within the 4
// concurrent per mailbox). Correctness does not rest on pg-boss's retries: a stately queue sends a second failing job
// straight to failed, and a killed worker's job stays active until it expires. So a job's failure leaves the mailbox's
// delta token where it was (syncMailbox), expiry is set explicitly, and the sweep queues every mailbox again.
import PgBoss from "pg-boss";
import type { Db } from "./database";

export const SYNC_QUEUE = "sync-mailbox";
export const SWEEP_QUEUE = "sync-sweep";

export interface JobQueueOptions {
  /** Embedded: the PGlite executeSql; Postgres: a connection string (pg-boss opens the pool). */
  db?: Db;
  connectionString?: string;
  /** A running job longer than this is given up (a killed worker's job is retried after it). Default 300 s. */
  expireInSeconds?: number;
  /** How often the sweep queues every mailbox (cron, pg-boss schedules at minute granularity). Default every 5 min. */
  sweepCron?: string;
  /** How often an idle worker looks for work. Default 1 s. */
  pollingIntervalSeconds?: number;
}

export interface JobQueue {
  /** Queues a sync of `mailbox` (a no-op when one is already queued: it will read this change too). */
  enqueue(mailbox: string): Promise<void>;
  /** Runs `sync` for queued mailboxes, one job at a time per mailbox, up to `concurrency` mailboxes at once. */
  work(sync: (mailbox: string) => Promise<void>, options?: { concurrency?: number }): Promise<void>;
  /** Runs `sweep` on the schedule (every worker may register; pg-boss runs each tick once). */
  onSweep(sweep: () => Promise<void>): Promise<void>;
  /** The database pg-boss uses (the store shares it). */
  db(): Db;
  stop(): Promise<void>;
}

export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const expireInSeconds = options.expireInSeconds ?? 300;
  const boss = new PgBoss({
    ...(options.db ? { db: options.db as PgBoss.Db } : { connectionString: options.connectionString }),
    // The service's own schedule runs the sweep; pg-boss's cron monitor drives it.
    schedule: true,
    supervise: true,
  });
  boss.on("error", () => {
    // pg-boss reports maintenance hiccups here; a job's own failure is handled by the job.
  });
  await boss.start();
  // A retry after failure waits a little; a stately queue may still send a second failure straight to "failed": the
  // sweep and the untouched delta token are what make sure the change is read again.
  const queue = { retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds };
  await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: "stately", ...queue });
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: "stately", ...queue });
  const polling = options.pollingIntervalSeconds ?? 1;

  return {
    async enqueue(mailbox) {
      await boss.send(SYNC_QUEUE, { mailbox }, { singletonKey: mailbox, expireInSeconds });
    },
    async work(sync, workOptions = {}) {
      const handler = async ([job]: PgBoss.Job<{ mailbox: string }>[]) => {
        if (job) await sync(job.data.mailbox);
      };
      for (let i = 0; i < (workOptions.concurrency ?? 2); i++)
        await boss.work(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, handler);
    },
    async onSweep(sweep) {
      await boss.schedule(SWEEP_QUEUE, options.sweepCron ?? "*/5 * * * *", {}, { singletonKey: "sweep" });
      await boss.work(SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, async () => sweep());
    },
    db: () => (options.db ?? (boss.getDb() as Db)) as Db,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
