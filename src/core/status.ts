// The one status line of a meeting, derived (never stored) from the snapshot, the item's sync state, this device's
// outbox and the time, so the task pane and the notifications can never disagree with the facts.
import type { Eligibility } from "./eligibility";
import type { MeetingSnapshot } from "./meeting";
import type { OutboxEntry } from "./outbox";
import { isAdded, undeliveredDocuments, type SyncState } from "./syncState";

export type MeetingStatus =
  | "notAdded"
  | "willAddOnSend"
  | "pending"
  | "synced"
  | "activity"
  | "frozen"
  | "cancelled"
  | "error"
  | "ineligible"
  | "stopped";

export interface StatusInput {
  snapshot: Pick<MeetingSnapshot, "end" | "isNew">;
  state: SyncState | null;
  eligibility: Eligibility;
  /** Outbox entries of this meeting (any others are ignored). */
  outbox: readonly OutboxEntry[];
  now: Date;
}

export const entriesOfMeeting = (outbox: readonly OutboxEntry[], syncKey: string | undefined): OutboxEntry[] =>
  syncKey ? outbox.filter((e) => e.op.syncKey === syncKey) : [];

export const deriveStatus = ({ snapshot, state, eligibility, outbox, now }: StatusInput): MeetingStatus => {
  if (!state || !isAdded(state)) {
    if (!eligibility.eligible) return "ineligible";
    // A committed change still owed to InterAction (e.g. sent while InterAction was unreachable) outranks "will be
    // added on send": the send already happened.
    if (state?.needsReconcile) return "pending";
    if (state?.addRequested) return snapshot.isNew ? "willAddOnSend" : "pending";
    return "notAdded";
  }
  // Added, but no longer allowed to sync (became recurring or private, the user chose never, the firm turned sync
  // off, the attendee declined): nothing more will be written, and the status must say so.
  if (state.stoppedReason || !eligibility.eligible) return "stopped";
  const mine = entriesOfMeeting(outbox, state.syncKey);
  if (mine.some((e) => e.parked)) return "error";
  const undelivered =
    mine.length > 0 ||
    state.revision > (state.deliveredRevision ?? 0) ||
    undeliveredDocuments(state).length > 0 ||
    Boolean(state.needsReconcile);
  if (state.frozen) return "frozen";
  if (undelivered || state.pendingChanges) return "pending";
  if (state.syncUntil && now.getTime() > Date.parse(state.syncUntil)) return "frozen";
  if (state.cancelled) return "cancelled";
  if (Date.parse(snapshot.end) <= now.getTime()) return "activity";
  return "synced";
};
