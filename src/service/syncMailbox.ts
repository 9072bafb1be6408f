// The job: "sync mailbox X from its stored delta token". Reads what changed in the mailbox's calendar since the stored
// token (calendarView delta over the firm's window), runs the same plan() the add-in runs with a server trigger for
// every followed meeting, delivers through the same InterAction client, and only then stores the new token. Any
// failure leaves the token where it was, so the next job (a notification or the sweep) reads the same changes again;
// fingerprints make that harmless (nothing already delivered is written twice).
import type { CalendarSyncSettings } from "../core/settings";
import { isInterActionError } from "../sync/errors";
import { followMeeting, retryable } from "./followMeeting";
import { afterRemoval, removalOf, removalRequest } from "../core/serviceFollow";
import type { ServiceInterAction } from "./interactionWriter";
import { optedOut, oweNever } from "./optedOut";
import {
  DeltaExpiredError,
  type CalendarSource,
  type DeltaRound,
  type IndexEntry,
  type InterActionFor,
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
      if (meeting && optedOut(meeting)) {
        if (await oweNever(deps, mailbox, meeting)) report.removals++;
        else report.skipped++;
      } else if (meeting) {
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
  // Removals InterAction has not confirmed yet (this round's, or an earlier job's that it could not reach) are
  // delivered now; one that still fails stays owed in the index for the next job, and holds up nothing else.
  for (const entry of await deps.store.entries(mailbox)) {
    if (entry.owed) await deliverRemoval(deps, api, mailbox, entry);
  }
  if (failure !== undefined) throw failure;
  await deps.store.saveDeltaLink(mailbox, round.deltaLink, fullResync ? now.toISOString() : undefined);
  return report;
}

/** @removed (or a followed event missing from a full round): see removalOf. */
async function handleRemoval(deps: SyncMailboxDeps, mailbox: string, eventId: string): Promise<boolean> {
  const entry = await deps.store.entry(mailbox, eventId);
  if (!entry) return false;
  // Throws MailboxUnavailableError when the mailbox itself is gone: never read as a cancellation.
  const stillThere = (await deps.calendar.meeting(mailbox, eventId)) !== null;
  const removal = removalOf(entry, stillThere);
  if (removal === "nothing") return false;
  // Remembered as owed first (the service keeps no meeting fields; removeMeetingLink needs none), then delivered with
  // the job's other owed removals: a removal InterAction cannot take now is not lost with this job.
  await deps.store.saveEntry({ ...entry, owed: removal });
  deps.log.info(`meeting gone from the calendar: ${removal} owed to InterAction`, { mailbox, syncKey: entry.syncKey });
  return true;
}

/** Delivers one owed removal (core/serviceFollow.ts removalRequest); true when InterAction has it now. */
async function deliverRemoval(
  deps: SyncMailboxDeps,
  api: ServiceInterAction,
  mailbox: string,
  entry: IndexEntry,
): Promise<boolean> {
  const removal = entry.owed;
  if (!removal) return false;
  const request = removalRequest(entry, removal);
  try {
    await api.removeLink(entry.syncKey, request);
  } catch (e) {
    // 409 (frozen, or a newer write or removal of this link) and 404 (no such meeting): nothing left to remove.
    const settled = isInterActionError(e) && (e.status === 409 || e.status === 404);
    if (!settled && retryable(e)) {
      deps.log.warn("removal not delivered; kept owed for the next job", { mailbox, syncKey: entry.syncKey });
      return false;
    }
    if (!settled)
      deps.log.warn("InterAction refused a removal", { mailbox, syncKey: entry.syncKey, error: (e as Error).message });
  }
  await deps.store.saveEntry(afterRemoval(entry, removal, request.revision));
  return true;
}
