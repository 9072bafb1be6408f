// Contract tests of issue 14 ("one meeting, one record"): colleagues who add the same Outlook meeting (one iCalUId)
// share one InterAction meeting, each through their own link, whatever the order, repeats and delays of delivery.
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
const DANA = "dana@firm.example";

describe("one meeting per iCalUId", () => {
  it.each([
    ["alice first", [ALICE, BOB]],
    ["bob first", [BOB, ALICE]],
  ])(
    "two colleagues add it (%s, each write repeated): one record, two links, each keeps their choices",
    async (_, order) => {
      const uid = newUid();
      const keys: Record<string, string> = { [ALICE]: key("alice"), [BOB]: key("bob") };
      const payloads: Record<string, Payload> = {
        [ALICE]: invitation("alice", { iCalUId: uid, syncMode: "automatic", addAttendeesAsContacts: true }),
        [BOB]: invitation("bob", {
          iCalUId: uid,
          visibility: { groupId: "g-corporate" },
          activityTypeId: "at-call",
          syncMode: "manual",
        }),
      };
      const [first, second] = order as [string, string];
      const one = await call.put(first, keys[first] as string, payloads[first]!);
      expect(one.status).toBe(201);
      // A retried write (its answer was lost) changes nothing.
      expect((await call.put(first, keys[first] as string, payloads[first]!)).status).toBe(200);
      const two = await call.put(second, keys[second] as string, payloads[second]!);
      expect(two.status).toBe(201);
      expect(two.body.id).toBe(one.body.id);
      expect((await call.put(second, keys[second] as string, payloads[second]!)).body.id).toBe(one.body.id);
      expect(recordsWith(h, uid)).toBe(1);

      const alice = (await call.get(ALICE, keys[ALICE] as string)).body;
      const bob = (await call.get(BOB, keys[BOB] as string)).body;
      expect(alice).toMatchObject({
        id: one.body.id,
        iCalUId: uid,
        syncKey: keys[ALICE],
        visibility: "everyone",
        activityTypeId: "at-meeting",
        syncMode: "automatic",
        addAttendeesAsContacts: true,
        alsoAddedBy: [{ email: BOB, addedBy: "attendee" }],
      });
      expect(bob).toMatchObject({
        id: one.body.id,
        syncKey: keys[BOB],
        visibility: { groupId: "g-corporate" },
        activityTypeId: "at-call",
        syncMode: "manual",
        alsoAddedBy: [{ email: ALICE }],
      });
      // The room is never a colleague; both colleagues are, once.
      expect(alice.colleagues.map((c) => c.email).sort()).toEqual([ALICE, BOB]);
      const search = (await call.search(DANA, "")).body;
      expect(search.items.filter((m) => m.id === one.body.id)).toHaveLength(1);
    },
  );

  it("concurrent first writes of both colleagues still make one record", async () => {
    const uid = newUid();
    const [a, b] = await Promise.all([
      call.put(ALICE, key("alice"), invitation("alice", { iCalUId: uid })),
      call.put(BOB, key("bob"), invitation("bob", { iCalUId: uid })),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(recordsWith(h, uid)).toBe(1);
  });

  it("a delayed older write of a link, delivered after its newer one, changes nothing and lands on the same record", async () => {
    const uid = newUid();
    await call.put(ALICE, key("alice"), invitation("alice", { iCalUId: uid }));
    const bobKey = key("bob");
    // Bob's second write (it carries the iCalUId) overtakes his first (written on send, without it).
    const newer = await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid, revision: 2, location: "Room 7" }));
    expect(newer.status).toBe(201);
    const late = await call.put(BOB, bobKey, invitation("bob", { revision: 1, location: "Old place" }));
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ id: newer.body.id, revision: 2, location: "Room 7" });
    expect(recordsWith(h, uid)).toBe(1);
  });

  it("a record made before its iCalUId was known is merged when a later write brings it, losing nothing", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    // Alice's add on send: no iCalUId yet, a record of its own, with a document.
    const own = await call.put(ALICE, aliceKey, invitation("alice", { visibility: "onlyMe" }));
    expect(await call.upload(ALICE, aliceKey, "alice-doc", "alice's notes")).toBe(201);
    // Bob adds the invitation with its iCalUId: at first a second record (nobody has this iCalUId yet).
    const bobs = await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid }));
    expect(await call.upload(BOB, bobKey, "bob-doc", "bob's deck")).toBe(201);
    expect(bobs.body.id).not.toBe(own.body.id);
    // The sync service reads Alice's iCalUId and writes it: the two records become one, the older one.
    const linked = await call.put(
      ALICE,
      aliceKey,
      invitation("alice", { iCalUId: uid, revision: 2, visibility: "onlyMe" }),
    );
    expect(linked.status).toBe(200);
    expect(linked.body.id).toBe(own.body.id);
    expect(recordsWith(h, uid)).toBe(1);
    expect(linked.body.documents.map((d) => d.documentKey).sort()).toEqual(["alice-doc", "bob-doc"]);
    expect(linked.body.alsoAddedBy?.map((c) => c.email)).toEqual([BOB]);
    // Bob's link follows the merged record and keeps his choices; Alice's "only me" link is not shown to him.
    const bob = await call.get(BOB, bobKey);
    expect(bob.body).toMatchObject({ id: own.body.id, visibility: "everyone", alsoAddedBy: [] });
    expect(bob.body.documents.map((d) => d.documentKey)).toEqual(["bob-doc"]);
    // Retried and reordered: the same write again, and Bob's older first write, change nothing.
    expect((await call.put(ALICE, aliceKey, invitation("alice", { iCalUId: uid, revision: 2 }))).body.id).toBe(
      own.body.id,
    );
    expect((await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid }))).body.id).toBe(own.body.id);
    // A link never moves to another meeting.
    const other = await call.put(ALICE, aliceKey, invitation("alice", { iCalUId: newUid(), revision: 3 }));
    expect(other).toMatchObject({ status: 409, body: { code: "identityConflict" } });
  });
});

