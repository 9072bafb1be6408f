// The sync planner: from what Outlook shows, what the item remembers, the firm's settings and the time, decide what
// InterAction must receive and what the item should remember afterwards. Pure: the use-case performs the I/O.
//
// The rules that shape it:
// - Only committed values are written (send, open of a saved item, cancel). Change events only mark "pending".
// - A new, unsent meeting that the user adds is only marked; it is written on send, so a discarded draft leaks nothing.
// - Every write that changes a stored field gets the next revision; the idempotency key is derived from it, so a
//   retry of the same write can never create a duplicate.
import { checkEligibility, stopsSyncing, type Eligibility } from "./eligibility";
import { documentKeyOf, payloadFingerprint } from "./fingerprint";
import { lifecycleAt } from "./lifecycle";
import { linkRemovalReason, planLinkRemoval } from "./linkRemoval";
import type { MeetingSnapshot } from "./meeting";
import { messages } from "./messages";
import { normalizeSnapshot } from "./normalize";
import { notice, writtenNotice, type Notice } from "./notice";
import type { Operation, RemoveMeetingLinkOperation } from "./operations";
import { buildPayload } from "./payload";
import { decideAutoAdd, firmRulesDue, type AutoAddDecision } from "./rules";
import type { AttendeeDirectory, CalendarSyncSettings } from "./settings";
import { deriveStatus, type MeetingStatus } from "./status";
import { initialSyncState, isAdded, type SyncState } from "./syncState";
import { isCommitTrigger, type SyncTrigger } from "./trigger";

export interface PlanIds {
  /** A new sync key, used only when the meeting is added for the first time. */
  newSyncKey(): string;
}

export interface PlanResult {
  operations: Operation[];
  nextState: SyncState;
  /** What to tell the user if everything planned is delivered (the use-case adjusts it when it is not). */
  notice: Notice | null;
  /** Status right after planning (before delivery). */
  status: MeetingStatus;
  eligibility: Eligibility;
  autoAdd?: AutoAddDecision;
  /** This colleague's link goes from InterAction (linkRemoval.ts): delivered through the outbox like the writes. */
  removal?: RemoveMeetingLinkOperation;
}

export const upsertKey = (syncKey: string, revision: number): string => `${syncKey}:r${revision}`;
export const documentIdempotencyKey = (syncKey: string, documentKey: string): string => `${syncKey}:d:${documentKey}`;

/** Whether the snapshot is what Outlook keeps (not unsent edits of an open form). */
const isCommitted = (snapshot: MeetingSnapshot, state: SyncState, trigger: SyncTrigger): boolean => {
  // A meeting that was never sent exists only in the organizer's form: only sending it commits anything.
  if (snapshot.isNew && snapshot.role === "organizer") return trigger.kind === "send";
  if (isCommitTrigger(trigger)) return true;
  if (trigger.kind === "change") return false;
  // add, refresh, retry read the open form: an attendee's form is read-only (always committed); the organizer's is
  // committed unless a change event marked it pending.
  return snapshot.role === "attendee" || !state.pendingChanges;
};

/** The cancellation of a meeting that never reached InterAction: nothing is written, now or later. */
const cancelsUnsynced = (snapshot: MeetingSnapshot, state: SyncState, trigger: SyncTrigger): boolean =>
  (trigger.kind === "cancel" || (trigger.kind === "send" && snapshot.isCancelled)) && !isAdded(state);

export interface PlanInput {
  /** What Outlook shows (normalized here). */
  snapshot: MeetingSnapshot;
  /** What the item remembers; null for an item never seen. */
  state: SyncState | null;
  /** The firm's settings; null when InterAction could not be asked and nothing is cached (see planWithoutSettings). */
  settings: CalendarSyncSettings | null;
  /** Who the attendees are in InterAction, when the firm rules needed it and InterAction answered. */
  directory: AttendeeDirectory | null;
  now: Date;
  trigger: SyncTrigger;
  ids: PlanIds;
}

/**
 * Without firm settings nothing can be written (no eligibility rules, no activity type, no window): remember that a
 * committed change is waiting, so the next run that has settings reconciles it, and let the run say so.
 */
