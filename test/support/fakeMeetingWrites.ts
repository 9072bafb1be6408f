// FakeInterActionApi's meeting write (PUT /api/v1/meetings/{syncKey}), as the contract states it: recurring and
// private meetings refused; a removed link's writes refused up to the removal's revision (a newer one links again);
// compare and set (If-Match of another version answers 412); a revision that is not newer changes nothing; a frozen
// activity refused; after conversion only the organizer's changes count. Kept apart so the fake stays under 300 lines.
import { payloadFingerprint } from "../../src/core/fingerprint";
import type { MeetingPayload } from "../../src/core/operations";
import type { MeetingRecord } from "../../src/core/record";
import { InterActionError } from "../../src/sync/errors";
import { clone } from "./clone";
import type { StoredMeeting } from "./fakeInterActionApi";
import { apiError } from "./fakeInterActionApi";
import type { RemovedLink } from "./fakeRemovedLinks";

/** Compare and set: a write with If-Match of another version answers 412 (the contract's PreconditionFailed). */
export const etagOf = (m: StoredMeeting): string => `"r${m.payload.revision}.v${m.version ?? 0}"`;

/** The fake's state a meeting write reads and changes. */
interface Meetings {
  readonly callerEmail: string;
  readonly meetings: Map<string, StoredMeeting>;
  readonly removedLinks: Map<string, RemovedLink>;
  readonly clock: { now(): Date };
}

/** What the fake does around a write: its view of the meeting now, and counting a write that changed something. */
interface WriteHooks {
  view(): MeetingRecord;
  applied(): void;
}

export function applyMeetingWrite(
  api: Meetings,
  syncKey: string,
  payload: MeetingPayload,
  ifMatch: string | undefined,
  hooks: WriteHooks,
): MeetingRecord {
  if (payload.isRecurring || payload.sensitivity === "private")
    throw apiError("ineligible", "Recurring and private meetings can't be added to InterAction.");
  const now = api.clock.now().toISOString();
  const removed = api.removedLinks.get(syncKey);
  if (removed) {
    if (removed.ownerEmail !== api.callerEmail)
      throw apiError("forbidden", "This meeting was added to InterAction by another user.");
    if (payload.revision <= removed.revision)
      throw apiError(
        "conflict",
        `This meeting was removed from InterAction for you (revision ${removed.revision}); only a newer change adds it again.`,
      );
    // A newer write after the removal: the user added it again, so the link is back.
    api.removedLinks.delete(syncKey);
  }
  const existing = api.meetings.get(syncKey);
  if (ifMatch !== undefined && ifMatch !== "*" && (!existing || ifMatch !== etagOf(existing)))
    throw new InterActionError("conflict", "The meeting changed in InterAction since it was read.", false, 412);
  if (!existing) {
    api.meetings.set(syncKey, {
      payload: clone(payload),
      fingerprint: payloadFingerprint(payload),
      version: 1,
      ownerEmail: api.callerEmail,
      createdAt: now,
      updatedAt: now,
    });
    hooks.applied();
    return hooks.view();
  }
  if (payload.revision <= existing.payload.revision) return hooks.view();
  const current = hooks.view();
  if (current.frozen) throw apiError("frozen", "This InterAction activity is frozen: its sync window has closed.");
  const organizer = existing.payload.source.organizerEmail;
  const mayChange = api.callerEmail === existing.ownerEmail || api.callerEmail === organizer;
  const organizerOnly = current.kind === "activity" && existing.payload.source.addedBy === "attendee";
  if (!mayChange || (organizerOnly && api.callerEmail !== organizer))
    throw apiError("forbidden", "Only the organizer's changes count for this activity.");
  existing.payload = clone(payload);
  existing.fingerprint = payloadFingerprint(payload);
  existing.version = (existing.version ?? 0) + 1;
  existing.updatedAt = now;
  hooks.applied();
  return hooks.view();
}
