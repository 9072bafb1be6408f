// The planner: changes of an added meeting, its documents, and revision bookkeeping.
import { describe, expect, test } from "@jest/globals";
import type { AttachmentInfo } from "../../src/core/meeting";
import type { UpsertMeetingOperation } from "../../src/core/operations";
import { initialSyncState } from "../../src/core/syncState";
import { externalInvitation, meetingSnapshot } from "../support/fakes";
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
