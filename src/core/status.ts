// The one status line of a meeting, derived (never stored) from the snapshot, the item's sync state, this device's
// outbox and the time, so the task pane and the notifications can never disagree with the facts.
import type { Eligibility } from "./eligibility";
import { blockedForGood, type WriteBlock } from "./lifecycle";
import type { MeetingSnapshot } from "./meeting";
import type { OutboxEntry } from "./outbox";
import type { AutoAddDecision } from "./rules";
import type { TriggerKind } from "./trigger";
import { hasUndeliveredRevision, isAdded, undeliveredDocuments, type SyncState } from "./syncState";

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
  /** Whose copy it is decides what InterAction still takes from it (core/lifecycle.ts): a caller that does not say is
   * judged as the organizer's, whose changes only the sync window ends. */
  snapshot: Pick<MeetingSnapshot, "end" | "isNew"> & Partial<Pick<MeetingSnapshot, "role">>;
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
  const blocked = blockedForGood({ end: snapshot.end, role: snapshot.role ?? "organizer" }, state, now);
  const undelivered = owesInterAction(state, mine, blocked);
  if (state.frozen) return "frozen";
  if (undelivered || state.pendingChanges) return "pending";
  if (state.syncUntil && now.getTime() > Date.parse(state.syncUntil)) return "frozen";
  if (state.cancelled) return "cancelled";
  if (Date.parse(snapshot.end) <= now.getTime()) return "activity";
  return "synced";
};

/**
 * Whether the item still owes InterAction something that can reach it: this device's queued entries, a revision or
 * documents planned but unconfirmed (the repair plans them again when the outbox lost them), a committed change not
 * planned yet (`needsReconcile`), an Add not planned yet. The one place that decides it for every status. What the
 * lifecycle blocks for good (`blocked`: core/lifecycle.ts blockedForGood) is owed to nobody: the planner never writes
 * it again and InterAction would refuse it, so "pending" would be untrue for as long as the block holds. Only queued
 * entries still count then: they are sent, and InterAction's answer (a refusal, frozen) is what the user is shown.
 */
export const owesInterAction = (state: SyncState, mine: readonly OutboxEntry[], blocked?: WriteBlock): boolean =>
  mine.length > 0 ||
  (state.addRequested && !isAdded(state)) ||
  (!blocked &&
    (hasUndeliveredRevision(state) || undeliveredDocuments(state).length > 0 || Boolean(state.needsReconcile)));

/**
 * An Add that waits for the send (nothing written now, not yet in InterAction) lives only in the item's state. When
 * that state could not be saved, or is held only by the open, unsaved form (this device's backup refused it), a form
 * closed without saving would take the Add with it in silence after "your changes follow on send": the Add is not
 * kept, and the user is told it was not added (src/sync/runSync.ts).
 */
export const addNotKept = (
  trigger: TriggerKind,
  planned: number,
  state: SyncState,
  kept: { saveFailed: boolean; onlyInForm: boolean },
): boolean =>
  trigger === "add" &&
  planned === 0 &&
  Boolean(state.addRequested) &&
  !isAdded(state) &&
  (kept.saveFailed || kept.onlyInForm);

/**
 * What a "pending" meeting is waiting for. "uncommitted": edits open in Outlook that reach InterAction when the
 * meeting is saved or sent. "undelivered": a change already committed (sent, saved, added) that has not reached
 * InterAction yet (queued in the outbox, planned but unconfirmed, or not plannable while InterAction was
 * unreachable); it is retried, and saving or sending again changes nothing about it. `blocked` as for deriveStatus.
 */
export const pendingKind = (
  state: SyncState,
  mine: readonly OutboxEntry[],
  blocked?: WriteBlock,
): "uncommitted" | "undelivered" =>
  state.pendingChanges && !owesInterAction(state, mine, blocked) ? "uncommitted" : "undelivered";
