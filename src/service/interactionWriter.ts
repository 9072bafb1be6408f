// InterAction as the service writes to it: the typed client (src/interaction), plus the two things the add-in's port
// does not expose: the record's ETag, and a write that applies only if nobody wrote since (If-Match). Two writers
// (the add-in on a device, the service) cannot be ordered by clocks; compare-and-set can: on 412 the service reads
// what Exchange holds now and plans again against the current record (architecture.md, "Two writers").
import type { MeetingPayload } from "../core/operations";
import type { MeetingRecord } from "../core/record";
import type { CalendarSyncSettings } from "../core/settings";
import { createInterActionApi, meetingWriteBody, toMeetingRecord, type InterActionClient } from "../interaction";
import { isInterActionError } from "../sync/errors";
import type { DocumentUpload } from "../sync/ports";

export interface ServiceInterAction {
  getSettings(): Promise<CalendarSyncSettings>;
  /** The record and its ETag, or null when InterAction has no such meeting. */
  current(syncKey: string): Promise<{ record: MeetingRecord; etag?: string } | null>;
  /** Writes the meeting; with `ifMatch`, only if the record is still the one with that ETag (else 412); with
   * `createOnly`, only if there is no record yet (If-None-Match: *, else 412). */
  upsert(
    syncKey: string,
    payload: MeetingPayload,
    idempotencyKey: string,
    ifMatch?: string,
    createOnly?: boolean,
  ): Promise<MeetingRecord>;
  uploadDocument(syncKey: string, documentKey: string, doc: DocumentUpload): Promise<unknown>;
  /** The removal of an event gone from a mailbox (core/serviceFollow.ts removalRequest), without meeting fields. */
  removeLink(
    syncKey: string,
    removal: { reason: "cancelled" | "left" | "never"; revision: number; idempotencyKey: string },
  ): Promise<{ meeting: "kept" | "deleted" | "cancelled" }>;
}

/** InterAction answered 412: someone wrote the record since the service read it. */
export const isPreconditionFailed = (e: unknown): boolean => isInterActionError(e) && e.status === 412;

export function serviceInterAction(client: InterActionClient): ServiceInterAction {
  const api = createInterActionApi(client);
  return {
    getSettings: () => api.getSettings(),
    async current(syncKey) {
      const found = await client.getMeeting(syncKey);
      return found ? { record: toMeetingRecord(found.record), ...(found.etag ? { etag: found.etag } : {}) } : null;
    },
    async upsert(syncKey, payload, idempotencyKey, ifMatch, createOnly) {
      const { record } = await client.upsertMeeting(syncKey, meetingWriteBody(payload), {
        idempotencyKey,
        ...(ifMatch ? { ifMatch } : {}),
        ...(createOnly ? { createOnly } : {}),
      });
      return toMeetingRecord(record);
    },
    uploadDocument: (syncKey, documentKey, doc) => api.uploadDocument(syncKey, documentKey, doc),
    async removeLink(syncKey, { reason, revision, idempotencyKey }) {
      const answer = await client.removeMeetingLink(syncKey, { reason, revision }, { idempotencyKey });
      return { meeting: answer.meeting };
    },
  };
}
