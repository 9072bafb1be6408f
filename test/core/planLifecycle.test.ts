// The planner: when syncing stops and resumes, activities, the sync window, frozen records and cancellation.
import { describe, expect, test } from "@jest/globals";
import { applyMeetingRecord } from "../../src/core/delivery";
import type { UpsertMeetingOperation } from "../../src/core/operations";
import { demoSettings, externalInvitation, meetingSnapshot } from "../support/fakes";
import { confirmAll, planWith, syncedState } from "./planHelpers";
const sent = (overrides = {}) => meetingSnapshot({ isNew: false, itemId: "item-1", ...overrides });
const upserts = (ops: { kind: string }[]) => ops.filter((o) => o.kind === "upsertMeeting") as UpsertMeetingOperation[];

describe("stopping and lifecycle", () => {
  test("a synced meeting that becomes recurring stops syncing and says why", () => {
    const r = planWith(sent({ isRecurring: true }), syncedState(sent()), { kind: "send" });
    expect(r.operations).toEqual([]);
    expect(r.nextState.stoppedReason).toBe("recurring");
    expect(r.status).toBe("stopped");
    expect(r.notice?.message).toMatch(/now recurring, so it no longer syncs/);
  });

  test("turning recurrence on in the form warns before anything is sent", () => {
    const r = planWith(sent({ isRecurring: true }), syncedState(sent()), { kind: "change", what: "recurrence" });
    expect(r.notice).toMatchObject({ key: "eligibility", kind: "warning" });
    expect(r.nextState.stoppedReason).toBeUndefined();
  });

  test("a synced meeting that becomes private stops syncing", () => {
    const r = planWith(sent({ sensitivity: "private" }), syncedState(sent()), { kind: "open" });
    expect(r.nextState.stoppedReason).toBe("private");
    expect(r.operations).toEqual([]);
  });

  test("a stopped meeting that is ordinary again resumes", () => {
    const stopped = { ...syncedState(sent()), stoppedReason: "recurring" as const };
    const r = planWith(sent({ subject: "Back to normal" }), stopped, { kind: "send" });
    expect(r.nextState.stoppedReason).toBeUndefined();
    expect(r.operations).toHaveLength(1);
  });

  test("after the meeting the organizer's notes still reach the activity within the window", () => {
    const after = new Date("2026-11-28T09:00:00Z");
    const r = planWith(sent({ notes: "Outcome: signed." }), syncedState(sent()), { kind: "open" }, { now: after });
    expect(upserts(r.operations)[0]?.payload.notes).toBe("Outcome: signed.");
    expect(r.notice?.message).toMatch(/now an InterAction activity and keeps syncing until 2026-12-10/);
  });

  test("after conversion an attendee's copy writes nothing", () => {
    const state = syncedState(externalInvitation());
    const after = new Date("2026-11-28T09:00:00Z");
    const r = planWith(externalInvitation({ notes: "my notes" }), state, { kind: "refresh" }, { now: after });
    expect(r.operations).toEqual([]);
    expect(r.notice?.message).toMatch(/only its organizer's changes/);
  });

  test("a past meeting rescheduled into the future is written again (an appointment again)", () => {
    const after = new Date("2026-11-28T09:00:00Z");
    const moved = sent({ start: "2026-12-02T10:00:00.000Z", end: "2026-12-02T11:00:00.000Z" });
    const r = planWith(moved, syncedState(sent()), { kind: "send" }, { now: after });
    expect(r.operations).toHaveLength(1);
    expect(r.nextState.syncUntil).toBe("2026-12-16T11:00:00.000Z");
  });

  test("after the window nothing is written and the user is told", () => {
    const late = new Date("2026-12-11T00:00:00Z");
    const r = planWith(sent({ notes: "late" }), syncedState(sent()), { kind: "open" }, { now: late });
    expect(r.operations).toEqual([]);
    expect(r.status).toBe("frozen");
    expect(r.notice?.message).toMatch(/stopped syncing on 2026-12-10/);
  });

  test("a meeting InterAction created frozen (the firm shortened the window) shows as added and frozen, and is never written again", () => {
    // Ended 10 days ago: inside the cached 14-day window, so the planner adds it; the firm's window is now 7 days.
    const now = new Date("2026-12-06T11:00:00.000Z");
    const r = planWith(sent(), null, { kind: "add" }, { now });
    expect(upserts(r.operations).map((op) => op.revision)).toEqual([1]);
    const created = applyMeetingRecord(
      r.nextState,
      {
        id: "m-1",
        syncKey: "key-1",
        kind: "activity",
        status: "scheduled",
        syncUntil: "2026-12-03T11:00:00.000Z",
        frozen: true,
        revision: 1,
        contacts: [],
        companies: [],
        unresolvedAttendees: [],
        documents: [],
        updatedAt: now.toISOString(),
      },
      now,
    );
    expect(created).toMatchObject({ frozen: true, deliveredRevision: 1, syncUntil: "2026-12-03T11:00:00.000Z" });
    const edited = planWith(sent({ notes: "Minutes" }), created, { kind: "open" }, { now });
    expect(edited.operations).toEqual([]);
    expect(edited.status).toBe("frozen");
    expect(edited.notice?.message).toMatch(/stopped syncing on 2026-12-03/);
  });

  test("cancelling writes a cancelled record", () => {
    const r = planWith(sent(), syncedState(sent()), { kind: "cancel" });
    const [op] = upserts(r.operations);
    expect(op?.payload.cancelled).toBe(true);
    expect(r.nextState.cancelled).toBe(true);
    expect(r.notice?.message).toBe("The meeting is marked cancelled in InterAction.");
  });

  test("after a meeting is cancelled, opening it again does not un-cancel it or write", () => {
    // Outlook's copy need not say "cancelled" (a cancellation the organizer is still composing, an attendee's copy
    // before the update arrives): what the item remembers wins, as InterAction cannot un-cancel a meeting.
    const cancel = planWith(sent(), syncedState(sent()), { kind: "cancel" });
    const cancelled = confirmAll(cancel.nextState, cancel.operations);
    const reopened = planWith(sent({ isCancelled: false }), cancelled, { kind: "open" });
    expect(reopened.operations).toEqual([]);
    expect(reopened.nextState.cancelled).toBe(true);
    expect(reopened.status).toBe("cancelled");
    // A later saved edit still reaches InterAction, on the cancelled record.
    const edited = planWith(sent({ notes: "Minutes: postponed sine die." }), cancelled, { kind: "open" });
    expect(upserts(edited.operations).map((op) => op.payload.cancelled)).toEqual([true]);
  });

  test("cancelling a meeting that was never added writes nothing and withdraws a pending add", () => {
    const marked = planWith(meetingSnapshot(), null, { kind: "add" }).nextState;
    const r = planWith(meetingSnapshot(), marked, { kind: "cancel" });
    expect(r.operations).toEqual([]);
    expect(r.nextState.addRequested).toBe(false);
  });

  test("cancelling after the window writes nothing", () => {
    const r = planWith(sent(), syncedState(sent()), { kind: "cancel" }, { now: new Date("2027-01-01T00:00:00Z") });
    expect(r.operations).toEqual([]);
  });

  test("firm sync turned off stops writes without forgetting the meeting", () => {
    const r = planWith(
      sent({ subject: "x" }),
      syncedState(sent()),
      { kind: "send" },
      { settings: demoSettings({ enabled: false }) },
    );
    expect(r.operations).toEqual([]);
    expect(r.nextState.syncKey).toBe("key-1");
  });
});
