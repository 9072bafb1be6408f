// The record a send reads ahead (core/compareAndSet.ts readsAhead): started as soon as the item's state is loaded, so
// it travels alongside the settings and the item, and taken by the meeting write when it is there in time. What it
// saves is a write: a send whose ETag is stale because the sync service wrote since would otherwise be refused (412)
// and only then learn the record. It never costs the send anything: a failed, late or unusable read (a gateway that
// hides the ETag) is "not known", and the write goes with the ETag the item knows, guarded by its If-Match as before.
import { etagHiddenIn, readsAhead } from "../core/compareAndSet";
import type { UpsertMeetingOperation } from "../core/operations";
import type { MeetingRecord } from "../core/record";
import type { SyncState } from "../core/syncState";
import type { TriggerKind } from "../core/trigger";
import { READ_AHEAD_WAIT_MS } from "./budgets";
import { TIMED_OUT, within } from "./deadline";
import type { SyncDeps } from "./deps";

export interface RecordAhead {
  syncKey: string;
  /** The record as InterAction answered (null: none), or undefined when it is not known. Never rejects. */
  record: Promise<MeetingRecord | null | undefined>;
}

/** Starts the read when the rule says so; undefined otherwise. */
export const readRecordAhead = (deps: SyncDeps, trigger: TriggerKind, state: SyncState): RecordAhead | undefined => {
  if (!state.syncKey || !readsAhead(trigger, state)) return undefined;
  const record = deps.api.getMeeting(state.syncKey).then(
    (r) => (etagHiddenIn(r) ? undefined : r),
    () => undefined,
  );
  return { syncKey: state.syncKey, record };
};

/** What the read ahead says for this write, waiting at most READ_AHEAD_WAIT_MS; undefined when it has nothing to say
 * (another meeting, a create, a write without an ETag, which reads first anyway). */
export const recordAheadFor = async (
  ahead: RecordAhead | undefined,
  op: UpsertMeetingOperation,
): Promise<MeetingRecord | null | undefined> => {
  if (!ahead || ahead.syncKey !== op.syncKey || op.revision <= 1 || !op.ifMatch) return undefined;
  const answer = await within(ahead.record, READ_AHEAD_WAIT_MS);
  return answer === TIMED_OUT ? undefined : answer;
};
