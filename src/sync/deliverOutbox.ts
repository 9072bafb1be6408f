// Delivers the outbox to InterAction: one operation per meeting at a time (order per meeting), within the run's
// deadline, recording each result in the outbox (removed, retried later, parked) and in the meeting's history.
// Nothing here throws for an InterAction failure: the failure is recorded and the operation stays queued.
import { afterLostWrite, rebaseOnRecord } from "../core/compareAndSet";
import { applyAbandoned, applyDocumentRecord, applyFrozen, applyMeetingRecord, applyRemoval } from "../core/delivery";
import type { MeetingSnapshot } from "../core/meeting";
import { messages } from "../core/messages";
import { removalKey } from "../core/linkRemoval";
import type { QueuedOperation } from "../core/operations";
import type { OutboxEntry } from "../core/outbox";
import {
  dueEntries,
  markFailed,
  meetingDelivered,
  removeEntry,
  replaceOperation,
  retryNow,
  waitsForMeeting,
  type DeliveryFailure,
} from "../core/outboxQueue";
import { upsertKey } from "../core/plan";
import type { DocumentRecord, MeetingRecord } from "../core/record";
import type { SyncState } from "../core/syncState";
import type { TriggerKind } from "../core/trigger";
import { DELIVERY_DEADLINE_MS } from "./budgets";
import { startDeadline, TIMED_OUT, type Deadline } from "./deadline";
import { AttachmentReadError, attempt, type Attempt } from "./deliveryAttempt";
import type { HistoryEntry, SyncDeps, SyncOptions } from "./deps";
import { isInterActionError, type InterActionErrorCode } from "./errors";
import { appendHistory, historyEntry } from "./history";
import { takeTurn } from "./turns";
import type { RecordAhead } from "./recordAhead";

/** "conflicted": the write lost its compare-and-set and was dropped; the item plans again against `current`. */
export type DeliveryOutcome = "delivered" | "failed" | "abandoned" | "rekeyed" | "conflicted";

export interface DeliveryResult {
  op: QueuedOperation;
  outcome: DeliveryOutcome;
  record?: MeetingRecord;
  document?: DocumentRecord;
  failure?: DeliveryFailure & { code?: InterActionErrorCode };
  /** For "rekeyed": the revision the write now carries. */
  revision?: number;
  /** After a lost compare-and-set: the record as it is now (null: InterAction has none; absent: not a lost write). A
   * "delivered" result with it found the record already holding the write's content. */
  current?: MeetingRecord | null;
}

export interface DeliveryReport {
  delivered: number;
  remaining: number;
  results: DeliveryResult[];
  /** The deadline passed before everything due was tried. */
  timedOut: boolean;
  /** The outbox after this run. */
  entries: OutboxEntry[];
}

export interface DeliveryContext {
  /** The open item's sync key: only its documents can be read, so only its uploads are attempted. */
  currentSyncKey?: string;
  /** Reads the open item (lazily, only when a document is uploaded). */
  readSnapshot?: () => Promise<MeetingSnapshot>;
  /** The user pressed Retry for this meeting: its waiting and parked entries are due now. */
  retrySyncKey?: string;
  /** Deliver only this meeting (e.g. a quick send); others wait for the next run. */
  onlySyncKey?: string;
  /** The outbox as the caller just wrote it: delivery works from it even if storage refused the write. */
  entries?: OutboxEntry[];
  /** What started the run (undefined: the outbox delivers on its own): outside the send event, a meeting write reads
   * the record first (core/compareAndSet.ts readsFirst). */
  trigger?: TriggerKind;
  /** Meetings whose record this run already read, shared by the run's rounds of delivery (one read per meeting). */
  recordsRead?: Set<string>;
  /** The record the send read ahead (./recordAhead.ts). */
  ahead?: RecordAhead;
}

const toFailure = (e: unknown): DeliveryFailure & { code?: InterActionErrorCode } => {
  if (isInterActionError(e)) {
    return {
      code: e.code,
      message: e.message,
      // Signing in again fixes an expired token: keep retrying rather than parking the user's change.
      retryable: e.retryable || e.code === "unauthorized",
      ...(e.status === undefined ? {} : { status: e.status }),
      ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
    };
  }
  if (e instanceof AttachmentReadError) return { message: e.message, retryable: true };
  return { message: messages.failure.unexpected, retryable: true };
};

