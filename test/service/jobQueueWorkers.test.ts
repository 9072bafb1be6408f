// The queue's workers run queued mailboxes back to back: a worker that found a job looks for the next one at once, and
// a mailbox queued in the process wakes its idle workers; only an empty queue waits out the polling interval. Before,
// pg-boss waited out the interval after every job, so a process ran at most `workers` jobs per interval (2 a second
// with the defaults): a sweep of 1,000 mailboxes took over 8 minutes, longer than the 5 minutes between sweeps.
// The polling interval is set to an hour here, so a worker that waited it out would not run the next job in this test.
import { openEmbeddedDatabase, type EmbeddedDatabase } from "../../src/queue/database";
import { startJobQueue, type JobQueue } from "../../src/queue/jobQueue";

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** Resolves when `count` mailboxes ran, or after `boundMs` (then the test's expectation says which did not). */
function ranAll(ran: string[], count: number, boundMs: number): Promise<void> {
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

it("runs the next queued mailbox without waiting for the next poll, and a newly queued one at once", async () => {
  const ran: string[] = [];
  const first = ["a@firm.example", "b@firm.example", "c@firm.example"];
  for (const mailbox of first) await queue.enqueue(mailbox);
  await queue.work(
    async (mailbox) => {
      ran.push(mailbox);
    },
    { concurrency: 1 },
  );
  await ranAll(ran, first.length, 60_000);
  expect([...ran].sort()).toEqual(first);

  // The worker has found the queue empty by now and sleeps until its next poll (an hour): the new mailbox wakes it.
  // (Had it not looked yet, its next look would find the mailbox anyway: this pause keeps the wake-up what is tested.)
  await sleep(2000);
  await queue.enqueue("d@firm.example");
  await ranAll(ran, first.length + 1, 60_000);
  expect(ran).toContain("d@firm.example");
});
