// A notified change goes ahead of the sweep's backlog. The sweep queues every opted-in mailbox (1,000 of them take
// about a minute to work through); a user's change notified meanwhile must not wait behind all of them, also when
// its mailbox is itself somewhere in that backlog. One worker, started only after everything is queued, so the order
// it runs the jobs in is the queue's order and nothing else.
import { openEmbeddedDatabase, type EmbeddedDatabase } from "../../src/queue/database";
import { startJobQueue, type JobQueue } from "../../src/queue/jobQueue";

jest.setTimeout(120_000);

let database: EmbeddedDatabase;
let queue: JobQueue;
beforeAll(async () => {
  database = await openEmbeddedDatabase();
  queue = await startJobQueue({ db: database.db, pollingIntervalSeconds: 3600 });
}, 120_000);
afterAll(async () => {
  await queue.stop();
  await database.close();
});

/** Resolves when `count` jobs ran, or after `boundMs` (then the expectations say what did not run). */
function ranAtLeast(ran: string[], count: number, boundMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(bound);
      clearInterval(check);
      resolve();
    };
    const bound = setTimeout(done, boundMs);
    const check = setInterval(() => {
      if (ran.length >= count) done();
    }, 50);
  });
}

it("runs notified mailboxes before the sweep's backlog, also one the sweep had already queued", async () => {
  const swept = Array.from({ length: 20 }, (_, i) => `user${String(i).padStart(2, "0")}@firm.example`);
  for (const mailbox of swept) await queue.enqueue(mailbox, "sweep");
  // A mailbox deep in the backlog, and one the sweep did not queue, each get a change notified.
  const inBacklog = swept[15] as string;
  await queue.enqueue(inBacklog, "notified");
  await queue.enqueue("outside@firm.example");
  // The sweep queueing again while its jobs wait adds nothing (one queued job per mailbox and reason).
  for (const mailbox of swept) await queue.enqueue(mailbox, "sweep");

  const ran: string[] = [];
  await queue.work(
    async (mailbox) => {
      ran.push(mailbox);
    },
    { concurrency: 1 },
  );
  // 20 swept + 2 notified jobs: the notified mailbox in the backlog runs twice (its swept job finds nothing new).
  await ranAtLeast(ran, 22, 60_000);
  expect(new Set(ran.slice(0, 2))).toEqual(new Set([inBacklog, "outside@firm.example"]));
  expect([...ran.slice(2)].sort()).toEqual(swept);
  // Had the second sweep queued any mailbox again, that job (older) would run before one the sweep queues now.
  await queue.enqueue("last@firm.example", "sweep");
  await ranAtLeast(ran, 23, 60_000);
  expect(ran.slice(22)).toEqual(["last@firm.example"]);
});
