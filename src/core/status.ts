// The one status line of a meeting, derived (never stored) from the snapshot, the item's sync state, this device's
// outbox and the time, so the task pane and the notifications can never disagree with the facts.
import type { Eligibility } from "./eligibility";
import type { MeetingSnapshot } from "./meeting";
import type { OutboxEntry } from "./outbox";
import type { AutoAddDecision } from "./rules";
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
  /** Today's firm-rule decision for this meeting, when known: a new meeting the rules add is added on send. */
  autoAdd?: Pick<AutoAddDecision, "add">;
}

export const entriesOfMeeting = (outbox: readonly OutboxEntry[], syncKey: string | undefined): OutboxEntry[] =>
  syncKey ? outbox.filter((e) => e.op.syncKey === syncKey) : [];

export const deriveStatus = ({ snapshot, state, eligibility, outbox, now, autoAdd }: StatusInput): MeetingStatus => {
  if (!state || !isAdded(state)) {
    if (!eligibility.eligible) return "ineligible";
    // A committed change still owed to InterAction (e.g. sent while InterAction was unreachable) outranks "will be
    // added on send": the send already happened.
    if (state?.needsReconcile) return "pending";
    if (state?.addRequested) return snapshot.isNew ? "willAddOnSend" : "pending";
    // The rules decide at send; until then their decision is what will happen ("Not added" would be untrue).
    if (snapshot.isNew && autoAdd?.add) return "willAddOnSend";
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

/**
 * What a "pending" meeting is waiting for. "uncommitted": edits open in Outlook that reach InterAction when the
 * meeting is saved or sent. "undelivered": a change already committed (sent, saved, added) that has not reached
 * InterAction yet (queued in the outbox, planned but unconfirmed, or not plannable while InterAction was
 * unreachable); it is retried, and saving or sending again changes nothing about it.
 */
export const pendingKind = (state: SyncState, mine: readonly OutboxEntry[]): "uncommitted" | "undelivered" => {
  const undelivered =
    mine.length > 0 ||
    (isAdded(state) && state.revision > (state.deliveredRevision ?? 0)) ||
    undeliveredDocuments(state).length > 0 ||
    Boolean(state.needsReconcile) ||
    (state.addRequested && !isAdded(state));
  return state.pendingChanges && !undelivered ? "uncommitted" : "undelivered";
};
