// Compare and set (issue 15, "two writers, one truth"): the add-in and the firm's sync service write the same record,
// and clocks cannot order them. So every meeting write carries the record's ETag it was planned against (If-Match),
// and a write that lost (412: somebody wrote since; or a 2xx answering a revision another writer already took with
// other content) is never sent again as it is: the item plans again against the record as it is now. Equal
// fingerprints then mean there is nothing to write, which is how one committed change costs one write even when both
// writers see it. Pure: the use-case (src/sync/deliverOutbox.ts) reads the record and performs the writes.
import { applyMeetingRecord } from "./delivery";
import { payloadFingerprint } from "./fingerprint";
import type { UpsertMeetingOperation } from "./operations";
import type { MeetingRecord } from "./record";
import type { SyncState } from "./syncState";

/**
 * Whether InterAction's 2xx answer to a meeting write confirms it. A revision InterAction already had is answered
 * with the record as it is (not applied): that confirms the write only if the record holds this write's content.
 * An InterAction that keeps no fingerprint is judged by who wrote the revision (the sync service's is not ours).
 */
export const answerConfirms = (op: UpsertMeetingOperation, record: MeetingRecord): boolean => {
  if (record.revision < op.revision) return true;
  if (record.fingerprint !== undefined) return record.fingerprint === payloadFingerprint(op.payload);
  const taker = record.deliveries?.find((d) => d.revision === op.revision);
  return taker?.by !== "syncService";
};

/** InterAction already holds this write's revision (another writer took it): sent, it would change nothing, so it
 * is a lost write before it is sent. */
export const revisionTaken = (op: UpsertMeetingOperation, current: MeetingRecord): boolean =>
  current.revision >= op.revision;

/** After a lost compare-and-set: "settled" when the record already holds the write's content (nothing to write),
 * otherwise "replan": the write is dropped and the item plans again against the current record. */
export type ConflictOutcome = "settled" | "replan";

export const afterLostWrite = (op: UpsertMeetingOperation, current: MeetingRecord | null): ConflictOutcome =>
  current?.fingerprint !== undefined && current.fingerprint === payloadFingerprint(op.payload) ? "settled" : "replan";

/**
 * What the item plans against after a lost write: the record as it is now (its revision, ETag and fingerprint), so
 * the planner writes the item's content above InterAction's revision only if it differs. With no record (InterAction
 * has none, e.g. it was never created), the next write is a create: no ETag, nothing known to be there.
 */
export const rebaseOnRecord = (state: SyncState, current: MeetingRecord | null, now: Date): SyncState => {
  if (!current) return { ...state, etag: undefined, fingerprint: undefined };
  if (state.syncKey !== current.syncKey) return state;
  const applied = applyMeetingRecord(state, current, now);
  const revision = Math.max(state.revision, current.revision);
  // The record already holds what this item last planned: nothing of it is still on its way.
  const holdsPlanned = current.fingerprint !== undefined && current.fingerprint === state.fingerprint;
  return {
    ...applied,
    revision,
    deliveredRevision: holdsPlanned ? revision : Math.max(applied.deliveredRevision ?? 0, current.revision),
    fingerprint: current.fingerprint,
  };
};
