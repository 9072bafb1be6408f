// What the planner asks to be delivered to InterAction. Each operation carries an idempotency key, so a retry (or
// the same change planned on two devices) can never create a duplicate.
import type { AttendeeResponse, AttendeeType, Sensitivity } from "./meeting";
import type { OrganizerVersion } from "./organizerVersion";
import type { Visibility } from "./settings";

/** The body of PUT /api/v1/meetings/{syncKey}: exactly the fields InterAction stores. */
export interface MeetingPayload {
  revision: number;
  source: { itemId?: string; organizerEmail: string; addedBy: "organizer" | "attendee" };
  subject: string;
  location: string;
  start: string;
  end: string;
  notes: string;
  attendees: { email: string; name: string; type: AttendeeType; response: AttendeeResponse }[];
  visibility: Visibility;
  activityTypeId: string;
  cancelled: boolean;
  isRecurring: boolean;
  sensitivity: Sensitivity;
  /** Only for an all-day meeting: start/end are then its dates at midnight UTC (payload.ts allDaySpan). */
  isAllDay?: boolean;
  /** Outlook's id of the real meeting, when known (identity.ts): InterAction links this sync key to its one meeting. */
  iCalUId?: string;
  /** The Outlook version of this copy, sent by the sync service for a meeting organized outside the firm
   * (organizerVersion.ts): with no organizer's link, InterAction keeps the newest version's shared fields. */
  organizerVersion?: OrganizerVersion;
}

export interface UpsertMeetingOperation {
  kind: "upsertMeeting";
  /** `${syncKey}:r${revision}` */
  idempotencyKey: string;
  syncKey: string;
  revision: number;
  payload: MeetingPayload;
  /** The record's ETag this write was planned against (If-Match): absent for a create, or when none was seen. */
  ifMatch?: string;
}

export interface UploadDocumentOperation {
  kind: "uploadDocument";
  /** `${syncKey}:d:${documentKey}` */
  idempotencyKey: string;
  syncKey: string;
  /** Stable for the same attachment content identity (id, name, size), so re-uploads replace, never duplicate. */
  documentKey: string;
  /** The content is read from the item at delivery time (it can be 25 MB: too big for any outbox store). */
  attachmentId: string;
  name: string;
  contentType: string;
  size: number;
}

/** POST /api/v1/meetings/{syncKey}/removal: this colleague's link goes (linkRemoval.ts); the meeting stays while
 * another colleague keeps it. It counts as the link's next revision. */
export interface RemoveMeetingLinkOperation {
  kind: "removeMeetingLink";
  /** `${syncKey}:x${revision}:${reason}` */
  idempotencyKey: string;
  syncKey: string;
  revision: number;
  reason: "never" | "left";
}

export type Operation = UpsertMeetingOperation | UploadDocumentOperation;

/** What the outbox delivers: the planner's writes and a link's removal (planned apart: PlanResult.removal). */
export type QueuedOperation = Operation | RemoveMeetingLinkOperation;
