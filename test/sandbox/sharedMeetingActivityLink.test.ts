// An attendee's Add that lands once the meeting is an activity (issue 14 with the lifecycle; fault schedule 145707333):
// Bob's add-in planned his Add while the outside meeting was ahead, with the organizer's newest location; the write
// was held and landed only after the meeting had ended, when Alice's link had already made it an activity. InterAction
// keeps his link (his Add is not lost) but refuses its fields (an activity takes only its organizer's changes), so it
// must not keep his write's fingerprint either: the fingerprint tells a writer that the record holds its content
// (api/interaction.openapi.yaml MeetingPayload.fingerprint), and his add-in would tell him InterAction was updated.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { DAY, HOUR, startHarness, type Harness } from "./harness";
import { api, invitation, key, newUid } from "./sharedMeetingSupport";

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

describe("an attendee's link to an activity", () => {
  it("is kept with its revision, its fields are not, and neither is its fingerprint", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    // The meeting ended two days ago (the sandbox runs on the real clock here): Alice's link made it an activity.
    const start = new Date(Date.now() - 2 * DAY).toISOString();
    const alices = await call.put(
      ALICE,
      aliceKey,
      invitation("alice", { iCalUId: uid, start, fingerprint: "f-alice" }),
    );
    expect(alices).toMatchObject({
      status: 201,
      body: { kind: "activity", location: "Acme HQ", fingerprint: "f-alice" },
    });
    // Bob's copy has the organizer's later location (the change Alice's add-in never saw before the meeting ended).
    const bobs = invitation("bob", { iCalUId: uid, start, location: "Room 5", revision: 2, fingerprint: "f-bob" });
    const linked = await call.put(BOB, bobKey, bobs);
    expect(linked).toMatchObject({ status: 201, body: { id: alices.body.id, revision: 2, location: "Acme HQ" } });
    expect(linked.body.fingerprint).toBeUndefined();
    // Read again (as the add-in does after a write whose answer it never saw), and after a repeat of the same write.
    expect((await call.get(BOB, bobKey)).body).toMatchObject({ revision: 2, location: "Acme HQ" });
    expect((await call.get(BOB, bobKey)).body.fingerprint).toBeUndefined();
    expect((await call.put(BOB, bobKey, bobs)).body.fingerprint).toBeUndefined();
    // Alice's link still answers the fingerprint of the content it brought.
    expect((await call.get(ALICE, aliceKey)).body).toMatchObject({ location: "Acme HQ", fingerprint: "f-alice" });
  });

  it("while the meeting is ahead, a colleague's link whose fields are taken keeps its fingerprint", async () => {
    const uid = newUid();
    const start = new Date(Date.now() + 2 * DAY + HOUR).toISOString();
    await call.put(ALICE, key("alice"), invitation("alice", { iCalUId: uid, start, fingerprint: "f-alice" }));
    const bobs = invitation("bob", { iCalUId: uid, start, location: "Room 5", fingerprint: "f-bob" });
    const linked = await call.put(BOB, key("bob"), bobs);
    expect(linked).toMatchObject({
      status: 201,
      body: { kind: "appointment", location: "Room 5", fingerprint: "f-bob" },
    });
  });
});

// The meeting write's answer says when InterAction kept the write's link and revision but refused its shared fields
// (contract MeetingRecord.fieldsRefused): a writer that judges the answer directly, not by reading the record, must not
// count its content as delivered (fault schedules 674414471, 76580081: an attendee's Add queued by faults while the
// meeting was ahead that landed after it ended). Said on that write's answer and its Idempotency-Key replay, never on a
// read, and never on a write whose fields the lifecycle took.
describe("fieldsRefused on a meeting write's answer", () => {
  it("is organizerOnly for an attendee's write linking to an activity, on its replay too, not on a read", async () => {
    const uid = newUid();
    const [aliceKey, bobKey] = [key("alice"), key("bob")];
    const start = new Date(Date.now() - 2 * DAY).toISOString();
    const alices = await call.put(ALICE, aliceKey, invitation("alice", { iCalUId: uid, start }), {
      "idempotency-key": `${aliceKey}:r1`,
    });
    expect(alices.status).toBe(201);
    expect(alices.body.fieldsRefused).toBeUndefined();
    const bobs = invitation("bob", { iCalUId: uid, start, location: "Room 5", revision: 2, fingerprint: "f-bob" });
    const idempotent = { "idempotency-key": `${bobKey}:r2` };
    const linked = await call.put(BOB, bobKey, bobs, idempotent);
    expect(linked).toMatchObject({
      status: 201,
      body: { revision: 2, location: "Acme HQ", fieldsRefused: "organizerOnly" },
    });
    // The answer lost and the same write sent again: InterAction replays the answer, with what it said.
    expect((await call.put(BOB, bobKey, bobs, idempotent)).body.fieldsRefused).toBe("organizerOnly");
    // A read says what the record holds, not what became of one write.
    expect((await call.get(BOB, bobKey)).body.fieldsRefused).toBeUndefined();
  });

  it("is absent while the meeting is ahead (a colleague's link whose fields are taken)", async () => {
    const uid = newUid();
    const start = new Date(Date.now() + 2 * DAY + HOUR).toISOString();
    await call.put(ALICE, key("alice"), invitation("alice", { iCalUId: uid, start }));
    const linked = await call.put(BOB, key("bob"), invitation("bob", { iCalUId: uid, start, location: "Room 5" }));
    expect(linked).toMatchObject({ status: 201, body: { location: "Room 5" } });
    expect(linked.body.fieldsRefused).toBeUndefined();
  });
});