/** The core loop, sharing the caller's deadline. Results are saved to the outbox after every operation, so an event
 * runtime that ends mid-way loses nothing that was confirmed. */
export const deliverPending = async (
  deps: SyncDeps,
  deadline: Deadline,
  context: DeliveryContext = {},
): Promise<DeliveryReport> => {
  let entries = context.entries ?? (await deps.outbox.load());
  // Storage that refuses a write (full, gone) must not stop delivery: InterAction is the goal, the outbox a means.
  const persist = async () => {
    try {
      await deps.outbox.save(entries);
    } catch {
      // the item's own state still says what is undelivered; the next reconcile repairs it
    }
  };
  if (context.retrySyncKey) {
    entries = retryNow(entries, deps.clock.now(), context.retrySyncKey);
    await persist();
  }
  const results: DeliveryResult[] = [];
  const history = new Map<string, HistoryEntry[]>();
  const note = (op: QueuedOperation, entry: HistoryEntry) =>
    history.set(op.syncKey, [...(history.get(op.syncKey) ?? []), entry]);
  const resting = new Set<string>(); // meetings that wait until a later run
  const rekeys = new Map<string, number>();
  const write = {
    trigger: context.trigger,
    recordsRead: context.recordsRead ?? new Set<string>(),
    ahead: context.ahead,
  };
  let timedOut = false;
  let delivered = 0;

  for (;;) {
    if (deadline.expired) {
      timedOut = true;
      break;
    }
    const now = deps.clock.now();
    const due = dueEntries(entries, now).filter((e) => {
      const key = e.op.syncKey;
      if (resting.has(key) || (context.onlySyncKey && key !== context.onlySyncKey)) return false;
      // A document can only be read from its own open item.
      return e.op.kind !== "uploadDocument" || key === context.currentSyncKey;
    });
    const entry = due.find((e) => e.op.syncKey === context.currentSyncKey) ?? due[0];
    if (!entry) break;
    const { op } = entry;
    let outcome: Attempt | typeof TIMED_OUT;
    try {
      outcome = await deadline.race(attempt(deps, op, context, write));
    } catch (e) {
      const failure = toFailure(e);
      // A document that found no meeting waits for the meeting's write (queued ahead of it, or planned again by the
      // item's repair) rather than being parked until the user presses Retry.
      if (waitsForMeeting(op, failure)) {
        failure.retryable = true;
        failure.message = messages.pending.documentWaitsForMeeting;
      }
      // A 412 whose record could not be read: the write waits, still guarded by its If-Match, and reads it again.
      if (failure.status === 412) failure.retryable = true;
      if (failure.code === "frozen") {
        // The sync window closed: InterAction will never take this, and there is nothing left to retry.
        entries = removeEntry(entries, op.idempotencyKey);
        results.push({ op, outcome: "abandoned", failure });
        note(op, historyEntry(op, "failed", now, failure.message));
      } else if (
        failure.code === "conflict" &&
        failure.status !== 412 &&
        op.kind !== "uploadDocument" &&
        (rekeys.get(op.syncKey) ?? 0) < 2
      ) {
        // The revision's key was already used for different content (a device whose state save was lost), or a
        // removal met a newer write of the link it did not know (409 superseded: the sync service wrote since): move
        // this operation past everything InterAction has seen, under a fresh key, and try again at once.
        rekeys.set(op.syncKey, (rekeys.get(op.syncKey) ?? 0) + 1);
        const current = await deadline.race(deps.api.getMeeting(op.syncKey)).catch(() => null);
        const known = current && current !== TIMED_OUT ? current : null;
        if (known) write.recordsRead.add(op.syncKey); // the rekeyed write carries its ETag: no second read
        const seen = known ? known.revision : 0;
        const revision = Math.max(op.revision, seen) + 1;
        const rekeyed: QueuedOperation =
          op.kind === "removeMeetingLink"
            ? { ...op, revision, idempotencyKey: removalKey(op.syncKey, revision, op.reason) }
            : {
                ...op,
                revision,
                idempotencyKey: upsertKey(op.syncKey, revision),
                payload: { ...op.payload, revision },
                ...(known?.etag ? { ifMatch: known.etag } : {}),
              };
        entries = replaceOperation(entries, op.idempotencyKey, rekeyed);
        results.push({ op, outcome: "rekeyed", failure, revision });
      } else {
        entries = markFailed(entries, op.idempotencyKey, failure, now, deps.random.next());
        results.push({ op, outcome: "failed", failure });
        note(op, historyEntry(op, failure.retryable ? "queued" : "failed", now, failure.message));
        resting.add(op.syncKey);
      }
      await persist();
      continue;
    }
    if (outcome === TIMED_OUT) {
      timedOut = true;
      note(op, historyEntry(op, "queued", now, messages.failure.timeout));
      break;
    }
    entries = removeEntry(entries, op.idempotencyKey);
    if (outcome.kind === "lost" && op.kind === "upsertMeeting" && afterLostWrite(op, outcome.current) === "replan") {
      // Never sent again as it is: the item plans again against the current record (runSync does at once).
      results.push({ op, outcome: "conflicted", current: outcome.current });
    } else if (outcome.kind === "lost") {
      // The record already holds this write's content (the other writer delivered the same committed change).
      delivered++;
      entries = meetingDelivered(entries, op.syncKey, now);
      results.push({ op, outcome: "delivered", current: outcome.current });
      note(op, historyEntry(op, "delivered", now));
    } else if (outcome.kind === "abandoned") {
      results.push({ op, outcome: "abandoned", failure: { message: outcome.reason, retryable: false } });
      note(op, historyEntry(op, "failed", now, outcome.reason));
    } else {
      delivered++;
      // Documents that waited for this meeting to exist go now, in this run.
      if (op.kind === "upsertMeeting") entries = meetingDelivered(entries, op.syncKey, now);
      results.push({ op, outcome: "delivered", record: outcome.record, document: outcome.document });
      note(op, historyEntry(op, "delivered", now));
    }
    await persist();
  }

  for (const [syncKey, lines] of history) await appendHistory(deps.storage, syncKey, lines);
  return { delivered, remaining: entries.length, results, timedOut, entries };
};

