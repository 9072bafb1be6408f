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

/** Carol (outside the firm) invites Alice and Bob to a meeting `days` ahead at 09:00 UTC; both accept. */
const carolInvitesAliceAndBob = (subject: string, days: number) => {
  const start = new Date(Date.now() + days * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  const copies = world.graph.exchange.outsideInvite(
    { email: "carol@acme.example", name: "Carol Chen" },
    {
      subject,
      attendees: [{ email: ALICE }, { email: BOB }],
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
    },
  );
  const copyOf = (mailbox: string) => copies.find((c) => c.mailboxId === world.graph.store.mailbox(mailbox)!.id)!;
  const [alice, bob] = [copyOf(ALICE), copyOf(BOB)];
  world.graph.exchange.respond(ALICE, alice.id, "accept");
  world.graph.exchange.respond(BOB, bob.id, "accept");
  return { start, alice, bob };
};

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
  const { alice, bob } = carolInvitesAliceAndBob("Acme pricing", 150);
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

/**
 * The add-in when the user switches back from "never": the item's plan writes a newer revision, which links them
 * again. `delivered`: the add-in's outbox delivered it (moved past InterAction's removal on 409 as deliverOutbox does);
 * otherwise it waits in the outbox of a device that went offline, and the item only says it is owed.
 */
const backOnItem = async (mailbox: string, eventId: string, delivered: boolean): Promise<SyncState> => {
  const e = world.graph.store.event(eventId)!;
  const m = world.graph.store.mailbox(e.mailboxId)!;
  const ev = world.graph.store.extendedProperties(eventId).find((p) => /cecp-/i.test(p.id))!;
  const { decodeState, PROPERTY_NAME } = await import("../../src/core/stateCodec");
  const state = decodeState(JSON.parse(ev.value)[PROPERTY_NAME])!;
  const api = world.box.api(mailbox);
  const planned = plan({
    snapshot: snapshotFromGraphEvent(JSON.parse(JSON.stringify(graphEvent(world.graph.store, e))), m),
    // The removal was confirmed (the add-in's outbox, or the service's repeat of it).
    state: { ...state, mode: "manual", deliveredRevision: state.revision },
    settings: await api.getSettings(),
    directory: null,
    now: new Date(),
    trigger: { kind: "refresh" },
    ids: { newSyncKey: () => "unused" },
  });
  const write = planned.operations.find((op) => op.kind === "upsertMeeting");
  if (write?.kind !== "upsertMeeting") throw new Error("switching back wrote nothing");
  let next = planned.nextState;
  if (delivered) {
    for (let revision = write.revision; ; revision++) {
      const key = `${write.syncKey}:r${revision}`;
      const answer = await api.upsertMeeting(write.syncKey, { ...write.payload, revision }, key).catch((x) => x);
      if (answer instanceof Error && revision < write.revision + 5) continue; // 409 removed: above it, as rekeyed
      if (answer instanceof Error) throw answer;
      next = { ...next, revision, deliveredRevision: answer.revision };
      break;
    }
  }
  world.saveAddinState(mailbox, eventId, next);
  return next;
};

/** Carol invites Alice and Bob, both add it, Carol moves it once (the service writes Alice's copy past her item),
 * Alice chooses never and the service removes her link. */
const aliceLeftThroughService = async (subject: string, days: number) => {
  const { start, alice, bob } = carolInvitesAliceAndBob(subject, days);
  const aliceKey = await world.addThroughAddin(ALICE, alice.id);
  await world.addThroughAddin(BOB, bob.id);
  const moved = (hours: number) => ({
    start: new Date(start.getTime() + hours * 3600_000).toISOString(),
    end: new Date(start.getTime() + (hours + 1) * 3600_000).toISOString(),
  });
  world.graph.exchange.outsideUpdate(alice.iCalUId, moved(1));
  await syncMailbox(world.deps, ALICE);
  await syncMailbox(world.deps, BOB);
  await neverOnItem(ALICE, alice.id);
  expect((await syncMailbox(world.deps, ALICE)).removals).toBe(1);
  expect(await world.box.client(ALICE).getMeeting(aliceKey)).toBeNull();
  return { alice, aliceKey, moved };
};

/** Carol moves it again and only Alice's mailbox is read: only the service following Alice's copy writes her link. */
const followedAfterMove = async (alice: { id: string; iCalUId: string }, aliceKey: string, start: string) => {
  const before = (await world.box.requests()).length;
  const report = await syncMailbox(world.deps, ALICE);
  const writes = (await world.box.requests())
    .slice(before)
    .filter((r) => r.method === "PUT" && r.path === `/api/v1/meetings/${aliceKey}`);
  const record = (await world.box.client(ALICE).getMeeting(aliceKey))?.record;
  expect({ written: report.written, writes: writes.map((r) => r.status < 300), start: record?.start }).toEqual({
    written: 1,
    writes: [true],
    start,
  });
  expect((await world.store.entry(ALICE, alice.id))?.frozen).not.toBe(true);
  return record;
};

describe("switching back from 'never' after the service removed the link", () => {
  it("the add-in linked them again: the service follows the copy again", async () => {
    const { alice, aliceKey, moved } = await aliceLeftThroughService("Acme renewal", 160);
    const back = await backOnItem(ALICE, alice.id, true);
    world.graph.exchange.outsideUpdate(alice.iCalUId, moved(3));
    const record = await followedAfterMove(alice, aliceKey, moved(3).start);
    expect(record?.revision).toBeGreaterThan(back.revision);
  });

  it("the add-in's write waits offline: the service links them again itself, above its own removal", async () => {
    const { alice, aliceKey, moved } = await aliceLeftThroughService("Acme audit", 170);
    await backOnItem(ALICE, alice.id, false);
    world.graph.exchange.outsideUpdate(alice.iCalUId, moved(3));
    await followedAfterMove(alice, aliceKey, moved(3).start);
  });
});
