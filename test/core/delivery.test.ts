import { describe, expect, test } from "@jest/globals";
import {
  applyAbandoned,
  applyFrozen,
  applyMeetingRecord,
  forgetUndelivered,
  needsRepair,
  uncoveredWork,
} from "../../src/core/delivery";
import type { Operation } from "../../src/core/operations";
import type { OutboxEntry } from "../../src/core/outbox";
import { enqueue } from "../../src/core/outboxQueue";
import type { MeetingRecord } from "../../src/core/record";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { meetingRecord } from "../support/meetingRecords";

const now = new Date("2026-11-25T09:00:00.000Z");
const state: SyncState = {
  ...initialSyncState(),
  syncKey: "k",
  addRequested: true,
  revision: 3,
  deliveredRevision: 1,
  fingerprint: "f3",
  documents: { d1: "d1", d2: "d2" },
  deliveredDocuments: ["d1"],
};
const record = (over: Partial<MeetingRecord> = {}): MeetingRecord =>
  meetingRecord({ revision: 3, updatedAt: now.toISOString(), ...over });

describe("what the item remembers after delivery", () => {
  test("a confirmed write records the delivered revision and InterAction's view of the record", () => {
    expect(applyMeetingRecord(state, record(), now)).toMatchObject({
      recordId: "m1",
      deliveredRevision: 3,
      kind: "appointment",
      syncUntil: "2026-12-10T11:00:00.000Z",
      deliveredAt: now.toISOString(),
    });
  });

  test("an older revision confirmed late never lowers what was delivered", () => {
    const s = { ...state, deliveredRevision: 3 };
    expect(applyMeetingRecord(s, record({ revision: 2 }), now).deliveredRevision).toBe(3);
  });

  test("a record ahead of this item (another device) is taken over and the fingerprint forgotten", () => {
    const s = applyMeetingRecord(state, record({ revision: 5 }), now);
    expect(s).toMatchObject({ revision: 5, deliveredRevision: 5 });
    expect(s.fingerprint).toBeUndefined();
  });

  test("documents InterAction holds count as delivered", () => {
    const s = applyMeetingRecord(
      state,
      record({
        documents: [{ id: "x", documentKey: "d2", name: "n", size: 1, sha256: "0".repeat(64), contentType: "t" }],
      }),
      now,
    );
    expect(s.deliveredDocuments).toEqual(["d1", "d2"]);
  });

  test("a record of another meeting is ignored", () => {
    expect(applyMeetingRecord(state, record({ syncKey: "other" }), now)).toBe(state);
  });

  test("frozen is remembered", () => expect(applyFrozen(state, "k").frozen).toBe(true));

  test("an abandoned upload (attachment removed) is no longer pending", () => {
    const s = applyAbandoned(state, {
      kind: "uploadDocument",
      idempotencyKey: "k:d:d2",
      syncKey: "k",
      documentKey: "d2",
      attachmentId: "a",
      name: "n",
      contentType: "t",
      size: 1,
    });
    expect(s.documents).toEqual({ d1: "d1" });
  });
});

describe("repairing a lost outbox from the item's own state", () => {
  test("planned but unconfirmed work needs repair", () => {
    expect(needsRepair(state)).toBe(true);
    expect(needsRepair({ ...state, deliveredRevision: 3, deliveredDocuments: ["d1", "d2"] })).toBe(false);
  });

  test("forgetting unconfirmed work makes the planner plan it again", () => {
    const s = forgetUndelivered(state);
    expect(s.fingerprint).toBeUndefined();
    expect(s.documents).toEqual({ d1: "d1" });
    expect(s.revision).toBe(3);
  });

  const upsertOf = (syncKey: string, revision: number): Operation => ({
    kind: "upsertMeeting",
    idempotencyKey: `${syncKey}:r${revision}`,
    syncKey,
    revision,
    payload: {} as never,
  });
  const uploadOf = (syncKey: string, documentKey: string): Operation => ({
    kind: "uploadDocument",
    idempotencyKey: `${syncKey}:d:${documentKey}`,
    syncKey,
    documentKey,
    attachmentId: "a",
    name: "n",
    contentType: "t",
    size: 1,
  });
  const outbox = (...ops: Operation[]): OutboxEntry[] => enqueue([], ops, now);

  test("only what no outbox entry covers is planned again: the revision without its write, each missing document", () => {
    expect(uncoveredWork(state, [])).toEqual({ revision: true, documents: ["d2"] });
    // The write at the item's revision (or newer) covers it; an older one does not (a newer write supersedes it).
    expect(uncoveredWork(state, outbox(upsertOf("k", 3)))).toEqual({ revision: false, documents: ["d2"] });
    expect(uncoveredWork(state, outbox(upsertOf("k", 2))).revision).toBe(true);
    // A parked upload still covers its document; another meeting's entries cover nothing.
    const parked = outbox(uploadOf("k", "d2")).map((e) => ({ ...e, parked: true }));
    expect(uncoveredWork(state, parked)).toEqual({ revision: true, documents: [] });
    expect(uncoveredWork(state, outbox(upsertOf("x", 3), uploadOf("x", "d2")))).toEqual({
      revision: true,
      documents: ["d2"],
    });
    expect(needsRepair(state, outbox(upsertOf("k", 3), uploadOf("k", "d2")))).toBe(false);
  });

  test("forgetting keeps what the outbox holds: a queued write keeps the fingerprint, a queued document stays", () => {
    const s = forgetUndelivered(
      { ...state, documents: { d1: "d1", d2: "d2", d3: "d3" } },
      outbox(upsertOf("k", 3), uploadOf("k", "d2")),
    );
    expect(s.fingerprint).toBe("f3");
    expect(s.documents).toEqual({ d1: "d1", d2: "d2" });
  });
});
