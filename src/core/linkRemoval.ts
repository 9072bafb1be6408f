// When a colleague's link to a meeting in InterAction goes (issue 14, "one meeting, one record"): decided here once,
// for the add-in's planner and for the sync service. Pure.
//
// - "never": the user chose never to sync a meeting that is in InterAction. Their link goes; the meeting stays while
//   another colleague keeps it (InterAction deletes it with the last link).
// - "left": an attendee who added the meeting declined it. The add-in sees that when it runs on the item; a copy gone
//   from the calendar (declined or deleted) is the sync service's to see (serviceFollow.ts removalOf).
// A removal is a write like any other: it takes the link's next revision, goes through the outbox (durable, retried,
// idempotent under one key), and a later choice to sync again writes a newer revision, which links the colleague
// again (InterAction refuses writes at or below the removal's revision). The sync service delivers a removal the
// item's state planned with the same revision and key, so the two never remove twice or at different revisions.
import type { Eligibility } from "./eligibility";
import type { MeetingSnapshot } from "./meeting";
import type { RemoveMeetingLinkOperation } from "./operations";
import { isAdded, type SyncState } from "./syncState";

export type LinkRemovalReason = "never" | "left";

/** The idempotency key of a link's removal at `revision`: the same on every device and in the sync service. */
export const removalKey = (syncKey: string, revision: number, reason: LinkRemovalReason): string =>
  `${syncKey}:x${revision}:${reason}`;

/** Why this copy's link should go now, or null: only for a meeting that was added and still follows Outlook. */
export function linkRemovalReason(
  snapshot: Pick<MeetingSnapshot, "role" | "userResponse">,
  state: SyncState,
  eligibility: Eligibility,
): LinkRemovalReason | null {
  if (!isAdded(state) || state.frozen || state.cancelled || eligibility.eligible) return null;
  if (eligibility.reason === "neverMode") return "never";
  if (eligibility.reason === "notAccepted" && snapshot.role === "attendee" && snapshot.userResponse === "declined")
    return "left";
  return null;
}

const removalOp = (syncKey: string, revision: number, reason: LinkRemovalReason): RemoveMeetingLinkOperation => ({
  kind: "removeMeetingLink",
  idempotencyKey: removalKey(syncKey, revision, reason),
  syncKey,
  revision,
  reason,
});

/**
 * The removal to deliver and the state after planning it: the link's next revision the first time; the same
 * operation again (same revision and key) while InterAction has not confirmed it, so a lost outbox is repaired and a
 * queued one is not doubled. Null when there is nothing to remove (or it was confirmed).
 */
export function planLinkRemoval(
  state: SyncState,
  reason: LinkRemovalReason,
): { op: RemoveMeetingLinkOperation; nextState: SyncState } | null {
  const syncKey = state.syncKey;
  if (!syncKey) return null;
  if (state.linkRemoved) {
    if ((state.deliveredRevision ?? 0) >= state.revision) return null;
    return { op: removalOp(syncKey, state.revision, state.linkRemoved), nextState: state };
  }
  const revision = state.revision + 1;
  // The fingerprint goes: a later choice to sync again must write the meeting (a newer revision links it again).
  const { fingerprint: _gone, ...rest } = state;
  return { op: removalOp(syncKey, revision, reason), nextState: { ...rest, revision, linkRemoved: reason } };
}

/** The removal the item's state planned and InterAction has not confirmed (for the sync service), or null. */
export function plannedRemoval(
  state: SyncState,
): { reason: LinkRemovalReason; revision: number; idempotencyKey: string } | null {
  if (!state.syncKey || !state.linkRemoved || (state.deliveredRevision ?? 0) >= state.revision) return null;
  const { linkRemoved: reason, revision } = state;
  return { reason, revision, idempotencyKey: removalKey(state.syncKey, revision, reason) };
}
