// The job queue (pg-boss 10): one job kind, "sync mailbox X from its stored delta token", coalesced per mailbox by
// the `short` policy + singletonKey (at most one queued job per mailbox and reason, notified or swept: a burst of
// notifications is one job; see QueueReason), and
// a mailbox lease (leases.ts) so one job at a time per mailbox runs across every worker process sharing the database,
// which keeps each mailbox's changes in order and its Graph requests within the 4 concurrent per mailbox.
//
// Why not pg-boss's `stately` policy for the one-at-a-time: its fetch takes the oldest queued job and fails the whole
// fetch (a unique violation pg-boss swallows) when that job's mailbox is already running, so one busy mailbox (or a
// killed worker's job, active until it expires) stops every worker from taking any other mailbox's job: head-of-line
// blocking. With the lease, a job whose mailbox is running is put back (a second later) and the worker moves on.
//
// Correctness does not rest on pg-boss's retries: a job's failure leaves the mailbox's delta token where it was
// (syncMailbox), a killed worker's lease lapses after `expireInSeconds` (and pg-boss expires its job, checked every
// maintenance interval, set from the expiry), and the sweep queues every mailbox again.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import type { Db } from "./database";
import { Leases } from "./leases";

export const SYNC_QUEUE = "sync-mailbox";
export const SWEEP_QUEUE = "sync-sweep";

/** A job whose mailbox is running elsewhere is queued again this much later. */
const BUSY_RETRY_SECONDS = 1;

/**
 * Why a mailbox is queued. A notification means a user's change is waiting: it goes ahead of the sweep's backlog (a
 * sweep queues every mailbox, 1,000 of them took about a minute to work through, and a change notified meanwhile
 * would wait behind all of them). So the two are queued apart (their own singleton keys, the notified one at a higher
 * priority, which pg-boss fetches first): a mailbox the sweep queued and a notification then names runs at once, and
 * its sweep job later only finds the delta empty (one cheap read). Either way one job at a time runs per mailbox.
 */
export type QueueReason = "notified" | "sweep";
const PRIORITY: Record<QueueReason, number> = { notified: 1, sweep: 0 };
const singletonKey = (mailbox: string, reason: QueueReason) => (reason === "sweep" ? `sweep:${mailbox}` : mailbox);

export interface JobQueueOptions {
  /** Embedded: the PGlite executeSql; Postgres: a connection string (pg-boss opens the pool). */
  db?: Db;
  connectionString?: string;
  /**
   * A running job's lease on its mailbox, and pg-boss's expiry of the job: a killed worker's mailbox is taken up
   * again after this long. A live job renews its lease, so a slow one is never run twice at once. Default 300 s.
   */
  expireInSeconds?: number;
  /** How often the sweep queues every mailbox (cron, pg-boss schedules at minute granularity). Default every 5 min. */
  sweepCron?: string;
  /** How often an idle worker looks for work. Default 1 s. */
  pollingIntervalSeconds?: number;
}

export interface JobQueue {
  /** Queues a sync of `mailbox` (a no-op when one is already queued for the same reason: it will read this change
   * too). A notified mailbox (the default) runs before every mailbox the sweep queued. */
  enqueue(mailbox: string, reason?: QueueReason): Promise<void>;
  /** Runs `sync` for queued mailboxes, one job at a time per mailbox, up to `concurrency` mailboxes at once. */
  work(sync: (mailbox: string) => Promise<void>, options?: { concurrency?: number }): Promise<void>;
  /** Runs `sweep` on the schedule (every worker may register; pg-boss runs each tick once). */
  onSweep(sweep: () => Promise<void>): Promise<void>;
  /** Runs `task` unless another worker is running the task of that name (then answers false at once). */
  exclusive(name: string, task: () => Promise<void>): Promise<boolean>;
  /** The database pg-boss uses (the store shares it). */
  db(): Db;
  stop(): Promise<void>;
}

/** Runs an idempotent schema step again when Postgres chose it as a deadlock's victim (SQLSTATE 40P01). */
export async function retryOnDeadlock<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (e) {
      if ((e as { code?: string }).code !== "40P01" || attempt >= 8) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  }
}

