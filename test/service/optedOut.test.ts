// Issue 14, "never" and the sync service: the decision is core's (core/linkRemoval.ts). The add-in plans the removal
// of the user's link on the item; the service, reading that state, delivers that very removal (same revision and key)
// once, and never writes the meeting again while the user says never. The colleague's record stays.
import { plan } from "../../src/core/plan";
import type { SyncState } from "../../src/core/syncState";
import { snapshotFromGraphEvent } from "../../src/graph/eventSnapshot";
import { syncMailbox } from "../../src/service/syncMailbox";
import { graphEvent } from "../../dev/graph/graphEvent";
import { startServiceWorld, type ServiceWorld } from "./serviceWorld";

jest.setTimeout(60_000);

let world: ServiceWorld;
beforeAll(async () => {
  world = await startServiceWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

const ALICE = "alice@firm.example";
const BOB = "bob@firm.example";

/** What the add-in's "never" leaves on the item (updatePreferences -> plan), its removal not yet confirmed. */
const neverOnItem = async (mailbox: string, eventId: string): Promise<SyncState> => {
  const e = world.graph.store.event(eventId)!;
  const m = world.graph.store.mailbox(e.mailboxId)!;
  const ev = world.graph.store.extendedProperties(eventId).find((p) => /cecp-/i.test(p.id))!;
  const { decodeState, PROPERTY_NAME } = await import("../../src/core/stateCodec");
  const state = decodeState(JSON.parse(ev.value)[PROPERTY_NAME])!;
  const planned = plan({
    snapshot: snapshotFromGraphEvent(JSON.parse(JSON.stringify(graphEvent(world.graph.store, e))), m),
    state: { ...state, mode: "never" },
    settings: await world.box.api(mailbox).getSettings(),
    directory: null,
    now: new Date(),
    trigger: { kind: "refresh" },
    ids: { newSyncKey: () => "unused" },
  });
  expect(planned.removal).toMatchObject({ reason: "never", revision: planned.nextState.revision });
  world.saveAddinState(mailbox, eventId, planned.nextState);
  return planned.nextState;
};

it("delivers the removal the item planned for 'never', once, and the colleague's meeting stays", async () => {
  const start = new Date(Date.now() + 150 * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  const copies = world.graph.exchange.outsideInvite(
    { email: "carol@acme.example", name: "Carol Chen" },
    {
      subject: "Acme pricing",
      attendees: [{ email: ALICE }, { email: BOB }],
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
    },
  );
  const copyOf = (mailbox: string) => copies.find((c) => c.mailboxId === world.graph.store.mailbox(mailbox)!.id)!;
  const [alice, bob] = [copyOf(ALICE), copyOf(BOB)];
  world.graph.exchange.respond(ALICE, alice.id, "accept");
  world.graph.exchange.respond(BOB, bob.id, "accept");
  const aliceKey = await world.addThroughAddin(ALICE, alice.id);
  const bobKey = await world.addThroughAddin(BOB, bob.id);
  await syncMailbox(world.deps, ALICE);
  await syncMailbox(world.deps, BOB);

  await neverOnItem(ALICE, alice.id);
  const before = (await world.box.requests()).length;
  const report = await syncMailbox(world.deps, ALICE);
  await syncMailbox(world.deps, ALICE);

  expect(report.removals).toBe(1);
  const sent = (await world.box.requests())
    .slice(before)
    .filter((r) => r.path.startsWith(`/api/v1/meetings/${aliceKey}`));
  // Exactly one request for Alice's link: the removal at the item's revision (the add-in's key, so a repeat).
  expect(sent.map((r) => [r.method, r.path, r.status])).toEqual([
    ["POST", `/api/v1/meetings/${aliceKey}/removal`, expect.any(Number)],
  ]);
  expect(await world.box.client(ALICE).getMeeting(aliceKey)).toBeNull();
  expect((await world.box.client(BOB).getMeeting(bobKey))?.record).toMatchObject({ status: "scheduled" });
});
