// The pure rules of the outbox: operations waiting for InterAction, kept in order per meeting, retried with
// exponential backoff and full jitter (randomness is passed in), honouring Retry-After (up to an hour). A meeting's
// write always stays ahead of its documents (they need the meeting in InterAction): a newer revision replaces an
// undelivered older one, so InterAction receives only the newest state, and a document that found no meeting waits
// for the meeting's write instead of being given up.
import type { QueuedOperation } from "./operations";
import type { OutboxEntry } from "./outbox";

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** First retry within ~2 s, never more than 15 minutes apart: an event, the task pane or Retry retries sooner. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2000, capMs: 15 * 60 * 1000 };

/** The longest a server's Retry-After holds an entry: a far-future value (a misconfigured gateway's "a year") must not
 * hold the user's change until they press Retry. An hour is longer than any real throttling window, and a server that
 * is still busy then answers 429 again. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export interface DeliveryFailure {
  message: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
}

const later = (now: Date, ms: number): string => new Date(now.getTime() + ms).toISOString();

const newEntry = (op: QueuedOperation, now: Date): OutboxEntry => ({
  op,
  enqueuedAt: now.toISOString(),
  attempts: 0,
  notBefore: now.toISOString(),
  parked: false,
});

/** Adds operations in order. A meeting's write goes ahead of its waiting documents (they need the meeting): a newer
 * upsert supersedes an older undelivered one, an older or equal one is dropped (the newest is never lost); a document
 * already waiting is not queued twice. */
export const enqueue = (entries: readonly OutboxEntry[], ops: readonly QueuedOperation[], now: Date): OutboxEntry[] => {
  let result = entries.slice();
  for (const op of ops) {
    if (op.kind === "removeMeetingLink") {
      if (result.some((e) => e.op.idempotencyKey === op.idempotencyKey)) continue;
      // The link goes: its older undelivered writes and documents would only be removed again.
      result = result.filter((e) => e.op.syncKey !== op.syncKey || revisionOf(e.op) > op.revision);
      result.push(newEntry(op, now));
      continue;
    }
    if (op.kind === "upsertMeeting") {
      const existing = result.find((e) => e.op.kind === "upsertMeeting" && e.op.syncKey === op.syncKey);
      if (existing && existing.op.kind === "upsertMeeting" && existing.op.revision >= op.revision) continue;
      // In place of the meeting's first entry (its older write, or a document queued before this write).
      const at = result.findIndex((e) => e.op.syncKey === op.syncKey);
      // A newer write also supersedes an undelivered removal of the link: the user's latest choice is to sync it.
      result = result.filter(
        (e) =>
          e !== existing &&
          !(e.op.kind === "removeMeetingLink" && e.op.syncKey === op.syncKey && e.op.revision < op.revision),
      );
      const place = at < 0 ? result.length : at;
      result.splice(place, 0, newEntry(op, now));
      continue;
    }
    if (result.some((e) => e.op.idempotencyKey === op.idempotencyKey)) continue;
    result.push(newEntry(op, now));
  }
  return result;
};

/** The revision an operation carries (a document carries none: it goes with whatever the link is). */
const revisionOf = (op: QueuedOperation): number => (op.kind === "uploadDocument" ? 0 : op.revision);

/** Entries of one meeting, in delivery order. */
export const entriesFor = (entries: readonly OutboxEntry[], syncKey: string): OutboxEntry[] =>
  entries.filter((e) => e.op.syncKey === syncKey);

/**
 * The next entry of every meeting that may be tried at `now`, oldest meeting first. One per meeting, so a meeting's
 * operations are delivered strictly in order. A parked meeting write blocks its meeting (its documents need it); a
 * parked document does not block the meeting's later operations.
 */
export const dueEntries = (entries: readonly OutboxEntry[], now: Date): OutboxEntry[] => {
  const seen = new Set<string>();
  const due: OutboxEntry[] = [];
  for (const entry of entries) {
    const key = entry.op.syncKey;
    if (seen.has(key)) continue;
    if (entry.parked && entry.op.kind === "uploadDocument") continue;
    seen.add(key);
    if (!entry.parked && Date.parse(entry.notBefore) <= now.getTime()) due.push(entry);
  }
  return due;
};

/** When the next entry becomes due (ISO), or null when nothing is waiting that a timer could deliver. */
export const nextDueAt = (entries: readonly OutboxEntry[]): string | null => {
  const times = entries.filter((e) => !e.parked).map((e) => Date.parse(e.notBefore));
  return times.length === 0 ? null : new Date(Math.min(...times)).toISOString();
};

export const removeEntry = (entries: readonly OutboxEntry[], idempotencyKey: string): OutboxEntry[] =>
  entries.filter((e) => e.op.idempotencyKey !== idempotencyKey);

/** Full jitter: uniformly random in [0, min(cap, base * 2^(attempt-1))), `random` in [0, 1). */
export const backoffDelayMs = (attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number => {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  const r = Math.min(Math.max(random, 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
};

/** Records a failed attempt: retryable failures wait (Retry-After at least, at most an hour of it), others park until
 * the user retries. */
export const markFailed = (
  entries: readonly OutboxEntry[],
  idempotencyKey: string,
  failure: DeliveryFailure,
  now: Date,
  random: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): OutboxEntry[] =>
  entries.map((e) => {
    if (e.op.idempotencyKey !== idempotencyKey) return e;
    const attempts = e.attempts + 1;
    const retryAfter = Math.min(Math.max(failure.retryAfterMs ?? 0, 0), MAX_RETRY_AFTER_MS);
    const wait = Math.max(backoffDelayMs(attempts, random, policy), retryAfter);
    return {
      ...e,
      attempts,
      notBefore: later(now, failure.retryable ? wait : 0),
      parked: !failure.retryable,
      lastError: {
        message: failure.message,
        retryable: failure.retryable,
        ...(failure.status === undefined ? {} : { status: failure.status }),
      },
    };
  });

/**
 * A document answered 404 ("no such meeting"): its meeting is not in InterAction yet. Its write is queued ahead of it,
 * or was lost with the outbox and the item's repair plans it again on the next open. Either way the document waits
 * for the meeting (retried like a 5xx) instead of being parked until the user presses Retry.
 */
export const waitsForMeeting = (op: QueuedOperation, failure: Pick<DeliveryFailure, "status">): boolean =>
  op.kind === "uploadDocument" && failure.status === 404;

/** The meeting's write was delivered: its documents that found no meeting (even parked by an older version) are due
 * now, in the same run. */
export const meetingDelivered = (entries: readonly OutboxEntry[], syncKey: string, now: Date): OutboxEntry[] =>
  entries.map((e) =>
    e.op.syncKey === syncKey && e.lastError && waitsForMeeting(e.op, e.lastError)
      ? { ...e, parked: false, notBefore: now.toISOString() }
      : e,
  );

/** The user pressed Retry: everything of the meeting (or everything) is due now, parked entries included. */
export const retryNow = (entries: readonly OutboxEntry[], now: Date, syncKey?: string): OutboxEntry[] =>
  entries.map((e) => (syncKey && e.op.syncKey !== syncKey ? e : { ...e, parked: false, notBefore: now.toISOString() }));

/** Replaces the operation of an entry (e.g. re-keyed to a newer revision), keeping its place. */
export const replaceOperation = (
  entries: readonly OutboxEntry[],
  idempotencyKey: string,
  op: QueuedOperation,
): OutboxEntry[] => entries.map((e) => (e.op.idempotencyKey === idempotencyKey ? { ...e, op } : e));
