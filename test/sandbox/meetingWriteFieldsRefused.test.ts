// The meeting write's answer says when InterAction kept the write's link and revision but refused its shared fields
// (contract MeetingRecord.fieldsRefused): a writer that judges the answer directly, not by reading the record, must not
// count its content as delivered (fault schedules 674414471, 76580081: an attendee's Add queued by faults while the
// meeting was ahead that landed after it ended). Said on that write's answer and its Idempotency-Key replay, never on a
// read, and never on a write whose fields the lifecycle took.
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
