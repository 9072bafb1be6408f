// What the user is told after a trigger ran (an item notification in Outlook, a line in the task pane), decided here
// once for every shell: the planner says what a fully delivered plan means, `runNotice` corrects it by what delivery
// actually did, and `eventNotice` is all an Outlook event handler adds. Shells render a Notice; they never word one.
import { explainAdjustments, type Adjustment } from "./adjustments";
import type { Eligibility } from "./eligibility";
import { messages } from "./messages";
import type { OutboxEntry } from "./outbox";
import type { AutoAddDecision } from "./rules";
import type { MeetingStatus } from "./status";
import type { SyncState } from "./syncState";
import type { SyncTrigger } from "./trigger";

export type NoticeKind = "info" | "success" | "warning" | "error";

export interface Notice {
  /** Stable per topic, so a newer notice replaces an older one instead of stacking (Outlook keys messages). */
  key: "sync" | "eligibility" | "pending";
  kind: NoticeKind;
  /** Plain text, at most 150 characters (Outlook's limit for notification messages). */
  message: string;
}

export const notice = (key: Notice["key"], kind: NoticeKind, message: string): Notice => ({ key, kind, message });

/** What the planner wrote for a meeting that may be added (the planner's last step). */
export interface WrittenFacts {
  trigger: SyncTrigger;
  /** The meeting was in InterAction before this plan. */
  added: boolean;
  autoAdd?: AutoAddDecision;
  cancelled: boolean;
  /** The plan writes the meeting itself (not only documents). */
  wrote: boolean;
  operations: number;
  /** The record is (or becomes) an activity: until when it syncs. */
  activityUntil?: string;
}

/** What a fully delivered plan means to the user; null when there is nothing worth saying. */
export const writtenNotice = (f: WrittenFacts): Notice | null => {
  if (f.autoAdd?.add && !f.added) return notice("sync", "success", f.autoAdd.explanation);
  // An added meeting that has become an activity says so on its first write as one, even over "cancelled" (a
  // cancellation sent as an ordinary send); the "cancel" trigger itself says "cancelled".
  if (f.wrote && f.added && f.activityUntil !== undefined && f.trigger.kind !== "cancel")
    return notice("sync", "success", messages.lifecycle.activity(f.activityUntil));
  if (f.cancelled && f.wrote) return notice("sync", "success", messages.add.cancelled);
  // A meeting that has already ended is stored as an activity: the user is told so, and for how long it syncs.
  if (!f.added && f.wrote)
    return notice(
      "sync",
      "success",
      f.activityUntil !== undefined ? messages.add.addedAsActivity(f.activityUntil) : messages.add.added,
    );
  if (f.wrote) return notice("sync", "success", messages.add.updated);
  if (f.operations > 0) return notice("sync", "success", messages.add.documentsUploaded(f.operations));
  if (f.trigger.kind === "add" || f.trigger.kind === "retry") return notice("sync", "info", messages.add.upToDate);
  return null;
};

/** Everything a run knows when it decides what to tell the user. */
export interface RunFacts {
  trigger: SyncTrigger;
  /** The plan's own notice and how many operations it queued; null when the firm settings were unavailable. */
  planned: { notice: Notice | null; operations: number } | null;
  /** The item's state after the run. */
  state: SyncState;
  /** This meeting's outbox entries after delivery. */
  entries: readonly OutboxEntry[];
  /** What delivery did for this meeting in this run. */
  delivery: { deliveredSome: boolean; meetingDelivered: boolean; frozen: boolean };
  /** What InterAction's limits changed about the meeting (addresses left out, text shortened). */
  adjustments: readonly Adjustment[];
  /** The item could not save its state during the run. */
  stateNotSaved: boolean;
  /** Why the firm settings could not be loaded (when `planned` is null), as the user is told it. */
  settingsError?: string;
  now: Date;
}

const adminConsentStart = messages.signIn.adminConsent().split(" for ")[0] ?? "";
/** Whether a failure's message is a sign-in problem the user (or their administrator) must act on. */
export const isSignInMessage = (message: string | undefined): message is string =>
  Boolean(
    message &&
    (message === messages.signIn.openPane ||
      message === messages.signIn.windowClosed ||
      message === messages.signIn.failed ||
      message === messages.signIn.dialogBlocked ||
      message === messages.signIn.dialogIncomplete ||
      message.startsWith(adminConsentStart)),
  );