/** What the open item should remember after these results (only its own meeting's results apply). */
export const applyResults = (state: SyncState, results: readonly DeliveryResult[], now: Date): SyncState =>
  results.reduce<SyncState>((s, r) => {
    if (r.op.syncKey !== s.syncKey) return s;
    if (r.current !== undefined) return rebaseOnRecord(s, r.current, now);
    if (r.outcome === "delivered" && r.document) return applyDocumentRecord(s, r.op.syncKey, r.document);
    if (r.outcome === "delivered" && r.record) return applyMeetingRecord(s, r.record, now);
    if (r.outcome === "delivered" && r.op.kind === "removeMeetingLink") return applyRemoval(s, r.op, now);
    if (r.outcome === "abandoned" && r.failure && "code" in r.failure && r.failure.code === "frozen")
      return applyFrozen(s, r.op.syncKey);
    if (r.outcome === "abandoned") return applyAbandoned(s, r.op);
    if (r.outcome === "rekeyed" && r.revision !== undefined && r.revision > s.revision)
      return { ...s, revision: r.revision };
    return s;
  }, state);

/** Delivers what is due in the outbox (every meeting's meeting writes; the open item's documents). */
export const deliverOutbox = async (
  deps: SyncDeps,
  options: SyncOptions = {},
): Promise<{ delivered: number; remaining: number }> => {
  const deadline = startDeadline(options.deadlineMs ?? DELIVERY_DEADLINE_MS);
  // Takes its turn like runSync: a stale copy of the item's state must never overwrite a concurrent run's save.
  const release = await takeTurn(deadline, deps.turns);
  try {
    const state = await deps.stateStore.load().catch(() => null);
    const report = await deliverPending(deps, deadline, { currentSyncKey: state?.syncKey });
    if (state?.syncKey && report.results.some((r) => r.op.syncKey === state.syncKey)) {
      await deps.stateStore.save(applyResults(state, report.results, deps.clock.now())).catch(() => undefined);
    }
    return { delivered: report.delivered, remaining: report.remaining };
  } catch {
    // Storage trouble: report what is known; the item's state repairs the rest on the next reconcile.
    const remaining = await deps.outbox
      .load()
      .then((e) => e.length)
      .catch(() => 0);
    return { delivered: 0, remaining };
  } finally {
    release();
    deadline.cancel();
  }
};
