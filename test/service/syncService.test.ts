// The whole service, as `npm run service` runs it (embedded PGlite, pg-boss, the notification endpoint, the
// subscription keeper, workers and the sweep), against the local Graph and the InterAction sandbox: how it hears about
// changes (notifications, lifecycle notifications, the sweep) and what it refuses to hear.
import type { SyncMailboxReport } from "../../src/service/syncMailbox";
import { startSyncService, type RunningSyncService } from "../../src/service/syncService";
import { clientStateFor } from "../../src/service/subscriptionKeeper";
import { ADDIN_ID, startServiceWorld, type ServiceWorld } from "./serviceWorld";

jest.setTimeout(90_000);

const ALICE = "alice@firm.example";
const SECRET = "test-secret-for-client-state";
let world: ServiceWorld;
let service: RunningSyncService;
const synced: SyncMailboxReport[] = [];

beforeAll(async () => {
  world = await startServiceWorld();
  service = await startSyncService(
    {
      graph: {
        baseUrl: world.graph.url,
        authority: world.graph.authority,
        clientId: world.graph.demoApp.clientId,
        clientSecret: world.graph.demoApp.clientSecret,
        caPem: world.graph.caPem,
      },
      addinId: ADDIN_ID,
      interactionUrl: world.box.url,
      port: 0,
      mailboxes: [ALICE],
      clientStateSecret: SECRET,
      horizonDays: 365,
      workers: 2,
      sweepCron: "*/5 * * * *",
    },
    {
      log: world.deps.log,
      interactionFor: world.deps.interactionFor,
      onSynced: (r) => synced.push(r),
      pollingIntervalSeconds: 0.5,
    },
  );
}, 240_000);
afterAll(async () => {
  await service?.close();
  await world?.close();
});

/** Waits (up to 30 s on a loaded machine) until `check` holds; fails with what it waited for. */
async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the service made no Graph request for `mailbox` during `quietMs`. */
async function graphQuietFor(mailbox: string, quietMs: number): Promise<void> {
  const reads = () => world.graph.guard.faults.log.filter((r) => r.mailbox === mailbox).length;
  let seen = reads();
  let quietSince = Date.now();
  await eventually(`no Graph request for ${mailbox} during ${quietMs} ms`, () => {
    const now = reads();
    if (now !== seen) [seen, quietSince] = [now, Date.now()];
    return Date.now() - quietSince >= quietMs ? true : undefined;
  });
}

let day = 40;
const slot = () => {
  const start = new Date(Date.now() + day++ * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
};

const subscriptionOf = async (mailbox: string) =>
  (await service.store.subscriptions()).find((s) => s.mailbox === mailbox);

const post = (path: string, body: unknown) =>
  fetch(`http://127.0.0.1:${service.port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the sync service", () => {
  it("subscribes each opted-in mailbox at Graph, through the validation handshake", async () => {
    const s = await eventually("a subscription for alice", () => subscriptionOf(ALICE));
    const atGraph = world.graph.db.prepare("SELECT * FROM subscriptions WHERE id = ?").get(s.subscriptionId) as
      { client_state: string; lifecycle_url: string } | undefined;
    expect(atGraph).toBeDefined();
    expect(atGraph!.client_state).toBe(clientStateFor(SECRET, ALICE));
    expect(atGraph!.lifecycle_url).toMatch(/\/graph\/lifecycle$/);
    const handshake = await fetch(`${service.notificationUrl}?validationToken=${encodeURIComponent("a b&c")}`, {
      method: "POST",
    });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await handshake.text()).toBe("a b&c");
  });

  it("a meeting moved by drag-and-drop reaches InterAction through Graph's notification, with no add-in running", async () => {
    await eventually("a subscription for alice", () => subscriptionOf(ALICE));
    const event = world.graph.exchange.create(ALICE, { subject: "Moved by drag", ...slot() }, true);
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    const to = slot();
    world.graph.exchange.move(ALICE, event.id, to.start, to.end);

    await eventually("InterAction to hold the new time", () =>
      world.box.meetings([syncKey])[0]?.start_at === to.start ? true : undefined,
    );
  });

  it("ignores and logs a forged notification (wrong clientState), answering at once", async () => {
    const s = await eventually("a subscription for alice", () => subscriptionOf(ALICE));
    const before = world.logs.length;
    const res = await post("/graph/notifications", {
      value: [{ subscriptionId: s.subscriptionId, clientState: "guessed", changeType: "updated", resource: "x" }],
    });
    expect(res.status).toBe(202);
    const logged = world.logs.slice(before).find((l) => /forged/.test(l.message));
    expect(logged?.fields).toEqual({ subscriptionId: s.subscriptionId });
    expect(JSON.stringify(world.logs)).not.toContain(clientStateFor(SECRET, ALICE));
  });

  it("a change whose notification was dropped is delivered by the sweep", async () => {
    await eventually("a subscription for alice", () => subscriptionOf(ALICE));
    const event = world.graph.exchange.create(ALICE, { subject: "Lost notification", ...slot() }, true);
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await eventually(
      "the service to have read it",
      async () => (await service.store.entry(ALICE, event.id)) ?? undefined,
    );
    // A job still queued by the add-in's own save would read the move below without any notification: wait until
    // the service has stopped reading alice's mailbox, so "not delivered before the sweep" proves the drop.
    await graphQuietFor(ALICE, 2000);
    world.graph.guard.faults.rules = [{ dropNotification: true }];
    const to = slot();
    world.graph.exchange.move(ALICE, event.id, to.start, to.end);
    await new Promise((r) => setTimeout(r, 1500));
    world.graph.guard.faults.rules = [];
    expect(world.box.meetings([syncKey])[0]?.start_at).not.toBe(to.start);

    await service.sweep();

    await eventually("the sweep to deliver the move", () =>
      world.box.meetings([syncKey])[0]?.start_at === to.start ? true : undefined,
    );
  });

  it("subscriptionRemoved: subscribes again and reads the mailbox; reauthorizationRequired: renews", async () => {
    const first = await eventually("a subscription for alice", () => subscriptionOf(ALICE));
    await world.graph.subscriptions.lifecycle(first.subscriptionId, "reauthorizationRequired");
    // Renewed at Graph (a later expiry there), and the store says what Graph said.
    const atGraph = () =>
      (
        world.graph.db.prepare("SELECT expires_at FROM subscriptions WHERE id = ?").get(first.subscriptionId) as {
          expires_at: string;
        }
      ).expires_at;
    await eventually("a renewal at Graph", () => (atGraph() > first.expiresAt ? true : undefined));
    await eventually("the renewal remembered", async () =>
      (await subscriptionOf(ALICE))?.expiresAt === new Date(atGraph()).toISOString() ? true : undefined,
    );

    const jobs = synced.length;
    await world.graph.subscriptions.lifecycle(first.subscriptionId, "subscriptionRemoved");
    const second = await eventually("a new subscription", async () => {
      const s = await subscriptionOf(ALICE);
      return s && s.subscriptionId !== first.subscriptionId ? s : undefined;
    });
    expect(world.graph.db.prepare("SELECT id FROM subscriptions").all()).toEqual([{ id: second.subscriptionId }]);
    await eventually("a resync of alice's mailbox", () => (synced.length > jobs ? true : undefined));
  });
});
