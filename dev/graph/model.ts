// The local Exchange's data model: mailboxes, each mailbox's copy of a calendar item, attachments and the change log
// entries. Shared by the store, Exchange's semantics and the Graph views.

export type MailboxKind = "user" | "room" | "equipment";
export interface Mailbox {
  id: string;
  email: string;
  name: string;
  kind: MailboxKind;
}

export type AttendeeType = "required" | "optional" | "resource";
export type ResponseKind = "none" | "organizer" | "tentativelyAccepted" | "accepted" | "declined" | "notResponded";
export type Sensitivity = "normal" | "personal" | "private" | "confidential";

export interface StoredAttendee {
  email: string;
  name: string;
  type: AttendeeType;
  response: ResponseKind;
  respondedAt: string | null;
}

export interface Recurrence {
  pattern: { type: "daily" | "weekly"; interval: number; daysOfWeek?: string[] };
  range: { type: "endDate" | "noEnd"; startDate: string; endDate?: string };
}

/** One mailbox's copy of a calendar item. */
export interface EventRecord {
  id: string;
  mailboxId: string;
  iCalUId: string;
  changeKey: string;
  createdAt: string;
  modifiedAt: string;
  subject: string;
  bodyHtml: string;
  start: string;
  end: string;
  timeZone: string;
  isAllDay: boolean;
  location: string;
  sensitivity: Sensitivity;
  recurrence: Recurrence | null;
  organizer: { email: string; name: string };
  attendees: StoredAttendee[];
  isOrganizer: boolean;
  isDraft: boolean;
  isCancelled: boolean;
  response: ResponseKind;
  responseTime: string | null;
  seq: number;
}

export type EventContent = Omit<EventRecord, "id" | "mailboxId" | "changeKey" | "createdAt" | "modifiedAt" | "seq">;

export interface AttachmentRecord {
  id: string;
  eventId: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  modifiedAt: string;
}

export type ChangeKind = "created" | "updated" | "deleted";
export interface Change {
  seq: number;
  eventId: string;
  mailboxId: string;
  kind: ChangeKind;
  start: string;
  end: string;
}
