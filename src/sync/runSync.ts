// The one sync use-case every trigger runs: read the item, load its state and the firm settings, plan (pure), save
// the plan on the item, queue it, deliver within the deadline, tell the user. An InterAction failure never throws out
// of here, never blocks and never loses the change: it stays queued, the item says pending, the notice says it will
// be retried.
import { applyMeetingRecord, forgetUndelivered, needsRepair } from "../core/delivery";
import { checkEligibility, type Eligibility } from "../core/eligibility";
import type { MeetingSnapshot } from "../core/meeting";
import { messages } from "../core/messages";
import { describeAdjustments, type Adjustment } from "../core/adjustments";
import { normalizeSnapshot } from "../core/normalize";
import { clearsPending, notice, planNoticeAfterReplan, runNotice, type Notice } from "../core/notice";
import type { OutboxEntry } from "../core/outbox";
import { enqueue } from "../core/outboxQueue";
import { plan } from "../core/plan";
import type { MeetingRecord } from "../core/record";
import { firmRulesDue, needsDirectory } from "../core/rules";
import type { AttendeeDirectory, CalendarSyncSettings } from "../core/settings";
import { addNotKept, deriveStatus, entriesOfMeeting } from "../core/status";
import { initialSyncState, isAdded, type SyncState } from "../core/syncState";
import { isReconcileTrigger, type SyncTrigger } from "../core/trigger";
import { directoryAhead, lookupOutsideAttendees, type AskedAhead } from "./attendeeDirectory";
import { startDeadline, TIMED_OUT, type Deadline } from "./deadline";
import { describeError, type ErrorSummary } from "./errors";
import { triggerDeadlineMs } from "./budgets";
import { applyResults, deliverPending, type DeliveryReport } from "./deliverOutbox";
import type { SyncDeps, SyncOptions, SyncOutcome } from "./deps";
import { readMeetingIdentity } from "./meetingIdentity";
import { readRecordAhead } from "./recordAhead";
import { lostCompareAndSet, planAgain } from "./planAgain";
import { loadSettings } from "./settingsCache";
import { takeTurn } from "./turns";

export type { SyncDeps, SyncOptions, SyncOutcome } from "./deps";
export type { SyncTrigger } from "../core/trigger";

// When the item cannot even be read, eligibility is unknown; the outcome says "error", not "ineligible".
const UNKNOWN: Eligibility = { eligible: true };

const failed = (message: string, retryable: boolean, queued = 0): SyncOutcome => ({
  status: "error",
  eligibility: UNKNOWN,
  notice: notice("sync", "error", message),
  delivered: 0,
  queued,
  error: { message, retryable },
});

/** A run that stops early still tells the user why (the shells rely on runSync to show its notice). */
const tell = async (deps: SyncDeps, outcome: SyncOutcome): Promise<SyncOutcome> => {
  try {
    if (outcome.notice) await deps.notifier.show(outcome.notice);
  } catch {
    // A notification that cannot be shown never fails the sync.
  }
  return outcome;
};

/** Asks InterAction who the attendees are, only when the firm rules need it; null when InterAction did not answer.
 * A question asked ahead (while the settings were fetched) is taken when it is this one. */
const lookupDirectory = async (
  deps: SyncDeps,
  deadline: Deadline,
  snapshot: MeetingSnapshot,
  state: SyncState,
  settings: CalendarSyncSettings,
  trigger: SyncTrigger,
  ahead: AskedAhead | null,
): Promise<AttendeeDirectory | null> => {
  if (!firmRulesDue(snapshot, state, trigger)) return null;
  if (!needsDirectory(state, settings) || !checkEligibility(snapshot, state, settings).eligible) return null;
  return lookupOutsideAttendees(deps.api, deadline, snapshot, settings, ahead);
};

/** The item says something is still on its way that this device's outbox does not hold (lost or refused storage,
 * another device): find out from InterAction what arrived, and plan again exactly what is in no outbox entry (the
 * meeting's write, each missing document), in this one run. What the outbox holds, parked or not, is left to it. */
const repairLostOutbox = async (
  deps: SyncDeps,
  deadline: Deadline,
  state: SyncState,
  outbox: readonly OutboxEntry[],
  now: Date,
  recordsRead: Set<string>,
): Promise<SyncState> => {
  if (!isAdded(state) || !state.syncKey) return state;
  const mine = entriesOfMeeting(outbox, state.syncKey);
  if (!needsRepair(state, mine)) return state;
  let repaired = state;
  try {
    const record = await deadline.race(deps.api.getMeeting(state.syncKey));
    if (record !== TIMED_OUT) recordsRead.add(state.syncKey); // the plan carries what it read: no second read
    if (record && record !== TIMED_OUT) repaired = applyMeetingRecord(state, record, now);
  } catch {
    // Unknown: planning again is harmless (a newer revision of the same content; a document under its own key).
  }
  return forgetUndelivered(repaired, mine);
};

