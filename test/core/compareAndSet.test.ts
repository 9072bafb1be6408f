// core/compareAndSet.ts: when a meeting write counts as confirmed, and what the item plans against after a write lost
// its compare-and-set (412, or a revision the sync service already took), and when a write reads the record first.
import { describe, expect, test } from "@jest/globals";
import {
  afterLostWrite,
  answerConfirms,
  etagHiddenIn,
  beforeWrite,
  readsAhead,
  readsFirst,
  rebaseOnRecord,
} from "../../src/core/compareAndSet";
import { payloadFingerprint } from "../../src/core/fingerprint";
import type { MeetingPayload, UpsertMeetingOperation } from "../../src/core/operations";
import type { MeetingRecord } from "../../src/core/record";
import { deriveStatus, pendingKind } from "../../src/core/status";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { meetingRecord } from "../support/meetingRecords";

const now = new Date("2026-11-25T09:00:00.000Z");
const payload = (revision: number, location = "Room 9"): MeetingPayload => ({
  revision,
  source: { organizerEmail: "alice@firm.example", addedBy: "organizer" },
  subject: "Review",
  location,
  start: "2026-11-26T10:00:00.000Z",
  end: "2026-11-26T11:00:00.000Z",
  notes: "",
  attendees: [],
  visibility: "everyone",
  activityTypeId: "t1",
  cancelled: false,
  isRecurring: false,
  sensitivity: "normal",
});
const op = (revision: number, location?: string): UpsertMeetingOperation => ({
  kind: "upsertMeeting",
  idempotencyKey: `k:r${revision}`,
  syncKey: "k",
  revision,
  payload: payload(revision, location),
  ifMatch: '"r1.v1"',
});
const record = (over: Partial<MeetingRecord> = {}): MeetingRecord =>
  meetingRecord({ revision: 2, updatedAt: now.toISOString(), ...over });
const mine = payloadFingerprint(payload(2));
/** The status the task pane would show for this state (a meeting ahead, nothing queued on this device). */
const statusOf = (state: SyncState) =>
  deriveStatus({
    snapshot: { end: "2026-11-26T11:00:00.000Z", isNew: false },
    state,
    eligibility: { eligible: true },
    outbox: [],
    now,
  });
const theirs = payloadFingerprint(payload(2, "Room 7"));

describe("a meeting write's 2xx answer", () => {
  test("confirms it when the record holds its content", () => {
    expect(answerConfirms(op(2), record({ fingerprint: mine }))).toBe(true);
    expect(answerConfirms(op(2), record({ revision: 4, fingerprint: mine }))).toBe(true);
  });
  test("does not when the revision was taken with other content (the write changed nothing)", () => {
    expect(answerConfirms(op(2), record({ fingerprint: theirs }))).toBe(false);
  });
  test("an answer below the write's revision confirms it only if it holds the write's content", () => {
    expect(answerConfirms(op(2), record({ revision: 1, fingerprint: theirs }))).toBe(false);
    expect(answerConfirms(op(2), record({ revision: 1, fingerprint: mine }))).toBe(true);
    expect(answerConfirms(op(2), record({ revision: 1 }))).toBe(true); // no fingerprint kept: as before
  });
  test("without a fingerprint, a revision the sync service delivered is not the add-in's", () => {
    const by = (who: "addin" | "syncService") =>
      record({ deliveries: [{ at: now.toISOString(), revision: 2, by: who }] });
    expect(answerConfirms(op(2), by("syncService"))).toBe(false);
    expect(answerConfirms(op(2), by("addin"))).toBe(true);
    expect(answerConfirms(op(2), record())).toBe(true); // an InterAction that records neither: as before
  });
  test("the sync service judges its answers by the same rule: a revision the add-in delivered is not its", () => {
    const by = (who: "addin" | "syncService") =>
      record({ deliveries: [{ at: now.toISOString(), revision: 2, by: who }] });
    expect(answerConfirms(op(2), by("addin"), "syncService")).toBe(false);
    expect(answerConfirms(op(2), by("syncService"), "syncService")).toBe(true);
    expect(answerConfirms(op(2), record({ fingerprint: theirs }), "syncService")).toBe(false);
    expect(answerConfirms(op(2), record({ fingerprint: mine }), "syncService")).toBe(true);
  });
});

