// fast-check generators for meetings and sync states, shared by the property tests.
import fc from "fast-check";
import type { Attendee, AttachmentInfo, MeetingSnapshot } from "../../src/core/meeting";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import type { SyncTrigger } from "../../src/core/trigger";
import { NOW } from "./planHelpers";

const MINUTE = 60_000;
const EMAILS = [
  "carol@acme.example",
  "dave@acme.example",
  "erin@globex.example",
  "bob@firm.example",
  "zoe@other.example",
  "not-an-address",
];

export const attendeeArb: fc.Arbitrary<Attendee> = fc.record({
  email: fc.constantFrom(...EMAILS),
  name: fc.string({ maxLength: 12 }),
  type: fc.constantFrom("required", "optional", "resource"),
  response: fc.constantFrom("none", "accepted", "tentative", "declined"),
});

export const attachmentArb: fc.Arbitrary<AttachmentInfo> = fc.record({
  id: fc.constantFrom("a1", "a2", "a3", "a4"),
  name: fc.constantFrom("Contract.pdf", "Minutes.docx", "logo.png", "Ünïcødé 📎.txt"),
  size: fc.integer({ min: 0, max: 30_000_000 }),
  contentType: fc.constant("application/octet-stream"),
  isInline: fc.boolean(),
  kind: fc.constantFrom("file", "item", "cloud"),
});

export const snapshotArb: fc.Arbitrary<MeetingSnapshot> = fc
  .record({
    subject: fc.string({ maxLength: 30 }),
    startOffset: fc.integer({ min: -30 * 24 * 60, max: 30 * 24 * 60 }),
    duration: fc.integer({ min: 0, max: 8 * 60 }),
    location: fc.string({ maxLength: 12 }),
    notes: fc.string({ maxLength: 40 }),
    attendees: fc.array(attendeeArb, { maxLength: 6 }),
    // Outlook's attachment ids are unique within one item.
    attachments: fc.uniqueArray(attachmentArb, { maxLength: 3, selector: (a) => a.id }),
    isRecurring: fc.boolean(),
    sensitivity: fc.constantFrom("normal", "personal", "private", "confidential"),
    isCancelled: fc.boolean(),
    role: fc.constantFrom("organizer", "attendee"),
    externalOrganizer: fc.boolean(),
    userResponse: fc.constantFrom("none", "accepted", "tentative", "declined"),
    isNew: fc.boolean(),
  })
  .map((r): MeetingSnapshot => {
    const start = NOW.getTime() + r.startOffset * MINUTE;
    const organizer =
      r.role === "organizer" || !r.externalOrganizer
        ? { email: "alice@firm.example", name: "Alice" }
        : { email: "erin@globex.example", name: "Erin" };
    return {
      itemId: r.isNew ? undefined : "item-1",
      subject: r.subject,
      start: new Date(start).toISOString(),
      end: new Date(start + r.duration * MINUTE).toISOString(),
      location: r.location,
      organizer,
      attendees: r.attendees,
      notes: r.notes,
      attachments: r.attachments,
      isRecurring: r.isRecurring,
      sensitivity: r.sensitivity,
      isCancelled: r.isCancelled,
      role: r.role,
      user: r.role === "organizer" ? organizer : { email: "alice@firm.example", name: "Alice" },
      userResponse: r.role === "organizer" ? "organizer" : r.userResponse,
      isNew: r.role === "organizer" && r.isNew,
    };
  });

/** Eligible for an organizer: not recurring, not private. */
export const ordinarySnapshotArb = snapshotArb.map((s) => ({
  ...s,
  isRecurring: false,
  sensitivity: s.sensitivity === "private" ? ("normal" as const) : s.sensitivity,
}));

export const triggerArb: fc.Arbitrary<SyncTrigger> = fc.oneof(
  fc.constantFrom<SyncTrigger>(
    { kind: "add" },
    { kind: "send" },
    { kind: "open" },
    { kind: "cancel" },
    { kind: "refresh" },
    { kind: "retry" },
  ),
  fc
    .constantFrom("time", "attendees", "recurrence", "attachments")
    .map((what): SyncTrigger => ({ kind: "change", what })),
);

/** Any state an item could carry (consistent enough to be produced by the planner or an older version). */
export const stateArb: fc.Arbitrary<SyncState | null> = fc.option(
  fc
    .record({
      added: fc.boolean(),
      revision: fc.integer({ min: 1, max: 9 }),
      delivered: fc.integer({ min: 0, max: 9 }),
      mode: fc.constantFrom("never", "manual", "automatic"),
      addRequested: fc.boolean(),
      pendingChanges: fc.boolean(),
      frozen: fc.boolean(),
      syncUntilOffsetDays: fc.integer({ min: -40, max: 40 }),
      needsReconcile: fc.boolean(),
      autoAddPending: fc.boolean(),
      withFingerprint: fc.boolean(),
    })
    .map((r): SyncState => ({
      ...initialSyncState(),
      mode: r.mode,
      addRequested: r.addRequested || r.added,
      pendingChanges: r.pendingChanges,
      needsReconcile: r.needsReconcile,
      autoAddPending: r.autoAddPending,
      ...(r.added
        ? {
            syncKey: "key-existing",
            revision: r.revision,
            deliveredRevision: Math.min(r.delivered, r.revision),
            fingerprint: r.withFingerprint ? "0123456789abcdef" : undefined,
            frozen: r.frozen,
            syncUntil: new Date(NOW.getTime() + r.syncUntilOffsetDays * 86_400_000).toISOString(),
          }
        : {}),
    })),
  { nil: null },
);
