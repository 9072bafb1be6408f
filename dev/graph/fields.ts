// What an Outlook client submits for a meeting (the /exchange routes' `fields`), checked with clear messages, and
// merged onto an item's content. Exchange semantics (who gets which copy) are in exchange.ts.
import { normalizeHtml, textToHtml } from "./body";
import { ianaZone } from "./timezones";
import type { AttendeeType, EventContent, Recurrence, Sensitivity, StoredAttendee } from "./store";

export interface AttendeeIn {
  email: string;
  name?: string;
  type?: AttendeeType;
}

export interface FieldsIn {
  subject?: string;
  body?: string | { contentType: "text" | "html"; content: string };
  start?: string;
  end?: string;
  timeZone?: string;
  isAllDay?: boolean;
  location?: string;
  attendees?: AttendeeIn[];
  sensitivity?: Sensitivity;
  recurrence?: Recurrence | null;
}

export class ExchangeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ExchangeError";
  }
}

const invalid = (message: string) => new ExchangeError(400, "invalid", message);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SENSITIVITIES: Sensitivity[] = ["normal", "personal", "private", "confidential"];
const ATTENDEE_TYPES: AttendeeType[] = ["required", "optional", "resource"];

function instant(value: unknown, name: string): string {
  if (typeof value !== "string" || !/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(
      `fields.${name} must be an ISO 8601 date-time such as 2026-12-07T14:00:00Z, not ${JSON.stringify(value)}.`,
    );
  }
  return new Date(value).toISOString();
}

/** Checks the shape of `fields`; throws ExchangeError 400 naming the first bad field. */
export function checkFields(input: unknown): FieldsIn {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw invalid("fields must be an object.");
  const f = input as Record<string, unknown>;
  const known = [
    "subject",
    "body",
    "start",
    "end",
    "timeZone",
    "isAllDay",
    "location",
    "attendees",
    "sensitivity",
    "recurrence",
  ];
  const unknown = Object.keys(f).filter((k) => !known.includes(k));
  if (unknown.length) throw invalid(`fields has unknown member(s) ${unknown.join(", ")}; known: ${known.join(", ")}.`);
  for (const k of ["subject", "location", "timeZone"] as const) {
    if (f[k] !== undefined && typeof f[k] !== "string") throw invalid(`fields.${k} must be a string.`);
  }
  if (f.subject !== undefined && (f.subject as string).length > 255)
    throw invalid("fields.subject is longer than 255 characters.");
  if (f.timeZone !== undefined && !ianaZone(f.timeZone as string))
    throw invalid(`fields.timeZone "${String(f.timeZone)}" is not a known time zone.`);
  if (f.isAllDay !== undefined && typeof f.isAllDay !== "boolean")
    throw invalid("fields.isAllDay must be true or false.");
  if (f.start !== undefined) instant(f.start, "start");
  if (f.end !== undefined) instant(f.end, "end");
  if (f.sensitivity !== undefined && !SENSITIVITIES.includes(f.sensitivity as Sensitivity)) {
    throw invalid(`fields.sensitivity must be one of ${SENSITIVITIES.join(", ")}.`);
  }
  if (f.body !== undefined && typeof f.body !== "string") {
    const b = f.body as { contentType?: unknown; content?: unknown };
    if (
      typeof b !== "object" ||
      b === null ||
      (b.contentType !== "text" && b.contentType !== "html") ||
      typeof b.content !== "string"
    ) {
      throw invalid('fields.body must be text, or { contentType: "text" | "html", content }.');
    }
  }
  if (f.attendees !== undefined) {
    if (!Array.isArray(f.attendees)) throw invalid("fields.attendees must be a list.");
    f.attendees.forEach((a: unknown, i) => {
      const at = a as AttendeeIn;
      if (typeof at !== "object" || at === null || typeof at.email !== "string" || !EMAIL.test(at.email.trim())) {
        throw invalid(`fields.attendees[${i}].email must be an e-mail address.`);
      }
      if (at.type !== undefined && !ATTENDEE_TYPES.includes(at.type))
        throw invalid(`fields.attendees[${i}].type must be one of ${ATTENDEE_TYPES.join(", ")}.`);
    });
  }
  if (f.recurrence !== undefined && f.recurrence !== null) {
    const r = f.recurrence as Recurrence;
    if (
      !r.pattern ||
      !["daily", "weekly"].includes(r.pattern.type) ||
      !(Number.isInteger(r.pattern.interval) && r.pattern.interval >= 1) ||
      !r.range ||
      !["endDate", "noEnd"].includes(r.range.type) ||
      typeof r.range.startDate !== "string"
    ) {
      throw invalid(
        "fields.recurrence must be { pattern: { type: daily|weekly, interval >= 1 }, range: { type: endDate|noEnd, startDate } }.",
      );
    }
  }
  return f as FieldsIn;
}

export const bodyHtmlOf = (body: FieldsIn["body"]): string | undefined =>
  body === undefined
    ? undefined
    : typeof body === "string"
      ? textToHtml(body)
      : body.contentType === "html"
        ? normalizeHtml(body.content)
        : textToHtml(body.content);

/** Applies `fields` to an item's meeting content, keeping each attendee's known response. */
export function applyFields(content: EventContent, fields: FieldsIn, nameOf: (email: string) => string): EventContent {
  const next: EventContent = { ...content };
  if (fields.subject !== undefined) next.subject = fields.subject;
  const html = bodyHtmlOf(fields.body);
  if (html !== undefined) next.bodyHtml = html;
  if (fields.start !== undefined) next.start = instant(fields.start, "start");
  if (fields.end !== undefined) next.end = instant(fields.end, "end");
  if (fields.timeZone !== undefined) next.timeZone = fields.timeZone;
  if (fields.isAllDay !== undefined) next.isAllDay = fields.isAllDay;
  if (fields.location !== undefined) next.location = fields.location;
  if (fields.sensitivity !== undefined) next.sensitivity = fields.sensitivity;
  if (fields.recurrence !== undefined) next.recurrence = fields.recurrence;
  if (fields.attendees !== undefined) {
    const seen = new Set<string>();
    next.attendees = fields.attendees
      .map((a) => ({ ...a, email: a.email.trim().toLowerCase() }))
      .filter((a) => a.email !== content.organizer.email && !seen.has(a.email) && seen.add(a.email))
      .map((a): StoredAttendee => {
        const known = content.attendees.find((k) => k.email === a.email);
        return {
          email: a.email,
          name: a.name?.trim() || known?.name || nameOf(a.email),
          type: a.type ?? known?.type ?? "required",
          response: known?.response ?? "none",
          respondedAt: known?.respondedAt ?? null,
        };
      });
  }
  if (Date.parse(next.end) < Date.parse(next.start)) throw invalid("fields.end is before fields.start.");
  return next;
}
