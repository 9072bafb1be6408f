// Everything the task pane shows for the open meeting, gathered in one call so the pane renders from one value.
// InterAction being down degrades the view (no record, cached settings) instead of failing it.
import { applyMeetingRecord } from "../core/delivery";
import { checkEligibility, stopsSyncing, type Eligibility } from "../core/eligibility";
import { documentKeyOf } from "../core/fingerprint";
import { blockedForGood, type WriteBlock } from "../core/lifecycle";
import type { MeetingSnapshot } from "../core/meeting";
import { messages } from "../core/messages";
import { normalizeSnapshot } from "../core/normalize";
import type { Notice } from "../core/notice";
import type { OutboxEntry } from "../core/outbox";
import type { MeetingRecord } from "../core/record";
import { decideAutoAdd, needsDirectory, type AutoAddDecision } from "../core/rules";
import type { CalendarSyncSettings } from "../core/settings";
import { deriveStatus, entriesOfMeeting, type MeetingStatus } from "../core/status";
import { statusReason } from "../core/statusReason";
import { initialSyncState, isAdded, type SyncState } from "../core/syncState";
import { lookupOutsideAttendees } from "./attendeeDirectory";
import { VIEW_DEADLINE_MS } from "./budgets";
import { startDeadline, TIMED_OUT, type Deadline } from "./deadline";
import type { DocumentView, MeetingView, SyncDeps } from "./deps";
import { describeError } from "./errors";
import { readHistory } from "./history";
import { loadActivityTypes, loadSettings } from "./settingsCache";

export type { MeetingView, DocumentView, HistoryEntry } from "./deps";

const describe = (e: unknown) => describeError(e, () => messages.failure.unexpected);

export const documentViews = (
  snapshot: MeetingSnapshot,
  state: SyncState,
  outbox: readonly OutboxEntry[],
  record: MeetingRecord | null,
): DocumentView[] =>
  snapshot.attachments.map((a) => {
    const base = { attachmentId: a.id, name: a.name, size: a.size, contentType: a.contentType };
    if (a.kind !== "file" || a.isInline) return { ...base, state: "notSynced" };
    const documentKey = documentKeyOf(a);
    const entry = outbox.find((e) => e.op.kind === "uploadDocument" && e.op.documentKey === documentKey);
    const uploaded =
      record?.documents.some((d) => d.documentKey === documentKey) ||
      (state.deliveredDocuments ?? []).includes(documentKey);
    if (uploaded) return { ...base, documentKey, state: "uploaded" };
    if (entry?.parked) return { ...base, documentKey, state: "failed", error: entry.lastError?.message };
    if (entry || state.documents[documentKey]) {
      return { ...base, documentKey, state: "queued", ...(entry?.lastError ? { error: entry.lastError.message } : {}) };
    }
    return { ...base, documentKey, state: "notUploaded" };
  });

const statusNotice = (
  status: MeetingStatus,
  blocked: WriteBlock | undefined,
  eligibility: Eligibility,
  state: SyncState,
  mine: readonly OutboxEntry[],
): Notice | null => {
  const lastError = mine.find((e) => e.lastError)?.lastError?.message;
  switch (status) {
    case "ineligible":
      return eligibility.eligible ? null : { key: "eligibility", kind: "info", message: eligibility.message };
    case "stopped": {
      const message = state.stoppedReason
        ? messages.stopped[state.stoppedReason]
        : eligibility.eligible
          ? null
          : stopsSyncing(eligibility)
            ? messages.stopped[eligibility.reason]
            : eligibility.reason === "neverMode"
              ? messages.stopped.neverMode
              : eligibility.reason === "notAccepted"
                ? messages.stopped.notAttending
                : eligibility.message;
      return message ? { key: "eligibility", kind: "warning", message } : null;
    }
    case "willAddOnSend":
      return { key: "sync", kind: "info", message: messages.add.willAddOnSend };
    case "error":
      return { key: "sync", kind: "error", message: messages.failure.parked(lastError ?? "") };
    case "pending":
      if (state.pendingChanges) return { key: "pending", kind: "info", message: messages.pending.uncommitted };
      return {
        key: "pending",
        kind: "warning",
        message: lastError ? messages.pending.queuedBecause(lastError) : messages.pending.queued,
      };
    case "activity": {
      // An attendee's copy: why a change the organizer made since is not in InterAction (core/lifecycle.ts). The
      // same sentence the pane's status line says (core/statusReason.ts), so the two cannot disagree.
      const reason = statusReason(status, blocked);
      return reason ? { key: "sync", kind: "info", message: reason } : null;
    }
    case "frozen":
      return state.syncUntil
        ? { key: "sync", kind: "info", message: messages.lifecycle.frozen(state.syncUntil) }
        : null;
    default:
      return null;
  }
};

