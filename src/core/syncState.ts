// The sync state of one meeting, kept on the Outlook item itself (custom properties, at most 2,500 characters for
// the whole add-in) so that it follows the meeting to every device. Nothing secret is ever stored here.
import type { Visibility } from "./settings";

/** never: never sync, even if a firm rule matches (the user's opt-out wins). manual: only when the user adds it.
 * automatic: firm rules may add it on send. */
export type SyncMode = "never" | "manual" | "automatic";

export interface SyncState {
  /** Schema version of this record, so older items stay readable. */
  v: 1;
  /** Created when the meeting is first added; the meeting's key in InterAction for every retry and device. */
  syncKey?: string;
  mode: SyncMode;
  /** The user asked to add this meeting; for an unsent meeting it is added on send (a discard leaks nothing). */
  addRequested: boolean;
  /** Who added it; after conversion to an activity only the organizer's changes count. */
  addedBy?: "organizer" | "attendee";
  /** Last revision planned for InterAction (0 before the first write). */
  revision: number;
  /** Fingerprint of the fields last planned for InterAction. Equal fingerprint: nothing to send. */
  fingerprint?: string;
  /** Documents planned, attachment key -> document key. */
  documents: Record<string, string>;
  /** Meeting-level choices, defaulting from the firm settings. */
  visibility?: Visibility;
  activityTypeId?: string;
  /** InterAction's record id once known. */
  recordId?: string;
  /** End of the sync window (ISO) of the last planned write: after it the record is frozen. */
  syncUntil?: string;
  /** When the last write was planned (ISO). */
  lastPlannedAt?: string;
  /** Change events saw edits that are not committed yet (not sent or saved). */
  pendingChanges: boolean;
  /** Why syncing stopped for a meeting that was added (it became recurring or private). */
  stoppedReason?: "recurring" | "private";
  // --- Delivery bookkeeping (added by the sync core). "Planned" above, "delivered" below: the gap between the two
  // is what is still on its way, so "pending delivery" is derivable from the item alone, even if the outbox of this
  // device is lost (OfficeRuntime.storage cleared, another device).
  /** InterAction's ETag of the record as this item last saw it: the next meeting write carries it in If-Match, so it
   * applies only if nobody (the firm's sync service, another device) wrote since (core/compareAndSet.ts). */
  etag?: string;
  /** Highest revision InterAction confirmed (0/absent: nothing confirmed yet). */
  deliveredRevision?: number;
  /** Document keys InterAction confirmed. */
  deliveredDocuments?: string[];
  /** When InterAction last confirmed a write (ISO). */
  deliveredAt?: string;
  /** The last planned write marked the meeting cancelled. */
  cancelled?: boolean;
  /** InterAction answered that the record is frozen (its sync window closed): nothing more is ever written. */
  frozen?: boolean;
  /** Kind of InterAction's record as last confirmed. */
  kind?: "appointment" | "activity";
  /** A committed change could not be planned (no firm settings reachable): the next reconcile plans it. */
  needsReconcile?: boolean;
  /** The firm rules could not be checked at send (directory unreachable): the next reconcile checks them. */
  autoAddPending?: boolean;
  /** Why the firm rules added this meeting, in words (at most 150 characters). */
  autoAddedBecause?: string;
  /** Outlook's id of the real meeting, the same in every colleague's copy (Graph's iCalUId): InterAction keeps one
   * meeting per iCalUId. Read once from Microsoft Graph when the user adds an existing meeting (core/identity.ts). */
  iCalUId?: string;
  /** The one Graph read of the iCalUId was spent (found or not): never asked again for this meeting. */
  identityAsked?: boolean;
  /** This colleague's link was removed from InterAction (linkRemoval.ts): "never" (their choice) or "left" (they
   * declined). The removal is `revision`; delivered when `deliveredRevision` reaches it. A later write clears it. */
  linkRemoved?: "never" | "left";
}

export const initialSyncState = (): SyncState => ({
  v: 1,
  mode: "automatic",
  addRequested: false,
  revision: 0,
  documents: {},
  pendingChanges: false,
});

/** A meeting is "added" once it has a sync key and at least one write was planned. */
export const isAdded = (state: Pick<SyncState, "syncKey" | "revision">): boolean =>
  Boolean(state.syncKey) && state.revision > 0;

/** Revision planned but not yet confirmed by InterAction. */
export const hasUndeliveredRevision = (state: SyncState): boolean =>
  isAdded(state) && state.revision > (state.deliveredRevision ?? 0);

/** Documents planned but not yet confirmed by InterAction. */
export const undeliveredDocuments = (state: SyncState): string[] => {
  const delivered = new Set(state.deliveredDocuments ?? []);
  return Object.values(state.documents).filter((key) => !delivered.has(key));
};
