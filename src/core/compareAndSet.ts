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
import { isAdded, type SyncState } from "./syncState";
import type { TriggerKind } from "./trigger";

/**
 * A record read without its ETag although InterAction keeps one: its answer carries the writer's fingerprint, which
 * only an InterAction with compare and set keeps, so a gateway in front of it hides the header (CORS:
 * Access-Control-Expose-Headers). Such a read cannot guard a write: neither writer writes with it.
 */
export const etagHiddenIn = (record: Pick<MeetingRecord, "etag" | "fingerprint"> | null | undefined): boolean =>
  Boolean(record && !record.etag && record.fingerprint !== undefined);

/**
 * Whether InterAction's 2xx answer to a meeting write confirms it. An answer that says the write's fields were refused
 * (fieldsRefused: kept as a link to an activity or a frozen meeting) never does, whatever its revision: the record
 * does not hold this write's content. The write is then judged like one that lost (src/sync/deliverOutbox.ts): the
 * item is rebased on the record (its revision delivered, no fingerprint claimed) and planned again, and that plan
 * says why nothing more is written (core/notice.ts planNoticeAfterReplan), as when the record is read first.
 * A revision InterAction already had is answered with the record as it is (not applied): that confirms the write only
 * if the record holds this write's content.
 * The fingerprint InterAction answers is what its current revision holds, so it decides whatever that revision is:
 * an answer below this write's revision (which an applied write never gives) holding another writer's content is not
 * this write's confirmation either. Only an InterAction that keeps no fingerprint is judged by revision: below this
 * write's, nobody else took it (kept as confirmed, as before compare and set: the item's state then still shows the
 * revision undelivered, min(record, planned), and its next reconcile plans it again); at or above it, by who wrote
 * the revision (the other writer's is not this one's). Both writers judge their answers by this one rule: `writer` is
 * the side that sent the write.
 */
export const answerConfirms = (
  op: UpsertMeetingOperation,
  record: MeetingRecord,
  writer: "addin" | "syncService" = "addin",
): boolean => {
  if (record.fieldsRefused) return false;
  if (record.fingerprint !== undefined) return record.fingerprint === payloadFingerprint(op.payload);
  if (record.revision < op.revision) return true;
  const taker = record.deliveries?.find((d) => d.revision === op.revision);
  return taker === undefined || taker.by === writer;
};

/** InterAction already holds this write's revision (another writer took it): sent, it would change nothing, so it
 * is a lost write before it is sent. */
export const revisionTaken = (op: UpsertMeetingOperation, current: MeetingRecord): boolean =>
  current.revision >= op.revision;

/**
 * Whether a meeting write to an existing record reads the record before it is sent (a read, never a write). Always
 * when no ETag is known (every write to an existing record carries If-Match). With an ETag known, on every trigger
 * but the send event's (send, and a cancellation sent): the sync service may have delivered, since the item last saw
 * the record, a change this item's state does not know (it cannot write to the mailbox), and a write with that stale
 * If-Match would cost a 412 to learn it. A send has no time to spare, and the service cannot have its version yet.
 * `trigger` undefined: the outbox delivered on its own. `alreadyRead`: this run read the record (at most one read).
 */
export const readsFirst = (
  op: UpsertMeetingOperation,
  trigger: TriggerKind | undefined,
  alreadyRead: boolean,
): boolean => {
  if (op.revision <= 1) return false; // a create: there is no record yet
  if (!op.ifMatch) return true;
  return trigger !== "send" && trigger !== "cancel" && !alreadyRead;
};

/**
 * Whether a send reads the record ahead (issue 15: one write per committed change): the send writes with the ETag it
 * knows and no read before (readsFirst), but the sync service may have written a change since that this item's state
 * cannot know (a drag-and-drop move, a phone edit), and that write would cost a 412. So the read starts as soon as the
 * item's state is loaded, alongside the settings and the item, and the write takes its answer if it is there in time
 * (src/sync/recordAhead.ts); when it is not, the write goes as before. Only for a meeting InterAction holds, whose
 * ETag the item knows (else the write reads first anyway), and that is not frozen (nothing will be written).
 */
