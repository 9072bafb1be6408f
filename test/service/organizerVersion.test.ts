// Issue 14, "newest Outlook version wins, never rolled back by an older copy", the sync service's half: it reads each
// copy's version from Graph (PidLidAppointmentSequence and PidLidOwnerCriticalChange, which the local Exchange stamps
// on every send) and sends it for a meeting organized outside the firm. Carol updates her meeting twice; a job that
// read Alice's copy between the updates is delivered after Bob's copy of the second update: the record keeps it.
import { followMeeting } from "../../src/service/followMeeting";
import { serviceInterAction } from "../../src/service/interactionWriter";
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
});

const ALICE = "alice@firm.example";
const BOB = "bob@firm.example";

const slot = (days: number) => {
  const start = new Date(Date.now() + days * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
};

describe("the sync service sends each copy's Outlook version", () => {
  it("reads the sequence and the organizer's send time Graph gives with the event", async () => {
    const [alice] = world.graph.exchange.outsideInvite(
      { email: "carol@acme.example", name: "Carol Chen" },
      { subject: "Acme pricing", attendees: [{ email: ALICE }], ...slot(200) },
    );
    const first = await world.calendar.meeting(ALICE, alice!.id);
    expect(first?.snapshot.organizerVersion).toEqual({ sequence: 0, changedAt: expect.any(String) });
    // Alice's own response moves her copy's lastModifiedDateTime, not its version.
    world.graph.exchange.respond(ALICE, alice!.id, "accept");
    expect((await world.calendar.meeting(ALICE, alice!.id))?.snapshot.organizerVersion).toEqual(
      first?.snapshot.organizerVersion,
    );
    world.graph.exchange.outsideUpdate(alice!.iCalUId, { location: "Acme annex" });
    expect((await world.calendar.meeting(ALICE, alice!.id))?.snapshot.organizerVersion?.sequence).toBe(1);
  });

  it("a colleague's older copy delivered after a newer one does not roll the shared record back", async () => {
    const copies = world.graph.exchange.outsideInvite(
      { email: "carol@acme.example", name: "Carol Chen" },
      { subject: "Acme pricing", location: "Acme HQ", attendees: [{ email: ALICE }, { email: BOB }], ...slot(201) },
    );
    const copyOf = (mailbox: string) => copies.find((c) => c.mailboxId === world.graph.store.mailbox(mailbox)!.id)!;
    const [alice, bob] = [copyOf(ALICE), copyOf(BOB)];
    world.graph.exchange.respond(ALICE, alice.id, "accept");
    world.graph.exchange.respond(BOB, bob.id, "accept");
    const aliceKey = await world.addThroughAddin(ALICE, alice.id);
    const bobKey = await world.addThroughAddin(BOB, bob.id);
    await syncMailbox(world.deps, ALICE);
    await syncMailbox(world.deps, BOB);

    world.graph.exchange.outsideUpdate(alice.iCalUId, { location: "Acme annex" });
    // A job reads Alice's copy now (Carol's first update) and is held up...
    const late = (await world.calendar.meeting(ALICE, alice.id))!;
    world.graph.exchange.outsideUpdate(alice.iCalUId, { location: "Acme tower" });
    // ...while Bob's job delivers Carol's second update.
    await syncMailbox(world.deps, BOB);
    const placeOf = async (mailbox: string, key: string) =>
      (await world.box.client(mailbox).getMeeting(key))?.record.location;
    const read = () => placeOf(BOB, bobKey);
    expect(await read()).toBe("Acme tower");

    // The held-up job delivers Alice's older copy now: her link takes it, the shared place stays the newest.
    const api = serviceInterAction(world.box.client(ALICE));
    const outcome = await followMeeting(world.deps, api, await api.getSettings(), ALICE, late);
    expect(outcome).toBe("written");
    expect(await read()).toBe("Acme tower");
    expect(await placeOf(ALICE, aliceKey)).toBe("Acme tower");

    // Alice's next job reads her copy as it is now (the newest version): nothing is rolled back or forth.
    await syncMailbox(world.deps, ALICE);
    expect(await read()).toBe("Acme tower");
  });
});
