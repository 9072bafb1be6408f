// A calendar item as the events table stores it (snake_case columns, 0/1 flags, JSON for recurrence and attendees)
// and the mapping both ways. Apart from store.ts, which keeps the rows consistent and logs each change.
import type { EventContent, EventRecord, Recurrence, ResponseKind, Sensitivity, StoredAttendee } from "./model";

export interface EventRow {
  id: string;
  mailbox_id: string;
  ical_uid: string;
  change_key: string;
  created_at: string;
  modified_at: string;
  subject: string;
  body_html: string;
  start_at: string;
  end_at: string;
  time_zone: string;
  is_all_day: number;
  location: string;
  sensitivity: string;
  recurrence: string | null;
  organizer_email: string;
  organizer_name: string;
  attendees: string;
  is_organizer: number;
  is_draft: number;
  is_cancelled: number;
  response: string;
  response_time: string | null;
  seq: number;
}

export const fromRow = (r: EventRow): EventRecord => ({
  id: r.id,
  mailboxId: r.mailbox_id,
  iCalUId: r.ical_uid,
  changeKey: r.change_key,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
  subject: r.subject,
  bodyHtml: r.body_html,
  start: r.start_at,
  end: r.end_at,
  timeZone: r.time_zone,
  isAllDay: r.is_all_day === 1,
  location: r.location,
  sensitivity: r.sensitivity as Sensitivity,
  recurrence: r.recurrence ? (JSON.parse(r.recurrence) as Recurrence) : null,
  organizer: { email: r.organizer_email, name: r.organizer_name },
  attendees: JSON.parse(r.attendees) as StoredAttendee[],
  isOrganizer: r.is_organizer === 1,
  isDraft: r.is_draft === 1,
  isCancelled: r.is_cancelled === 1,
  response: r.response as ResponseKind,
  responseTime: r.response_time,
  seq: r.seq,
});

export const contentParams = (c: EventContent) => ({
  ical_uid: c.iCalUId,
  subject: c.subject,
  body_html: c.bodyHtml,
  start_at: c.start,
  end_at: c.end,
  time_zone: c.timeZone,
  is_all_day: c.isAllDay ? 1 : 0,
  location: c.location,
  sensitivity: c.sensitivity,
  recurrence: c.recurrence ? JSON.stringify(c.recurrence) : null,
  organizer_email: c.organizer.email,
  organizer_name: c.organizer.name,
  attendees: JSON.stringify(c.attendees),
  is_organizer: c.isOrganizer ? 1 : 0,
  is_draft: c.isDraft ? 1 : 0,
  is_cancelled: c.isCancelled ? 1 : 0,
  response: c.response,
  response_time: c.responseTime,
});
