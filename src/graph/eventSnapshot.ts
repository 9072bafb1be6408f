// One mailbox's copy of a meeting, as Microsoft Graph v1.0 gives it (microsoft.graph.event), read into the same
// MeetingSnapshot the Office.js reader (src/office/mailboxItem.ts) builds, so the same plan() and fingerprint apply.
// Where the two APIs differ, the snapshot follows what the add-in sees:
// - the body: Graph gives Exchange's HTML, Office.js gives text (./htmlText.ts);
// - the item id: Office.js gives EWS ids, Graph REST ids (the same bytes; convertToEwsId swaps the base64 alphabet);
// - attendees: Office.js lists required and optional attendees; rooms and equipment (type "resource") are not among
//   them, so they never count as people or colleagues here either;
// - responses: Graph's tentativelyAccepted/notResponded are Office.js's tentative/none;
// - cancellation: Graph has the flag Office.js lacks (isCancelled), so no subject prefix is guessed;
// - date-times: asked for in UTC (Prefer: outlook.timezone="UTC"); an all-day meeting's dates are read in the zone it
//   was created in (originalStartTimeZone), as Outlook shows them.
import type * as Graph from "@microsoft/microsoft-graph-types";
import type { AttachmentInfo, Attendee, AttendeeResponse, MeetingSnapshot, Person, Sensitivity } from "../core/meeting";
import { organizerVersionOf } from "../core/organizerVersion";
import { htmlToText } from "./htmlText";
import { windowsZoneToIana } from "./windowsZones";

/** The fields of an event the snapshot needs ($select). */
export const SNAPSHOT_FIELDS = [
  "id",
  "iCalUId",
  "changeKey",
  "lastModifiedDateTime",
  "subject",
  "body",
  "start",
  "end",
  "isAllDay",
  "originalStartTimeZone",
  "location",
  "organizer",
  "attendees",
  "isOrganizer",
  "responseStatus",
  "isCancelled",
  "isDraft",
  "sensitivity",
  "type",
  "recurrence",
  "hasAttachments",
] as const;

export class GraphEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GraphEventError";
  }
}

/** Office.js convertToEwsId: the REST id's URL-safe base64 alphabet back to the standard one. */
export const ewsIdFromRestId = (restId: string): string => restId.replace(/-/g, "/").replace(/_/g, "+");

const lower = (s: string | null | undefined): string => (s ?? "").trim().toLowerCase();

const personOf = (r: Graph.Recipient | null | undefined): Person => ({
  email: lower(r?.emailAddress?.address),
  name: (r?.emailAddress?.name ?? "").trim(),
});

export const responseOf = (r: Graph.ResponseType | null | undefined): AttendeeResponse => {
  switch (r) {
    case "organizer":
    case "accepted":
    case "declined":
      return r;
    case "tentativelyAccepted":
      return "tentative";
    default:
      return "none";
  }
};

const SENSITIVITIES: readonly string[] = ["normal", "personal", "private", "confidential"];
// Unknown means Graph did not say: treat it as private, so a meeting is never synced by mistake (as Office.js does).
const sensitivityOf = (s: string | null | undefined): Sensitivity =>
  SENSITIVITIES.includes(lower(s)) ? (lower(s) as Sensitivity) : "private";

/** A Graph dateTimeTimeZone asked for in UTC, as an ISO instant. */
export const instantOf = (d: Graph.DateTimeTimeZone | null | undefined, what: string): string => {
  const text = d?.dateTime;
  const zone = d?.timeZone ?? "UTC";
  if (!text || (zone !== "UTC" && zone !== "Etc/UTC"))
    throw new GraphEventError(`Graph gave the ${what} time as ${JSON.stringify(d)}; it was asked for in UTC.`);
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(ms)) throw new GraphEventError(`Graph gave an unreadable ${what} time: ${text}.`);
  return new Date(ms).toISOString();
};

/** The calendar date (YYYY-MM-DD) of an instant in a Windows or IANA zone; undefined for a zone not known here. */
export const dateIn = (instant: string, zone: string | null | undefined): string | undefined => {
  const iana = windowsZoneToIana(zone ?? "UTC") ?? (zone ?? "UTC").trim();
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: iana,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(new Date(instant));
    const get = (t: string) => parts.find((p) => p.type === t)?.value;
    return `${get("year")}-${get("month")}-${get("day")}`;
  } catch {
    return undefined;
  }
};

const attendeesOf = (list: Graph.Attendee[] | null | undefined): Attendee[] =>
  (list ?? [])
    .filter((a) => a.type === "required" || a.type === "optional")
    .map((a) => ({
      ...personOf(a),
      type: a.type === "optional" ? "optional" : "required",
      response: responseOf(a.status?.response),
    }));

