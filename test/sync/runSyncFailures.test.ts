// runSync when InterAction, the directory, the item or its storage fails: nothing lost, nothing duplicated.
import { describe, expect, test } from "@jest/globals";
import type { MeetingPayload } from "../../src/core/operations";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness } from "../support/fakes";
const SENT_MEETING = { isNew: false, itemId: "item-1" };
const addedHarness = async (options: Parameters<typeof createHarness>[0] = {}) => {
  const h = createHarness({ snapshot: SENT_MEETING, settings: { autoAddContactTypeIds: [] }, ...options });
  await runSync({ kind: "add" }, h.deps);
  return h;
};
const syncKeyOf = (h: ReturnType<typeof createHarness>) => h.stateStore.state?.syncKey as string;
const attachment = (id: string, name: string) => ({
  id,
  name,
  size: 20,
  contentType: "application/pdf",
  isInline: false,
  kind: "file" as const,
});

describe("when InterAction fails", () => {
  test("a rate-limited write waits for Retry-After and is delivered by a later run", async () => {
    const h = await addedHarness();
    h.item.update({ subject: "Renamed" });
    h.api.fail("upsertMeeting", apiError("rateLimited", "Too many requests.", 120_000));
    const first = await runSync({ kind: "send" }, h.deps);
    expect(first.status).toBe("pending");
    expect(first.error).toEqual({ message: "Too many requests.", retryable: true });
    const early = await runSync({ kind: "refresh" }, h.deps);
    expect(early.delivered).toBe(0);
    h.clock.advance(121_000);
    const later = await runSync({ kind: "refresh" }, h.deps);
    expect(later.delivered).toBe(1);
    expect(later.status).toBe("synced");
  });

  test("a refused write is parked, shown as an error, and Retry sends it again", async () => {
    const h = await addedHarness();
    h.item.update({ subject: "Renamed" });
    h.api.fail("upsertMeeting", apiError("forbidden", "Not allowed."));
    const refused = await runSync({ kind: "send" }, h.deps);
    expect(refused.status).toBe("error");
    expect(refused.notice).toMatchObject({ kind: "error" });
    expect(refused.notice?.message).toMatch(/Not allowed\. Press Retry/);
    const retried = await runSync({ kind: "retry" }, h.deps);
    expect(retried.status).toBe("synced");
    expect(h.api.stored(syncKeyOf(h))?.subject).toBe("Renamed");
  });

  test("an answer lost after InterAction applied the write is retried without a duplicate", async () => {
    const h = await addedHarness();
    h.item.update({ subject: "Renamed" });
    h.api.failAfterApply("upsertMeeting", apiError("network"));
    await runSync({ kind: "send" }, h.deps);
    h.clock.advance(60 * 60 * 1000);
    const outcome = await runSync({ kind: "refresh" }, h.deps);
    expect(outcome.status).toBe("synced");
    expect(h.api.meetings.size).toBe(1);
    expect(h.api.appliedWrites).toBe(2);
  });

  test("a lost outbox is repaired from the item's own state on the next open", async () => {
    const h = await addedHarness();
    h.item.update({ subject: "Renamed" });
    h.api.fail("upsertMeeting", apiError("server"));
    await runSync({ kind: "send" }, h.deps);
    h.storage.data.clear(); // OfficeRuntime.storage wiped, or another device
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(outcome.status).toBe("synced");
    expect(h.api.stored(syncKeyOf(h))?.subject).toBe("Renamed");
    expect(h.stateStore.state?.revision).toBe(h.stateStore.state?.deliveredRevision);
  });

  test("a repair finds what already arrived and writes nothing more", async () => {
    const h = await addedHarness();
    h.item.update({ subject: "Renamed" });
    h.api.failAfterApply("upsertMeeting", apiError("timeout"));
    await runSync({ kind: "send" }, h.deps);
    h.storage.data.clear();
    await runSync({ kind: "open" }, h.deps);
    expect(h.api.appliedWrites).toBe(2);
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 2 });
  });

  // Fault schedule seed 20261208: the outbox is lost before the meeting's create is delivered; a later send queues
  // only a new document, which InterAction answers 404 (no such meeting).
  test("a document that finds no meeting waits for it, and one open creates the meeting and uploads it", async () => {
    const h = createHarness({ snapshot: SENT_MEETING, settings: { autoAddContactTypeIds: [] } });
    h.api.fail("upsertMeeting", apiError("server"));
    await runSync({ kind: "add" }, h.deps);
    h.storage.data.clear(); // the create is lost with the outbox
    h.item.update({ attachments: [attachment("att-1", "Contract.pdf")] });
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(h.api.callsOf("uploadDocument").map((c) => c.outcome)).toEqual(["error"]);
    // Not parked: the document waits for the meeting; the user is not asked to press Retry.
    expect(sent.status).toBe("pending");
    expect((await h.outbox.load()).map((e) => e.parked)).toEqual([false]);

    const opened = await runSync({ kind: "open" }, h.deps); // no time passes, no Retry
    expect(opened.status).toBe("synced");
    expect(h.api.stored(syncKeyOf(h))?.subject).toBe("Acme quarterly review");
    expect([...(h.api.documents.get(syncKeyOf(h))?.values() ?? [])].map((d) => d.name)).toEqual(["Contract.pdf"]);
    expect(await h.outbox.load()).toEqual([]);
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 2 });
    expect(h.stateStore.state?.deliveredDocuments).toHaveLength(1);
  });

  // Fault schedule seed 20261256: the runtime storage refuses the write that would have queued a new document while
  // another document of the meeting is still queued.
  test("a document the storage never queued is planned again on open even while another of the meeting waits", async () => {
    const h = await addedHarness();
    h.item.update({ attachments: [attachment("att-1", "Agenda.pdf")] });
    h.api.fail("uploadDocument", apiError("server"));
    await runSync({ kind: "send" }, h.deps);
    expect(await h.outbox.load()).toHaveLength(1); // Agenda waits (backoff)
    h.item.update({ attachments: [attachment("att-1", "Agenda.pdf"), attachment("att-2", "Minutes.pdf")] });
    h.storage.failWrites = 10; // the outbox write with Minutes in it is refused
    await runSync({ kind: "send" }, h.deps);
    h.storage.failWrites = 0;
    expect((await h.outbox.load()).map((e) => e.op.kind === "uploadDocument" && e.op.name)).toEqual(["Agenda.pdf"]);
    expect(Object.keys(h.stateStore.state?.documents ?? {})).toHaveLength(2);

    h.clock.advance(60_000); // Agenda's backoff has passed
    const opened = await runSync({ kind: "open" }, h.deps);
    expect(opened.status).toBe("synced");
    const names = [...(h.api.documents.get(syncKeyOf(h))?.values() ?? [])].map((d) => d.name).sort();
    expect(names).toEqual(["Agenda.pdf", "Minutes.pdf"]);
    expect(h.api.appliedWrites).toBe(1); // the meeting itself was never written again
    expect(await h.outbox.load()).toEqual([]);
  });

  test("a repair leaves alone what the outbox still holds, parked or waiting", async () => {
    const h = await addedHarness();
    h.item.update({ subject: "Renamed", attachments: [attachment("att-1", "Agenda.pdf")] });
    h.api.fail("upsertMeeting", apiError("forbidden", "Not allowed."));
    await runSync({ kind: "send" }, h.deps);
    const before = await h.outbox.load();
    expect(before.map((e) => [e.op.kind, e.parked])).toEqual([
      ["upsertMeeting", true],
      ["uploadDocument", false],
    ]);
    const getMeetings = h.api.callsOf("getMeeting").length;
    const opened = await runSync({ kind: "open" }, h.deps);
    // Covered: nothing planned again, InterAction not even asked; the refusal is the user's to act on.
    expect(h.api.callsOf("getMeeting")).toHaveLength(getMeetings);
    expect((await h.outbox.load()).map((e) => e.op.idempotencyKey)).toEqual(before.map((e) => e.op.idempotencyKey));
    expect(opened.status).toBe("error");
  });

  test("a reused idempotency key (state save lost on another device) is moved past InterAction's revision", async () => {
    const h = await addedHarness();
    const syncKey = syncKeyOf(h);
    // Another device wrote revision 2 with other content, but this item never learned about it.
    await h.api.upsertMeeting(
      syncKey,
      { ...(h.api.stored(syncKey) as MeetingPayload), revision: 2, subject: "Other device" },
      `${syncKey}:r2`,
    );
    h.item.update({ subject: "This device" });
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.status).toBe("synced");
    expect(h.api.stored(syncKey)).toMatchObject({ subject: "This device", revision: 3 });
    expect(h.stateStore.state?.revision).toBe(3);
  });

  test("with no settings ever fetched and InterAction down, the change is remembered and synced later", async () => {
    const h = createHarness({ snapshot: SENT_MEETING, settings: { autoAddContactTypeIds: [] } });
    h.api.fail("*", apiError("network"), 10);
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("pending");
    expect(outcome.notice?.message).toMatch(/can't be reached/);
    expect(h.stateStore.state).toMatchObject({ addRequested: true, needsReconcile: true });
    h.api.clearFaults();
    const later = await runSync({ kind: "refresh" }, h.deps);
    expect(later.status).toBe("synced");
    expect(h.api.meetings.size).toBe(1);
  });

  test("with InterAction down and no settings, a new meeting added before send waits for send, then is pending", async () => {
    const h = createHarness({ settings: { autoAddContactTypeIds: [] } });
    h.api.fail("*", apiError("network"), 50);
    const added = await runSync({ kind: "add" }, h.deps);
    expect(added.status).toBe("willAddOnSend");
    expect(h.stateStore.state?.needsReconcile).toBeFalsy();
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.status).toBe("pending");
    expect(h.stateStore.state).toMatchObject({ addRequested: true, needsReconcile: true });
    expect(h.api.meetings.size).toBe(0);
  });

  test("when the directory lookup fails at send, the firm rules are checked again on open", async () => {
    const h = createHarness();
    h.api.fail("lookupAttendees", apiError("server"));
    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.status).toBe("notAdded");
    expect(h.stateStore.state?.autoAddPending).toBe(true);
    h.item.update(SENT_MEETING);
    const opened = await runSync({ kind: "open" }, h.deps);
    expect(opened.autoAdd?.add).toBe(true);
    expect(opened.status).toBe("synced");
  });

  test("the directory is not asked when no rule could add the meeting", async () => {
    const h = createHarness({ settings: { autoAddContactTypeIds: [] } });
    await runSync({ kind: "send" }, h.deps);
    expect(h.api.callsOf("lookupAttendees")).toHaveLength(0);
  });

  test("an item that cannot be read gives a clear error, not an exception", async () => {
    const h = createHarness();
    h.item.failReads = 1;
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome).toMatchObject({ status: "error", error: { retryable: true } });
  });

  test("an item state that cannot be loaded stops the run before a second sync key is minted", async () => {
    const h = await addedHarness();
    h.stateStore.failLoads = 1;
    const outcome = await runSync({ kind: "open" }, h.deps);
    expect(outcome.status).toBe("error");
    expect(h.random.issuedKeys).toHaveLength(1);
  });

  test("a full storage never fails the user's send", async () => {
    const h = await addedHarness();
    h.item.update({ subject: "Renamed" });
    h.storage.failWrites = 50;
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.status).toBe("synced");
    expect(h.api.stored(syncKeyOf(h))?.subject).toBe("Renamed");
  });
});
