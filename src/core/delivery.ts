// What the item remembers once InterAction confirmed (or refused for good) an operation, and how a lost outbox is
// repaired. Pure: the use-case calls these with InterAction's answers.
import type { Operation } from "./operations";
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
      record.documents.map((d) => d.documentKey).filter((k) => state.documents[k] !== undefined),
    ),
  };
  if (record.revision > state.revision) {
    // Another device (or a write whose state save was lost) got further than this item knows. Take over its revision
    // so the next write is newer, and forget the fingerprint so the next reconcile sends what this item shows.
    next.revision = record.revision;
    next.deliveredRevision = record.revision;
    next.fingerprint = undefined;
  }
  return next;
};

export const applyDocumentRecord = (state: SyncState, syncKey: string, doc: DocumentRecord): SyncState =>
  state.syncKey !== syncKey
    ? state
    : { ...state, deliveredDocuments: mergeKeys(state.deliveredDocuments, [doc.documentKey]) };

/** InterAction answered that the record is frozen: nothing more will ever be written. */
export const applyFrozen = (state: SyncState, syncKey: string): SyncState =>
  state.syncKey !== syncKey ? state : { ...state, frozen: true };

/** After an operation is given up for good (e.g. its attachment was removed), stop counting it as pending. */
export const applyAbandoned = (state: SyncState, op: Operation): SyncState => {
  if (state.syncKey !== op.syncKey || op.kind !== "uploadDocument") return state;
  const documents = { ...state.documents };
  delete documents[op.documentKey];
  return { ...state, documents };
};

/**
 * The item says something was planned that InterAction has not confirmed, and this device's outbox holds nothing
 * for it (lost storage, another device, a runtime that ended mid-send). Forget what was planned-but-unconfirmed so
 * the planner plans it again from the committed item, under a newer revision (harmless if the old one also arrives).
 */
export const forgetUndelivered = (state: SyncState): SyncState => {
  const pending = new Set(undeliveredDocuments(state));
  const documents = Object.fromEntries(Object.entries(state.documents).filter(([, key]) => !pending.has(key)));
  return { ...state, documents, fingerprint: hasUndeliveredRevision(state) ? undefined : state.fingerprint };
};

export const needsRepair = (state: SyncState): boolean =>
  hasUndeliveredRevision(state) || undeliveredDocuments(state).length > 0;

const mergeKeys = (a: readonly string[] | undefined, b: readonly string[]): string[] => [
  ...new Set([...(a ?? []), ...b]),
];
