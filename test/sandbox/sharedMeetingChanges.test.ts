// Contract tests of issue 14: what happens to a shared meeting when colleagues leave it, who changes its shared
// fields (the organizer; else the newest Outlook version), the one-off merge of existing duplicates, and the client
// search listing it once.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startHarness, type Harness } from "./harness";
import { api, invitation, key, newUid, recordsWith, type Payload } from "./sharedMeetingSupport";

let h: Harness;
let call: ReturnType<typeof api>;
beforeAll(async () => {
  h = await startHarness();
  call = api(h);
});
afterAll(async () => {
  await h.close();
});

const ALICE = "alice@firm.example";
const BOB = "bob@firm.example";

/** Alice organizes it (a firm user), Bob attends. */
const alicesMeeting = (as: "alice" | "bob", o: Partial<Payload> = {}): Payload =>
  invitation(as, {
    source: { itemId: `${as}-copy`, organizerEmail: ALICE, addedBy: as === "alice" ? "organizer" : "attendee" },
    ...o,
  });

describe("leaving a shared meeting", () => {
  it("a colleague's removal takes only their link; late writes of it are refused; the last removal deletes it", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    const created = await call.put(ALICE, aliceKey, invitation("alice", { iCalUId: uid }));
    await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid }));
    const gone = await call.remove(BOB, bobKey, { reason: "never", revision: 2 });
    expect(gone).toMatchObject({ status: 200, body: { meeting: "kept", meetingId: created.body.id, revision: 2 } });
    // A repeat answers the same; the meeting stays Alice's, with no other link.
    expect((await call.remove(BOB, bobKey, { reason: "never", revision: 2 })).body).toEqual(gone.body);
    expect((await call.get(ALICE, aliceKey)).body).toMatchObject({ id: created.body.id, alsoAddedBy: [] });
    expect((await call.get(BOB, bobKey)).status).toBe(404);
    // His search still lists the meeting (Alice's link is open to everyone): through her link, not his removed one.
    const listed = (await call.search(BOB, "")).body.items.filter((m) => m.id === created.body.id);
    expect(listed).toMatchObject([{ syncKey: aliceKey }]);
    // Bob's write delayed from before his "never" arrives now: refused, it does not bring the link back.
    const late = await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid, revision: 2 }));
    expect(late).toMatchObject({ status: 409, body: { code: "removed" } });
    expect((await call.get(ALICE, aliceKey)).body.alsoAddedBy).toEqual([]);
    // Bob adds it again (a newer revision): linked again to the same meeting.
    const again = await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid, revision: 3 }));
    expect(again).toMatchObject({ status: 201, body: { id: created.body.id } });
    // A removal older than that re-add changes nothing.
    expect((await call.remove(BOB, bobKey, { reason: "left", revision: 3 })).body.code).toBe("superseded");
    // Alice (the first link) leaves: Bob keeps the meeting, now its first link.
    expect((await call.remove(ALICE, aliceKey, { reason: "left", revision: 2 })).body.meeting).toBe("kept");
    expect((await call.get(BOB, bobKey)).body).toMatchObject({ id: created.body.id, syncKey: bobKey });
    const last = await call.remove(BOB, bobKey, { reason: "left", revision: 4 });
    expect(last.body.meeting).toBe("deleted");
    expect(recordsWith(h, uid)).toBe(0);
  });

  it("only the organizer's removal cancels the meeting, and every link stays", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    await call.put(ALICE, aliceKey, alicesMeeting("alice", { iCalUId: uid }));
    await call.put(BOB, bobKey, alicesMeeting("bob", { iCalUId: uid }));
    expect((await call.remove(BOB, bobKey, { reason: "cancelled", revision: 2 })).body.code).toBe("organizerOnly");
    const cancelled = await call.remove(ALICE, aliceKey, { reason: "cancelled", revision: 2 });
    expect(cancelled.body.meeting).toBe("cancelled");
    expect((await call.remove(ALICE, aliceKey, { reason: "cancelled", revision: 2 })).body).toEqual(cancelled.body);
    expect((await call.get(BOB, bobKey)).body).toMatchObject({ status: "cancelled", alsoAddedBy: [{ email: ALICE }] });
  });
});

