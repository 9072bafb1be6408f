import { describe, expect, test } from "@jest/globals";
import type { Eligibility } from "../../src/core/eligibility";
import type { OutboxEntry } from "../../src/core/outbox";
import { deriveStatus, pendingKind } from "../../src/core/status";
import { initialSyncState, type SyncState } from "../../src/core/syncState";

const now = new Date("2026-11-25T09:00:00.000Z");
const upcoming = { end: "2026-11-26T11:00:00.000Z", isNew: false };
const ok: Eligibility = { eligible: true };
const synced: SyncState = {
  ...initialSyncState(),
  syncKey: "k",
  addRequested: true,
  revision: 2,
  deliveredRevision: 2,
  fingerprint: "f",
  syncUntil: "2026-12-10T11:00:00.000Z",
};
const entry = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  op: {
    kind: "uploadDocument",
    idempotencyKey: "k:d:d1",
    syncKey: "k",
    documentKey: "d1",
    attachmentId: "a",
    name: "x",
    contentType: "t",
    size: 1,
  },
  enqueuedAt: now.toISOString(),
  attempts: 0,
  notBefore: now.toISOString(),
  parked: false,
  ...over,
});
const status = (state: SyncState | null, over: Partial<Parameters<typeof deriveStatus>[0]> = {}) =>
  deriveStatus({ snapshot: upcoming, state, eligibility: ok, outbox: [], now, ...over });

describe("the status line is always derived from the facts", () => {
  test("a meeting never touched is not added", () => expect(status(null)).toBe("notAdded"));

  test("an added new meeting will be added on send", () =>
    expect(status({ ...initialSyncState(), addRequested: true }, { snapshot: { ...upcoming, isNew: true } })).toBe(
      "willAddOnSend",
    ));

  test("a new meeting sent while InterAction could not be asked is pending, not waiting for send", () =>
    expect(
      status(
        { ...initialSyncState(), addRequested: true, needsReconcile: true },
        { snapshot: { ...upcoming, isNew: true } },
      ),
    ).toBe("pending"));

  test("an ineligible meeting says so", () =>
    expect(status(null, { eligibility: { eligible: false, reason: "private", message: "m" } })).toBe("ineligible"));

  test("confirmed by InterAction: synced", () => expect(status(synced)).toBe("synced"));

  test("planned but not confirmed: pending", () => expect(status({ ...synced, revision: 3 })).toBe("pending"));

  test("unsent edits: pending", () => expect(status({ ...synced, pendingChanges: true })).toBe("pending"));

  test("waiting in this device's outbox: pending", () => expect(status(synced, { outbox: [entry()] })).toBe("pending"));

  test("refused for good: error", () => expect(status(synced, { outbox: [entry({ parked: true })] })).toBe("error"));

  test("another meeting's outbox entry does not matter", () =>
    expect(status(synced, { outbox: [entry({ op: { ...entry().op, syncKey: "other" } })] })).toBe("synced"));

  test("an ended meeting is an activity", () =>
    expect(status(synced, { now: new Date("2026-11-27T00:00:00Z") })).toBe("activity"));

  test("after the window it is frozen", () =>
    expect(status(synced, { now: new Date("2026-12-11T00:00:00Z") })).toBe("frozen"));

  test("InterAction said frozen: frozen", () => expect(status({ ...synced, frozen: true })).toBe("frozen"));

  test("cancelled", () => expect(status({ ...synced, cancelled: true })).toBe("cancelled"));

  test("became recurring: stopped", () => expect(status({ ...synced, stoppedReason: "recurring" })).toBe("stopped"));

  test("the user chose never after adding: stopped", () =>
    expect(status(synced, { eligibility: { eligible: false, reason: "neverMode", message: "m" } })).toBe("stopped"));

  test("a committed change that could not be planned yet: pending", () =>
    expect(status({ ...initialSyncState(), needsReconcile: true })).toBe("pending"));

  test("an attendee who declines after adding: stopped", () =>
    expect(status(synced, { eligibility: { eligible: false, reason: "notAccepted", message: "m" } })).toBe("stopped"));
});

describe("what a pending meeting waits for", () => {
  test("a new meeting the firm rules add on send says so, not 'not added'", () => {
    expect(status(null, { snapshot: { ...upcoming, isNew: true }, autoAdd: { add: true } })).toBe("willAddOnSend");
    expect(status(null, { snapshot: { ...upcoming, isNew: true }, autoAdd: { add: false } })).toBe("notAdded");
    // A sent meeting is not added by the rules any more until it is sent again.
    expect(status(null, { autoAdd: { add: true } })).toBe("notAdded");
  });

  test("the user's opt-out still wins over the rules", () =>
    expect(
      status(null, {
        snapshot: { ...upcoming, isNew: true },
        autoAdd: { add: true },
        eligibility: { eligible: false, reason: "neverMode", message: "m" },
      }),
    ).toBe("ineligible"));

  test("only uncommitted edits wait for save or send", () => {
    expect(pendingKind({ ...synced, pendingChanges: true }, [])).toBe("uncommitted");
  });

  test("committed changes not yet in InterAction wait for delivery, even with edits open", () => {
    expect(pendingKind({ ...synced, revision: 3 }, [])).toBe("undelivered");
    expect(pendingKind({ ...synced, pendingChanges: true }, [entry()])).toBe("undelivered");
    expect(pendingKind({ ...synced, needsReconcile: true }, [])).toBe("undelivered");
    expect(pendingKind({ ...initialSyncState(), needsReconcile: true }, [])).toBe("undelivered");
    expect(pendingKind({ ...initialSyncState(), addRequested: true }, [])).toBe("undelivered");
    expect(pendingKind({ ...synced, documents: { a: "d1" } }, [])).toBe("undelivered");
  });
});