describe("who may link and change a link", () => {
  it("neither colleague can read or change the other's link, and someone not invited cannot link (403)", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    await call.put(ALICE, aliceKey, invitation("alice", { iCalUId: uid }));
    await call.put(BOB, bobKey, invitation("bob", { iCalUId: uid, visibility: "onlyMe" }));
    const bobsChange = await call.put(
      BOB,
      aliceKey,
      invitation("bob", { iCalUId: uid, revision: 2, visibility: "onlyMe" }),
    );
    expect(bobsChange).toMatchObject({ status: 403, body: { code: "notYours" } });
    expect((await call.get(BOB, aliceKey)).status).toBe(403);
    expect((await call.remove(BOB, aliceKey, { reason: "never", revision: 5 })).status).toBe(403);
    expect((await call.get(ALICE, aliceKey)).body).toMatchObject({ visibility: "everyone", revision: 1 });
    // Dana is not invited: knowing the iCalUId is not enough, even with a payload that lists her.
    expect((await call.get(DANA, aliceKey)).status).toBe(403);
    const listed = invitation("dana", { iCalUId: uid });
    listed.attendees.push({ email: DANA, name: "Dana Diaz", type: "required", response: "accepted" });
    const danas = await call.put(DANA, key("dana"), listed);
    expect(danas).toMatchObject({
      status: 403,
      body: { code: "notInvited", message: expect.stringMatching(/attendee/) },
    });
    const unlisted = await call.put(DANA, key("dana"), invitation("dana", { iCalUId: newUid() }));
    expect(unlisted).toMatchObject({ status: 403, body: { code: "notInvited" } });
    expect(recordsWith(h, uid)).toBe(1);
  });

  it("a colleague's 'only me' link is never revealed through another colleague's link, nor its documents", async () => {
    const uid = newUid();
    const withDana = (as: "alice" | "bob" | "dana", o: Parameters<typeof invitation>[1]) => {
      const p = invitation(as, { iCalUId: uid, ...o });
      p.attendees.push({ email: DANA, name: "Dana Diaz", type: "optional", response: "accepted" });
      return p;
    };
    const [aliceKey, bobKey, danaKey] = [key("alice"), key("bob"), key("dana")];
    await call.put(ALICE, aliceKey, withDana("alice", { visibility: "onlyMe" }));
    await call.upload(ALICE, aliceKey, "private-memo", "only for alice");
    await call.put(BOB, bobKey, withDana("bob", { visibility: "everyone" }));
    const dana = await call.put(DANA, danaKey, withDana("dana", { visibility: "everyone" }));
    expect(dana.body.alsoAddedBy?.map((c) => c.email)).toEqual([BOB]);
    expect(dana.body.documents).toEqual([]);
    const row = (await call.search(DANA, "")).body.items.find((m) => m.id === dana.body.id);
    expect(row).toMatchObject({ syncKey: danaKey, documentCount: 0 });
    expect((await call.get(ALICE, aliceKey)).body.alsoAddedBy?.map((c) => c.email)).toEqual([BOB, DANA]);
  });
});
