// The sync job on the meetings issue 15 names: an outside organizer's update of a meeting a colleague added as
// attendee, a decline, a meeting made private on a phone, and a mailbox the service can no longer read.
import { MailboxUnavailableError } from "../../src/service/ports";
import { syncMailbox } from "../../src/service/syncMailbox";
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
  world.graph.guard.policy.clear();
});

const ALICE = "alice@firm.example";
let day = 80;
const slot = () => {
  const start = new Date(Date.now() + day++ * 24 * 3600_000);
  start.setUTCHours(11, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
};

/** An outside invitation to alice, accepted and added by her as attendee. */
const outsideMeetingAddedByAlice = async () => {
  const [copy] = world.graph.exchange.outsideInvite(
    { email: "olga@outside.example", name: "Olga Out" },
    { subject: "Due diligence", location: "Their office", attendees: [{ email: ALICE }], ...slot() },
  );
  world.graph.exchange.respond(ALICE, copy!.id, "accept");
  const syncKey = await world.addThroughAddin(ALICE, copy!.id);
  await syncMailbox(world.deps, ALICE);
  return { copy: copy!, syncKey };
};

describe("the sync job on colleagues' and outside meetings", () => {
  it("an outside organizer's update of a meeting alice added as attendee reaches InterAction", async () => {
    const { copy, syncKey } = await outsideMeetingAddedByAlice();
    const to = slot();

    world.graph.exchange.outsideUpdate(copy.iCalUId, { location: "Video call", ...to });
    const report = await syncMailbox(world.deps, ALICE);

    expect(report.written).toBe(1);
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ location: "Video call", start_at: to.start });
    expect(world.box.meetings([syncKey])[0]?.added_by).toBe("attendee");
  });

  it("an attendee who declines: the meeting is gone from her calendar, her link is removed, nothing is cancelled for anyone", async () => {
    const { copy, syncKey } = await outsideMeetingAddedByAlice();
    const writes = await world.meetingWrites();

    world.graph.exchange.respond(ALICE, copy.id, "decline");
    const report = await syncMailbox(world.deps, ALICE);

    expect(report.removals).toBe(1);
    // Issue 14: delivered through removeMeetingLink (it was only remembered as owed before the contract had it).
    expect((await world.store.entry(ALICE, copy.id))?.owed).toBeUndefined();
    expect((await world.box.requests()).filter((r) => r.path === `/api/v1/meetings/${syncKey}/removal`)).toEqual([
      expect.objectContaining({ method: "POST", status: 200 }),
    ]);
    expect(await world.meetingWrites()).toBe(writes);
    // Hers was the meeting's only link: removeMeetingLink removes the meeting with it (contract: meeting "deleted");
    // it is never marked cancelled (the shared-meeting case, where another colleague keeps it, is sharedMeeting.test).
    expect(world.box.meetings([syncKey])).toEqual([]);
  });

  it("a synced meeting made private on a phone stops syncing: the private version never reaches InterAction", async () => {
    const event = world.graph.exchange.create(ALICE, { subject: "Board prep", location: "Room 1", ...slot() }, true);
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await syncMailbox(world.deps, ALICE);
    const writes = await world.meetingWrites();

    world.graph.exchange.update(ALICE, event.id, { sensitivity: "private", location: "Secret room" }, true);
    await syncMailbox(world.deps, ALICE);

    expect(await world.meetingWrites()).toBe(writes);
    expect(world.box.meetings([syncKey])[0]?.location).toBe("Room 1");
  });

  it("a mailbox the service can no longer read is never taken for cancelled meetings", async () => {
    const event = world.graph.exchange.create(ALICE, { subject: "Kept", ...slot() }, true);
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await syncMailbox(world.deps, ALICE);
    const token = await world.store.deltaLink(ALICE);
    // The firm's access policy no longer lets the service's application read alice's mailbox.
    world.graph.guard.policy.set(world.graph.demoApp.clientId, [world.graph.store.mailbox("bob@firm.example")!.id]);
    world.graph.store.expireDeltaTokens();

    await expect(syncMailbox(world.deps, ALICE)).rejects.toBeInstanceOf(MailboxUnavailableError);

    expect(await world.store.entry(ALICE, event.id)).not.toHaveProperty("owed");
    expect(await world.store.deltaLink(ALICE)).toBe(token);
    expect(world.box.meetings([syncKey])[0]?.cancelled).toBe(0);
  });

  it("a file attached on a phone becomes a document in InterAction, uploaded once", async () => {
    const event = world.graph.exchange.create(ALICE, { subject: "Signing", ...slot() }, true);
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await syncMailbox(world.deps, ALICE);

    world.graph.exchange.addAttachment(ALICE, event.id, {
      name: "terms.pdf",
      contentType: "application/pdf",
      contentBytes: Buffer.from("the terms").toString("base64"),
    });
    await syncMailbox(world.deps, ALICE);
    world.graph.exchange.update(ALICE, event.id, { location: "Room 9" }, true);
    await syncMailbox(world.deps, ALICE);

    const [meeting] = world.box.meetings([syncKey]);
    expect(world.box.documentsOf(meeting!.id)).toEqual([
      expect.objectContaining({ name: "terms.pdf", size: Buffer.byteLength("the terms") }),
    ]);
    const uploads = (await world.box.requests()).filter((r) => r.method === "PUT" && r.path.includes("/documents/"));
    expect(uploads).toHaveLength(1);
  });

  it("Graph's 429 with Retry-After is waited out by the Graph SDK's retry middleware, and the job goes on", async () => {
    const event = world.graph.exchange.create(ALICE, { subject: "Throttled", ...slot() }, true);
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await syncMailbox(world.deps, ALICE);
    const to = slot();
    world.graph.exchange.move(ALICE, event.id, to.start, to.end);
    world.graph.guard.faults.log = [];
    world.graph.guard.faults.rules = [{ path: "calendarView/delta", status: 429, retryAfterSeconds: 1, times: 1 }];

    await syncMailbox(world.deps, ALICE);

    const deltas = world.graph.guard.faults.log.filter((r) => r.path.includes("calendarView/delta"));
    expect(deltas.map((r) => r.status)).toEqual([429, 200]);
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ start_at: to.start });
  });

  it("an organizer's notes after the meeting reach the activity within the window; after the window, nothing", async () => {
    const hour = 3600_000;
    const ended = new Date(Date.now() - 2 * 24 * hour);
    const start = new Date(ended.getTime() - hour).toISOString();
    const event = world.graph.exchange.create(ALICE, { subject: "Met", start, end: ended.toISOString() }, true);
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await syncMailbox(world.deps, ALICE);

    world.graph.exchange.update(ALICE, event.id, { body: "Agreed: pricing by Friday." }, true);
    await syncMailbox(world.deps, ALICE);
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ notes: "Agreed: pricing by Friday." });
    expect(world.box.recordOf(ALICE, syncKey)).toMatchObject({ kind: "activity" });

    // A month later (InterAction's clock and the service's): the firm's 14-day window has closed.
    const later = new Date(Date.now() + 30 * 24 * hour);
    await world.box.setClock(later);
    const writes = await world.meetingWrites();
    world.graph.exchange.update(ALICE, event.id, { body: "Too late." }, true);
    await syncMailbox({ ...world.deps, clock: { now: () => later } }, ALICE);

    expect(await world.meetingWrites()).toBe(writes);
    expect(world.box.meetings([syncKey])[0]).toMatchObject({ notes: "Agreed: pricing by Friday." });
    await world.box.setClock(null);
  });
});