export interface GraphAttachmentInfo {
  id?: string | null;
  name?: string | null;
  size?: number | null;
  contentType?: string | null;
  isInline?: boolean | null;
  "@odata.type"?: string;
}

const kindOf = (odataType: string | undefined): AttachmentInfo["kind"] =>
  /itemAttachment/i.test(odataType ?? "") ? "item" : /referenceAttachment/i.test(odataType ?? "") ? "cloud" : "file";

export const attachmentOf = (a: GraphAttachmentInfo): AttachmentInfo => ({
  id: a.id ?? "",
  name: a.name ?? "",
  size: typeof a.size === "number" ? a.size : 0,
  contentType: (a.contentType ?? "").trim() || "application/octet-stream",
  isInline: Boolean(a.isInline),
  kind: kindOf(a["@odata.type"]),
});

/**
 * The snapshot of `event` in the mailbox of `mailbox` (the user whose calendar it is). `attachments` are the event's
 * attachments (read separately: the event itself says only hasAttachments).
 */
export function snapshotFromGraphEvent(
  event: Graph.Event,
  mailbox: Person,
  attachments: readonly GraphAttachmentInfo[] = [],
): MeetingSnapshot {
  if (!event.id) throw new GraphEventError("Graph gave an event without an id.");
  const user: Person = { email: lower(mailbox.email), name: mailbox.name.trim() };
  const start = instantOf(event.start, "start");
  const end = instantOf(event.end, "end");
  const organizer = personOf(event.organizer);
  const isOrganizer = event.isOrganizer === true;
  const body = event.body?.content ?? "";
  const notes = event.body?.contentType === "text" ? body : htmlToText(body);
  const allDay: Pick<MeetingSnapshot, "isAllDay" | "allDayDates"> = {};
  if (event.isAllDay) {
    const s = dateIn(start, event.originalStartTimeZone);
    const e = dateIn(end, event.originalStartTimeZone);
    allDay.isAllDay = true;
    if (s && e) allDay.allDayDates = { start: s, end: e };
  }
  return {
    itemId: ewsIdFromRestId(event.id),
    subject: event.subject ?? "",
    start,
    end,
    location: event.location?.displayName ?? "",
    organizer: organizer.email ? organizer : user,
    attendees: attendeesOf(event.attendees),
    notes,
    attachments: attachments.map(attachmentOf),
    isRecurring: Boolean(event.recurrence) || (event.type !== undefined && event.type !== "singleInstance"),
    sensitivity: sensitivityOf(event.sensitivity),
    isCancelled: event.isCancelled === true,
    role: isOrganizer ? "organizer" : "attendee",
    user,
    userResponse: isOrganizer ? "organizer" : responseOf(event.responseStatus?.response),
    // A meeting its organizer saved but never sent exists only for them: like a new form, only a send commits it.
    isNew: isOrganizer && event.isDraft === true,
    ...allDay,
    ...versionOf(event),
  };
}

// ---- the copy's Outlook version (core/organizerVersion.ts): two MAPI named properties, the same in every copy that
// received the organizer's update. Not lastModifiedDateTime: it moves with this mailbox's own response or reminder.

/** PidLidAppointmentSequence (PSETID_Appointment, 0x8201, PtypInteger32): the iCalendar SEQUENCE. */
export const APPOINTMENT_SEQUENCE_ID = "Integer {00062002-0000-0000-C000-000000000046} Id 0x8201";
/** PidLidOwnerCriticalChange (PSETID_Meeting, 0x1A, PtypTime): when the organizer sent this version. */
export const OWNER_CRITICAL_CHANGE_ID = "SystemTime {6ED8DA90-450B-101B-98DA-00AA003F1305} Id 0x1a";

/** `$expand` bringing the add-in's custom properties (`customPropertiesId`) and the copy's version in one read. */
export const eventExpand = (customPropertiesId: string): string =>
  `singleValueExtendedProperties($filter=${[customPropertiesId, APPOINTMENT_SEQUENCE_ID, OWNER_CRITICAL_CHANGE_ID]
    .map((id) => `id eq '${id.replace(/'/g, "''")}'`)
    .join(" or ")})`;

const propertyValue = (event: Graph.Event, id: string): string | undefined =>
  (event.singleValueExtendedProperties ?? []).find((p) => (p.id ?? "").toLowerCase() === id.toLowerCase())?.value ??
  undefined;

const versionOf = (event: Graph.Event): Pick<MeetingSnapshot, "organizerVersion"> => {
  const version = organizerVersionOf(
    propertyValue(event, APPOINTMENT_SEQUENCE_ID),
    propertyValue(event, OWNER_CRITICAL_CHANGE_ID),
  );
  return version ? { organizerVersion: version } : {};
};
