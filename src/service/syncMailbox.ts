// The job: "sync mailbox X from its stored delta token". Reads what changed in the mailbox's calendar since the stored
// token (calendarView delta over the firm's window), runs the same plan() the add-in runs with a server trigger for
// every followed meeting, delivers through the same InterAction client, and only then stores the new token. Any
// failure leaves the token where it was, so the next job (a notification or the sweep) reads the same changes again;
// fingerprints make that harmless (nothing already delivered is written twice).
import { plan } from "../core/plan";
import type { CalendarSyncSettings } from "../core/settings";
import type { SyncState } from "../core/syncState";
import { isInterActionError } from "../sync/errors";
import type { InterActionApi } from "../sync/ports";
import { followed, removalOf, serviceUpsertKey, stateToPlan } from "./meetingState";
import {
  DeltaExpiredError,
  type CalendarSource,
  type DeltaRound,
  type IndexEntry,
  type InterActionFor,
  type ServerMeeting,
  type ServiceClock,
  type ServiceLog,
  type ServiceStore,
} from "./ports";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How far ahead the service watches: meetings starting within this many days. Beyond it a meeting is still synced by
 * the add-in on send; the service sees it once it enters the window (the next full resync, at the latest when the
 * token expires). A year covers what firms plan; a wider window costs a bigger first round per mailbox.
 */
export const DEFAULT_HORIZON_DAYS = 365;

/**
 * Graph fixes a delta's window at its first round, so a window fixed long ago no longer reaches the horizon (a meeting
 * planned a year ahead today is beyond it). A full round re-anchors it this often: one read of every event in the
 * window per mailbox per week, no write for what did not change (fingerprints).
 */
export const REANCHOR_WINDOW_DAYS = 7;

export interface SyncMailboxDeps {
  calendar: CalendarSource;
  store: ServiceStore;
  interactionFor: InterActionFor;
  clock: ServiceClock;
  log: ServiceLog;
  newSyncKey(): string;
  horizonDays?: number;
}

export interface SyncMailboxReport {
  mailbox: string;
  fullResync: boolean;
  changes: number;
  written: number;
  skipped: number;
  removals: number;
}

/** The window a full round covers: from now − postMeetingSyncDays (the firm's sync window) to the horizon. */
export const deltaWindow = (
  now: Date,
  settings: Pick<CalendarSyncSettings, "postMeetingSyncDays">,
  horizon: number,
) => ({
  start: new Date(now.getTime() - Math.max(0, settings.postMeetingSyncDays) * DAY_MS).toISOString(),
  end: new Date(now.getTime() + horizon * DAY_MS).toISOString(),
});

/** An InterAction failure a later job can cure (network, 5xx, 429, expired token), as opposed to a refusal. */
const retryable = (e: unknown): boolean => !isInterActionError(e) || e.retryable || e.code === "unauthorized";

export async function syncMailbox(deps: SyncMailboxDeps, mailbox: string): Promise<SyncMailboxReport> {
  const api = deps.interactionFor(mailbox);
  const settings = await api.getSettings();
  const report: SyncMailboxReport = { mailbox, fullResync: false, changes: 0, written: 0, skipped: 0, removals: 0 };
  const now = deps.clock.now();
  const fixedAt = await deps.store.windowFixedAt(mailbox);
  const stale = fixedAt !== null && now.getTime() - Date.parse(fixedAt) > REANCHOR_WINDOW_DAYS * DAY_MS;
  const stored = stale ? null : await deps.store.deltaLink(mailbox);
  const window = deltaWindow(now, settings, deps.horizonDays ?? DEFAULT_HORIZON_DAYS);
  let round: DeltaRound;
  let fullResync = stored === null;
  try {
    round = await deps.calendar.delta(mailbox, stored ? { deltaLink: stored } : { window });
  } catch (e) {
    if (!(e instanceof DeltaExpiredError)) throw e;
    deps.log.warn("delta token expired: full resync", { mailbox });
    fullResync = true;
    round = await deps.calendar.delta(mailbox, { window });
  }
  report.fullResync = fullResync;
  report.changes = round.changes.length;

  let failure: unknown;
  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (e) {
      // One meeting's trouble does not hold up the others; the token stays, so this one is read again next time.
      failure = failure ?? e;
      deps.log.warn("change not delivered; the mailbox is read again from the same token", {
        mailbox,
        error: (e as Error).message,
      });
    }
  };
  const seen = new Set<string>();
  for (const change of round.changes) {
    seen.add(change.eventId);
    await attempt(async () => {
      const meeting = change.removed ? null : await deps.calendar.meeting(mailbox, change.eventId);
      if (meeting) {
        const outcome = await followMeeting(deps, api, settings, mailbox, meeting);
        if (outcome === "written") report.written++;
        else report.skipped++;
      } else if (await handleRemoval(deps, mailbox, change.eventId)) report.removals++;
    });
  }
  // A full round lists what is there, not what went: meetings the index follows that the round did not list are
  // checked one by one (gone → removal; still there, outside the window → nothing).
  if (fullResync) {
    for (const entry of await deps.store.entries(mailbox)) {
      if (seen.has(entry.eventId) || entry.owed) continue;
      await attempt(async () => {
        if (await handleRemoval(deps, mailbox, entry.eventId)) report.removals++;
      });
    }
  }
  if (failure !== undefined) throw failure;
  await deps.store.saveDeltaLink(mailbox, round.deltaLink, fullResync ? now.toISOString() : undefined);
  return report;
}