const planWithoutSettings = (snapshot: MeetingSnapshot, base: SyncState, trigger: SyncTrigger, now: Date) => {
  // Only the meeting's own refusals (recurring, private, not attending, never) are known without the firm's rules.
  const eligibility = checkEligibility(snapshot, base, { enabled: true, firmDomains: [] });
  const next: SyncState = { ...base };
  if (trigger.kind === "change") next.pendingChanges = true;
  else if (cancelsUnsynced(snapshot, base, trigger)) {
    // As with settings: nothing of it is owed to InterAction any more.
    next.addRequested = false;
    next.autoAddPending = false;
    next.needsReconcile = false;
  } else {
    if (trigger.kind === "add") {
      next.addRequested = true;
      next.addedBy = next.addedBy ?? snapshot.role;
    }
    const involved = isAdded(base) || base.addRequested;
    const relevant = involved || trigger.kind === "add" || (trigger.kind === "send" && base.mode === "automatic");
    // Adding a never-sent meeting commits nothing: it waits for send, which is when a reconcile becomes owed.
    const draftOnly = trigger.kind === "add" && snapshot.isNew && snapshot.role === "organizer";
    if (relevant && !draftOnly && trigger.kind !== "refresh" && trigger.kind !== "retry") next.needsReconcile = true;
  }
  return {
    operations: [],
    nextState: next,
    notice: null,
    status: deriveStatus({ snapshot, state: next, eligibility, outbox: [], now }),
    eligibility,
  };
};