const afterDelivery = (f: RunFacts): Notice | null => {
  const { planned, entries, delivery, trigger, state } = f;
  // Without firm settings nothing was planned: say so when a committed change (or the user's Add) is waiting. When
  // the settings were refused for want of a sign-in, InterAction is not unreachable: the sign-in sentence says what
  // to do (open the pane; what the administrator must grant), and nothing is lost meanwhile.
  if (!planned)
    return state.needsReconcile || trigger.kind === "add"
      ? notice(
          "pending",
          "warning",
          isSignInMessage(f.settingsError) ? f.settingsError : messages.pending.settingsUnavailable,
        )
      : null;
  if (delivery.frozen) return notice("sync", "info", messages.lifecycle.frozen(state.syncUntil ?? f.now.toISOString()));
  const plannedSome = planned.operations > 0;
  if (entries.length === 0) {
    if (plannedSome) return planned.notice ?? notice("sync", "success", messages.add.updated);
    // The planner said this copy's change can no longer be written (an activity takes only its organizer's changes):
    // earlier work that landed in the same run (a queued write, or one InterAction already held) does not bring that
    // change to InterAction, so "updated" would be untrue; the reason stands.
    if (delivery.deliveredSome && planned.notice?.message !== messages.lifecycle.organizerOnly)
      return notice("sync", "success", messages.add.updated);
    return planned.notice;
  }
  if (!plannedSome && !delivery.deliveredSome && trigger.kind !== "retry" && trigger.kind !== "refresh")
    return planned.notice;
  const parked = entries.find((e) => e.parked);
  if (parked) return notice("sync", "error", messages.failure.parked(parked.lastError?.message ?? ""));
  const reason = entries.find((e) => e.lastError)?.lastError?.message;
  return notice("pending", "warning", reason ? messages.pending.queuedBecause(reason) : messages.pending.queued);
};

/**
 * The plan's notice of a run whose meeting write lost its compare-and-set and was planned again (src/sync/planAgain.ts).
 * Mostly the first plan's, which says what the user's action meant. But when the plan made again says this copy's
 * change can no longer be written (an attendee's copy of an activity: core/lifecycle.ts "organizerOnly"), that is the
 * run's word: e.g. an attendee's Add planned while the meeting was ahead that InterAction kept only as a link once it
 * was an activity (its fields refused), so the item's content is not in InterAction and never will be; the first
 * plan, made before the record was read, could not know it, and saying nothing would leave the user believing it is.
 */
export const planNoticeAfterReplan = (first: Notice | null, again: Notice | null): Notice | null =>
  again?.message === messages.lifecycle.organizerOnly ? again : first;

/** The one notice of a run, from what was planned and what delivery did. */
export const runNotice = (f: RunFacts): Notice | null => {
  let said = afterDelivery(f);
  // What InterAction received differs from the meeting (addresses left out, text shortened): say what, not just
  // "Added", whenever this run delivered the meeting itself.
  if (said && said.key === "sync" && said.kind === "success" && f.delivery.meetingDelivered)
    said = { ...said, message: explainAdjustments(said.message, f.adjustments) };
  // The item did not remember the result: not quite a success.
  if (said && f.stateNotSaved && said.kind === "success") said = { ...said, kind: "warning" };
  return said;
};

/** Whether a run's outcome ends an earlier "pending" notice. */
export const clearsPending = (said: Notice | null, status: MeetingStatus): boolean =>
  said?.key !== "pending" && status !== "pending" && status !== "error";

/** What an Outlook event handler says when the use-case could not run or not finish (the send always goes out). */
export const eventNotices = {
  sendQueued: notice("sync", "warning", messages.event.sendQueued),
  sendFailed: notice("sync", "warning", messages.event.sendFailed),
  addFailed: notice("sync", "warning", messages.event.addFailed),
} as const;

/**
 * What an event handler says beside the run's own notice: its failure notice when the run never finished; for an
 * "Add", why the meeting is not eligible (when the run said nothing) or the eligibility note (another key).
 */
export const eventNotice = (
  outcome: { notice: Notice | null; eligibility: Eligibility } | undefined,
  opts: { failure: Notice | null; explainIneligible: boolean },
): Notice | null => {
  if (!outcome) return opts.failure;
  if (!opts.explainIneligible) return null;
  if (!outcome.notice && !outcome.eligibility.eligible)
    return notice("eligibility", "info", outcome.eligibility.message);
  if (outcome.eligibility.eligible && outcome.eligibility.note)
    return notice("eligibility", "info", outcome.eligibility.note);
  return null;
};
