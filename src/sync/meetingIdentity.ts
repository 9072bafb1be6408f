// The meeting's identity (its iCalUId) for the Add: a port, and the step runSync takes before it plans. Office.js has
// no iCalUId, so an adapter reads it from Microsoft Graph with the add-in's delegated token (src/graph). The rules of
// when it is read and what the answer means are core's (core/identity.ts); this step only performs the one request,
// within its own short budget, and never lets it cost the Add anything: a failure is "asked, not found", and the sync
// service links the record later from its own read.
import { identityReadDue, withIdentityRead } from "../core/identity";
import type { MeetingSnapshot } from "../core/meeting";
import type { CalendarSyncSettings } from "../core/settings";
import type { SyncState } from "../core/syncState";
import type { SyncTrigger } from "../core/trigger";
import { TIMED_OUT, within, type Deadline } from "./deadline";

/** Where the add-in reads a meeting's iCalUId (Microsoft Graph, as the signed-in user). */
export interface MeetingIdentity {
  /**
   * The iCalUId of the signed-in user's item with this Office.js item id (the adapter converts it to a REST id);
   * null when the mailbox has no such event. Throws when it could not be asked (sign-in, network, throttling).
   */
  iCalUIdOf(itemId: string): Promise<string | null>;
}

/** The Graph read waits at most this long: the Add's write matters more than its link, which the service makes too. */
export const IDENTITY_BUDGET_MS = 4000;

/**
 * The state to plan the Add with: with the meeting's iCalUId when the one read was due and Graph answered, and marked
 * as asked in any case, so no later run (or device) spends another request on it. Without a port (the commands
 * bundle, or no Graph configured) nothing is asked and nothing is marked: a task pane that has one may still ask.
 */
export async function readMeetingIdentity(
  identity: MeetingIdentity | undefined,
  deadline: Deadline,
  snapshot: MeetingSnapshot,
  state: SyncState,
  settings: CalendarSyncSettings,
  trigger: SyncTrigger,
): Promise<SyncState> {
  if (!identity || !snapshot.itemId || !identityReadDue(snapshot, state, settings, trigger)) return state;
  let found: string | null = null;
  try {
    const answer = await deadline.race(within(identity.iCalUIdOf(snapshot.itemId), IDENTITY_BUDGET_MS));
    if (answer !== TIMED_OUT) found = answer;
  } catch {
    // Graph refused or could not be reached: the Add goes ahead without the link.
  }
  return withIdentityRead(state, found);
}
