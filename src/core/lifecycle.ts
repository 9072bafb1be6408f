// InterAction's lifecycle of a synced meeting: an appointment while upcoming, an activity once it has ended, kept in
// step with Outlook until end + postMeetingSyncDays (the sync window), frozen after that. Time is a parameter.
import type { MeetingSnapshot } from "./meeting";
import type { RecordKind } from "./record";
import type { CalendarSyncSettings } from "./settings";
import type { SyncState } from "./syncState";

const DAY_MS = 24 * 60 * 60 * 1000;

const ms = (iso: string): number => Date.parse(iso);

/** End of the sync window for a meeting ending at `end`. */
export const syncWindowEnd = (end: string, postMeetingSyncDays: number): string =>
  new Date(ms(end) + Math.max(0, postMeetingSyncDays) * DAY_MS).toISOString();

/** Appointment while the meeting has not ended; activity once it has (rescheduled into the future: appointment). */
export const recordKindAt = (end: string, now: Date): RecordKind =>
  ms(end) > now.getTime() ? "appointment" : "activity";

export type WriteBlock = "frozen" | "organizerOnly";

export interface LifecycleView {
  kind: RecordKind;
  /** The sync window that a write now would set. */
  syncUntil: string;
  /** Whether InterAction's copy can no longer change. */
  frozen: boolean;
  /** The window that froze it, for the message (the one InterAction holds). */
  frozenSince?: string;
  /** Why a write would be refused, if it would. */
  blocked?: WriteBlock;
}

type LifecycleState = Pick<SyncState, "syncUntil" | "frozen" | "revision" | "deliveredRevision">;

/**
 * Why a write of this copy would be refused, judged against the window InterAction holds (`held`).
 * - Frozen: InterAction said so, or that window has passed.
 * - After conversion to an activity only the organizer's changes count (an attendee's copy of someone else's
 *   meeting must not rewrite the record of what happened); adding it is still allowed, until InterAction confirmed it.
 */
const blockAt = (
  snapshot: Pick<MeetingSnapshot, "end" | "role">,
  state: LifecycleState | null,
  held: string | undefined,
  now: Date,
): WriteBlock | undefined => {
  if (state?.frozen || (held !== undefined && now.getTime() > ms(held))) return "frozen";
  // Adding a past meeting is a creation, not a change, so an attendee may still log one that already happened. A
  // create InterAction never confirmed (its outbox entry lost, or refused to save) is still that creation when it is
  // planned again: blocking it would lose the Add for good. Had it been applied after all, InterAction refuses the
  // attendee's write (403) and the task pane says so.
  const changesExisting = Boolean(state && state.revision > 0 && (state.deliveredRevision ?? 0) > 0);
  if (recordKindAt(snapshot.end, now) === "activity" && snapshot.role !== "organizer" && changesExisting)
    return "organizerOnly";
  return undefined;
};

/**
 * Where the meeting stands for InterAction at `now`. A meeting never written is judged by its own end: adding a
 * meeting long past its window would create a frozen record.
 */
export const lifecycleAt = (
  snapshot: Pick<MeetingSnapshot, "end" | "role">,
  state: LifecycleState | null,
  settings: Pick<CalendarSyncSettings, "postMeetingSyncDays">,
  now: Date,
): LifecycleView => {
  const kind = recordKindAt(snapshot.end, now);
  const syncUntil = syncWindowEnd(snapshot.end, settings.postMeetingSyncDays);
  const held = state && state.revision > 0 && state.syncUntil ? state.syncUntil : syncUntil;
  const blocked = blockAt(snapshot, state, held, now);
  if (blocked === "frozen") return { kind, syncUntil, frozen: true, frozenSince: held, blocked };
  return blocked ? { kind, syncUntil, frozen: false, blocked } : { kind, syncUntil, frozen: false };
};

/**
 * Whether what this item planned and InterAction has not confirmed can never land: the planner would refuse to write
 * it again (lifecycleAt), and InterAction would refuse it too. Then it is owed to nobody, and no status may call it
 * pending (core/status.ts). E.g. an attendee's change planned while the meeting was ahead, whose outbox entry was lost
 * before delivery: once the meeting is an activity, only its organizer's changes count. Judged, like every write, by
 * the window the item last planned (no firm settings needed: an added meeting always has one); derived at every call,
 * so a meeting rescheduled into the future is an appointment again and its change is planned again.
 */
export const blockedForGood = (
  snapshot: Pick<MeetingSnapshot, "end" | "role">,
  state: LifecycleState & Pick<SyncState, "syncKey">,
  now: Date,
): WriteBlock | undefined =>
  state.syncKey && state.revision > 0 ? blockAt(snapshot, state, state.syncUntil, now) : undefined;
