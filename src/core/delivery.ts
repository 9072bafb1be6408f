// What the item remembers once InterAction confirmed (or refused for good) an operation, and how a lost outbox is
// repaired. Pure: the use-case calls these with InterAction's answers.
import { isICalUId } from "./identity";
import type { QueuedOperation, RemoveMeetingLinkOperation } from "./operations";
import type { OutboxEntry } from "./outbox";
import type { DocumentRecord, MeetingRecord } from "./record";
import { hasUndeliveredRevision, undeliveredDocuments, type SyncState } from "./syncState";

/** InterAction confirmed a meeting write: its answer is the truth about kind, window and freezing. */
export const applyMeetingRecord = (state: SyncState, record: MeetingRecord, now: Date): SyncState => {
  if (state.syncKey !== record.syncKey) return state;
  const next: SyncState = {
    ...state,
    recordId: record.id,
    kind: record.kind,
    frozen: record.frozen,
    syncUntil: record.syncUntil,
    deliveredRevision: Math.max(state.deliveredRevision ?? 0, Math.min(record.revision, state.revision)),
    deliveredAt: now.toISOString(),
    deliveredDocuments: mergeKeys(
      state.deliveredDocuments,
      // InterAction's keys are outside data: only the item's own entries count, never an inherited "constructor".
      record.documents
        .map((d) => d.documentKey)
        .filter((k) => Object.prototype.hasOwnProperty.call(state.documents, k)),
    ),
  };
  // The ETag of the record as it is now: the next meeting write is planned against it (If-Match).
  if (record.etag) next.etag = record.etag;
  // The meeting's iCalUId as InterAction knows it (the sync service brings it from Graph): this item's writes carry it
  // from now on, so both writers describe the same meeting with the same fingerprint.
  if (!state.iCalUId && isICalUId(record.iCalUId)) next.iCalUId = record.iCalUId;
  if (record.fingerprint !== undefined && record.revision >= state.revision) {
    // InterAction says what its newest revision holds (another writer may have taken it): plan against that, so
    // what this item shows is written only if it differs (core/compareAndSet.ts).
    next.revision = record.revision;
    next.deliveredRevision = record.revision;
    next.fingerprint = record.fingerprint;
  } else if (record.revision > state.revision) {
    // Another device (or a write whose state save was lost) got further than this item knows. Take over its revision
    // so the next write is newer, and forget the fingerprint so the next reconcile sends what this item shows.
    next.revision = record.revision;
    next.deliveredRevision = record.revision;
    next.fingerprint = undefined;
  }
  return next;
};

/** A document is a new version of the record: the ETag this item saw is no longer current, so the next meeting write
 * reads it first (src/sync/deliverOutbox.ts) rather than being refused for a change that was its own. */
export const applyDocumentRecord = (state: SyncState, syncKey: string, doc: DocumentRecord): SyncState =>
  state.syncKey !== syncKey
    ? state
    : { ...state, deliveredDocuments: mergeKeys(state.deliveredDocuments, [doc.documentKey]), etag: undefined };

/** InterAction confirmed this colleague's link is removed (linkRemoval.ts): that revision is delivered. */
export const applyRemoval = (state: SyncState, op: RemoveMeetingLinkOperation, now: Date): SyncState =>
  state.syncKey !== op.syncKey || state.revision !== op.revision
    ? state
    : {
        ...state,
        deliveredRevision: Math.max(state.deliveredRevision ?? 0, op.revision),
        deliveredAt: now.toISOString(),
        // The link is gone: a later write links again, as a create (no ETag to compare with).
        etag: undefined,
      };

/** InterAction answered that the record is frozen: nothing more will ever be written. */
export const applyFrozen = (state: SyncState, syncKey: string): SyncState =>
  state.syncKey !== syncKey ? state : { ...state, frozen: true };

/** After an operation is given up for good (e.g. its attachment was removed), stop counting it as pending. */
export const applyAbandoned = (state: SyncState, op: QueuedOperation): SyncState => {
  if (state.syncKey !== op.syncKey || op.kind !== "uploadDocument") return state;
  const documents = { ...state.documents };
  delete documents[op.documentKey];
  return { ...state, documents };
};

/** What the item says is undelivered that this device's outbox does not hold (lost storage, another device, a write
 * the storage refused, a runtime that ended mid-send): its revision unless an upsert of the meeting at that revision
 * (or newer) waits, and each undelivered document without an upload entry. Parked entries count: they are still
 * there, and the user sees them. */
export interface Uncovered {
  revision: boolean;
  documents: string[];
}

export const uncoveredWork = (state: SyncState, outbox: readonly OutboxEntry[] = []): Uncovered => {
  const mine = outbox.filter((e) => e.op.syncKey === state.syncKey);
  const revisionQueued = mine.some((e) => e.op.kind !== "uploadDocument" && e.op.revision >= state.revision);
  const queuedDocuments = new Set<string>();
  for (const e of mine) if (e.op.kind === "uploadDocument") queuedDocuments.add(e.op.documentKey);
  return {
    revision: hasUndeliveredRevision(state) && !revisionQueued,
    documents: undeliveredDocuments(state).filter((key) => !queuedDocuments.has(key)),
  };
};

/** Something the item says is on its way is in no outbox entry: the repair asks InterAction and plans it again. */
export const needsRepair = (state: SyncState, outbox: readonly OutboxEntry[] = []): boolean => {
  const uncovered = uncoveredWork(state, outbox);
  return uncovered.revision || uncovered.documents.length > 0;
};

/**
 * Forget what was planned-but-unconfirmed and is in no outbox entry, so the planner plans exactly that again from the
 * committed item: the meeting under a newer revision (harmless if the old one also arrives; it supersedes an older
 * queued write of the meeting), each uncovered document under its own key. What the outbox still holds is left to it.
 */
export const forgetUndelivered = (state: SyncState, outbox: readonly OutboxEntry[] = []): SyncState => {
  const uncovered = uncoveredWork(state, outbox);
  const pending = new Set(uncovered.documents);
  const documents = Object.fromEntries(Object.entries(state.documents).filter(([, key]) => !pending.has(key)));
  return { ...state, documents, fingerprint: uncovered.revision ? undefined : state.fingerprint };
};

const mergeKeys = (a: readonly string[] | undefined, b: readonly string[]): string[] => [
  ...new Set([...(a ?? []), ...b]),
];