export const readsAhead = (
  trigger: TriggerKind,
  state: Pick<SyncState, "syncKey" | "revision" | "etag" | "frozen">,
): boolean => (trigger === "send" || trigger === "cancel") && isAdded(state) && Boolean(state.etag) && !state.frozen;

/** What a write that read the record first does: send with this ETag, or "lost" (what the 412 would have said). */
export type BeforeWrite = { kind: "send"; ifMatch?: string } | { kind: "lost" };

/**
 * No ETag known (an item saved before compare and set, or a document upload moved the record since): the item cannot
 * tell from an ETag whether anybody wrote since it last saw the record. Who wrote the record's current revision can:
 * - the add-in (this item before its own document upload, or another device of the user, ordered by revisions as
 *   before compare and set): a write above that revision goes, with the ETag just read;
 * - the sync service, or nobody says: the record's content decides. The item's revisions may have run ahead offline
 *   past the service's newer write, so judged by revision alone the write would roll it back: it is lost before it is
 *   sent, and settles (the same content) or the item plans again from what Outlook shows now, against the record.
 *   Only an InterAction that keeps neither says nothing, and is judged by revision as before.
 */
const withoutEtag = (op: UpsertMeetingOperation, current: MeetingRecord | null): BeforeWrite => {
  if (!current) return { kind: "send" }; // nothing there: a create (or InterAction's 404/412 says otherwise)
  if (revisionTaken(op, current)) return { kind: "lost" };
  const taker = current.deliveries?.find((d) => d.revision === current.revision)?.by;
  if (taker === "syncService" || (taker === undefined && current.fingerprint !== undefined)) return { kind: "lost" };
  return { kind: "send", ifMatch: current.etag };
};

export const beforeWrite = (op: UpsertMeetingOperation, current: MeetingRecord | null): BeforeWrite => {
  if (!op.ifMatch) return withoutEtag(op, current);
  // The record moved since the item last saw it: lost before it is sent (settled or planned again: afterLostWrite).
  if (current?.etag !== undefined && current.etag !== op.ifMatch) return { kind: "lost" };
  return { kind: "send", ifMatch: op.ifMatch };
};

/** After a lost compare-and-set: "settled" when the record already holds the write's content (nothing to write),
 * otherwise "replan": the write is dropped and the item plans again against the current record. */
export type ConflictOutcome = "settled" | "replan";

export const afterLostWrite = (op: UpsertMeetingOperation, current: MeetingRecord | null): ConflictOutcome =>
  current?.fingerprint !== undefined && current.fingerprint === payloadFingerprint(op.payload) ? "settled" : "replan";

/**
 * What the item plans against after a lost write: the record as it is now (its revision, ETag and fingerprint), so
 * the planner writes the item's content above InterAction's revision only if it differs. With no record (InterAction
 * has none, e.g. it was never created), the next write is a create: no ETag, nothing known to be there.
 *
 * Unless the record holds what the item planned, the item still owes InterAction its content (`needsReconcile`): the
 * dropped write is not sent again, but where the run cannot plan again at once (the outbox delivering on its own, the
 * deadline spent, the item unreadable) the state must not read "delivered" just because its revision and fingerprint
 * now match the record's. The status says pending, and the next committed plan (open, or the sync service reading
 * the item) compares the item's content with the record's and writes it if it differs; that plan clears the mark.
 */
export const rebaseOnRecord = (state: SyncState, current: MeetingRecord | null, now: Date): SyncState => {
  if (!current) return { ...state, etag: undefined, fingerprint: undefined, needsReconcile: true };
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
    // A mark owed for another reason (no settings at the last commit) is never cleared here: only a plan clears it.
    ...(holdsPlanned ? {} : { needsReconcile: true }),
  };
};
