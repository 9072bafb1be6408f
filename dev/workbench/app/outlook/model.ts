// What the simulated Outlook is made of: calendar items (one per mailbox), the open form, Smart Alerts, the log of
// add-in invocations, and the pure helpers that turn a user's fields into an item.
import type {
  AttachmentData,
  AttendeeResponse,
  NotificationData,
  Recipient,
  RecurrenceData,
  RecurrenceKind,
} from "../../shared/bridge";
import { personFor } from "./people";

export interface Attendee extends Recipient {
  response: AttendeeResponse;
}

export interface MeetingFields {
  subject: string;
  start: string;
  end: string;
  location: string;
  requiredAttendees: string[];
  optionalAttendees: string[];
  notes: string;
  isPrivate: boolean;
  recurrence: RecurrenceKind | null;
}

/** One calendar item in one user's mailbox. The organizer's copy and each attendee's copy are separate items. */
export interface CalendarItem {
  itemId: string;
  owner: string;
  /** Shared by every copy of the same meeting (the iCalendar UID). */
  uid: string;
  subject: string;
  start: string;
  end: string;
  location: string;
  organizer: Recipient;
  required: Attendee[];
  optional: Attendee[];
  notes: string;
  attachments: AttachmentData[];
  recurrence: RecurrenceKind | null;
  isPrivate: boolean;
  isCancelled: boolean;
  isOrganizer: boolean;
  /** The organizer has sent the invitation at least once. */
  sent: boolean;
  myResponse: AttendeeResponse;
  /** The add-in's custom properties on this item (never sent to attendees). */
  customProperties: Record<string, unknown>;
  created: string;
  modified: string;
}

export type Draft = Omit<CalendarItem, "itemId" | "owner" | "created" | "modified" | "customProperties">;

export interface Form {
  id: string;
  mode: "compose" | "read";
  owner: string;
  /** Absent until the form is first saved (Outlook has no item id before save). */
  itemId?: string;
  draft: Draft;
  customProperties: Record<string, unknown>;
  sessionData: Record<string, string>;
  notifications: NotificationData[];
  state: "open" | "sending" | "closed";
}

export interface SmartAlert {
  message: string;
  sendMode: string;
  actions: ("sendAnyway" | "dontSend")[];
  cancelLabel?: string;
  /** "slow": Outlook's "taking longer than expected" dialog, shown while the handler still runs (it closes itself
   * when the handler completes). */
  reason: "addin" | "timeout" | "error" | "slow";
}

/** One add-in function Outlook ran: the log tests read to tell which add-in events ran, in which client. */
export interface Invocation {
  id: string;
  functionName: string;
  eventType: string;
  client: "classic" | "new" | "mobile";
  formId: string;
  /** The item's id when the event was raised (absent for a never-saved draft). */
  itemId?: string;
  startedAt: number;
  finishedAt?: number;
  outcome?: "completed" | "timeout" | "notAssociated" | "loadFailed";
  options?: Record<string, unknown>;
}

export interface NotificationLogEntry {
  at: string;
  itemId?: string;
  subject: string;
  op: "add" | "replace" | "remove";
  key: string;
  type?: string;
  message?: string;
}

/** A new EWS-style item id (what Office.js gives an add-in): standard base64, with at least one '+' or '/' so that
 * it always differs from its REST form (convertToRestId). */
export function newItemId(): string {
  for (;;) {
    const bytes = new Uint8Array(48);
    crypto.getRandomValues(bytes);
    const id = `AAMkA${btoa(String.fromCharCode(...bytes))}`;
    if (/[+/]/.test(id)) return id;
  }
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const htmlToText = (html: string) => {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("br").forEach((br) => br.replaceWith("\n"));
  doc.querySelectorAll("p,div").forEach((el) => el.append("\n"));
  return (doc.body.textContent ?? "").replace(/\n+$/, "");
};

/** Base64 without whitespace (one pass only when there is whitespace: attachments can be 33 MB of text). */
export const stripWhitespace = (base64: string) => (/\s/.test(base64) ? base64.replace(/\s/g, "") : base64);

export function base64Size(clean: string): number {
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

export function recurrenceData(kind: RecurrenceKind | null, start: string, end: string): RecurrenceData | null {
  if (!kind) return null;
  const s = new Date(start);
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  return {
    recurrenceType: kind,
    recurrenceProperties: kind === "weekly" ? { interval: 1, days: [days[s.getDay()] ?? "mon"] } : { interval: 1 },
    seriesTime: {
      startDate: `${s.getFullYear()}-${pad(s.getMonth() + 1)}-${pad(s.getDate())}`,
      endDate: null,
      startTime: `${pad(s.getHours())}:${pad(s.getMinutes())}`,
      durationMinutes: Math.round((Date.parse(end) - Date.parse(start)) / 60000),
    },
    recurrenceTimeZone: { name: Intl.DateTimeFormat().resolvedOptions().timeZone },
  };
}

export const toIso = (v: string) => {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`Not a date: ${v}`);
  return new Date(t).toISOString();
};

/** The user's fields applied to a draft (a new one when there is no base), as Outlook's form would take them. */
export function fieldsToDraft(
  fields: Partial<MeetingFields>,
  base: Draft | undefined,
  now: Date,
  user: Recipient,
): Draft {
  const start = fields.start
    ? toIso(fields.start)
    : (base?.start ?? new Date(Math.ceil(now.getTime() / 1_800_000) * 1_800_000).toISOString());
  const end = fields.end ? toIso(fields.end) : (base?.end ?? new Date(Date.parse(start) + 30 * 60_000).toISOString());
  const attendees = (emails: string[] | undefined, prior: Attendee[] | undefined) =>
    emails === undefined
      ? (prior ?? [])
      : emails.map((e) => {
          const p = personFor(e);
          return {
            ...p,
            response: prior?.find((a) => a.email === p.email)?.response ?? ("none" as AttendeeResponse),
          };
        });
  return {
    uid: base?.uid ?? crypto.randomUUID(),
    subject: fields.subject ?? base?.subject ?? "",
    start,
    end,
    location: fields.location ?? base?.location ?? "",
    organizer: base?.organizer ?? user,
    required: attendees(fields.requiredAttendees, base?.required),
    optional: attendees(fields.optionalAttendees, base?.optional),
    notes: fields.notes ?? base?.notes ?? "",
    attachments: base?.attachments ?? [],
    recurrence: fields.recurrence === undefined ? (base?.recurrence ?? null) : fields.recurrence,
    isPrivate: fields.isPrivate ?? base?.isPrivate ?? false,
    isCancelled: base?.isCancelled ?? false,
    isOrganizer: base?.isOrganizer ?? true,
    sent: base?.sent ?? false,
    myResponse: base?.myResponse ?? "organizer",
  };
}