describe("a record read without its ETag", () => {
  test("hides it only when InterAction keeps compare and set (the fingerprint says so)", () => {
    expect(etagHiddenIn(record({ etag: undefined, fingerprint: mine }))).toBe(true);
    expect(etagHiddenIn(record({ etag: '"r2.v1"', fingerprint: mine }))).toBe(false);
    expect(etagHiddenIn(record({ etag: undefined }))).toBe(false); // keeps neither: written as before
    expect(etagHiddenIn(null)).toBe(false);
    expect(etagHiddenIn(undefined)).toBe(false);
  });
});

describe("after a lost write", () => {
  test("the same content in the record settles it; anything else, or no record, is planned again", () => {
    expect(afterLostWrite(op(2), record({ fingerprint: mine }))).toBe("settled");
    expect(afterLostWrite(op(2), record({ fingerprint: theirs }))).toBe("replan");
    expect(afterLostWrite(op(2), record())).toBe("replan");
    expect(afterLostWrite(op(2), null)).toBe("replan");
  });

  const planned: SyncState = {
    ...initialSyncState(),
    syncKey: "k",
    addRequested: true,
    revision: 2,
    deliveredRevision: 1,
    fingerprint: mine,
    etag: '"r1.v1"',
  };
  test("the item plans against the current record: its revision, ETag and fingerprint", () => {
    const rebased = rebaseOnRecord(planned, record({ revision: 3, fingerprint: theirs, etag: '"r3.v4"' }), now);
    expect(rebased).toMatchObject({ revision: 3, deliveredRevision: 3, fingerprint: theirs, etag: '"r3.v4"' });
  });
  test("a record holding other content leaves the item's content owed: pending, not in step, until planned again", () => {
    const rebased = rebaseOnRecord(planned, record({ revision: 3, fingerprint: theirs, etag: '"r3.v4"' }), now);
    expect(rebased.needsReconcile).toBe(true);
    expect(statusOf(rebased)).toBe("pending");
    expect(pendingKind(rebased, [])).toBe("undelivered");
    expect(rebaseOnRecord(planned, record({ revision: 2, fingerprint: theirs }), now).needsReconcile).toBe(true);
    expect(rebaseOnRecord(planned, record({ revision: 2 }), now).needsReconcile).toBe(true); // content unknown
    expect(rebaseOnRecord(planned, null, now).needsReconcile).toBe(true);
  });
  test("a record still below the planned revision (only its version moved) keeps the change owed", () => {
    const older = payloadFingerprint(payload(1, "Room 1"));
    const rebased = rebaseOnRecord(planned, record({ revision: 1, fingerprint: older, etag: '"r1.v2"' }), now);
    expect(rebased).toMatchObject({ revision: 2, deliveredRevision: 1, fingerprint: older, etag: '"r1.v2"' });
  });
  test("a record that holds what the item planned leaves nothing owed", () => {
    const rebased = rebaseOnRecord(planned, record({ revision: 2, fingerprint: mine, etag: '"r2.v3"' }), now);
    expect(rebased).toMatchObject({ revision: 2, deliveredRevision: 2, fingerprint: mine });
    expect(rebased.needsReconcile).toBeUndefined();
    expect(statusOf(rebased)).toBe("synced");
    // A reconcile owed for another reason (no settings at the last commit) is left for the planner to clear.
    expect(
      rebaseOnRecord({ ...planned, needsReconcile: true }, record({ fingerprint: mine }), now).needsReconcile,
    ).toBe(true);
  });
  test("the item takes the meeting's iCalUId from the record (so both writers fingerprint the same payload)", () => {
    const ical = "040000008200E00074C5B7101A82E0080000000000000000000000000000000000000000";
    expect(rebaseOnRecord(planned, record({ iCalUId: ical }), now).iCalUId).toBe(ical);
    expect(rebaseOnRecord({ ...planned, iCalUId: "own" }, record({ iCalUId: ical }), now).iCalUId).toBe("own");
  });
  test("no record: the next write is a create, with nothing to compare with", () => {
    const rebased = rebaseOnRecord(planned, null, now);
    expect(rebased.etag).toBeUndefined();
    expect(rebased.fingerprint).toBeUndefined();
  });
});

