// InterAction's copy of a meeting, as the API answers it (GET/PUT /api/v1/meetings/{syncKey}).
export type RecordKind = "appointment" | "activity";
export type RecordStatus = "scheduled" | "cancelled";

export interface LinkedContact {
  id: string;
  name: string;
  email: string;
  companyId?: string;
}

export interface LinkedCompany {
  id: string;
  name: string;
}

export interface DocumentRecord {
  id: string;
  documentKey: string;
  name: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface MeetingRecord {
  id: string;
  syncKey: string;
  kind: RecordKind;
  status: RecordStatus;
  syncUntil: string;
  frozen: boolean;
  /** The other colleagues who added this meeting (one meeting, one record), only those the caller may see. */
  alsoAddedBy?: { email: string; name: string; addedBy: "organizer" | "attendee" }[];
  revision: number;
  contacts: LinkedContact[];
  companies: LinkedCompany[];
  unresolvedAttendees: { email: string; name: string }[];
  documents: DocumentRecord[];
  updatedAt: string;
  /** The latest writes InterAction accepted, newest first, and which application made each (absent: not recorded). */
  deliveries?: MeetingDelivery[];
  /** The fingerprint the write of this revision carried (payloadFingerprint, as its writer sent it): whether the
   * record holds a writer's content, without writing it (core/compareAndSet.ts). Absent: not known. */
  fingerprint?: string;
  /** Only on a write's answer: InterAction kept the write's link and revision but refused its shared fields (the
   * meeting is an activity and the writer not its organizer, or frozen), so the record does not hold its content. */
  fieldsRefused?: "organizerOnly" | "frozen";
  /** The record's version as InterAction's ETag header gave it with this answer: a write sends it back in If-Match. */
  etag?: string;
  /** The shared meeting's iCalUId, once a link brought it (e.g. the sync service, which reads it from Graph). */
  iCalUId?: string;
}

/** One write InterAction accepted: the add-in on a user's device, or the firm's sync service. */
export interface MeetingDelivery {
  at: string;
  revision: number;
  by: "addin" | "syncService";
}
