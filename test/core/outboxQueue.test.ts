import { describe, expect, test } from "@jest/globals";
import type { Operation, UpsertMeetingOperation } from "../../src/core/operations";
import {
  backoffDelayMs,
  dueEntries,
  enqueue,
  entriesFor,
  markFailed,
  MAX_RETRY_AFTER_MS,
  meetingDelivered,
  nextDueAt,
  removeEntry,
  retryNow,
  waitsForMeeting,
} from "../../src/core/outboxQueue";
import { buildPayload } from "../../src/core/payload";
import { demoSettings, meetingSnapshot } from "../support/fakes";

const now = new Date("2026-11-25T09:00:00.000Z");
const upsert = (syncKey: string, revision: number): UpsertMeetingOperation => ({
  kind: "upsertMeeting",
  idempotencyKey: `${syncKey}:r${revision}`,
  syncKey,
  revision,
  payload: buildPayload(meetingSnapshot(), {}, demoSettings(), revision, false),
});
const doc = (syncKey: string, documentKey: string): Operation => ({
  kind: "uploadDocument",
  idempotencyKey: `${syncKey}:d:${documentKey}`,
  syncKey,
  documentKey,
  attachmentId: "a",
  name: `${documentKey}.pdf`,
  contentType: "application/pdf",
  size: 10,
});
const keys = (entries: { op: { idempotencyKey: string } }[]) => entries.map((e) => e.op.idempotencyKey);

