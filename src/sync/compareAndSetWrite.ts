// A meeting write with compare and set (issue 15): every write to an existing record carries If-Match with the ETag
// the item last saw, and its answer is judged by core/compareAndSet.ts. A write that lost (412, or a 2xx for a
// revision another writer already took with other content) comes back as "lost" with the record as it is now, so
// delivery never counts it as confirmed; what happens to it next (settled, or planned again: planAgain.ts) is
// deliverOutbox's to decide.
import { answerConfirms, revisionTaken } from "../core/compareAndSet";
import type { UpsertMeetingOperation } from "../core/operations";
import type { MeetingRecord } from "../core/record";
import type { SyncDeps } from "./deps";
import { isInterActionError } from "./errors";

export type MeetingWriteAttempt =
  { kind: "delivered"; record: MeetingRecord } | { kind: "lost"; current: MeetingRecord | null };

/** The record as it is now, or undefined when InterAction did not say (the write then waits, still guarded). */
const readCurrent = async (deps: SyncDeps, syncKey: string): Promise<MeetingRecord | null | undefined> =>
  deps.api.getMeeting(syncKey).catch(() => undefined);

/** Sends one queued meeting write; throws what InterAction answered when it is neither applied nor lost. */
export const writeMeeting = async (deps: SyncDeps, op: UpsertMeetingOperation): Promise<MeetingWriteAttempt> => {
  let record: MeetingRecord;
  try {
    // A write after the first with no ETag known (a document changed the record since; an item from before
    // compare and set) reads the record first: every write to an existing record carries If-Match, and one whose
    // revision InterAction already holds would change nothing, so it is not sent.
    let ifMatch = op.ifMatch;
    if (!ifMatch && op.revision > 1) {
      const current = await deps.api.getMeeting(op.syncKey);
      if (current && revisionTaken(op, current)) return { kind: "lost", current };
      ifMatch = current?.etag;
    }
    record = await deps.api.upsertMeeting(op.syncKey, op.payload, op.idempotencyKey, ifMatch);
  } catch (e) {
    // 412: somebody wrote the record since this write was planned. Read it as it is now; if it cannot be read,
    // the write stays queued (failed), still guarded by its If-Match.
    if (!(isInterActionError(e) && e.status === 412)) throw e;
    const current = await readCurrent(deps, op.syncKey);
    if (current === undefined) throw e;
    return { kind: "lost", current };
  }
  // A revision another writer already took is answered 2xx, not applied: confirmed only if it holds this content.
  return answerConfirms(op, record) ? { kind: "delivered", record } : { kind: "lost", current: record };
};