export const plan = (input: PlanInput): PlanResult => {
  const { settings, directory, now, trigger, ids } = input;
  const snapshot = normalizeSnapshot(input.snapshot);
  const base = input.state ?? initialSyncState();
  if (!settings) return planWithoutSettings(snapshot, base, trigger, now);
  let next: SyncState = { ...base, documents: { ...base.documents } };
  // An explicit "Add" is a newer choice than an earlier "never".
  if (trigger.kind === "add" && next.mode === "never") next = { ...next, mode: "manual" };
  const eligibility = checkEligibility(snapshot, next, settings);
  const added = isAdded(next);
  const committed = isCommitted(snapshot, next, trigger);
  let autoAdd: AutoAddDecision | undefined;
  const operations: Operation[] = [];
  let removalOp: RemoveMeetingLinkOperation | undefined;
  let message: Notice | null = null;

  const finish = (): PlanResult => ({
    operations,
    nextState: next,
    notice: message,
    status: deriveStatus({ snapshot, state: next, eligibility, outbox: [], now }),
    eligibility,
    autoAdd,
    ...(removalOp ? { removal: removalOp } : {}),
  });

  if (committed) {
    next.pendingChanges = false;
    next.needsReconcile = false;
  }

  // Change events: remember that edits are waiting, explain what they will do, write nothing.
  if (trigger.kind === "change") {
    // The form now differs from what Outlook keeps, added or not: a later "Add" must not take it for committed.
    next.pendingChanges = true;
    if (added || next.addRequested) {
      if (added && stopsSyncing(eligibility))
        message = notice("eligibility", "warning", messages.stopped[eligibility.reason]);
      else if (added) message = notice("pending", "info", messages.pending.uncommitted);
    }
    return finish();
  }

  if (!eligibility.eligible) {
    // "Never" on a meeting in InterAction, or an attendee's decline: their link goes (linkRemoval.ts).
    const leaving = linkRemovalReason(snapshot, next, eligibility);
    const removal = leaving ? planLinkRemoval(next, leaving) : null;
    if (leaving && (removal || next.linkRemoved)) {
      if (removal) {
        removalOp = removal.op;
        next = { ...removal.nextState, documents: { ...removal.nextState.documents } };
      }
      message = notice("eligibility", "info", messages.linkRemoval[next.linkRemoved ?? leaving]);
      return finish();
    }
    if (added && stopsSyncing(eligibility) && committed) next.stoppedReason = eligibility.reason;
    if (added && eligibility.reason === "neverMode")
      message = notice("eligibility", "info", messages.stopped.neverMode);
    else if (added && stopsSyncing(eligibility))
      message = notice("eligibility", "warning", messages.stopped[eligibility.reason]);
    else if (trigger.kind === "add" || next.addRequested)
      message = notice("eligibility", "warning", eligibility.message);
    if (!added) next.addRequested = false;
    return finish();
  }
  if (committed) next.stoppedReason = undefined;

  if (trigger.kind === "add") {
    next.addRequested = true;
    next.addedBy = next.addedBy ?? snapshot.role;
    if (!committed) {
      // New meeting: added on send. Existing meeting with unsent edits: the edits must not leak, so also on send.
      next.syncKey = next.syncKey ?? ids.newSyncKey();
      message = notice("sync", "info", snapshot.isNew ? messages.add.willAddOnSend : messages.pending.uncommitted);
      return finish();
    }
  }

  if (cancelsUnsynced(snapshot, next, trigger)) {
    // A meeting cancelled before it ever reached InterAction stays out of it: the firm rules never add it, even when
    // the cancellation arrives as an ordinary send (a shell that did not map it to "cancel"), nor on a later open.
    next.addRequested = false;
    next.autoAddPending = false;
    return finish();
  }

  if (!committed) {
    if (added && next.pendingChanges) message = notice("pending", "info", messages.pending.uncommitted);
    return finish();
  }

  // The firm rules run on send, or on the first reconcile after a send whose rules could not be checked.
  if (firmRulesDue(snapshot, base, trigger)) {
    autoAdd = decideAutoAdd(snapshot, next, settings, directory);
    next.autoAddPending = !directory && next.mode === "automatic" && settings.autoAddContactTypeIds.length > 0;
    if (autoAdd.add) {
      next.addRequested = true;
      next.addedBy = "organizer";
      next.autoAddedBecause = autoAdd.explanation;
    }
  } else if (added || next.addRequested) {
    next.autoAddPending = false;
  }

  if (!added && !next.addRequested) return finish();

  const life = lifecycleAt(snapshot, next, settings, now);
  if (life.blocked === "frozen") {
    message = notice(
      "sync",
      "info",
      added ? messages.lifecycle.frozen(life.frozenSince ?? life.syncUntil) : messages.lifecycle.tooOld,
    );
    if (!added) next.addRequested = false;
    return finish();
  }
  if (life.blocked === "organizerOnly") {
    message = notice("sync", "info", messages.lifecycle.organizerOnly);
    return finish();
  }

  const syncKey = next.syncKey ?? ids.newSyncKey();
  next.syncKey = syncKey;
  const cancelled = trigger.kind === "cancel" || snapshot.isCancelled || Boolean(next.cancelled);
  const payload = buildPayload(snapshot, next, settings, next.revision + 1, cancelled);
  const fingerprint = payloadFingerprint(payload);
  if (fingerprint !== next.fingerprint) {
    operations.push({
      kind: "upsertMeeting",
      idempotencyKey: upsertKey(syncKey, payload.revision),
      syncKey,
      revision: payload.revision,
      payload,
      // Compare and set: applied only if the record is still the one this item last saw (core/compareAndSet.ts).
      ...(next.etag ? { ifMatch: next.etag } : {}),
    });
    next.revision = payload.revision;
    next.fingerprint = fingerprint;
    // Writing the meeting again (the user chose to sync it again, or accepted again) links them again.
    delete next.linkRemoved;
    next.syncUntil = life.syncUntil;
    next.lastPlannedAt = now.toISOString();
    next.cancelled = cancelled;
  }
  if (!cancelled) {
    for (const a of snapshot.attachments) {
      if (a.kind !== "file" || a.isInline) continue; // inline pictures, cloud links and attached items stay in Outlook
      const documentKey = documentKeyOf(a);
      if (next.documents[documentKey]) continue;
      next.documents[documentKey] = documentKey;
      operations.push({
        kind: "uploadDocument",
        idempotencyKey: documentIdempotencyKey(syncKey, documentKey),
        syncKey,
        documentKey,
        attachmentId: a.id,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
      });
    }
  }

  message = writtenNotice({
    trigger,
    added,
    ...(autoAdd ? { autoAdd } : {}),
    cancelled,
    wrote: operations.some((op) => op.kind === "upsertMeeting"),
    operations: operations.length,
    ...(life.kind === "activity" ? { activityUntil: life.syncUntil } : {}),
  });
  return finish();
};
