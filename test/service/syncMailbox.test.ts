// The per-mailbox sync job against the local Graph (real Graph SDK + msal-node over HTTPS), the InterAction sandbox
// and the service's store on PGlite: what a drag-and-drop move, an edit on a phone or a save does to InterAction with
// no add-in running, and what the service must never do.
import { plan } from "../../src/core/plan";
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
const BOB = "bob@firm.example";
let day = 0;
/** A fresh slot per test, within the window, so tests do not see each other's meetings move. */
const slot = (hours = 1) => {
  const start = new Date(Date.now() + (2 + day++) * 24 * 3600_000);
  start.setUTCHours(14, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + hours * 3600_000).toISOString() };
};

const newMeeting = (fields: Record<string, unknown> = {}) =>
  world.graph.exchange.create(
    ALICE,
    {
      subject: "Acme strategy review",
      body: "Agenda: pricing.\nBring the Q3 numbers.",
      location: "Board room 4",
      attendees: [{ email: "carol@acme.example", name: "Carol Chen" }, { email: BOB }],
      ...slot(),
      ...fields,
    },
    true,
  );

/** Brings the mailbox's delta token up to now (the first round indexes what the add-in added). */
const settle = async (mailbox = ALICE) => syncMailbox(world.deps, mailbox);

describe("the sync job of one mailbox", () => {
  it("a meeting moved by drag-and-drop moves in InterAction without anyone opening it", async () => {
    const event = newMeeting();
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await settle();
    const to = slot(2);
    world.graph.exchange.move(ALICE, event.id, to.start, to.end);

    const report = await syncMailbox(world.deps, ALICE);

    expect(report.written).toBe(1);
    const [row] = world.box.meetings([syncKey]);
    expect(row).toMatchObject({ start_at: to.start, end_at: to.end, subject: "Acme strategy review" });
    // The service wrote above the add-in's revision, so InterAction applied it.
    expect(world.box.appliedRevisions(syncKey)).toEqual([1, 2]);
  });

  it("an edit on a phone (subject, location, notes) reaches InterAction; reading it again writes nothing", async () => {
    const event = newMeeting();
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await settle();
    world.graph.exchange.update(
      ALICE,
      event.id,
      { subject: "Acme pricing", location: "Room 7", body: "New agenda" },
      true,
    );

    await syncMailbox(world.deps, ALICE);
    const before = await world.meetingWrites();
    const again = await syncMailbox(world.deps, ALICE);

    expect(world.box.meetings([syncKey])[0]).toMatchObject({
      subject: "Acme pricing",
      location: "Room 7",
      notes: "New agenda",
    });
    expect(again.written).toBe(0);
    expect(await world.meetingWrites()).toBe(before);
  });

  it("what the add-in already delivered costs no write when the service first reads it", async () => {
    const event = newMeeting();
    await world.addThroughAddin(ALICE, event.id);
    const writes = await world.meetingWrites();

    await syncMailbox(world.deps, ALICE);

    expect(await world.meetingWrites()).toBe(writes);
    expect(await world.store.entry(ALICE, event.id)).toMatchObject({ role: "organizer", revision: 1 });
  });

  it("never adds a meeting nobody added, and a user's opt-out wins", async () => {
    const nobody = newMeeting({ subject: "Never added" });
    const optedOut = newMeeting({ subject: "Opted out" });
    await world.addThroughAddin(ALICE, optedOut.id, { mode: "never" });
    await settle();
    const writes = await world.meetingWrites();
    world.graph.exchange.move(ALICE, nobody.id, slot().start, slot().end);
    const s = slot();
    world.graph.exchange.move(ALICE, optedOut.id, s.start, s.end);

    await syncMailbox(world.deps, ALICE);

    expect(await world.meetingWrites()).toBe(writes);
    expect(world.box.meetings().map((m) => m.subject)).not.toContain("Never added");
  });

  it("trusts the add-in's state only on the copy whose add-in saved it (a forward carries it to another mailbox)", async () => {
    const event = newMeeting();
    await world.addThroughAddin(ALICE, event.id);
    // Bob's mailbox is read first: nothing else tells the service whose state it is but the copy's role.
    const bobsCopy = world.graph.store.eventsByICalUId(event.iCalUId).find((e) => e.id !== event.id)!;
    const alicesState = (await world.calendar.meeting(ALICE, event.id))!.addinState!;
    world.saveAddinState(BOB, bobsCopy.id, alicesState);
    const writes = await world.meetingWrites();

    await syncMailbox(world.deps, BOB);

    expect(await world.meetingWrites()).toBe(writes);
    expect(await world.store.entry(BOB, bobsCopy.id)).toBeNull();
  });

  it("an expired delta token (410) means a full resync that writes each change once, and nothing twice", async () => {
    const event = newMeeting();
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await settle();
    const to = slot();
    world.graph.exchange.move(ALICE, event.id, to.start, to.end);
    world.graph.store.expireDeltaTokens();
    const writes = await world.meetingWrites();

    const first = await syncMailbox(world.deps, ALICE);
    const second = await syncMailbox(world.deps, ALICE);

    expect(first.fullResync).toBe(true);
    expect(second.fullResync).toBe(false);
    expect(await world.meetingWrites()).toBe(writes + 1);
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ start_at: to.start });
  });

  it("a failed delivery leaves the delta token where it was, and the next job delivers the change", async () => {
    const event = newMeeting();
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await settle();
    const tokenBefore = await world.store.deltaLink(ALICE);
    const to = slot();
    world.graph.exchange.move(ALICE, event.id, to.start, to.end);
    await world.box.setFaults([{ method: "PUT", path: "^/api/v1/meetings/", status: 503 }]);

    await expect(syncMailbox(world.deps, ALICE)).rejects.toThrow();
    expect(await world.store.deltaLink(ALICE)).toBe(tokenBefore);

    await world.box.setFaults([]);
    await syncMailbox(world.deps, ALICE);
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ start_at: to.start });
    expect(await world.store.deltaLink(ALICE)).not.toBe(tokenBefore);
  });

  it("a cancelled meeting (the organizer's copy gone) is cancelled in InterAction", async () => {
    const event = newMeeting();
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await settle();

    world.graph.exchange.cancel(ALICE, event.id);
    const report = await syncMailbox(world.deps, ALICE);

    expect(report.removals).toBe(1);
    // Issue 14: delivered through removeMeetingLink (it was only remembered as owed before the contract had it).
    expect(await world.store.entry(ALICE, event.id)).toMatchObject({ cancelled: true });
    expect((await world.store.entry(ALICE, event.id))?.owed).toBeUndefined();
    expect(world.box.meetings([syncKey])[0]?.cancelled).toBe(1);
  });

  it("re-anchors a window fixed more than a week ago, so meetings that came within the horizon since are followed", async () => {
    const days = (n: number) => new Date(Date.now() + n * 24 * 3600_000);
    const event = newMeeting({
      start: days(35).toISOString(),
      end: new Date(days(35).getTime() + 3600_000).toISOString(),
    });
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await world.store.saveDeltaLink(ALICE, null);
    const horizon30 = { ...world.deps, horizonDays: 30 };
    await syncMailbox(horizon30, ALICE); // window fixed now: up to 30 days ahead, the meeting is beyond it
    world.graph.exchange.update(ALICE, event.id, { location: "Room 12" }, true);

    const report = await syncMailbox({ ...horizon30, clock: { now: () => days(8) } }, ALICE);

    expect(report.fullResync).toBe(true);
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ location: "Room 12" });
  });

  it("two writers: a device writes between the service's read and its write; the service's write is refused (412), it reads Outlook again and InterAction ends with what Exchange holds", async () => {
    const event = newMeeting();
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await settle();
    const before = (await world.calendar.meeting(ALICE, event.id))!;
    world.graph.exchange.update(ALICE, event.id, { location: "Room 7" }, true); // a phone edit, committed
    // The add-in on a device with an older view writes revision 2 in between (its own idempotency key).
    const deviceWrites = async () => {
      const device = plan({
        snapshot: { ...before.snapshot, subject: "Edited on a device" },
        state: before.addinState,
        settings: await world.box.api(ALICE).getSettings(),
        directory: null,
        now: new Date(),
        trigger: { kind: "send" },
        ids: { newSyncKey: () => "unused" },
      });
      const op = device.operations.find((o) => o.kind === "upsertMeeting")!;
      await world.box.api(ALICE).upsertMeeting(syncKey, op.payload, op.idempotencyKey);
    };
    let raced = false;
    const racing: SyncMailboxDeps = {
      ...world.deps,
      interactionFor: (m) => {
        const real = world.deps.interactionFor(m);
        return {
          ...real,
          upsert: async (...args) => {
            if (!raced) {
              raced = true;
              await deviceWrites();
            }
            return real.upsert(...args);
          },
        };
      },
    };

    await syncMailbox(racing, ALICE);

    expect(world.box.meetings([syncKey])[0]).toMatchObject({ location: "Room 7", subject: "Acme strategy review" });
    expect(world.box.appliedRevisions(syncKey)).toEqual([1, 2, 3]);
    const writes = (await world.box.requests()).filter((r) => r.method === "PUT" && r.path.includes(syncKey));
    expect(writes.map((r) => r.status)).toEqual([201, 200, 412, 200]); // the add, the device, the service twice
  });
});
