// Two runs for the same item at the same time (a duplicate launch event, a double click on "Add to InterAction", the
// task pane's delivery timer firing while an event runs) must behave like one after the other: one sync key, one
// meeting in InterAction, no item state overwritten by a stale copy. Found by the randomized fault schedules
// (seed 20261125: a duplicated open event after an Add that could not reach InterAction created two meetings).
import { deliverOutbox } from "../../src/sync/deliverOutbox";
import { runSync } from "../../src/sync/runSync";
import { createHarness } from "../support/fakes";

describe("concurrent runs for one item", () => {
  test("a double click on Add for a saved meeting creates exactly one meeting in InterAction", async () => {
    const h = createHarness({ snapshot: { isNew: false, itemId: "AAMk-1" } });
    const [a, b] = await Promise.all([runSync({ kind: "add" }, h.deps), runSync({ kind: "add" }, h.deps)]);
    expect(h.api.meetings.size).toBe(1);
    expect(h.random.issuedKeys).toHaveLength(1);
    expect([a.status, b.status]).toEqual(["synced", "synced"]);
    expect(h.stateStore.state?.syncKey).toBe(h.random.issuedKeys[0]);
  });

  test("a duplicated open event after an Add made while InterAction was down creates exactly one meeting", async () => {
    const h = createHarness({ snapshot: { isNew: false, itemId: "AAMk-2" } });
    h.api.fail("getSettings", () => new Error("down"), 1);
    const added = await runSync({ kind: "add" }, h.deps);
    expect(added.status).not.toBe("synced");
    expect(h.api.meetings.size).toBe(0);
    await Promise.all([runSync({ kind: "open" }, h.deps), runSync({ kind: "open" }, h.deps)]);
    expect(h.api.meetings.size).toBe(1);
    expect(h.random.issuedKeys).toHaveLength(1);
  });

  test("background delivery running beside an Add never overwrites the item's new sync key", async () => {
    const h = createHarness({ snapshot: { isNew: false, itemId: "AAMk-3" } });
    // Something of another meeting is waiting, so delivery has work (and time) while the Add runs.
    await h.outbox.save([
      {
        op: {
          kind: "upsertMeeting",
          idempotencyKey: "other:r1",
          syncKey: "other",
          revision: 1,
          payload: {
            revision: 1,
            source: { organizerEmail: "alice@firm.example", addedBy: "organizer" },
            subject: "Other",
            location: "",
            start: "2026-11-27T10:00:00.000Z",
            end: "2026-11-27T11:00:00.000Z",
            notes: "",
            attendees: [],
            visibility: "everyone",
            activityTypeId: "at-meeting",
            cancelled: false,
            isRecurring: false,
            sensitivity: "normal",
          },
        },
        enqueuedAt: "2026-11-25T09:00:00.000Z",
        attempts: 0,
        notBefore: "2026-11-25T09:00:00.000Z",
        parked: false,
      },
    ]);
    await Promise.all([deliverOutbox(h.deps), runSync({ kind: "add" }, h.deps)]);
    const key = h.random.issuedKeys[0];
    expect(h.stateStore.state?.syncKey).toBe(key);
    // Adding again finds the same key: still one meeting of this item.
    await runSync({ kind: "add" }, h.deps);
    expect(h.random.issuedKeys).toHaveLength(1);
    expect([...h.api.meetings.keys()].sort()).toEqual([key, "other"].sort());
  });
});
