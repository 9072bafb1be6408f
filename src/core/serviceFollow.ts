// The sync service's rules, in core with every other sync rule: which meetings it may touch, the state it plans
// against, what an event gone from a mailbox means, and its idempotency keys. Pure.
//
// The add-in decides, the service follows: a meeting is the service's business only when the add-in's state on this
// very copy says it was added (by the user's Add or by the firm rules when the user sent it) and the user did not opt
// out (mode "never" always wins). The service never writes to a mailbox (Calendars.Read), so the item's state does
// not know what the service delivered since: the service's own index holds that, and the two are merged here.
import type { MeetingSnapshot } from "./meeting";
import { isAdded, type SyncState } from "./syncState";
import type { IndexEntry } from "./serviceIndex";
import { plannedRemoval } from "./linkRemoval";

export type Skip =
  | "noState" // the add-in never saved a state here: nobody added this meeting
  | "notAdded" // a state, but the meeting was never added (or the add was withdrawn)
  | "optedOut" // the user chose "never"
  | "notThisCopy" // the state came with the item from another mailbox (a forward) or another role
  | "draft"; // the organizer saved it but never sent it: only a send commits a new meeting

/** Whether the service follows this copy; the reason when it does not. */
export function followed(
  snapshot: Pick<MeetingSnapshot, "role" | "isNew">,
  state: SyncState | null,
  claimedElsewhere: boolean,
): { follow: true; state: SyncState } | { follow: false; skip: Skip } {
  if (!state) return { follow: false, skip: "noState" };
  if (state.mode === "never") return { follow: false, skip: "optedOut" };
  if (!state.syncKey || (!isAdded(state) && !state.addRequested)) return { follow: false, skip: "notAdded" };
  // Classic Outlook copies custom properties to forwards: a state is trusted only on the copy whose add-in saved it.
  // That copy's role is the one the state was added in, and its sync key is not already followed in another mailbox.
  if ((state.addedBy ?? snapshot.role) !== snapshot.role || claimedElsewhere)
    return { follow: false, skip: "notThisCopy" };
  if (snapshot.isNew) return { follow: false, skip: "draft" };
  return { follow: true, state };
}

/**
 * The state to plan against: the item's, brought up to what the service itself delivered since (its index). When the
 * add-in wrote after the service (a higher revision on the item), the item's fingerprint is trusted only if InterAction
 * confirmed it; otherwise the service writes what Exchange holds now (harmless: InterAction keeps the newest revision).
 */
export function stateToPlan(item: SyncState, indexed: IndexEntry | null): SyncState {
  const entry = indexed ? syncedAgain(item, indexed) : null;
  const next: SyncState = { ...item, documents: { ...item.documents }, pendingChanges: false };
  const confirmedByItem = (item.deliveredRevision ?? 0) >= item.revision;
  if (entry && entry.syncKey === item.syncKey && entry.revision >= item.revision) {
    next.revision = entry.revision;
    next.fingerprint = entry.fingerprint;
    next.deliveredRevision = entry.revision;
    if (entry.syncUntil !== undefined) next.syncUntil = entry.syncUntil;
    if (entry.cancelled !== undefined) next.cancelled = entry.cancelled;
    if (entry.frozen) next.frozen = true;
    if (entry.recordId) next.recordId = entry.recordId;
  } else if (!confirmedByItem) {
    next.fingerprint = undefined;
  }
  // Spread, not Object.assign: a document key is outside data, and assigning "__proto__" would set a prototype.
  if (entry && entry.syncKey === item.syncKey) next.documents = { ...next.documents, ...entry.documents };
  return next;
}

/**
 * The index entry as the plan sees it when the service itself removed this copy's link for "never" and the item now
 * says to sync it again (the user switched back to manual or automatic): not frozen, and no fingerprint, so the
 * service writes what Exchange holds above its removal's revision and links the colleague again, whether or not the
 * add-in's own write (queued on some device) has arrived. Otherwise the entry as it is.
 */
export function syncedAgain(item: SyncState, entry: IndexEntry): IndexEntry {
  if (entry.linkRemoved !== "never" || item.mode === "never" || entry.syncKey !== item.syncKey) return entry;
  const { frozen: _frozen, fingerprint: _fingerprint, ...rest } = entry;
  return rest;
}

export type Removal = "cancel" | "unlink" | "nothing";

/**
 * What an event gone from a mailbox means for InterAction. Gone from the organizer's calendar: the meeting was
 * cancelled (or deleted, which Outlook turns into a cancellation). Gone from an attendee's: they declined or removed
 * it, so their link goes. Still there (moved out of the window, or a delta artefact): nothing. A mailbox that itself
 * disappeared never gets here (MailboxUnavailableError): that is never a cancellation.
 */
export function removalOf(entry: IndexEntry | null, stillThere: boolean): Removal {
  if (!entry || stillThere || entry.cancelled || entry.frozen) return "nothing";
  return entry.role === "organizer" ? "cancel" : "unlink";
}

/** A removal as InterAction's removeMeetingLink takes it: the organizer's copy gone cancels the meeting for every
 * colleague; an attendee's copy gone removes only their link (the meeting stays while another colleague keeps it).
 * It counts as the link's next revision, so a write of this link the service or a device planned before it arrives
 * too late to undo it. */
export function removalRequest(
  entry: Pick<IndexEntry, "syncKey" | "revision">,
  removal: "cancel" | "unlink" | "never",
): { reason: "cancelled" | "left" | "never"; revision: number; idempotencyKey: string } {
  const reason = removal === "cancel" ? "cancelled" : removal === "never" ? "never" : "left";
  const revision = entry.revision + 1;
  return { reason, revision, idempotencyKey: `${entry.syncKey}:svc:x${revision}:${reason}` };
}

/**
 * The index entry once InterAction confirmed the removal: nothing is owed, and this copy is not written again
 * (cancelled: the meeting is; frozen for a removed link: the copy is gone, and a colleague who adds the meeting again
 * does so through the add-in, with a newer revision that links them again). A link removed for "never" is frozen only
 * while the item says never: switching back is followed again (syncedAgain).
 */
export function afterRemoval(entry: IndexEntry, removal: "cancel" | "unlink" | "never", revision: number): IndexEntry {
  const { owed: _owed, ...rest } = entry;
  if (removal === "cancel") return { ...rest, revision, cancelled: true };
  return removal === "never"
    ? { ...rest, revision, frozen: true, linkRemoved: "never" }
    : { ...rest, revision, frozen: true };
}

/**
 * Whether the service owes InterAction the removal of this copy's link because the user chose "never": the item's
 * state planned it (core/linkRemoval.ts) and has no confirmation of it, and the service delivered this copy (its
 * index) and has not removed it yet. The add-in's outbox delivers it too; whichever arrives second is a repeat.
 */
export function owesNever(entry: IndexEntry | null, state: SyncState | null): boolean {
  if (!entry || !state || state.mode !== "never" || entry.syncKey !== state.syncKey) return false;
  if (entry.owed || entry.frozen || entry.cancelled) return false;
  return plannedRemoval(state)?.reason === "never";
}

/** The service's idempotency key for a meeting write: never one the add-in could use for different content. */
export const serviceUpsertKey = (syncKey: string, revision: number, fingerprint: string): string =>
  `${syncKey}:svc:r${revision}:${fingerprint}`;
