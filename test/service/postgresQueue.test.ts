// The queue and the store on real Postgres (DATABASE_URL), with two workers sharing one queue: "this mailbox changed"
// coalesces into at most one queued job per mailbox, a mailbox never runs on two workers at once (per-mailbox order,
// Graph's per-mailbox concurrency), a change queued while its mailbox runs is never lost, and different mailboxes run
// side by side. (The multi-process test with SIGKILL is still to come; these are two pg-boss instances in one process.)
import { startJobQueue, type JobQueue } from "../../src/queue/jobQueue";
import { SqlServiceStore } from "../../src/queue/serviceStore";
import { startPostgres, type PostgresCluster } from "./postgresCluster";

jest.setTimeout(120_000);

let pg: PostgresCluster | null;
const queues: JobQueue[] = [];
beforeAll(async () => {
  pg = await startPostgres();
  if (!pg) return;
  for (let i = 0; i < 2; i++)
    queues.push(await startJobQueue({ connectionString: pg.url, pollingIntervalSeconds: 0.5 }));
}, 120_000);
afterAll(async () => {
  for (const q of queues) await q.stop();
  await pg?.stop();
});

const skipped = () => {
  if (pg) return false;
  console.warn("Postgres 15 is not installed here: the Postgres queue tests are skipped.");
  return true;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the job queue on Postgres with two workers", () => {
  it("keeps the service's index in Postgres (no bodies: ids, revisions, hashes)", async () => {
    if (skipped()) return;
    const store = new SqlServiceStore(queues[0]!.db());
    await store.migrate();
    await store.optIn(" Alice@Firm.example ");
    await store.saveDeltaLink("alice@firm.example", "https://graph/delta?$deltatoken=1");
    await store.saveEntry({
      mailbox: "alice@firm.example",
      eventId: "e1",
      syncKey: "k1",
      role: "organizer",
      revision: 3,
      fingerprint: "abc",
      documents: { a1: "d1" },
    });
    expect(await store.mailboxes()).toEqual([{ mailbox: "alice@firm.example" }]);
    expect(await store.deltaLink("alice@firm.example")).toBe("https://graph/delta?$deltatoken=1");
    expect(await store.entryBySyncKey("k1")).toEqual({
      mailbox: "alice@firm.example",
      eventId: "e1",
      syncKey: "k1",
      role: "organizer",
      revision: 3,
      fingerprint: "abc",
      documents: { a1: "d1" },
    });
    await store.saveDeltaLink("alice@firm.example", null);
    expect(await store.deltaLink("alice@firm.example")).toBeNull();
  });

  it("runs one job at a time per mailbox across workers, coalesces bursts, and loses no change", async () => {
    if (skipped()) return;
    const active = new Map<string, number>();
    const runs: { mailbox: string; startedAt: number }[] = [];
    let overlap = false;
    const sync = async (mailbox: string) => {
      const now = (active.get(mailbox) ?? 0) + 1;
      active.set(mailbox, now);
      if (now > 1) overlap = true;
      runs.push({ mailbox, startedAt: Date.now() });
      await sleep(300);
      active.set(mailbox, (active.get(mailbox) ?? 1) - 1);
    };
    for (const q of queues) await q.work(sync, { concurrency: 2 });

    let lastEnqueue = 0;
    for (let i = 0; i < 20; i++) {
      await queues[i % 2]!.enqueue("busy@firm.example");
      await queues[i % 2]!.enqueue(`other${i % 3}@firm.example`);
      lastEnqueue = Date.now();
      await sleep(50);
    }
    const busy = () => runs.filter((r) => r.mailbox === "busy@firm.example");
    for (let waited = 0; waited < 30_000 && !busy().some((r) => r.startedAt >= lastEnqueue); waited += 200)
      await sleep(200);
    await sleep(1500);

    expect(overlap).toBe(false);
    expect(busy().length).toBeGreaterThanOrEqual(1);
    expect(busy().length).toBeLessThan(20);
    expect(busy().some((r) => r.startedAt >= lastEnqueue)).toBe(true);
    expect(new Set(runs.map((r) => r.mailbox)).size).toBe(4);
  });
});
