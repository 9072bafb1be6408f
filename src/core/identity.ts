// The meeting's identity across calendars: Outlook gives every copy of one meeting (the organizer's and each
// attendee's) the same iCalUId, and InterAction keeps one meeting per iCalUId, linking each colleague's sync key to it.
// Office.js has no iCalUId, so the add-in reads it from Microsoft Graph; the sync service reads it with every event.
// The rules of when that is worth a request, and what a read brings, are decided here once. Pure.
//
// - The add-in asks Graph only on the user's own Add of a meeting whose item exists (an invitation, a sent meeting):
//   a brand-new draft has no item id yet, and a meeting the firm rules add on send is past the last add-in code that
//   runs. Those are linked late by the sync service, which reads the iCalUId of every meeting it syncs.
// - At most one Graph request per meeting: the answer is kept on the item (found, or asked and not found), so neither
//   a second Add nor another device asks again; a Graph failure costs the Add nothing (it is written without one).
// - The iCalUId rides on the write that happens anyway (it is part of the payload); a record made before it was known
//   is linked by the next write that brings it.
import { checkEligibility } from "./eligibility";
import type { MeetingSnapshot } from "./meeting";
import type { CalendarSyncSettings } from "./settings";
import { isAdded, type SyncState } from "./syncState";
import type { SyncTrigger } from "./trigger";

/** The contract's bound on an iCalUId (Exchange's are about 112 characters; other calendars' may be longer). */
export const ICALUID_MAX_LENGTH = 2048;

/** A value usable as a meeting's identity: printable, no whitespace, within the contract's bound. */
export const isICalUId = (value: unknown): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= ICALUID_MAX_LENGTH && /^[\x21-\x7e]+$/.test(value);

/**
 * The user's own Add that is still waiting to be written: the Add ran when it could not plan (the firm's settings
 * unreachable, so nothing was read either), and a later run (an open, a retry) writes it. That run is the Add's first
 * write, so it is the one that must carry the link: without it a colleague's record of the same meeting and this one
 * stay two meetings until the sync service reads the item. The firm rules' adds are the service's to link (above).
 */
const addWaitingToBeWritten = (state: Pick<SyncState, "addRequested" | "autoAddedBecause" | "syncKey" | "revision">) =>
  state.addRequested && !state.autoAddedBecause && !isAdded(state);

/**
 * Whether this run should read the meeting's iCalUId from Graph before it plans (the one read it ever gets): the
 * user's Add of a meeting whose item exists (or the first run that can write an Add that is still waiting), not yet
 * asked, that may be in InterAction at all (an Add overrides an earlier "never", so the mode does not count here; a
 * recurring or private meeting is refused and needs no identity).
 */
export const identityReadDue = (
  snapshot: MeetingSnapshot,
  state: Pick<SyncState, "iCalUId" | "identityAsked" | "addRequested" | "autoAddedBecause" | "syncKey" | "revision">,
  settings: Pick<CalendarSyncSettings, "enabled" | "firmDomains">,
  trigger: SyncTrigger,
): boolean =>
  (trigger.kind === "add" || addWaitingToBeWritten(state)) &&
  Boolean(snapshot.itemId) &&
  !snapshot.isNew &&
  !state.iCalUId &&
  !state.identityAsked &&
  checkEligibility(snapshot, null, settings).eligible;

/** The state after the one read: its iCalUId when Graph gave a usable one, and in any case "asked". */
export const withIdentityRead = (state: SyncState, found: string | null | undefined): SyncState => ({
  ...state,
  ...(isICalUId(found) ? { iCalUId: found } : {}),
  identityAsked: true,
});

/**
 * The state the sync service plans with: the iCalUId Graph gave for this copy. The service reads it with every
 * event, so a meeting added by the organizer (on send, by the firm rules) gets linked by the service's write.
 * A copy's iCalUId never changes; an unusable one (a Graph answer without it) leaves the state as it was.
 */
export const withServiceIdentity = (state: SyncState, iCalUId: string | undefined): SyncState =>
  isICalUId(iCalUId) && state.iCalUId !== iCalUId ? { ...state, iCalUId } : state;

/** A colleague InterAction says added the same meeting (only those the caller may see). */
export interface LinkedColleague {
  email: string;
  name: string;
}

/**
 * The colleagues to name besides the signed-in user: each once (by address, case-insensitively), by name, or by
 * address when InterAction has no name.
 */
export const otherColleagues = (colleagues: readonly LinkedColleague[], userEmail: string): string[] => {
  const seen = new Set([userEmail.trim().toLowerCase()]);
  const names: string[] = [];
  for (const c of colleagues) {
    const email = c.email.trim().toLowerCase();
    if (!email || seen.has(email)) continue;
    seen.add(email);
    names.push(c.name.trim() || email);
  }
  return names;
};
