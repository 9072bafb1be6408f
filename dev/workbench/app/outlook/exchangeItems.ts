// The Outlook protocol's shapes (dev/graph/README.md, "Outlook protocol") and their translation to and from the
// workbench's calendar items. Exchange keeps the body as HTML and each add-in's custom properties as one JSON string.
import type { AttendeeResponse, Recipient, RecurrenceKind } from "../../shared/bridge";
import type { Attendee, CalendarItem, Draft } from "./model";

type ExchangeResponse = "none" | "organizer" | "tentativelyAccepted" | "accepted" | "declined" | "notResponded";

export interface ExchangeItem {
  itemId: string;
  restId: string;
  mailbox: string;
  iCalUId: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  subject: string;
  body: string;
  bodyText?: string;
  start: string;
  end: string;
  location: string;
  sensitivity: "normal" | "personal" | "private" | "confidential";
  recurrence: { pattern: { type: string } } | null;
  organizer: Recipient;
  attendees: (Recipient & { type: "required" | "optional" | "resource"; response: ExchangeResponse })[];
  isOrganizer: boolean;
  isDraft: boolean;
  isCancelled: boolean;
  responseStatus: ExchangeResponse;
  attachments: { id: string; name: string; contentType: string; size: number; isInline: boolean }[];
  customProperties: Record<string, string>;
}

export const fromExchangeResponse = (r: ExchangeResponse): AttendeeResponse =>
  r === "tentativelyAccepted" ? "tentative" : r === "notResponded" ? "none" : r;

/** A content reference that names an attachment kept by Exchange (fetched when the add-in asks for it). */
export const exchangeContentRef = (mailbox: string, itemId: string, attachmentId: string) =>
  `exchange|${mailbox}|${itemId}|${attachmentId}`;

export function parseExchangeContentRef(ref: string) {
  const [kind, mailbox, itemId, attachmentId] = ref.split("|");
  return kind === "exchange" && mailbox && itemId && attachmentId ? { mailbox, itemId, attachmentId } : undefined;
}

export function toCalendarItem(x: ExchangeItem, addinId: string): CalendarItem {
  const attendee = (a: ExchangeItem["attendees"][number]): Attendee => ({
    email: a.email,
    name: a.name,
    response: fromExchangeResponse(a.response),
  });
  let customProperties: Record<string, unknown> = {};
  const json = x.customProperties[addinId];
  if (json) {
    try {
      customProperties = JSON.parse(json) as Record<string, unknown>;
    } catch {
      customProperties = {};
    }
  }
  const kind = x.recurrence?.pattern.type;
  return {
    itemId: x.itemId,
    owner: x.mailbox,
    uid: x.iCalUId,
    subject: x.subject,
    start: new Date(x.start).toISOString(),
    end: new Date(x.end).toISOString(),
    location: x.location,
    organizer: x.organizer,
    required: x.attendees.filter((a) => a.type === "required").map(attendee),
    optional: x.attendees.filter((a) => a.type === "optional").map(attendee),
    notes: x.bodyText ?? "",
    attachments: x.attachments.map((a) => ({
      ...a,
      attachmentType: "file",
      contentRef: exchangeContentRef(x.mailbox, x.itemId, a.id),
    })),
    recurrence: kind === "daily" || kind === "weekly" ? (kind as RecurrenceKind) : null,
    isPrivate: x.sensitivity === "private",
    isCancelled: x.isCancelled,
    isOrganizer: x.isOrganizer,
    sent: !x.isDraft,
    myResponse: fromExchangeResponse(x.responseStatus),
    customProperties,
    created: x.createdDateTime,
    modified: x.lastModifiedDateTime,
  };
}

/** The form's fields as Exchange takes them (attendees: the full list; the body as text, Exchange wraps it). */
export function toExchangeFields(d: Draft) {
  const days = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
  const start = new Date(d.start);
  return {
    subject: d.subject,
    body: { contentType: "text", content: d.notes },
    start: d.start,
    end: d.end,
    timeZone: "UTC",
    location: d.location,
    attendees: [
      ...d.required.map((a) => ({ email: a.email, name: a.name, type: "required" })),
      ...d.optional.map((a) => ({ email: a.email, name: a.name, type: "optional" })),
    ],
    sensitivity: d.isPrivate ? "private" : "normal",
    recurrence: d.recurrence
      ? {
          pattern: {
            type: d.recurrence,
            interval: 1,
            ...(d.recurrence === "weekly" ? { daysOfWeek: [days[start.getUTCDay()]] } : {}),
          },
          range: { type: "noEnd", startDate: d.start.slice(0, 10) },
        }
      : null,
  };
}
