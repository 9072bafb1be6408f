// A revision the lifecycle blocks for good is owed to nobody. Found by fault schedule 680589161: an attendee's add-in
// planned revision 2 of an outside meeting while it was ahead (the outside organizer added someone), the write was
// held and reset and its outbox entry lost; once the meeting had ended InterAction's activity takes only the
// organizer's changes, so the planner never writes it again (core/lifecycle.ts). The item still said "pending" until
// the sync window ended, and the run's notice said "updated". Now the status is the activity's, and the notice why.
import { describe, expect, test } from "@jest/globals";
import { forgetUndelivered } from "../../src/core/delivery";
import { blockedForGood } from "../../src/core/lifecycle";
import { messages } from "../../src/core/messages";
import { runNotice, type RunFacts } from "../../src/core/notice";
import type { OutboxEntry } from "../../src/core/outbox";
import { deriveStatus, pendingKind } from "../../src/core/status";
import type { SyncState } from "../../src/core/syncState";
import { BOB, externalInvitation } from "../support/fakes";
import { NOW, planWith, syncedState } from "./planHelpers";

const invitation = externalInvitation();
/** The outside organizer added Bob while the meeting was ahead: what the attendee's add-in planned as revision 2. */
const changed = externalInvitation({
  attendees: [...invitation.attendees, { ...BOB, type: "optional", response: "none" }],
});
const added = syncedState(invitation, { kind: "add" });
/** Revision 2 planned, never confirmed; its outbox entry is gone. */
const held: SyncState = planWith(changed, added, { kind: "refresh" }).nextState;
const ended = new Date("2026-11-28T09:00:00Z"); // the meeting ended 2026-11-26; its window runs to 2026-12-10
const closed = new Date("2026-12-11T09:00:00Z");
const asOrganizer = { ...changed, role: "organizer" as const };

const statusOf = (state: SyncState, now: Date, over: { outbox?: OutboxEntry[]; snapshot?: typeof changed } = {}) =>
  deriveStatus({
    snapshot: over.snapshot ?? changed,
    state,
    eligibility: { eligible: true },
    outbox: over.outbox ?? [],
    now,
  });

const queued = (state: SyncState): OutboxEntry => ({
  op: {
    kind: "uploadDocument",
    idempotencyKey: `${state.syncKey}:d:d1`,
    syncKey: state.syncKey!,
    documentKey: "d1",
    attachmentId: "a",
    name: "x.pdf",
    contentType: "application/pdf",
    size: 1,
  },
  enqueuedAt: ended.toISOString(),
  attempts: 0,
  notBefore: ended.toISOString(),
  parked: false,
});

describe("the scenario holds", () => {
  test("revision 2 is planned and unconfirmed, revision 1 confirmed", () => {
    expect(held).toMatchObject({ revision: 2, deliveredRevision: 1 });
  });
});

describe("a revision the lifecycle blocks for good", () => {
  test("the attendee's copy of an activity InterAction confirmed is blocked: organizerOnly", () => {
    expect(blockedForGood(changed, held, ended)).toBe("organizerOnly");
  });

  test("nothing is blocked while the meeting is ahead, for the organizer, or for a create never confirmed", () => {
    expect(blockedForGood(changed, held, NOW)).toBeUndefined();
    expect(blockedForGood(asOrganizer, held, ended)).toBeUndefined();
    expect(blockedForGood(changed, { ...held, deliveredRevision: undefined }, ended)).toBeUndefined();
  });

  test("a past meeting rescheduled into the future is an appointment again: its change is owed again", () => {
    const moved = { ...changed, start: "2026-12-02T10:00:00.000Z", end: "2026-12-02T11:00:00.000Z" };
    expect(blockedForGood(moved, held, ended)).toBeUndefined();
    expect(statusOf(held, ended, { snapshot: moved })).toBe("pending");
  });

  test("after the window the record is frozen, for anyone", () => {
    expect(blockedForGood(changed, held, closed)).toBe("frozen");
    expect(blockedForGood(asOrganizer, held, closed)).toBe("frozen");
  });
});

describe("the status never calls blocked work pending", () => {
  test("ahead, the unconfirmed revision is pending (the repair plans it again)", () => {
    expect(statusOf(held, NOW)).toBe("pending");
  });

  test("once an activity, the attendee's blocked revision is not pending: the activity is what InterAction has", () => {
    expect(statusOf(held, ended)).toBe("activity");
  });

  test("after the repair forgot it (or marked the content owed), still not pending", () => {
    expect(statusOf(forgetUndelivered(held, []), ended)).toBe("activity");
    expect(statusOf({ ...held, needsReconcile: true }, ended)).toBe("activity");
    expect(statusOf({ ...held, documents: { a: "d1" } }, ended)).toBe("activity");
  });

  test("the organizer's own unconfirmed revision of an activity is still pending", () => {
    expect(statusOf(held, ended, { snapshot: asOrganizer })).toBe("pending");
  });

  test("after the window an unconfirmed revision is frozen, not pending", () => {
    expect(statusOf(held, closed)).toBe("frozen");
    expect(statusOf(held, closed, { snapshot: asOrganizer })).toBe("frozen");
  });

  test("what this device still has queued is sent: pending until InterAction answers", () => {
    expect(statusOf(held, ended, { outbox: [queued(held)] })).toBe("pending");
  });

  test("edits open beside a blocked revision wait for save or send, not for delivery", () => {
    expect(pendingKind({ ...held, pendingChanges: true }, [], "organizerOnly")).toBe("uncommitted");
    expect(pendingKind({ ...held, pendingChanges: true }, [])).toBe("undelivered");
  });
});

describe("the planner and the run say why", () => {
  test("the attendee's next open after the meeting ended writes nothing and says only the organizer's changes count", () => {
    const r = planWith(changed, forgetUndelivered(held, []), { kind: "refresh" }, { now: ended });
    expect(r.operations).toEqual([]);
    expect(r.status).toBe("activity");
    expect(r.notice?.message).toBe(messages.lifecycle.organizerOnly);
  });

  test("an earlier write settled in the same run does not turn the reason into 'updated'", () => {
    const facts: RunFacts = {
      trigger: { kind: "refresh" },
      planned: { notice: { key: "sync", kind: "info", message: messages.lifecycle.organizerOnly }, operations: 0 },
      state: held,
      entries: [],
      delivery: { deliveredSome: true, meetingDelivered: true, frozen: false },
      adjustments: [],
      stateNotSaved: false,
      now: ended,
    };
    expect(runNotice(facts)?.message).toBe(messages.lifecycle.organizerOnly);
    // Any other plan that wrote nothing still reports what the run delivered.
    expect(runNotice({ ...facts, planned: { notice: null, operations: 0 } })?.message).toBe(messages.add.updated);
  });
});
