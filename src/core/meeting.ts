// The meeting as InterAction's sync sees it: a normalized, serializable snapshot of one Outlook appointment.
// Adapters (src/office, the workbench) build it; everything downstream is pure over it.

import type { OrganizerVersion } from "./organizerVersion";

export type AttendeeType = "required" | "optional" | "resource";
/** Outlook's response of one attendee; "organizer" for the organizer's own entry. */
export type AttendeeResponse = "none" | "organizer" | "tentative" | "accepted" | "declined";
export type Sensitivity = "normal" | "personal" | "private" | "confidential";
export type UserRole = "organizer" | "attendee";

export interface Person {
  /** Lower-cased SMTP address. */
  email: string;
  name: string;
}

export interface Attendee extends Person {
  type: AttendeeType;
  response: AttendeeResponse;
}

export interface AttachmentInfo {
  /** Outlook's attachment id (stable for a saved item; the adapter's own id before save). */
  id: string;
  name: string;
  /** Bytes. */
  size: number;
  contentType: string;
  isInline: boolean;
  /** "file" attachments become InterAction documents; cloud links and attached items do not. */
  kind: "file" | "item" | "cloud";
}

export interface MeetingSnapshot {
  /** Outlook's item id; absent for a new meeting that has never been saved. */
  itemId?: string;
  subject: string;
  /** UTC instants, ISO 8601. */
  start: string;
  end: string;
  location: string;
  /**
   * The organizer as Outlook shows them. Whether they are inside the firm is deliberately not a field: it is derived
   * where a rule needs it (`isFirmAddress(email, settings.firmDomains)`, normalize.ts), because the firm's domains
   * are InterAction settings that can change while the item does not, and the snapshot holds only what Outlook shows
   * (so it stays comparable across clients and settings, and a stale copy of a setting can never be stored in it).
   */
  organizer: Person;
  attendees: Attendee[];
  /** Plain text; HTML bodies are converted by the adapter. */
  notes: string;
  attachments: AttachmentInfo[];
  isRecurring: boolean;
  sensitivity: Sensitivity;
  /** Whether the meeting has been cancelled by its organizer. */
  isCancelled: boolean;
  /** Role of the signed-in user for this item. */
  role: UserRole;
  /** The signed-in user. */
  user: Person;
  /** The signed-in user's own response when they are an attendee ("organizer" when they organize it). */
  /**
   * The user's own response. "unknown": the user is not in Outlook's attendee list (invited through a distribution
   * list or a group), and Office.js has no other way to read one's own response in read mode.
   */
  userResponse: AttendeeResponse | "unknown";
  /** True while the organizer's form has never been sent (a brand-new meeting). */
  isNew: boolean;
  /**
   * Outlook's all-day flag (absent where Outlook cannot say). `start`/`end` are then midnights in Outlook's time zone,
   * e.g. 23:00Z–23:00Z for Zürich: only that zone knows which dates they are.
   */
  isAllDay?: boolean;
  /** An all-day meeting's dates in Outlook's time zone (YYYY-MM-DD, end exclusive), read by the adapter. */
  allDayDates?: { start: string; end: string };
  /** Which Outlook version of the meeting this copy holds (organizerVersion.ts); only the sync service's Graph
   * reader knows it (Office.js has no sequence). */
  organizerVersion?: OrganizerVersion;
}
