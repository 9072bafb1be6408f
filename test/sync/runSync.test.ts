import { describe, expect, test } from "@jest/globals";
import type { MeetingPayload } from "../../src/core/operations";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, ERIN, externalInvitation } from "../support/fakes";

const SENT = { isNew: false, itemId: "item-1" };

describe("adding a meeting", () => {
  test("a new meeting the user adds is only marked and reaches InterAction when it is sent", async () => {
    const h = createHarness();
    const added = await runSync({ kind: "add" }, h.deps);
    expect(added.status).toBe("willAddOnSend");
    expect(added.notice?.message).toMatch(/when you send it/);
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);

    const sent = await runSync({ kind: "send" }, h.deps);
    expect(sent.status).toBe("synced");
    expect(sent.delivered).toBe(1);
    expect(sent.queued).toBe(0);
    expect(sent.record?.kind).toBe("appointment");
    const syncKey = h.stateStore.state?.syncKey as string;
    expect(h.api.stored(syncKey)?.subject).toBe("Acme quarterly review");
    expect(h.stateStore.state).toMatchObject({ revision: 1, deliveredRevision: 1, addedBy: "organizer" });
  });

  test("a new meeting that is discarded after Add never reaches InterAction", async () => {
    const h = createHarness({ settings: { autoAddContactTypeIds: [] } });
    await runSync({ kind: "add" }, h.deps);
    await runSync({ kind: "change", what: "time" }, h.deps);
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });

  test("an existing meeting is added at once", async () => {
    const h = createHarness({ snapshot: SENT, settings: { autoAddContactTypeIds: [] } });
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("synced");
    expect(outcome.notice).toMatchObject({ kind: "success", message: "Added to InterAction." });
    expect(h.api.appliedWrites).toBe(1);
  });

  test("an accepted meeting from outside the firm can be added by an attendee", async () => {
    const h = createHarness({ snapshot: externalInvitation(), settings: { autoAddContactTypeIds: [] } });
    h.api.callerEmail = "alice@firm.example";
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("synced");
    const syncKey = h.stateStore.state?.syncKey as string;
    expect(h.api.stored(syncKey)?.source).toMatchObject({ organizerEmail: ERIN.email, addedBy: "attendee" });
  });

  test("a recurring meeting is refused with the reason", async () => {
    const h = createHarness({ snapshot: { ...SENT, isRecurring: true } });
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("ineligible");
    expect(outcome.eligibility).toMatchObject({ eligible: false, reason: "recurring" });
    expect(h.notifier.last?.message).toBe("Recurring meetings can't be added to InterAction.");
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });
});

describe("firm rules on send", () => {
  test("a meeting with a Top Client's employee is added on send, with the reason", async () => {
    const h = createHarness();
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.autoAdd?.add).toBe(true);
    expect(outcome.autoAdd?.explanation).toBe(
      "Added because carol@acme.example works for Acme Corporation, a Top Client.",
    );
    expect(outcome.status).toBe("synced");
    expect(h.notifier.last?.message).toMatch(/Acme Corporation, a Top Client/);
  });

  test("a meeting without matching attendees is not added on send", async () => {
    const h = createHarness({ snapshot: { attendees: [{ ...ERIN, type: "required", response: "none" }] } });
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.autoAdd?.add).toBe(false);
    expect(outcome.status).toBe("notAdded");
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(0);
  });

  test("when InterAction is down at send, an explicitly added meeting is queued and the send goes on", async () => {
    const h = createHarness();
    await runSync({ kind: "add" }, h.deps);
    h.api.fail("*", apiError("server"), 100);
    const outcome = await runSync({ kind: "send" }, h.deps);
    expect(outcome.status).toBe("pending");
    expect(outcome.queued).toBe(1);
    expect(outcome.notice?.kind).toBe("warning");
    expect(outcome.notice?.message).toMatch(/retried automatically|sent automatically/);
    h.api.clearFaults();
    h.clock.advance(60 * 60 * 1000);
    h.item.update(SENT);
    const later = await runSync({ kind: "open" }, h.deps);
    expect(later.status).toBe("synced");
    expect(h.api.appliedWrites).toBe(1);
  });

  test("a hanging InterAction never holds the send past the deadline", async () => {
    const h = createHarness();
    await runSync({ kind: "add" }, h.deps);
    h.api.hang("upsertMeeting");
    const outcome = await runSync({ kind: "send" }, h.deps, { deadlineMs: 30 });
    expect(outcome.status).toBe("pending");
    expect(outcome.queued).toBe(1);
    h.api.releaseHangs();
  });
});

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

describe("change events stay instant", () => {
  test("a change event uses the cached settings, however old, and never asks InterAction", async () => {
    const h = await addedHarness();
    h.clock.advance(24 * 60 * 60 * 1000);
    h.api.hang("*", 10);
    const calls = h.api.calls.length;
    const outcome = await runSync({ kind: "change", what: "attendees" }, h.deps);
    expect(outcome.status).toBe("pending");
    expect(h.api.calls.length).toBe(calls);
    h.api.releaseHangs();
  });
});