describe("the outbox queue", () => {
  test("a newer revision supersedes the undelivered older one in its place, ahead of the documents", () => {
    const q = enqueue(enqueue([], [upsert("m", 1), doc("m", "d1")], now), [upsert("m", 2)], now);
    expect(keys(q)).toEqual(["m:r2", "m:d:d1"]);
  });

  test("an older revision never replaces a newer one", () => {
    const q = enqueue(enqueue([], [upsert("m", 3)], now), [upsert("m", 2)], now);
    expect(keys(q)).toEqual(["m:r3"]);
  });

  test("a document waiting already is not queued twice", () => {
    expect(keys(enqueue([], [doc("m", "d1"), doc("m", "d1")], now))).toEqual(["m:d:d1"]);
  });

  test("meetings are independent; each meeting delivers one operation at a time, in order", () => {
    const q = enqueue([], [upsert("a", 1), doc("a", "d1"), upsert("b", 1)], now);
    expect(keys(dueEntries(q, now))).toEqual(["a:r1", "b:r1"]);
    expect(keys(dueEntries(removeEntry(q, "a:r1"), now))).toEqual(["a:d:d1", "b:r1"]);
    expect(keys(entriesFor(q, "a"))).toEqual(["a:r1", "a:d:d1"]);
  });

  test("a failed entry waits with backoff and keeps its meeting's later entries behind it", () => {
    const q = markFailed(
      enqueue([], [upsert("m", 1), doc("m", "d1")], now),
      "m:r1",
      { message: "503", retryable: true },
      now,
      0.5,
    );
    expect(q[0]).toMatchObject({ attempts: 1, parked: false, lastError: { message: "503", retryable: true } });
    expect(dueEntries(q, now)).toEqual([]);
    expect(keys(dueEntries(q, new Date(now.getTime() + 1000)))).toEqual(["m:r1"]);
    expect(nextDueAt(q)).toBe(now.toISOString());
  });

  test("Retry-After is honoured even when the jitter would be shorter", () => {
    const q = markFailed(
      enqueue([], [upsert("m", 1)], now),
      "m:r1",
      { message: "429", retryable: true, retryAfterMs: 60000 },
      now,
      0,
    );
    expect(q[0]?.notBefore).toBe("2026-11-25T09:01:00.000Z");
  });

  test("a far-future Retry-After holds an entry at most an hour, not until the user presses Retry", () => {
    const year = 365 * 24 * 60 * 60 * 1000;
    const q = markFailed(
      enqueue([], [upsert("m", 1)], now),
      "m:r1",
      { message: "429", retryable: true, retryAfterMs: year },
      now,
      0,
    );
    expect(MAX_RETRY_AFTER_MS).toBe(60 * 60 * 1000);
    expect(q[0]?.notBefore).toBe("2026-11-25T10:00:00.000Z");
    expect(keys(dueEntries(q, new Date(now.getTime() + MAX_RETRY_AFTER_MS)))).toEqual(["m:r1"]);
    expect(nextDueAt(q)).toBe("2026-11-25T10:00:00.000Z");
  });

  test("backoff grows exponentially with full jitter, up to the cap", () => {
    const policy = { baseMs: 1000, capMs: 10000 };
    expect(backoffDelayMs(1, 0.999, policy)).toBe(999);
    expect(backoffDelayMs(3, 0.5, policy)).toBe(2000);
    expect(backoffDelayMs(20, 0.5, policy)).toBe(5000);
    expect(backoffDelayMs(5, 0, policy)).toBe(0);
    expect(backoffDelayMs(2, 1, policy)).toBeLessThan(2000);
  });

  test("a non-retryable failure parks the entry until the user retries", () => {
    const q = markFailed(
      enqueue([], [upsert("m", 1)], now),
      "m:r1",
      { message: "Forbidden", retryable: false, status: 403 },
      now,
      0.5,
    );
    expect(q[0]).toMatchObject({ parked: true, lastError: { status: 403 } });
    expect(dueEntries(q, new Date("2030-01-01T00:00:00Z"))).toEqual([]);
    expect(nextDueAt(q)).toBeNull();
    expect(keys(dueEntries(retryNow(q, now, "m"), now))).toEqual(["m:r1"]);
  });

  test("a parked document does not block the meeting's later writes", () => {
    let q = enqueue([], [doc("m", "d1")], now);
    q = markFailed(q, "m:d:d1", { message: "Too large", retryable: false }, now, 0.5);
    q = enqueue(q, [upsert("m", 2)], now);
    expect(keys(dueEntries(q, now))).toEqual(["m:r2"]);
  });

  test("a meeting's write planned after its documents goes ahead of them (they need the meeting)", () => {
    let q = enqueue([], [upsert("other", 1), doc("m", "d1"), doc("m", "d2")], now);
    q = enqueue(q, [upsert("m", 2), doc("m", "d3")], now);
    expect(keys(q)).toEqual(["other:r1", "m:r2", "m:d:d1", "m:d:d2", "m:d:d3"]);
    expect(keys(dueEntries(q, now))).toEqual(["other:r1", "m:r2"]);
    // A newer write queued behind a document (an older outbox) also moves ahead of it.
    const old = [...enqueue([], [doc("m", "d1")], now), ...enqueue([], [upsert("m", 1)], now)];
    expect(keys(enqueue(old, [upsert("m", 2)], now))).toEqual(["m:r2", "m:d:d1"]);
  });

  test("a document answered 404 waits for its meeting's write and is due as soon as the meeting is delivered", () => {
    expect(waitsForMeeting(doc("m", "d1"), { status: 404 })).toBe(true);
    expect(waitsForMeeting(upsert("m", 1), { status: 404 })).toBe(false);
    expect(waitsForMeeting(doc("m", "d1"), { status: 413 })).toBe(false);
    let q = enqueue([], [doc("m", "d1"), doc("m", "d2"), doc("x", "d1")], now);
    q = markFailed(q, "m:d:d1", { message: "No such meeting", retryable: true, status: 404 }, now, 0.9);
    // An older version parked it: released all the same.
    q = q.map((e) =>
      e.op.idempotencyKey === "m:d:d2"
        ? { ...e, parked: true, lastError: { message: "x", retryable: false, status: 404 } }
        : e,
    );
    q = markFailed(q, "x:d:d1", { message: "No such meeting", retryable: true, status: 404 }, now, 0.9);
    expect(dueEntries(q, now)).toEqual([]);
    const released = meetingDelivered(q, "m", now);
    expect(released.filter((e) => e.op.syncKey === "m").map((e) => [e.parked, e.notBefore])).toEqual([
      [false, now.toISOString()],
      [false, now.toISOString()],
    ]);
    expect(keys(dueEntries(released, now))).toEqual(["m:d:d1"]);
    expect(released.find((e) => e.op.syncKey === "x")).toEqual(q.find((e) => e.op.syncKey === "x"));
  });

  test("a newer revision un-parks a refused write by replacing it", () => {
    let q = markFailed(enqueue([], [upsert("m", 1)], now), "m:r1", { message: "x", retryable: false }, now, 0.5);
    q = enqueue(q, [upsert("m", 2)], now);
    expect(q[0]).toMatchObject({ parked: false, attempts: 0 });
  });

  test("Retry for one meeting leaves the others' backoff alone", () => {
    let q = enqueue([], [upsert("a", 1), upsert("b", 1)], now);
    q = markFailed(q, "a:r1", { message: "x", retryable: true }, now, 0.9);
    q = markFailed(q, "b:r1", { message: "x", retryable: true }, now, 0.9);
    expect(keys(dueEntries(retryNow(q, now, "a"), now))).toEqual(["a:r1"]);
  });
});
