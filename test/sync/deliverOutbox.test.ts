import { describe, expect, test } from "@jest/globals";
import { messages } from "../../src/core/messages";
import { enqueue } from "../../src/core/outboxQueue";
import { buildPayload } from "../../src/core/payload";
import { deliverOutbox } from "../../src/sync/deliverOutbox";
import { readHistory } from "../../src/sync/history";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, demoSettings, meetingSnapshot } from "../support/fakes";

const SENT = { isNew: false, itemId: "item-1" };
const otherMeeting = (syncKey: string, revision = 1) => ({
  kind: "upsertMeeting" as const,
  idempotencyKey: `${syncKey}:r${revision}`,
  syncKey,
  revision,
  payload: buildPayload(meetingSnapshot({ subject: `Meeting ${syncKey}` }), {}, demoSettings(), revision, false),
});

describe("delivering the outbox", () => {
  test("every meeting's waiting writes are delivered, not only the open one's", async () => {
    const h = createHarness({ snapshot: SENT });
    await h.outbox.save(enqueue([], [otherMeeting("other-a"), otherMeeting("other-b")], h.clock.now()));
    expect(await deliverOutbox(h.deps)).toEqual({ delivered: 2, remaining: 0 });
    expect(h.api.stored("other-a")?.subject).toBe("Meeting other-a");
  });

  test("one meeting's failure does not hold up another's", async () => {
    const h = createHarness({ snapshot: SENT });
    await h.outbox.save(enqueue([], [otherMeeting("other-a"), otherMeeting("other-b")], h.clock.now()));
    h.api.fail("upsertMeeting", apiError("server"));
    expect(await deliverOutbox(h.deps)).toEqual({ delivered: 1, remaining: 1 });
    const [left] = await h.outbox.load();
    expect(left).toMatchObject({ attempts: 1, lastError: { retryable: true, status: 503 } });
  });

  test("a document of a meeting that is not open waits for its own item", async () => {
    const h = createHarness({ snapshot: SENT });
    const doc = {
      kind: "uploadDocument" as const,
      idempotencyKey: "elsewhere:d:d1",
      syncKey: "elsewhere",
      documentKey: "d1",
      attachmentId: "x",
      name: "x.pdf",
      contentType: "application/pdf",
      size: 3,
    };
    await h.outbox.save(enqueue([], [doc], h.clock.now()));
    expect(await deliverOutbox(h.deps)).toEqual({ delivered: 0, remaining: 1 });
    expect(h.api.callsOf("uploadDocument")).toHaveLength(0);
  });

  test("delivery stops at the deadline and leaves the rest queued", async () => {
    const h = createHarness({ snapshot: SENT });
    await h.outbox.save(enqueue([], [otherMeeting("slow"), otherMeeting("next")], h.clock.now()));
    h.api.hang("upsertMeeting");
    expect(await deliverOutbox(h.deps, { deadlineMs: 20 })).toEqual({ delivered: 0, remaining: 2 });
    h.api.releaseHangs();
  });

  test("what was delivered updates the open item's state and its history", async () => {
    const h = createHarness({ snapshot: SENT, settings: { autoAddContactTypeIds: [] } });
    await runSync({ kind: "add" }, h.deps);
    h.item.update({ subject: "Renamed" });
    h.api.fail("upsertMeeting", apiError("network"));
    await runSync({ kind: "send" }, h.deps);
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 1 });
    h.clock.advance(3_600_000);
    expect(await deliverOutbox(h.deps)).toEqual({ delivered: 1, remaining: 0 });
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 2 });
    const history = await readHistory(h.storage, h.stateStore.state?.syncKey);
    expect(history.map((e) => `${e.action}:${e.result}`)).toEqual([
      "create:delivered",
      "update:queued",
      "update:delivered",
    ]);
    expect(history[1]?.message).toBe("Update 2 waiting to be sent: InterAction error: network.");
  });

  test("a document that finds no meeting (404) waits, then follows the meeting's write in the same run", async () => {
    const h = createHarness({ snapshot: SENT, settings: { autoAddContactTypeIds: [] } });
    h.api.fail("upsertMeeting", apiError("server"));
    await runSync({ kind: "add" }, h.deps);
    const [create] = await h.outbox.load();
    await h.outbox.save([]); // the create is lost with the outbox
    h.item.update({
      attachments: [
        { id: "a1", name: "Deck.pdf", size: 9, contentType: "application/pdf", isInline: false, kind: "file" },
      ],
    });
    await runSync({ kind: "send" }, h.deps);
    const [waiting] = await h.outbox.load();
    expect(waiting).toMatchObject({
      parked: false,
      attempts: 1,
      // Said in the user's terms, not the server's "This meeting is not in InterAction."
      lastError: { retryable: true, status: 404, message: messages.pending.documentWaitsForMeeting },
    });
    const syncKey = h.stateStore.state?.syncKey;
    const history = await readHistory(h.storage, syncKey);
    expect(history.map((e) => `${e.action}:${e.result}`).slice(-1)).toEqual(["document:queued"]);
    // The meeting's write is queued again (as the item's repair does): it goes ahead of the document, and the document
    // is due the moment the meeting exists, without waiting out its backoff.
    await h.outbox.save(enqueue(await h.outbox.load(), [create!.op], h.clock.now()));
    expect(await deliverOutbox(h.deps)).toEqual({ delivered: 2, remaining: 0 });
    expect(h.api.callsOf("upsertMeeting").map((c) => c.outcome)).toEqual(["error", "ok"]);
    expect([...(h.api.documents.get(syncKey as string)?.values() ?? [])].map((d) => d.name)).toEqual(["Deck.pdf"]);
  });

  test("an attachment removed before upload is dropped, not retried forever", async () => {
    const attachment = {
      id: "a1",
      name: "Draft.pdf",
      size: 4,
      contentType: "application/pdf",
      isInline: false,
      kind: "file" as const,
    };
    const h = createHarness({
      snapshot: { ...SENT, attachments: [attachment] },
      settings: { autoAddContactTypeIds: [] },
    });
    h.api.fail("uploadDocument", apiError("server"));
    await runSync({ kind: "add" }, h.deps);
    h.item.update({ attachments: [] });
    h.clock.advance(3_600_000);
    expect(await deliverOutbox(h.deps)).toEqual({ delivered: 0, remaining: 0 });
    expect(h.stateStore.state?.documents).toEqual({});
  });

  test("an attachment Outlook cannot read yet is retried later", async () => {
    const attachment = {
      id: "a1",
      name: "Big.pdf",
      size: 4,
      contentType: "application/pdf",
      isInline: false,
      kind: "file" as const,
    };
    const h = createHarness({
      snapshot: { ...SENT, attachments: [attachment] },
      settings: { autoAddContactTypeIds: [] },
    });
    h.item.failAttachmentReads = 1;
    const outcome = await runSync({ kind: "add" }, h.deps);
    expect(outcome.status).toBe("pending");
    expect(outcome.error?.message).toBe('The attachment "Big.pdf" could not be read from Outlook.');
    h.clock.advance(3_600_000);
    expect((await runSync({ kind: "refresh" }, h.deps)).status).toBe("synced");
  });

  test("an expired sign-in keeps the change queued instead of parking it", async () => {
    const h = createHarness({ snapshot: SENT });
    await h.outbox.save(enqueue([], [otherMeeting("m")], h.clock.now()));
    h.api.fail("upsertMeeting", apiError("unauthorized"));
    await deliverOutbox(h.deps);
    const [entry] = await h.outbox.load();
    expect(entry?.parked).toBe(false);
  });
});
