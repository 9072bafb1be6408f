import { describe, expect, test } from "@jest/globals";
import { applyMeetingRecord } from "../../src/core/delivery";
import type { AttachmentInfo } from "../../src/core/meeting";
import type { UpsertMeetingOperation } from "../../src/core/operations";
import { initialSyncState } from "../../src/core/syncState";
import { demoSettings, externalInvitation, meetingSnapshot } from "../support/fakes";
import { confirmAll, NOW, planWith, syncedState } from "./planHelpers";

const sent = (overrides = {}) => meetingSnapshot({ isNew: false, itemId: "item-1", ...overrides });
const file = (id: string, name: string, extra: Partial<AttachmentInfo> = {}): AttachmentInfo => ({
  id,
  name,
  size: 1000,
  contentType: "application/pdf",
  isInline: false,
  kind: "file",
  ...extra,
});
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

describe("changes", () => {
  const synced = () => syncedState(sent());

  test("change events only mark the meeting pending", () => {
    const r = planWith(sent({ start: "2026-11-26T12:00:00.000Z" }), synced(), { kind: "change", what: "time" });
    expect(r.operations).toEqual([]);
    expect(r.nextState.pendingChanges).toBe(true);
    expect(r.status).toBe("pending");
    expect(r.notice?.message).toBe("Your changes will reach InterAction when you send the update.");
  });

  test("change events on a meeting that is not in InterAction write nothing, but remember the form has unsent edits", () => {
    const r = planWith(sent(), initialSyncState(), { kind: "change", what: "attendees" });
    // A later "Add" must not take the edited form for committed (see test/reliability/uncommittedEdits.test.ts).
    expect(r.operations).toEqual([]);
    expect(r.nextState).toEqual({ ...initialSyncState(), pendingChanges: true });
    expect(r.notice).toBeNull();
  });

  test("a committed change is written with the next revision", () => {
    const r = planWith(sent({ location: "Room 9" }), synced(), { kind: "send" });
    const [op] = upserts(r.operations);
    expect(op).toMatchObject({ revision: 2, idempotencyKey: "key-1:r2" });
    expect(op?.payload.location).toBe("Room 9");
    expect(r.notice?.message).toBe("InterAction has been updated with this meeting's changes.");
  });

  test("a reminder-only change (nothing InterAction stores) writes nothing", () => {
    const r = planWith(sent({ itemId: "item-moved" }), synced(), { kind: "send" });
    expect(r.operations).toEqual([]);
  });

  test("a sent meeting that gets its item id when first saved is not written for it; the next change carries it", () => {
    const marked = planWith(meetingSnapshot(), null, { kind: "add" }).nextState;
    const onSend = planWith(meetingSnapshot(), marked, { kind: "send" });
    expect(upserts(onSend.operations)[0]?.payload.source.itemId).toBeUndefined(); // an unsaved form has no id
    const synced = confirmAll(onSend.nextState, onSend.operations);
    expect(planWith(sent({ itemId: "item-1" }), synced, { kind: "open" }).operations).toEqual([]);
    expect(planWith(sent({ itemId: "moved-1" }), synced, { kind: "open" }).operations).toEqual([]);
    const edited = planWith(sent({ itemId: "moved-1", location: "Room 5" }), synced, { kind: "open" });
    expect(upserts(edited.operations).map((op) => op.payload.source.itemId)).toEqual(["moved-1"]);
  });

  test("open reconciles what was saved without sending (drag-and-drop, phone edits)", () => {
    const state = { ...synced(), pendingChanges: true };
    const r = planWith(sent({ start: "2026-11-27T10:00:00.000Z", end: "2026-11-27T11:00:00.000Z" }), state, {
      kind: "open",
    });
    expect(upserts(r.operations)[0]?.payload.start).toBe("2026-11-27T10:00:00.000Z");
    expect(r.nextState.pendingChanges).toBe(false);
  });

  test("refresh does not write form values the organizer has not sent", () => {
    const state = { ...synced(), pendingChanges: true };
    const r = planWith(sent({ subject: "Draft" }), state, { kind: "refresh" });
    expect(r.operations).toEqual([]);
    expect(r.notice?.key).toBe("pending");
  });

  test("refresh reconciles an attendee's (read-only, always committed) item", () => {
    const state = syncedState(externalInvitation());
    const r = planWith(externalInvitation({ location: "Globex HQ" }), state, { kind: "refresh" });
    expect(r.operations).toHaveLength(1);
  });

  test("per-meeting visibility and activity type are sent", () => {
    const state = { ...synced(), visibility: "onlyMe" as const, activityTypeId: "at-call" };
    const [op] = upserts(planWith(sent(), state, { kind: "refresh" }).operations);
    expect(op?.payload).toMatchObject({ visibility: "onlyMe", activityTypeId: "at-call" });
  });
});

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

describe("documents", () => {
  test("only file attachments that are not inline become documents, after the meeting write", () => {
    const s = sent({
      attachments: [
        file("a1", "Contract.pdf"),
        file("a2", "logo.png", { isInline: true }),
        file("a3", "Shared folder", { kind: "cloud" }),
        file("a4", "Fwd: hello", { kind: "item" }),
      ],
    });
    const r = planWith(s, null, { kind: "add" });
    expect(r.operations.map((o) => o.kind)).toEqual(["upsertMeeting", "uploadDocument"]);
    const doc = r.operations[1];
    expect(doc).toMatchObject({ kind: "uploadDocument", name: "Contract.pdf", attachmentId: "a1" });
    if (doc?.kind === "uploadDocument") expect(doc.idempotencyKey).toBe(`key-1:d:${doc.documentKey}`);
  });

  test("a document is planned once; adding another file plans only the new one, without a meeting write", () => {
    const first = syncedState(sent({ attachments: [file("a1", "Contract.pdf")] }));
    const r = planWith(sent({ attachments: [file("a1", "Contract.pdf"), file("a2", "Minutes.docx")] }), first, {
      kind: "send",
    });
    expect(r.operations.map((o) => o.kind)).toEqual(["uploadDocument"]);
    expect(r.nextState.revision).toBe(first.revision);
    expect(r.notice?.message).toBe("1 document added to InterAction.");
  });

  test("the same file under a new Outlook id (first save) is not uploaded again", () => {
    const first = syncedState(sent({ attachments: [file("temp-1", "Contract.pdf")] }));
    const r = planWith(sent({ attachments: [file("AAMk-saved", "Contract.pdf")] }), first, { kind: "open" });
    expect(r.operations).toEqual([]);
  });
});

describe("revision bookkeeping", () => {
  test("every committed change gets exactly the next revision", () => {
    let state = syncedState(sent());
    for (const [i, subject] of ["a", "b", "c"].entries()) {
      const r = planWith(sent({ subject }), state, { kind: "send" });
      expect(upserts(r.operations)[0]?.revision).toBe(i + 2);
      state = confirmAll(r.nextState, r.operations);
    }
    expect(state).toMatchObject({ revision: 4, deliveredRevision: 4 });
  });

  test("the plan runs on its own clock: lastPlannedAt is the given now", () => {
    const r = planWith(sent(), null, { kind: "add" });
    expect(r.nextState.lastPlannedAt).toBe(NOW.toISOString());
  });
});
