// runSync: an added meeting kept in step with InterAction (changes, open, cancel, activity, frozen, documents).
import { describe, expect, test } from "@jest/globals";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness } from "../support/fakes";
const SENT_MEETING = { isNew: false, itemId: "item-1" };
const addedHarness = async (options: Parameters<typeof createHarness>[0] = {}) => {
  const h = createHarness({ snapshot: SENT_MEETING, settings: { autoAddContactTypeIds: [] }, ...options });
  await runSync({ kind: "add" }, h.deps);
  return h;
};
const syncKeyOf = (h: ReturnType<typeof createHarness>) => h.stateStore.state?.syncKey as string;

describe("keeping InterAction in step", () => {
  test("a change event marks pending and writes nothing, then send writes the committed values", async () => {
    const h = await addedHarness();
    h.item.update({ location: "Room 9" });
    const changed = await runSync({ kind: "change", what: "time" }, h.deps);
    expect(changed.status).toBe("pending");
    expect(h.api.appliedWrites).toBe(1);
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.status).toBe("synced");
    expect(h.api.stored(syncKeyOf(h))).toMatchObject({ revision: 2, location: "Room 9" });
  });

  test("opening the item pushes what was saved elsewhere (drag-and-drop, phone)", async () => {
    const h = await addedHarness();
    h.item.update({ start: "2026-11-27T10:00:00.000Z", end: "2026-11-27T11:00:00.000Z" });
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(outcome.delivered).toBe(1);
    expect(h.api.stored(syncKeyOf(h))?.start).toBe("2026-11-27T10:00:00.000Z");
  });

  test("opening an unchanged meeting writes nothing", async () => {
    const h = await addedHarness();
    await runSync({ kind: "open" }, h.deps);
    await runSync({ kind: "refresh" }, h.deps);
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(1);
  });

  test("cancelling marks the record cancelled", async () => {
    const h = await addedHarness();
    const outcome = await runSync({ kind: "cancel" }, h.deps);
    expect(outcome.status).toBe("cancelled");
    expect(outcome.record?.status).toBe("cancelled");
  });

  test("after the meeting it becomes an activity and keeps syncing the organizer's notes", async () => {
    const h = await addedHarness();
    h.clock.set("2026-11-28T09:00:00.000Z");
    h.item.update({ notes: "Signed the engagement letter." });
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(outcome.status).toBe("activity");
    expect(outcome.record?.kind).toBe("activity");
    expect(h.api.stored(syncKeyOf(h))?.notes).toBe("Signed the engagement letter.");
  });

  test("after the sync window nothing more is written and the status says frozen", async () => {
    const h = await addedHarness();
    h.clock.set("2026-12-20T09:00:00.000Z");
    h.item.update({ notes: "too late" });
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(outcome.status).toBe("frozen");
    expect(h.api.appliedWrites).toBe(1);
  });

  test("InterAction's answer that the record is frozen is remembered and the write dropped", async () => {
    const h = await addedHarness();
    h.item.update({ notes: "x" });
    h.api.fail("upsertMeeting", apiError("frozen", "Frozen."));
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.status).toBe("frozen");
    expect(outcome.queued).toBe(0);
    expect(h.stateStore.state?.frozen).toBe(true);
    expect(outcome.notice?.message).toMatch(/stopped syncing/);
  });

  test("a synced meeting that becomes recurring stops syncing and says why", async () => {
    const h = await addedHarness();
    h.item.update({ isRecurring: true });
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.status).toBe("stopped");
    expect(outcome.notice?.message).toMatch(/now recurring/);
    expect(h.api.appliedWrites).toBe(1);
  });

  test("documents are uploaded after the meeting, once", async () => {
    const h = await addedHarness({
      snapshot: {
        ...SENT_MEETING,
        attachments: [
          {
            id: "att-1",
            name: "Contract.pdf",
            size: 20,
            contentType: "application/pdf",
            isInline: false,
            kind: "file",
          },
        ],
      },
    });
    expect(h.api.calls.map((c) => c.method).filter((m) => m !== "getSettings")).toEqual([
      "upsertMeeting",
      "uploadDocument",
    ]);
    const docs = [...(h.api.documents.get(syncKeyOf(h))?.values() ?? [])];
    expect(docs).toHaveLength(1);
    await runSync({ kind: "open" }, h.deps);
    expect(h.api.callsOf("uploadDocument")).toHaveLength(1);
    expect(h.stateStore.state?.deliveredDocuments).toEqual([docs[0]?.documentKey]);
  });
});
