// How the open form looks through Office.js: recipient details, read-mode property values, compose getters.
import type {
  AttendeeResponse,
  ComposeField,
  ItemDescription,
  ReadItemData,
  Recipient,
  RecipientDetails,
} from "../../shared/bridge";
import { type Attendee, type CalendarItem, type Draft, type Form, recurrenceData } from "./model";
import { FIRM_DOMAIN } from "./people";

export function details(a: Attendee | Recipient, response: AttendeeResponse): RecipientDetails {
  return {
    emailAddress: a.email,
    displayName: a.name,
    appointmentResponse: response,
    recipientType: a.email.endsWith(`@${FIRM_DOMAIN}`) ? "user" : "externalUser",
  };
}

export function readData(form: Form, item: CalendarItem | undefined, now: Date): ReadItemData {
  const d = form.draft;
  return {
    itemId: form.itemId!,
    subject: d.subject,
    start: d.start,
    end: d.end,
    location: d.location,
    organizer: details(d.organizer, "organizer"),
    requiredAttendees: d.required.map((a) => details(a, a.response)),
    optionalAttendees: d.optional.map((a) => details(a, a.response)),
    attachments: d.attachments.map(({ contentRef: _ref, ...a }) => a),
    recurrence: recurrenceData(d.recurrence, d.start, d.end),
    sensitivity: d.isPrivate ? "private" : "normal",
    dateTimeCreated: item?.created ?? now.toISOString(),
    dateTimeModified: item?.modified ?? now.toISOString(),
    isAllDayEvent: false,
  };
}

export function describe(form: Form | null, item: CalendarItem | undefined, now: Date): ItemDescription | null {
  if (!form) return null;
  if (form.mode === "compose") return { mode: "compose", itemType: "appointment" };
  return { mode: "read", itemType: "appointment", itemId: form.itemId, read: readData(form, item, now) };
}

/** A compose-mode property as `item.<field>.getAsync` answers it. */
export function composeValue(d: Draft, field: ComposeField): unknown {
  switch (field) {
    case "subject":
      return d.subject;
    case "location":
      return d.location;
    case "start":
      return d.start;
    case "end":
      return d.end;
    case "organizer":
      return details(d.organizer, "organizer");
    case "requiredAttendees":
      return d.required.map((a) => details(a, a.response));
    case "optionalAttendees":
      return d.optional.map((a) => details(a, a.response));
    case "recurrence":
      return recurrenceData(d.recurrence, d.start, d.end);
    case "sensitivity":
      return d.isPrivate ? "private" : "normal";
    case "isAllDayEvent":
      return false;
    case "attachments":
      return d.attachments.map((a) => ({
        id: a.id,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        isInline: a.isInline,
        attachmentType: a.attachmentType,
      }));
  }
}

export const themeColors = (theme: "light" | "dark") =>
  theme === "dark"
    ? {
        bodyBackgroundColor: "#1f1f1f",
        bodyForegroundColor: "#ffffff",
        controlBackgroundColor: "#2b2b2b",
        controlForegroundColor: "#ffffff",
        isDarkTheme: true,
      }
    : {
        bodyBackgroundColor: "#ffffff",
        bodyForegroundColor: "#242424",
        controlBackgroundColor: "#ffffff",
        controlForegroundColor: "#242424",
        isDarkTheme: false,
      };