describe("a send reads the record ahead, while the settings load", () => {
  const added: SyncState = { ...initialSyncState(), syncKey: "k", revision: 2, deliveredRevision: 2, etag: '"e2"' };
  test("a send or a cancellation of a meeting InterAction holds, whose ETag the item knows", () => {
    expect(readsAhead("send", added)).toBe(true);
    expect(readsAhead("cancel", added)).toBe(true);
  });
  test("nothing to read ahead: other triggers read first; not added, no ETag (reads first), or frozen", () => {
    for (const trigger of ["open", "refresh", "retry", "add", "change", "server"] as const)
      expect(readsAhead(trigger, added)).toBe(false);
    expect(readsAhead("send", { ...added, revision: 0 })).toBe(false);
    expect(readsAhead("send", { ...added, etag: undefined })).toBe(false);
    expect(readsAhead("send", { ...added, frozen: true })).toBe(false);
  });
});

describe("reading the record before a meeting write", () => {
  const noEtag: UpsertMeetingOperation = { ...op(2), ifMatch: undefined };
  test("outside the send event, a write to an existing record reads it first, once per run", () => {
    for (const trigger of ["open", "refresh", "retry", "add", undefined] as const)
      expect(readsFirst(op(2), trigger, false)).toBe(true);
    expect(readsFirst(op(2), "open", true)).toBe(false); // the run already read it
  });
  test("a send (or a cancellation sent) writes at once; a create has nothing to read", () => {
    expect(readsFirst(op(2), "send", false)).toBe(false);
    expect(readsFirst(op(2), "cancel", false)).toBe(false);
    expect(readsFirst({ ...op(1), ifMatch: undefined }, "open", false)).toBe(false);
  });
  test("with no ETag known it reads first on every trigger, as before", () => {
    expect(readsFirst(noEtag, "send", false)).toBe(true);
    expect(readsFirst(noEtag, "open", true)).toBe(true);
  });
  test("a record the item last saw: the write goes with its ETag", () => {
    expect(beforeWrite(op(2), record({ etag: '"r1.v1"' }))).toEqual({ kind: "send", ifMatch: '"r1.v1"' });
    expect(beforeWrite(op(2), null)).toEqual({ kind: "send", ifMatch: '"r1.v1"' }); // InterAction answers it
  });
  test("a record that moved since: lost before it is sent, as its 412 would have said", () => {
    expect(beforeWrite(op(2), record({ revision: 2, etag: '"r2.v2"' }))).toEqual({ kind: "lost" });
    expect(beforeWrite(op(3), record({ revision: 2, etag: '"r2.v2"' }))).toEqual({ kind: "lost" });
  });
  test("no ETag known: a record holding any content is planned against, never overwritten by revision", () => {
    // Revisions that ran ahead offline say nothing about content: the service's newer write would be rolled back.
    const ahead = { ...noEtag, revision: 4, payload: payload(4) };
    expect(beforeWrite(ahead, record({ revision: 2, fingerprint: theirs, etag: '"r2.v3"' }))).toEqual({ kind: "lost" });
    expect(beforeWrite(ahead, record({ revision: 2, fingerprint: mine, etag: '"r2.v3"' }))).toEqual({ kind: "lost" });
    expect(afterLostWrite(ahead, record({ revision: 2, fingerprint: payloadFingerprint(payload(4)) }))).toBe("settled");
    // A revision the sync service wrote is never overwritten by revision, with or without a fingerprint.
    const by = (who: "addin" | "syncService", over: Partial<MeetingRecord> = {}) =>
      record({ revision: 2, etag: '"r2.v3"', deliveries: [{ at: now.toISOString(), revision: 2, by: who }], ...over });
    expect(beforeWrite(ahead, by("syncService"))).toEqual({ kind: "lost" });
    expect(beforeWrite(ahead, by("syncService", { fingerprint: theirs }))).toEqual({ kind: "lost" });
    // The add-in wrote it (this item before its own document upload moved the ETag): above it, the write goes.
    expect(beforeWrite(ahead, by("addin", { fingerprint: theirs }))).toEqual({ kind: "send", ifMatch: '"r2.v3"' });
  });
  test("no ETag known: a revision already taken is lost; otherwise it goes with the ETag read", () => {
    expect(beforeWrite(noEtag, record({ revision: 2, etag: '"r2.v2"' }))).toEqual({ kind: "lost" });
    expect(beforeWrite(noEtag, record({ revision: 1, etag: '"r1.v3"' }))).toEqual({ kind: "send", ifMatch: '"r1.v3"' });
    expect(beforeWrite(noEtag, null)).toEqual({ kind: "send", ifMatch: undefined });
  });
});
