// FakeInterActionApi's removeMeetingLink (POST /api/v1/meetings/{syncKey}/removal, issue 14), as the contract states
// it and dev/sandbox/meetingWrites.ts does it: never/left remove the caller's link (the meeting stays while another
// colleague's link keeps it, here: a stored link with the same iCalUId) and leave a tombstone, so the link's writes up
// to the removal's revision answer 409 removed and a newer one links again; a repeat answers the same; a removal not
// newer than the link is superseded (409); cancelled is the organizer's alone. fakeLinkRemoval.test.ts checks it
// against the sandbox call for call.
import type { StoredMeeting } from "./fakeInterActionApi";
import { apiError } from "./fakeInterActionApi";

export type LinkRemovalReason = "never" | "left";
export type RemovalAnswer = { meeting: "kept" | "deleted" | "cancelled" };

/** A removed link (the contract's tombstone). */
export interface RemovedLink {
  ownerEmail: string;
  revision: number;
  reason: LinkRemovalReason;
  meeting: "kept" | "deleted";
}

/** The fake's state a removal reads and changes. */
interface Links {
  readonly callerEmail: string;
  readonly meetings: Map<string, StoredMeeting>;
  readonly documents: Map<string, unknown>;
  readonly removedLinks: Map<string, RemovedLink>;
  readonly clock: { now(): Date };
}

export function removeLink(
  api: Links,
  syncKey: string,
  removal: { reason: LinkRemovalReason | "cancelled"; revision: number },
  isFrozen: () => boolean,
): RemovalAnswer {
  const removed = api.removedLinks.get(syncKey);
  const existing = api.meetings.get(syncKey);
  if (!removed && !existing) throw apiError("notFound", "This meeting is not in InterAction.");
  if ((removed?.ownerEmail ?? existing?.ownerEmail) !== api.callerEmail)
    throw apiError("forbidden", "This meeting was added to InterAction by another user.");
  if (removed) {
    // A repeat (or a later removal) of a link already removed: the same answer; later writes stay refused.
    removed.revision = Math.max(removed.revision, removal.revision);
    return { meeting: removed.meeting };
  }
  const stored = existing as StoredMeeting;
  const repeatOfCancel =
    removal.reason === "cancelled" && stored.payload.cancelled && removal.revision === stored.payload.revision;
  if (removal.revision <= stored.payload.revision && !repeatOfCancel)
    throw apiError(
      "conflict",
      `A newer change of this meeting (revision ${stored.payload.revision}) is already in InterAction; this removal is older.`,
    );
  if (isFrozen()) throw apiError("frozen", "This InterAction activity is frozen: its sync window has closed.");
  if (removal.reason === "cancelled") {
    if (api.callerEmail !== stored.payload.source.organizerEmail)
      throw apiError("forbidden", "Only the organizer's calendar can cancel this meeting.");
    stored.payload = { ...stored.payload, cancelled: true, revision: removal.revision };
    // A new version whose revision no write's fingerprint describes.
    stored.fingerprint = undefined;
    stored.version = (stored.version ?? 0) + 1;
    stored.updatedAt = api.clock.now().toISOString();
    return { meeting: "cancelled" };
  }
  // The meeting stays while another colleague's link keeps it (the same iCalUId); the last link takes it along.
  const uid = stored.payload.iCalUId;
  const kept = uid !== undefined && [...api.meetings].some(([k, m]) => k !== syncKey && m.payload.iCalUId === uid);
  const meeting = kept ? "kept" : "deleted";
  api.meetings.delete(syncKey);
  api.documents.delete(syncKey);
  api.removedLinks.set(syncKey, {
    ownerEmail: api.callerEmail,
    revision: removal.revision,
    reason: removal.reason,
    meeting,
  });
  return { meeting };
}