async function followMeeting(
  deps: SyncMailboxDeps,
  api: InterActionApi,
  settings: CalendarSyncSettings,
  mailbox: string,
  meeting: ServerMeeting,
): Promise<"written" | "skipped"> {
  const { snapshot, addinState } = meeting;
  const entry = await deps.store.entry(mailbox, meeting.eventId);
  const holder = addinState?.syncKey ? await deps.store.entryBySyncKey(addinState.syncKey) : null;
  const claimedElsewhere = Boolean(holder && (holder.mailbox !== mailbox || holder.eventId !== meeting.eventId));
  const decision = followed(snapshot, addinState, claimedElsewhere);
  if (!decision.follow) {
    if (decision.skip === "notThisCopy") deps.log.warn("add-in state not trusted on this copy", { mailbox });
    return "skipped";
  }
  let base: SyncState = stateToPlan(decision.state, entry);
  for (let round = 0; round < 2; round++) {
    const result = plan({
      snapshot,
      state: base,
      settings,
      directory: null,
      now: deps.clock.now(),
      trigger: { kind: "server" },
      ids: { newSyncKey: deps.newSyncKey },
    });
    const next = result.nextState;
    const syncKey = next.syncKey as string;
    const index: IndexEntry = {
      ...(entry ?? {}),
      mailbox,
      eventId: meeting.eventId,
      syncKey,
      role: snapshot.role,
      revision: next.revision,
      documents: { ...next.documents },
      ...(next.fingerprint ? { fingerprint: next.fingerprint } : {}),
      ...(next.syncUntil ? { syncUntil: next.syncUntil } : {}),
      ...(next.cancelled !== undefined ? { cancelled: next.cancelled } : {}),
    };
    if (result.operations.length === 0) {
      // Nothing InterAction stores changed: remember the copy (for @removed), write nothing.
      await deps.store.saveEntry(index);
      return "skipped";
    }
    let newer: number | undefined;
    for (const op of result.operations) {
      try {
        if (op.kind === "upsertMeeting") {
          const record = await api.upsertMeeting(
            op.syncKey,
            op.payload,
            serviceUpsertKey(op.syncKey, op.revision, next.fingerprint ?? ""),
          );
          Object.assign(index, { recordId: record.id, syncUntil: record.syncUntil, frozen: record.frozen });
          index.deliveredAt = deps.clock.now().toISOString();
          // InterAction holds a newer revision than this write (another writer got there): plan again above it.
          if (record.revision > op.revision) newer = record.revision;
        } else {
          const content = await deps.calendar.attachment(mailbox, meeting.eventId, op.attachmentId);
          await api.uploadDocument(op.syncKey, op.documentKey, {
            name: op.name,
            contentType: content.contentType || op.contentType,
            base64: content.base64,
          });
        }
      } catch (e) {
        if (isInterActionError(e) && e.code === "frozen") {
          await deps.store.saveEntry({ ...index, frozen: true });
          return "skipped";
        }
        if (retryable(e)) throw e;
        // Refused for good (e.g. 403): the index keeps the previous delivery, so a later change tries again.
        deps.log.warn("InterAction refused a change", { mailbox, syncKey, error: (e as Error).message });
        if (entry) await deps.store.saveEntry(entry);
        return "skipped";
      }
    }
    if (newer === undefined) {
      await deps.store.saveEntry(index);
      return "written";
    }
    base = { ...base, revision: newer, fingerprint: undefined };
    if (round === 1) await deps.store.saveEntry({ ...index, revision: newer, fingerprint: undefined });
  }
  // Still behind another writer after planning again: the next job plans above the revision remembered here.
  return "written";
}

/** @removed (or a followed event missing from a full round): see removalOf. */
async function handleRemoval(deps: SyncMailboxDeps, mailbox: string, eventId: string): Promise<boolean> {
  const entry = await deps.store.entry(mailbox, eventId);
  if (!entry) return false;
  // Throws MailboxUnavailableError when the mailbox itself is gone: never read as a cancellation.
  const stillThere = (await deps.calendar.meeting(mailbox, eventId)) !== null;
  const removal = removalOf(entry, stillThere);
  if (removal === "nothing") return false;
  // The contract has no way yet to cancel a record or drop one colleague's link without the meeting's fields, and the
  // service keeps no meeting fields: the removal is remembered as owed (and logged) until it has one.
  await deps.store.saveEntry({ ...entry, owed: removal });
  deps.log.warn(`meeting gone from the calendar: ${removal} owed to InterAction`, { mailbox, syncKey: entry.syncKey });
  return true;
}
