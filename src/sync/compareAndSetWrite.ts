// A meeting write with compare and set (issue 15): every write to an existing record carries If-Match with the ETag
// the item last saw, and its answer is judged by core/compareAndSet.ts. A write that lost (412, or a 2xx for a
// revision another writer already took with other content) comes back as "lost" with the record as it is now, so
// delivery never counts it as confirmed; what happens to it next (settled, or planned again: planAgain.ts) is
// deliverOutbox's to decide.
import { answerConfirms, beforeWrite, etagHiddenIn, readsFirst } from "../core/compareAndSet";
import { messages } from "../core/messages";
import type { UpsertMeetingOperation } from "../core/operations";
import type { MeetingRecord } from "../core/record";
import type { TriggerKind } from "../core/trigger";
import type { SyncDeps } from "./deps";
import { InterActionError, isInterActionError } from "./errors";
import { recordAheadFor, type RecordAhead } from "./recordAhead";

export type MeetingWriteAttempt =
  { kind: "delivered"; record: MeetingRecord } | { kind: "lost"; current: MeetingRecord | null };

/**
 * A gateway in front of InterAction that does not pass the ETag header on (CORS: Access-Control-Expose-Headers)
 * answered an existing record without its ETag, although InterAction keeps one: its answer carries the writer's
 * fingerprint, which only an InterAction with compare and set keeps (one that keeps neither is written as before).
 * Compare and set is then impossible: a write with no If-Match could roll another writer back, and one with an old
 * If-Match loses (412) on every run, forever. So the write is not sent: it stays queued (retried with the outbox's
 * backoff, one read each time and no write) and says why, until the gateway passes the header on (README, "app
 * registrations").
 */
export const etagHidden = (): InterActionError =>
  new InterActionError("badResponse", messages.interaction.etagHidden, true);

const withEtag = <T extends MeetingRecord | null | undefined>(record: T): T => {
  if (etagHiddenIn(record)) throw etagHidden();
  return record;
};

/** The record as it is now, or undefined when InterAction did not say (the write then waits, still guarded). */
const readCurrent = async (deps: SyncDeps, syncKey: string): Promise<MeetingRecord | null | undefined> =>
  withEtag(await deps.api.getMeeting(syncKey).catch(() => undefined));

/** What the run knows that decides whether a write reads the record first (core/compareAndSet.ts readsFirst). */
export interface WriteContext {
  /** What started the run; undefined: the outbox delivered on its own. */
  trigger?: TriggerKind;
  /** Meetings whose record this run already read (their writes do not read it again); each read is added. */
  recordsRead: Set<string>;
  /** The record a send read ahead (./recordAhead.ts): taken once, by the first write of that meeting. */
  ahead?: RecordAhead;
}

/** The record known before this write: read first (readsFirst), or read ahead by the send; undefined when unknown. */
const recordBefore = async (
  deps: SyncDeps,
  op: UpsertMeetingOperation,
  context: WriteContext,
): Promise<MeetingRecord | null | undefined> => {
  if (readsFirst(op, context.trigger, context.recordsRead.has(op.syncKey))) return readBefore(deps, op);
  if (context.recordsRead.has(op.syncKey)) return undefined; // the read ahead is older than what this run read since
  return recordAheadFor(context.ahead, op);
};

/** The record read before the write: what it says, or undefined when it could not be read and the ETag is known
 * (the write then goes as it would have, still guarded by its If-Match). Without an ETag a failed read throws. */
const readBefore = async (deps: SyncDeps, op: UpsertMeetingOperation): Promise<MeetingRecord | null | undefined> => {
  if (!op.ifMatch) return withEtag(await deps.api.getMeeting(op.syncKey));
  return readCurrent(deps, op.syncKey);
};

/** Sends one queued meeting write; throws what InterAction answered when it is neither applied nor lost. */
export const writeMeeting = async (
  deps: SyncDeps,
  op: UpsertMeetingOperation,
  context: WriteContext = { recordsRead: new Set() },
): Promise<MeetingWriteAttempt> => {
  let record: MeetingRecord;
  try {
    // A write to an existing record may read it first (readsFirst): with no ETag known, or outside the send event,
    // where the sync service may have delivered a change this item's state does not know; a send takes the record it
    // read ahead for the same reason. The record then decides: the write goes with the ETag, or it lost before it was
    // sent (the same content: settled; else planned again).
    let ifMatch = op.ifMatch;
    const current = await recordBefore(deps, op, context);
    if (current !== undefined) {
      context.recordsRead.add(op.syncKey);
      const verdict = beforeWrite(op, current);
      if (verdict.kind === "lost") return { kind: "lost", current };
      ifMatch = verdict.ifMatch;
    }
    record = await deps.api.upsertMeeting(op.syncKey, op.payload, op.idempotencyKey, ifMatch);
  } catch (e) {
    // 412: somebody wrote the record since this write was planned. Read it as it is now; if it cannot be read,
    // the write stays queued (failed), still guarded by its If-Match.
    if (!(isInterActionError(e) && e.status === 412)) throw e;
    const current = await readCurrent(deps, op.syncKey);
    if (current === undefined) throw e;
    context.recordsRead.add(op.syncKey);
    return { kind: "lost", current };
  }
  // A revision another writer already took is answered 2xx, not applied: confirmed only if it holds this content.
  return answerConfirms(op, record) ? { kind: "delivered", record } : { kind: "lost", current: record };
};
