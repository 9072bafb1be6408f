// The planner: adding a meeting (by the user, or by the firm rules on send).
import { describe, expect, test } from "@jest/globals";
import type { UpsertMeetingOperation } from "../../src/core/operations";
import { initialSyncState } from "../../src/core/syncState";
import { externalInvitation, meetingSnapshot } from "../support/fakes";
import { planWith } from "./planHelpers";
const sent = (overrides = {}) => meetingSnapshot({ isNew: false, itemId: "item-1", ...overrides });
const upserts = (ops: { kind: string }[]) => ops.filter((o) => o.kind === "upsertMeeting") as UpsertMeetingOperation[];

describe("adding", () => {
  test("adding a new, unsent meeting only marks it; nothing is written until send", () => {
    const r = planWith(meetingSnapshot(), null, { kind: "add" });
    expect(r.operations).toEqual([]);
    expect(r.nextState).toMatchObject({ addRequested: true, addedBy: "organizer", syncKey: "key-1", revision: 0 });
    expect(r.status).toBe("willAddOnSend");
    expect(r.notice?.message).toBe("This meeting will be added to InterAction when you send it.");
  });

  test("on send the added meeting is written once with revision 1 and its idempotency key", () => {
    const marked = planWith(meetingSnapshot(), null, { kind: "add" }).nextState;
    const r = planWith(meetingSnapshot(), marked, { kind: "send" });
    const [op] = upserts(r.operations);
    expect(r.operations).toHaveLength(1);
    expect(op).toMatchObject({ syncKey: "key-1", revision: 1, idempotencyKey: "key-1:r1" });
    expect(op?.payload).toMatchObject({
      revision: 1,
      subject: "Acme quarterly review",
      visibility: "everyone",
      activityTypeId: "at-meeting",
      cancelled: false,
      source: { organizerEmail: "alice@firm.example", addedBy: "organizer" },
    });
    expect(r.nextState).toMatchObject({ revision: 1, pendingChanges: false, syncUntil: "2026-12-10T11:00:00.000Z" });
    expect(r.nextState.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  test("an existing meeting is written as soon as the user adds it", () => {
    const r = planWith(sent(), null, { kind: "add" });
    expect(upserts(r.operations)).toHaveLength(1);
    expect(r.notice).toMatchObject({ kind: "success", message: "Added to InterAction." });
  });

  test("an existing meeting with unsent edits is added when the update is sent, so the edits never leak", () => {
    const pending = { ...initialSyncState(), pendingChanges: true };
    const r = planWith(sent(), pending, { kind: "add" });
    expect(r.operations).toEqual([]);
    expect(r.nextState.addRequested).toBe(true);
  });

  test("an explicit Add overrides an earlier never", () => {
    const r = planWith(sent(), { ...initialSyncState(), mode: "never" }, { kind: "add" });
    expect(r.nextState.mode).toBe("manual");
    expect(r.operations).toHaveLength(1);
  });

  test("an attendee's add records who added it", () => {
    const r = planWith(externalInvitation(), null, { kind: "add" });
    expect(upserts(r.operations)[0]?.payload.source.addedBy).toBe("attendee");
  });

  test("an ineligible meeting is refused with its reason and nothing is written", () => {
    const r = planWith(sent({ sensitivity: "private" }), null, { kind: "add" });
    expect(r.operations).toEqual([]);
    expect(r.status).toBe("ineligible");
    expect(r.notice).toMatchObject({ key: "eligibility", message: "Private meetings can't be added to InterAction." });
  });

  test("a meeting long past its sync window cannot be added", () => {
    const r = planWith(sent(), null, { kind: "add" }, { now: new Date("2027-02-01T00:00:00Z") });
    expect(r.operations).toEqual([]);
    expect(r.nextState.addRequested).toBe(false);
    expect(r.notice?.message).toMatch(/too long ago/);
  });
});

describe("auto-add on send", () => {
  test("a meeting with a Top Client is added on send with the explanation as notice", () => {
    const r = planWith(meetingSnapshot(), null, { kind: "send" });
    expect(r.autoAdd?.add).toBe(true);
    expect(r.operations).toHaveLength(1);
    expect(r.nextState.autoAddedBecause).toBe(r.autoAdd?.explanation);
    expect(r.notice?.message).toBe("Added because carol@acme.example works for Acme Corporation, a Top Client.");
  });

  test("manual mode never adds on send", () => {
    const r = planWith(meetingSnapshot(), { ...initialSyncState(), mode: "manual" }, { kind: "send" });
    expect(r.operations).toEqual([]);
    expect(r.autoAdd?.add).toBe(false);
  });

  test("when the directory could not be asked, the rules are checked again on the next reconcile", () => {
    const r = planWith(meetingSnapshot(), null, { kind: "send" }, { directory: null });
    expect(r.operations).toEqual([]);
    expect(r.nextState.autoAddPending).toBe(true);
    const later = planWith(sent(), r.nextState, { kind: "open" });
    expect(later.autoAdd?.add).toBe(true);
    expect(later.operations).toHaveLength(1);
    expect(later.nextState.autoAddPending).toBe(false);
  });

  test("the rules do not run on open for a meeting whose rules were already checked", () => {
    const r = planWith(sent(), initialSyncState(), { kind: "open" });
    expect(r.autoAdd).toBeUndefined();
    expect(r.operations).toEqual([]);
  });
});
