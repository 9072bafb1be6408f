// One meeting, one record (issue 14), the sync service's half: it sends the iCalUId Graph gives with every event, so a
// record written without one (an organizer's send, an Add whose Graph read failed) is linked late; and it delivers
// what an event gone from a mailbox means: the organizer's copy gone cancels the shared meeting, an attendee's copy
// gone removes only their link. A mailbox that itself disappears is never a cancellation (meetingKinds.test.ts).
import type { IndexEntry } from "../../src/core/serviceIndex";
import { serviceInterAction, type ServiceInterAction } from "../../src/service/interactionWriter";
import { syncMailbox, type SyncMailboxDeps } from "../../src/service/syncMailbox";
import { InterActionError } from "../../src/sync/errors";
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
let day = 120;
const slot = () => {
  const start = new Date(Date.now() + day++ * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
};

/** carol@acme.example (outside the firm) invites alice and bob; both accept. */
const carolInvitesAliceAndBob = () => {
  const copies = world.graph.exchange.outsideInvite(
    { email: "carol@acme.example", name: "Carol Chen" },
    { subject: "Acme pricing", location: "Acme HQ", attendees: [{ email: ALICE }, { email: BOB }], ...slot() },
  );
  const copyOf = (mailbox: string) => {
    const id = world.graph.store.mailbox(mailbox)!.id;
    const copy = copies.find((c) => c.mailboxId === id)!;
    world.graph.exchange.respond(mailbox, copy.id, "accept");
    return copy;
  };
  return { alice: copyOf(ALICE), bob: copyOf(BOB) };
};

/** The removals the service asked InterAction for, on top of the real writer (answers scripted per test). */
const recordingRemovals = (answer: (syncKey: string) => Promise<{ meeting: "kept" | "deleted" | "cancelled" }>) => {
  const removals: { mailbox: string; syncKey: string; reason: string; revision: number; idempotencyKey: string }[] = [];
  const deps: SyncMailboxDeps = {
    ...world.deps,
    interactionFor: (mailbox): ServiceInterAction => ({
      ...world.deps.interactionFor(mailbox),
      removeLink: async (syncKey, removal) => {
        removals.push({ mailbox, syncKey, ...removal });
        return answer(syncKey);
      },
    }),
  };
  return { deps, removals };
};

describe("the sync service links colleagues' copies of one meeting", () => {
  it("writes the iCalUId Graph gives: a record added without it is linked by one write, and read again costs none", async () => {
    const { alice } = carolInvitesAliceAndBob();
    const syncKey = await world.addThroughAddin(ALICE, alice.id, {}, { withoutIdentity: true });
    const writes = await world.meetingWrites();
    const bodies: unknown[] = [];
    const deps: SyncMailboxDeps = {
      ...world.deps,
      interactionFor: (mailbox) => {
        const real = world.deps.interactionFor(mailbox);
        return {
          ...real,
          upsert: (key, payload, idem, ifMatch, createOnly) => {
            bodies.push(payload);
            return real.upsert(key, payload, idem, ifMatch, createOnly);
          },
        };
      },
    };

    await syncMailbox(deps, ALICE);
    await syncMailbox(deps, ALICE);

    expect(bodies).toEqual([expect.objectContaining({ iCalUId: alice.iCalUId, revision: 2 })]);
    expect(await world.meetingWrites()).toBe(writes + 1);
    expect(await world.store.entry(ALICE, alice.id)).toMatchObject({ syncKey, revision: 2 });
  });

  it("two colleagues' copies (same iCalUId) end as one InterAction record with two links", async () => {
    const { alice, bob } = carolInvitesAliceAndBob();
    const aliceKey = await world.addThroughAddin(ALICE, alice.id);
    const bobKey = await world.addThroughAddin(BOB, bob.id, {}, { withoutIdentity: true });
    await syncMailbox(world.deps, ALICE);
    await syncMailbox(world.deps, BOB);

    const a = await serviceInterAction(world.box.client(ALICE)).current(aliceKey);
    const b = await serviceInterAction(world.box.client(BOB)).current(bobKey);
    expect(a?.record.id).toBeDefined();
    expect(b?.record.id).toBe(a?.record.id);
    const raw = await world.box.client(ALICE).getMeeting(aliceKey);
    expect(raw?.record.alsoAddedBy?.map((o) => o.email)).toEqual([BOB]);
  });
});

describe("the sync service delivers what an event gone from a mailbox means", () => {
  it("the organizer's copy gone cancels the meeting; the removal counts as the link's next revision", async () => {
    const event = world.graph.exchange.create(
      ALICE,
      { subject: "Board prep", attendees: [{ email: BOB }], ...slot() },
      true,
    );
    const syncKey = await world.addThroughAddin(ALICE, event.id);
    await syncMailbox(world.deps, ALICE);
    const { deps, removals } = recordingRemovals(async () => ({ meeting: "cancelled" }));

    world.graph.exchange.cancel(ALICE, event.id);
    await syncMailbox(deps, ALICE);
    await syncMailbox(deps, ALICE);

    expect(removals).toEqual([
      { mailbox: ALICE, syncKey, reason: "cancelled", revision: 2, idempotencyKey: `${syncKey}:svc:x2:cancelled` },
    ]);
    const entry = (await world.store.entry(ALICE, event.id)) as IndexEntry;
    expect(entry).toMatchObject({ cancelled: true, revision: 2 });
    expect(entry.owed).toBeUndefined();
  });

  it("an attendee's copy gone removes only their link: the meeting is not cancelled", async () => {
    const { alice, bob } = carolInvitesAliceAndBob();
    await world.addThroughAddin(ALICE, alice.id);
    const bobKey = await world.addThroughAddin(BOB, bob.id);
    await syncMailbox(world.deps, ALICE);
    await syncMailbox(world.deps, BOB);
    const { deps, removals } = recordingRemovals(async () => ({ meeting: "kept" }));

    world.graph.exchange.respond(BOB, bob.id, "decline");
    await syncMailbox(deps, BOB);
    await syncMailbox(deps, ALICE);

    expect(removals.map((r) => [r.mailbox, r.syncKey, r.reason])).toEqual([[BOB, bobKey, "left"]]);
    expect((await world.store.entry(BOB, bob.id))?.owed).toBeUndefined();
  });

  it("against InterAction: bob declines, his link goes and the meeting alice added stays, not cancelled", async () => {
    const { alice, bob } = carolInvitesAliceAndBob();
    const aliceKey = await world.addThroughAddin(ALICE, alice.id);
    const bobKey = await world.addThroughAddin(BOB, bob.id);
    await syncMailbox(world.deps, ALICE);
    await syncMailbox(world.deps, BOB);

    world.graph.exchange.respond(BOB, bob.id, "decline");
    await syncMailbox(world.deps, BOB);

    const kept = await world.box.client(ALICE).getMeeting(aliceKey);
    expect(kept?.record).toMatchObject({ status: "scheduled", alsoAddedBy: [] });
    const removals = (await world.box.requests()).filter((r) => r.path === `/api/v1/meetings/${bobKey}/removal`);
    expect(removals.map((r) => [r.method, r.status])).toEqual([["POST", 200]]);
  });

  it("a removal InterAction cannot take now stays owed, holds up nothing, and goes with the next job", async () => {
    const { alice } = carolInvitesAliceAndBob();
    const aliceKey = await world.addThroughAddin(ALICE, alice.id);
    await syncMailbox(world.deps, ALICE);
    let down = true;
    const { deps, removals } = recordingRemovals(async () => {
      if (down) throw new InterActionError("server", "InterAction is down.", true, 503);
      return { meeting: "deleted" };
    });

    world.graph.exchange.respond(ALICE, alice.id, "decline");
    await syncMailbox(deps, ALICE);
    expect(await world.store.entry(ALICE, alice.id)).toMatchObject({ owed: "unlink" });
    expect(await world.store.deltaLink(ALICE)).not.toBeNull();

    down = false;
    await syncMailbox(deps, ALICE);

    // Revision 3: the add-in's Add (1), the service's versioned write of Carol's meeting (2, organizerVersion), then
    // the removal as the link's next revision.
    expect(removals.map((r) => [r.syncKey, r.reason, r.revision])).toEqual([
      [aliceKey, "left", 3],
      [aliceKey, "left", 3],
    ]);
    expect((await world.store.entry(ALICE, alice.id))?.owed).toBeUndefined();
  });
});
