// Two writers, one truth (issue 15), the sync service's half of what the review found: a change the add-in could not
// deliver (its write lost to another writer and the item was not planned again) is delivered by the service's next
// job, once; and a gateway that hides InterAction's ETag from the service makes it write nothing (a write without
// If-Match could roll the add-in back), say why in its log, and keep the delta token so the next job tries again.
import { rebaseOnRecord } from "../../src/core/compareAndSet";
import { messages } from "../../src/core/messages";
import type { SyncState } from "../../src/core/syncState";
import type { ServiceInterAction } from "../../src/service/interactionWriter";
import { syncMailbox, type SyncMailboxDeps } from "../../src/service/syncMailbox";
import { startServiceWorld, type ServiceWorld } from "./serviceWorld";

jest.setTimeout(60_000);

let world: ServiceWorld;
beforeAll(async () => {
  world = await startServiceWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  await world.box.reset();
});

const ALICE = "alice@firm.example";
let day = 200;
const slot = () => {
  const start = new Date(Date.now() + day++ * 24 * 3600_000);
  start.setUTCHours(10, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
};
const newMeeting = () =>
  world.graph.exchange.create(ALICE, { subject: "Two writers", location: "Room 1", ...slot() }, true);

it("a change the add-in's write lost (and could not plan again) is written by the service's next job, once", async () => {
  const event = newMeeting();
  const syncKey = await world.addThroughAddin(ALICE, event.id);
  await syncMailbox(world.deps, ALICE);
  // A phone's edit, delivered by the service (revision 2).
  world.graph.exchange.update(ALICE, event.id, { location: "Room 7" }, true);
  await syncMailbox(world.deps, ALICE);
  // Then on the device: Room 9 sent; its write (planned against revision 1) loses, and the item cannot be planned
  // again in that run. The device saves what it planned against (the record now) and that Room 9 is still owed.
  world.graph.exchange.update(ALICE, event.id, { location: "Room 9" }, true);
  const copy = await world.calendar.meeting(ALICE, event.id);
  const planned: SyncState = { ...(copy?.addinState as SyncState), revision: 2, fingerprint: "room-9-as-planned" };
  const record = await world.box.api(ALICE).getMeeting(syncKey);
  const owed = rebaseOnRecord(planned, record, new Date());
  expect(owed).toMatchObject({ revision: 2, deliveredRevision: 2, needsReconcile: true });
  world.saveAddinState(ALICE, event.id, owed);
  const writes = await world.meetingWrites();

  const report = await syncMailbox(world.deps, ALICE);
  await syncMailbox(world.deps, ALICE);

  expect(report.written).toBe(1);
  expect(await world.meetingWrites()).toBe(writes + 1);
  expect(world.box.meetings([syncKey])[0]).toMatchObject({ location: "Room 9" });
  expect(world.box.appliedRevisions(syncKey)).toEqual([1, 2, 3]);
});

it("a gateway hiding InterAction's ETag: nothing written, a warning logged, the token kept; fixed, one write", async () => {
  const event = newMeeting();
  const syncKey = await world.addThroughAddin(ALICE, event.id);
  await syncMailbox(world.deps, ALICE);
  const gateway = { hides: true };
  const deps: SyncMailboxDeps = {
    ...world.deps,
    interactionFor: (mailbox): ServiceInterAction => {
      const real = world.deps.interactionFor(mailbox);
      return {
        ...real,
        current: async (key) => {
          const found = await real.current(key);
          return found && gateway.hides ? { record: found.record } : found;
        },
      };
    },
  };
  world.graph.exchange.update(ALICE, event.id, { location: "Room 7" }, true);
  const token = await world.store.deltaLink(ALICE);
  const writes = await world.meetingWrites();
  world.logs.length = 0;

  await expect(syncMailbox(deps, ALICE)).rejects.toThrow(messages.interaction.etagHidden);
  expect(await world.meetingWrites()).toBe(writes);
  expect(await world.store.deltaLink(ALICE)).toBe(token);
  expect(world.logs.filter((l) => l.message.includes("without the record's ETag"))).toEqual([
    expect.objectContaining({ level: "warn", fields: { mailbox: ALICE, syncKey } }),
  ]);

  gateway.hides = false;
  const report = await syncMailbox(deps, ALICE);
  expect(report.written).toBe(1);
  expect(await world.meetingWrites()).toBe(writes + 1);
  expect(world.box.meetings([syncKey])[0]).toMatchObject({ location: "Room 7" });
});