export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const expireInSeconds = options.expireInSeconds ?? 300;
  const boss = new PgBoss({
    ...(options.db ? { db: options.db as PgBoss.Db } : { connectionString: options.connectionString }),
    // The service's own schedule runs the sweep; pg-boss's cron monitor drives it.
    schedule: true,
    supervise: true,
    // Expired jobs are found by maintenance: pg-boss's default (every 2 minutes) would keep a killed worker's job
    // active that long past its expiry.
    maintenanceIntervalSeconds: Math.max(1, Math.min(120, Math.ceil(expireInSeconds / 2))),
  });
  boss.on("error", () => {
    // pg-boss reports maintenance hiccups here; a job's own failure is handled by the job.
  });
  await boss.start();
  const db = (options.db ?? (boss.getDb() as Db)) as Db;
  const leases = new Leases(db, expireInSeconds);
  await retryOnDeadlock(() => leases.migrate());
  // A retry after failure waits a little; the sweep and the untouched delta token are what make sure a change is
  // read again, whatever pg-boss does with a job that keeps failing.
  const queue = { retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds };
  // Workers starting at once create the same queues at once, which Postgres can answer with a deadlock: every step
  // here is idempotent, so it is simply tried again.
  await retryOnDeadlock(() => boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: "short", ...queue }));
  // A database made before the lease still has the queue as `stately`, and createQueue keeps what exists.
  await retryOnDeadlock(() => boss.updateQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: "short", ...queue }));
  await retryOnDeadlock(() => boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: "stately", ...queue }));
  const polling = options.pollingIntervalSeconds ?? 1;
  // Who holds a lease: the machine and process (the multi-process test reads it), and the run.
  const holder = () => `${hostname()}/${process.pid}/${randomUUID()}`;

  const send = (mailbox: string, reason: QueueReason, startAfter?: number) =>
    boss.send(
      SYNC_QUEUE,
      { mailbox, reason },
      {
        singletonKey: singletonKey(mailbox, reason),
        priority: PRIORITY[reason],
        expireInSeconds,
        ...(startAfter ? { startAfter } : {}),
      },
    );

  // pg-boss waits out the polling interval after every fetch, also one that found a job, unless its worker is
  // notified: so a worker ran at most one job per interval (2 workers, 1 s: 2 mailboxes a second at most, whatever
  // the machine could do; a sweep of 1,000 mailboxes took over 8 minutes). A worker that found a job looks again at
  // once, and one queued here wakes this process's idle workers; only an empty queue is polled.
  const workers: string[] = [];
  const wake = () => {
    for (const id of workers) boss.notifyWorker(id);
  };

  return {
    async enqueue(mailbox, reason = "notified") {
      await send(mailbox, reason);
      wake();
    },
    async work(sync, workOptions = {}) {
      for (let i = 0; i < (workOptions.concurrency ?? 2); i++) {
        // Its own id, known once boss.work answers (before any job reaches the handler: a fetch is a query away).
        const self: { id?: string } = {};
        const handler = async ([job]: PgBoss.Job<{ mailbox: string; reason?: QueueReason }>[]) => {
          if (!job) return;
          if (self.id) boss.notifyWorker(self.id);
          const mailbox = job.data.mailbox;
          const ran = await leases.during(`mailbox:${mailbox}`, holder(), () => sync(mailbox));
          // Running elsewhere: that run may already be past this change, so read the mailbox again after it.
          // (A job queued before reasons existed has none: it counts as notified.)
          if (!ran) await send(mailbox, job.data.reason ?? "notified", BUSY_RETRY_SECONDS);
        };
        self.id = await boss.work(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, handler);
        workers.push(self.id);
      }
    },
    async onSweep(sweep) {
      await boss.schedule(SWEEP_QUEUE, options.sweepCron ?? "*/5 * * * *", {}, { singletonKey: "sweep" });
      await boss.work(SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: polling }, async () => sweep());
    },
    exclusive: (name, task) => leases.during(`task:${name}`, holder(), task),
    db: () => db,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
