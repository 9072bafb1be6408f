// Pure derivations of the meeting's status section (the status line, why it failed, what it shares, the Add button):
// what the pane shows with its first status, so part of its first script. derive.ts re-exports them beside the
// derivations of the sections below (attendees, documents, settings), which load with those sections' chunk.
import { otherColleagues } from "../core/identity";
import { linkRemovalReason, type LinkRemovalReason } from "../core/linkRemoval";
import { messages } from "../core/messages";
import { pendingKind } from "../core/status";
import { statusReason } from "../core/statusReason";
import { formatDate, formatDateTime } from "./format";
import type { MeetingPaneState } from "./state";
import { paneStrings as strings } from "./paneStrings";
import type { MeetingView } from "./types";

/** Why the last sync failed: a refused (parked) change first, then the last run's error, then the last action's. */
export function errorReason(m: MeetingPaneState): string | null {
  const view = m.view;
  const parked = view?.outbox.find((e) => e.parked && e.lastError)?.lastError?.message;
  const anyFailure = view?.outbox.find((e) => e.lastError)?.lastError?.message;
  return parked ?? m.lastOutcome?.error?.message ?? m.actionError?.message ?? anyFailure ?? null;
}

const lastDelivered = (view: MeetingView): string | undefined =>
  [...view.history]
    .sort((a, b) => a.at.localeCompare(b.at))
    .reverse()
    .find((h) => h.result === "delivered")?.at;

/** The one truthful status line of the open meeting. */
export function statusText(m: MeetingPaneState): string {
  const view = m.view;
  if (!view) return strings.status.loading;
  const syncUntil = view.state.syncUntil ?? view.record?.syncUntil;
  switch (view.status) {
    case "notAdded":
      return strings.status.notAdded;
    case "willAddOnSend":
      return strings.status.willAddOnSend;
    case "pending":
      return isUndelivered(view) ? strings.status.undelivered : strings.status.pending;
    case "synced":
      return strings.status.synced(
        formatDateTime(view.state.deliveredAt ?? view.record?.updatedAt ?? lastDelivered(view)),
      );
    case "activity":
      // An attendee's copy no longer syncs: core's sentence says so, as the notification does (core/statusReason.ts).
      return statusReason(view.status, view.blocked) ?? strings.status.activity(formatDate(syncUntil));
    case "frozen":
      return strings.status.frozen(formatDate(syncUntil));
    case "cancelled":
      return strings.status.cancelled;
    case "error":
      return strings.status.error;
    case "ineligible":
      return strings.status.ineligible;
    case "stopped":
      return strings.status.stopped;
  }
}

/** "Also added by Bob Lee": the colleagues InterAction says added the same meeting (one meeting, one record). */
export function sharedText(view: MeetingView): string | null {
  const names = otherColleagues(view.record?.alsoAddedBy ?? [], view.snapshot.user.email);
  return names.length > 0 ? messages.shared.alsoAddedBy(names) : null;
}

/** A committed change (sent, saved or added) that has not reached InterAction yet: retried, not "save or send". */
export const isUndelivered = (view: MeetingView): boolean =>
  view.status === "pending" && pendingKind(view.state, view.outbox) === "undelivered";

/**
 * This colleague's link to the shared InterAction meeting goes or went (core/linkRemoval.ts decides: "never" on a
 * meeting in InterAction, or an attendee's decline), whether the removal is planned, queued, parked or delivered.
 * Null for a meeting InterAction keeps as it last was (frozen, cancelled, recurring, private...).
 */
export const linkLeaving = (view: MeetingView): LinkRemovalReason | null =>
  view.state.linkRemoved ?? linkRemovalReason(view.snapshot, view.state, view.eligibility);

/**
 * Why InterAction refused the removal of this colleague's link (a parked removal), or null. The meeting still says
 * "Sync stopped", not "Sync error": nothing more is synced either way; what is left is the removal, with Retry.
 */
export function refusedRemoval(view: MeetingView): string | null {
  const parked = view.outbox.find((e) => e.parked && e.op.kind === "removeMeetingLink");
  if (!parked) return null;
  return messages.failure.parked(parked.lastError?.message ?? strings.errors.unknown);
}

/** Why syncing stopped for a meeting that was added: shown once, in the bar under "Sync stopped". */
export function stoppedText(view: MeetingView): string {
  // Leaving a shared meeting removes the link: "InterAction keeps the last version" would be untrue for this user.
  const leaving = linkLeaving(view);
  if (leaving) return messages.linkRemoval[leaving];
  const reason = view.state.stoppedReason;
  if (reason) return strings.stoppedReason[reason];
  const e = view.eligibility;
  if (e.eligible) return strings.errors.unknown;
  if (e.reason === "notAccepted" && view.snapshot.userResponse === "declined") return strings.stoppedReason.declined;
  return strings.stoppedReason[e.reason];
}

/** The reason shown in the eligibility bar: why it can't be added, or why it stopped syncing. */
export function refusalText(view: MeetingView): string | null {
  if (view.status === "stopped") return stoppedText(view);
  return eligibilityText(view);
}

/** Why the meeting can't be added, in plain words (null when it can). */
export function eligibilityText(view: MeetingView): string | null {
  const e = view.eligibility;
  if (e.eligible) return null;
  return strings.eligibility[e.reason] ?? e.message;
}

/** Something the user should know before adding an eligible meeting (e.g. invited through a distribution list,
 * so Outlook can't tell whether they accepted); null once it is added or when there is nothing to say. */
export function eligibilityNote(view: MeetingView): string | null {
  const e = view.eligibility;
  return e.eligible && e.note && !isAddedView(view) ? e.note : null;
}

const isAddedView = (view: MeetingView): boolean =>
  view.state.addRequested || Boolean(view.state.syncKey && view.state.revision > 0) || Boolean(view.record);

export type AddButtonState = { label: string; disabled: boolean; hint: string | null };

export function addButton(m: MeetingPaneState): AddButtonState {
  const view = m.view;
  if (m.busy === "add") return { label: strings.meeting.adding, disabled: true, hint: null };
  if (!view) return { label: strings.meeting.add, disabled: true, hint: null };
  if (view.status === "willAddOnSend") return { label: strings.meeting.willAdd, disabled: true, hint: null };
  // Already committed and on its way: adding again would change nothing; Retry (next to the status) is the action.
  if (isUndelivered(view) && !isAddedView(view)) return { label: strings.meeting.waiting, disabled: true, hint: null };
  if (isAddedView(view)) {
    return { label: strings.meeting.added, disabled: true, hint: null };
  }
  const eligible = view.eligibility.eligible;
  return {
    label: strings.meeting.add,
    disabled: !eligible || m.busy !== null,
    hint: eligible && view.snapshot.isNew ? strings.meeting.addHint.newMeeting : null,
  };
}