const autoAddView = async (
  deps: SyncDeps,
  deadline: Deadline,
  snapshot: MeetingSnapshot,
  state: SyncState,
  settings: CalendarSyncSettings,
): Promise<AutoAddDecision | undefined> => {
  if (isAdded(state)) {
    return state.autoAddedBecause ? { add: true, explanation: state.autoAddedBecause, matches: [] } : undefined;
  }
  if (snapshot.role !== "organizer") return undefined;
  const directory = needsDirectory(state, settings)
    ? await lookupOutsideAttendees(deps.api, deadline, snapshot, settings)
    : null;
  return decideAutoAdd(snapshot, state, settings, directory);
};

/** Reads everything the task pane shows. Throws only when Outlook cannot give the item. */
export const loadMeetingView = async (deps: SyncDeps): Promise<MeetingView> => {
  const deadline = startDeadline(VIEW_DEADLINE_MS);
  try {
    const snapshot = normalizeSnapshot(await deps.item.read());
    let state = (await deps.stateStore.load().catch(() => null)) ?? initialSyncState();
    const now = deps.clock.now();
    const settingsResult = await loadSettings(deps, { deadline });
    const settings = settingsResult.value;
    const activityTypes = await loadActivityTypes(deps, { deadline });
    const outbox = await deps.outbox.load().catch(() => []);
    let error = settings ? undefined : settingsResult.error;

    let record: MeetingRecord | null = null;
    if (isAdded(state) && state.syncKey) {
      try {
        const answer = await deadline.race(deps.api.getMeeting(state.syncKey));
        if (answer === TIMED_OUT) error = { message: messages.failure.timeout, retryable: true };
        else record = answer;
      } catch (e) {
        error = describe(e);
      }
    }
    if (record) {
      // What InterAction confirmed (possibly delivered by another runtime) is worth remembering on the item.
      const confirmed = applyMeetingRecord(state, record, now);
      if (JSON.stringify(confirmed) !== JSON.stringify(state)) {
        state = confirmed;
        await deps.stateStore.save(state).catch(() => undefined);
      }
    }

    const eligibility = checkEligibility(snapshot, state, settings ?? { enabled: true, firmDomains: [] });
    const mine = entriesOfMeeting(outbox, state.syncKey);
    const autoAdd = settings ? await autoAddView(deps, deadline, snapshot, state, settings) : undefined;
    // The rules' decision is part of the status: a new meeting they add says "will be added on send".
    const status = deriveStatus({ snapshot, state, eligibility, outbox, now, autoAdd });
    const blocked = blockedForGood(snapshot, state, now);
    return {
      snapshot,
      state,
      settings,
      activityTypes,
      status,
      ...(blocked ? { blocked } : {}),
      eligibility,
      ...(autoAdd ? { autoAdd } : {}),
      record,
      documents: documentViews(snapshot, state, mine, record),
      outbox: mine,
      history: await readHistory(deps.storage, state.syncKey),
      notice: statusNotice(status, blocked, eligibility, state, mine),
      ...(error ? { error } : {}),
    };
  } finally {
    deadline.cancel();
  }
};
