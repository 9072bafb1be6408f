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
export const isAdded = (state: SyncState): boolean => Boolean(state.syncKey) && state.revision > 0;
