// After a meeting write lost its compare-and-set (core/compareAndSet.ts: 412, or a revision the firm's sync service
// already took with other content), the dropped write is never sent again as it is: the open item is read again and
// planned against the record as it is now (its revision, ETag and fingerprint), then delivered in the same run. Equal
// fingerprints plan nothing, so a change the other writer already delivered costs this device no write.
import { normalizeSnapshot } from "../core/normalize";
import type { Notice } from "../core/notice";
import { enqueue } from "../core/outboxQueue";
import { plan } from "../core/plan";
import type { AttendeeDirectory, CalendarSyncSettings } from "../core/settings";
import type { SyncState } from "../core/syncState";
import type { SyncTrigger } from "../core/trigger";
import type { Deadline } from "./deadline";
import { applyResults, deliverPending, type DeliveryContext, type DeliveryReport } from "./deliverOutbox";
import type { SyncDeps } from "./deps";

/** Whether this meeting's write lost its compare-and-set in `report`. */
export const lostCompareAndSet = (report: DeliveryReport, syncKey: string | undefined): boolean =>
  Boolean(syncKey) && report.results.some((r) => r.op.syncKey === syncKey && r.outcome === "conflicted");

export interface PlanAgainInput {
  trigger: SyncTrigger;
  settings: CalendarSyncSettings;
  directory: AttendeeDirectory | null;
  /** The item's state after the lost write (already based on the current record). */
  state: SyncState;
  report: DeliveryReport;
  context: DeliveryContext;
  /** Saves the item's state the way the run does (a refused save is the run's to report). */
  saveState: (state: SyncState) => Promise<void>;
}

/** Plans the open item once more and delivers it; the report is the run's, both rounds together. */
export const planAgain = async (
  deps: SyncDeps,
  deadline: Deadline,
  input: PlanAgainInput,
): Promise<{ state: SyncState; report: DeliveryReport; notice: Notice | null }> => {
  const { trigger, settings, directory, report } = input;
  const snapshot = normalizeSnapshot(await deps.item.read());
  const now = deps.clock.now();
  const ids = { newSyncKey: () => deps.random.newSyncKey() };
  const again = plan({ snapshot, state: input.state, settings, directory, now, trigger, ids });
  let state = again.nextState;
  await input.saveState(state);
  const entries = enqueue(report.entries, again.operations, now);
  await deps.outbox.save(entries).catch(() => undefined);
  const second = await deliverPending(deps, deadline, {
    ...input.context,
    readSnapshot: async () => snapshot,
    entries,
  });
  const mine = second.results.filter((r) => r.op.syncKey === state.syncKey);
  if (mine.length > 0) state = applyResults(state, mine, deps.clock.now());
  return {
    state,
    // What this plan says (e.g. that an attendee's copy of an activity can no longer write): core/notice.ts decides
    // whether it is the run's word (planNoticeAfterReplan).
    notice: again.notice,
    report: {
      delivered: report.delivered + second.delivered,
      remaining: second.remaining,
      results: [...report.results, ...second.results],
      timedOut: second.timedOut,
      entries: second.entries,
    },
  };
};