const run = async (trigger: SyncTrigger, deps: SyncDeps, deadline: Deadline): Promise<SyncOutcome> => {
  // The settings do not depend on the item: they (and the sign-in they may need) are asked for while Outlook reads
  // the item, and the attendee lookup the firm rules may need goes out with them (./attendeeDirectory). A change
  // event only marks the meeting pending: it never waits for InterAction when any cached copy exists.
  const ahead = directoryAhead(deps.api, trigger);
  const settingsLoad = loadSettings(deps, {
    deadline,
    preferCache: trigger.kind === "change",
    asking: ahead.settingsAsked,
  });
  settingsLoad.then(ahead.settingsArrived, () => undefined); // also: a run that stops early leaves no rejection
  let snapshot: MeetingSnapshot;
  let adjustments: Adjustment[];
  try {
    const raw = await deps.item.read();
    snapshot = normalizeSnapshot(raw);
    adjustments = describeAdjustments(raw);
  } catch {
    return tell(deps, failed(messages.failure.outlookUnreadable, true));
  }
  let state: SyncState;
  try {
    state = (await deps.stateStore.load()) ?? initialSyncState();
  } catch {
    // Planning without the item's state could mint a second sync key (a duplicate meeting): stop here.
    return tell(deps, failed(messages.failure.outlookUnreadable, true));
  }
  // A send reads the record now, alongside the settings still on their way (./recordAhead.ts).
  const recordAhead = readRecordAhead(deps, trigger.kind, state);
  const now = deps.clock.now();
  ahead.itemRead(snapshot, state);
  const settingsResult = await settingsLoad;
  const settings = settingsResult.value;
  let outbox: OutboxEntry[] = await deps.outbox.load().catch(() => []);
  let saveError: ErrorSummary | undefined;
  /** The last save is held only by the open, unsaved form (this device's backup refused it). */
  let onlyInForm = false;
  const saveState = async (s: SyncState) => {
    try {
      const kept = await deps.stateStore.save(s);
      onlyInForm = kept ? kept.onlyInForm : false;
    } catch (e) {
      saveError = describeError(e);
    }
  };

  // Meetings whose record this run read: a write reads it at most once (core/compareAndSet.ts readsFirst).
  const recordsRead = new Set<string>();
  // Without settings the planner only remembers what is owed; the repair and the firm rules wait for settings.
  if (settings && isReconcileTrigger(trigger))
    state = await repairLostOutbox(deps, deadline, state, outbox, now, recordsRead);
  const directory = settings
    ? await lookupDirectory(deps, deadline, snapshot, state, settings, trigger, ahead.question())
    : null;
  // An Add of an existing meeting reads its iCalUId first (once per meeting), so the write links it to the one
  // InterAction meeting colleagues may already have added.
  if (settings) state = await readMeetingIdentity(deps.identity, deadline, snapshot, state, settings, trigger);
  const knownKey = state.syncKey;
  const ids = { newSyncKey: () => deps.random.newSyncKey() };
  const result = plan({ snapshot, state, settings, directory, now, trigger, ids });
  state = result.nextState;
  const eligibility: Eligibility = result.eligibility;
  // The plan is remembered on the item before anything is sent: if the outbox is lost, the item still knows.
  await saveState(state);
  // An Add waiting for the send that nothing a discard leaves can hold (core/status.ts addNotKept): not added yet.
  const notKept = addNotKept(trigger.kind, result.operations.length, state, {
    saveFailed: saveError !== undefined,
    onlyInForm,
  });
  if ((saveError && result.operations.length > 0 && state.syncKey !== knownKey) || notKept) {
    // The item could not remember its new sync key: creating the meeting now would let the next attempt create a
    // second one. Nothing is sent; the user tries again.
    const message = messages.failure.itemNotSaved;
    return tell(deps, {
      status: "error",
      eligibility,
      notice: notice("sync", "error", message),
      delivered: 0,
      queued: outbox.length,
      error: { message, retryable: true },
    });
  }
  const queued = result.removal ? [...result.operations, result.removal] : result.operations;
  if (queued.length > 0) {
    outbox = enqueue(outbox, queued, now);
    await deps.outbox.save(outbox).catch(() => undefined);
  }

  let report: DeliveryReport = {
    delivered: 0,
    remaining: outbox.length,
    results: [],
    timedOut: false,
    entries: outbox,
  };
  /** What the plan says; a plan made again after a lost write may have the last word (planNoticeAfterReplan). */
  let plannedNotice = result.notice;
  if (trigger.kind !== "change") {
    const context = {
      currentSyncKey: state.syncKey,
      readSnapshot: async () => snapshot,
      entries: outbox,
      trigger: trigger.kind,
      recordsRead,
      ...(recordAhead ? { ahead: recordAhead } : {}),
      ...(trigger.kind === "retry" && state.syncKey ? { retrySyncKey: state.syncKey } : {}),
      // Send has seconds: spend them on this meeting; other meetings go on the next run.
      ...(trigger.kind === "send" && state.syncKey ? { onlySyncKey: state.syncKey } : {}),
    };
    try {
      report = await deliverPending(deps, deadline, context);
    } catch {
      // Storage trouble while delivering: the entries stay where they were; the item's state repairs the rest.
    }
    const mineResults = report.results.filter((r) => r.op.syncKey === state.syncKey);
    if (mineResults.length > 0) {
      state = applyResults(state, mineResults, deps.clock.now());
      await saveState(state);
    }
    // Another writer wrote the record since this plan: plan again from the item against the record as it is now.
    if (settings && lostCompareAndSet(report, state.syncKey) && !deadline.expired) {
      try {
        const input = { trigger, settings, directory, state, report, context, saveState };
        let again: Notice | null;
        ({ state, report, notice: again } = await planAgain(deps, deadline, input));
        plannedNotice = planNoticeAfterReplan(plannedNotice, again);
        await saveState(state);
      } catch {
        // The item could not be read again: its state says what is owed, and the next run plans it.
      }
    }
  }

  const mine = entriesOfMeeting(report.entries, state.syncKey);
  const mineResults = report.results.filter((r) => r.op.syncKey === state.syncKey);
  const status = deriveStatus({ snapshot, state, eligibility, outbox: report.entries, now });
  const said = runNotice({
    trigger,
    planned: settings ? { notice: plannedNotice, operations: queued.length } : null,
    state,
    entries: mine,
    delivery: {
      deliveredSome: mineResults.some((r) => r.outcome === "delivered"),
      meetingDelivered: mineResults.some((r) => r.op.kind === "upsertMeeting" && r.outcome === "delivered"),
      frozen: mineResults.some((r) => r.outcome === "abandoned" && r.failure?.code === "frozen"),
    },
    adjustments,
    stateNotSaved: saveError !== undefined,
    ...(!settings && settingsResult.error ? { settingsError: settingsResult.error.message } : {}),
    now,
  });
  const record = [...mineResults].reverse().find((r) => r.record)?.record as MeetingRecord | undefined;
  const lastError = mine.find((e) => e.lastError)?.lastError;
  const error = lastError
    ? { message: lastError.message, retryable: lastError.retryable }
    : !settings && settingsResult.error
      ? settingsResult.error
      : saveError;

  try {
    if (said) await deps.notifier.show(said);
    if (clearsPending(said, status)) await deps.notifier.clear("pending");
  } catch {
    // A notification that cannot be shown never fails the sync.
  }

  return {
    status,
    eligibility,
    ...(result.autoAdd ? { autoAdd: result.autoAdd } : {}),
    notice: said,
    delivered: report.delivered,
    queued: report.remaining,
    ...(record ? { record } : {}),
    ...(error ? { error } : {}),
  };
};

/** Runs one trigger end to end. Never throws; never waits on InterAction past the deadline. */
export const runSync = async (
  trigger: SyncTrigger,
  deps: SyncDeps,
  options: SyncOptions = {},
): Promise<SyncOutcome> => {
  const deadline = startDeadline(options.deadlineMs ?? triggerDeadlineMs(trigger.kind));
  // One run at a time per runtime (bounded by this run's deadline): concurrent runs could mint two sync keys.
  const release = await takeTurn(deadline, deps.turns);
  try {
    return await run(trigger, deps, deadline);
  } catch {
    const queued = await deps.outbox
      .load()
      .then((e) => e.length)
      .catch(() => 0);
    return tell(deps, failed(messages.failure.unexpected, true, queued));
  } finally {
    release();
    deadline.cancel();
  }
};