describe("who changes the shared fields", () => {
  it("the organizer's link rules them; an attendee's copy changes only the attendee's own choices", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    await call.put(ALICE, aliceKey, alicesMeeting("alice", { iCalUId: uid }));
    await call.put(BOB, bobKey, alicesMeeting("bob", { iCalUId: uid }));
    const bobs = await call.put(
      BOB,
      bobKey,
      alicesMeeting("bob", { iCalUId: uid, revision: 2, subject: "Bob's", visibility: "onlyMe" }),
    );
    expect(bobs.body).toMatchObject({ subject: "Acme board prep", visibility: "onlyMe", revision: 2 });
    const moved = new Date(Date.now() + 5 * 86400000).toISOString();
    const alices = await call.put(ALICE, aliceKey, alicesMeeting("alice", { iCalUId: uid, revision: 2, start: moved }));
    expect(alices.body.start).toBe(moved);
    expect((await call.get(BOB, bobKey)).body).toMatchObject({ start: moved, visibility: "onlyMe" });
    // The organizer writing through Bob's link (as before identity existed) moves the meeting, not Bob's choices.
    const viaBob = await call.put(ALICE, bobKey, alicesMeeting("alice", { revision: 3, location: "Room 9" }));
    expect(viaBob.body).toMatchObject({ location: "Room 9", visibility: "onlyMe", syncKey: bobKey });
  });

  it("with the organizer outside the firm the newest Outlook version wins, and an older copy never rolls it back", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    const v = (sequence: number, changedAt: string) => ({ sequence, changedAt });
    await call.put(
      ALICE,
      aliceKey,
      invitation("alice", { iCalUId: uid, organizerVersion: v(0, "2031-01-01T09:00:00Z") }),
    );
    // Alice's copy got Carol's update (sequence 1) first.
    const newer = await call.put(
      ALICE,
      aliceKey,
      invitation("alice", {
        iCalUId: uid,
        revision: 2,
        location: "Acme annex",
        organizerVersion: v(1, "2031-01-02T09:00:00Z"),
      }),
    );
    expect(newer.body.location).toBe("Acme annex");
    // Bob's copy, still at the first version, is delivered later: his link is kept, the place is not rolled back.
    const older = await call.put(
      BOB,
      bobKey,
      invitation("bob", { iCalUId: uid, organizerVersion: v(0, "2031-01-01T09:00:00Z") }),
    );
    expect(older).toMatchObject({ status: 201, body: { location: "Acme annex" } });
    // A copy without a version cannot roll it back either.
    const unversioned = await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid, revision: 2, location: "Old" }));
    expect(unversioned.body.location).toBe("Acme annex");
    // Bob's copy gets Carol's next update first: it rules now.
    const newest = await call.put(
      BOB,
      bobKey,
      invitation("bob", {
        iCalUId: uid,
        revision: 3,
        location: "Acme tower",
        organizerVersion: v(2, "2031-01-03T09:00:00Z"),
      }),
    );
    expect(newest.body.location).toBe("Acme tower");
    expect((await call.get(ALICE, aliceKey)).body.location).toBe("Acme tower");
  });
});

describe("existing duplicates and the client search", () => {
  it("the one-off merge folds records of one meeting into one, keeping every link and document; dry run first", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    // Made before identity existed: two records for one meeting.
    const a = await call.put(ALICE, aliceKey, invitation("alice", { visibility: { groupId: "g-litigation" } }));
    const b = await call.put(BOB, bobKey, invitation("bob"));
    await call.upload(ALICE, aliceKey, "a1", "alice");
    await call.upload(BOB, bobKey, "b1", "bob");
    const identities = [
      { syncKey: aliceKey, iCalUId: uid },
      { syncKey: bobKey, iCalUId: uid },
      { syncKey: "sk-never-written", iCalUId: uid },
    ];
    expect((await call.merge(BOB, { identities })).body.code).toBe("adminOnly");
    const dry = await call.merge(ALICE, { identities, dryRun: true });
    expect(dry.body).toMatchObject({
      dryRun: true,
      merged: [{ iCalUId: uid, meetingId: a.body.id, foldedIds: [b.body.id] }],
    });
    expect(recordsWith(h, uid)).toBe(0);
    const done = await call.merge(ALICE, { identities });
    expect(done.body).toEqual({
      dryRun: false,
      merged: [{ iCalUId: uid, meetingId: a.body.id, foldedIds: [b.body.id], links: 2, documents: 2 }],
      conflicts: [],
      unknownSyncKeys: ["sk-never-written"],
    });
    expect((await call.merge(ALICE, { identities })).body.merged).toEqual([]);
    expect((await call.get(BOB, bobKey)).body).toMatchObject({ id: a.body.id, visibility: "everyone", iCalUId: uid });
    expect((await call.get(ALICE, aliceKey)).body.documents.map((d) => d.documentKey).sort()).toEqual(["a1", "b1"]);
    expect((await call.get(ALICE, aliceKey)).body.visibility).toEqual({ groupId: "g-litigation" });
  });

  it("lists a meeting several colleagues added once, with every colleague attending", async () => {
    const uid = newUid();
    const start = "2032-03-03T10:00:00.000Z";
    const a = await call.put(ALICE, key("alice"), invitation("alice", { iCalUId: uid, start }));
    await call.put(BOB, key("bob"), invitation("bob", { iCalUId: uid, start }));
    const page = (await call.search("dana@firm.example", `from=${start}&to=2032-03-04T00:00:00Z`)).body;
    expect(page.total).toBe(1);
    expect(page.colleagueCount).toBe(2);
    expect(page.items.map((m) => m.id)).toEqual([a.body.id]);
    expect(page.items[0]?.colleagues.map((c) => c.email).sort()).toEqual([ALICE, BOB]);
  });
});
