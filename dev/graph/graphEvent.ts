// One mailbox copy as Graph v1.0 gives it (microsoft.graph.event), with $select and the add-in's extended properties
// through $expand=singleValueExtendedProperties($filter=id eq '...'). Date-times in UTC unless a zone is preferred.
import type * as Graph from "@microsoft/microsoft-graph-types";
import { htmlToText } from "./body";
import { dateTimeTimeZone } from "./timezones";
import type { EventRecord, Store } from "./store";

export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const NEVER = "0001-01-01T00:00:00Z";

/** The properties $select may name (what this Graph serves of microsoft.graph.event). */
export const EVENT_PROPERTIES = [
  "id",
  "createdDateTime",
  "lastModifiedDateTime",
  "changeKey",
  "categories",
  "originalStartTimeZone",
  "originalEndTimeZone",
  "iCalUId",
  "reminderMinutesBeforeStart",
  "isReminderOn",
  "hasAttachments",
  "subject",
  "bodyPreview",
  "importance",
  "sensitivity",
  "isAllDay",
  "isCancelled",
  "isOrganizer",
  "responseRequested",
  "seriesMasterId",
  "showAs",
  "type",
  "webLink",
  "isOnlineMeeting",
  "allowNewTimeProposals",
  "isDraft",
  "responseStatus",
  "body",
  "start",
  "end",
  "location",
  "locations",
  "recurrence",
  "attendees",
  "organizer",
] as const;

export function graphEvent(store: Store, e: EventRecord, zone?: string): Graph.Event & { "@odata.etag": string } {
  const attachments = store.attachments(e.id);
  const text = htmlToText(e.bodyHtml);
  const location: Graph.Location = {
    displayName: e.location,
    locationType: "default",
    uniqueIdType: "unknown",
    address: {},
    coordinates: {},
  };
  return {
    "@odata.etag": `W/"${e.changeKey}"`,
    id: e.id,
    createdDateTime: e.createdAt,
    lastModifiedDateTime: e.modifiedAt,
    changeKey: e.changeKey,
    categories: [],
    originalStartTimeZone: e.timeZone,
    originalEndTimeZone: e.timeZone,
    iCalUId: e.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: !e.isOrganizer || !e.isDraft,
    hasAttachments: attachments.some((a) => !a.isInline),
    subject: e.subject,
    bodyPreview: text.replace(/\s+/g, " ").trim().slice(0, 255),
    importance: "normal",
    sensitivity: e.sensitivity,
    isAllDay: e.isAllDay,
    isCancelled: e.isCancelled,
    isOrganizer: e.isOrganizer,
    responseRequested: true,
    seriesMasterId: null,
    showAs: e.isCancelled
      ? "free"
      : e.response === "tentativelyAccepted" || e.response === "notResponded"
        ? "tentative"
        : "busy",
    type: e.recurrence ? "seriesMaster" : "singleInstance",
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(e.id)}&exvsurl=1&path=/calendar/item`,
    isOnlineMeeting: false,
    allowNewTimeProposals: true,
    isDraft: e.isDraft,
    responseStatus: { response: e.response, time: e.responseTime ?? NEVER },
    body: { contentType: "html", content: e.bodyHtml },
    start: dateTimeTimeZone(e.start, zone),
    end: dateTimeTimeZone(e.end, zone),
    location,
    locations: e.location ? [location] : [],
    recurrence: e.recurrence
      ? {
          pattern: {
            type: e.recurrence.pattern.type,
            interval: e.recurrence.pattern.interval,
            daysOfWeek: (e.recurrence.pattern.daysOfWeek ?? []) as Graph.DayOfWeek[],
            month: 0,
            dayOfMonth: 0,
            firstDayOfWeek: "sunday",
            index: "first",
          },
          range: {
            type: e.recurrence.range.type,
            startDate: e.recurrence.range.startDate,
            endDate: e.recurrence.range.endDate ?? "0001-01-01",
            recurrenceTimeZone: e.timeZone,
            numberOfOccurrences: 0,
          },
        }
      : null,
    attendees: e.attendees.map((a) => ({
      type: a.type,
      status: { response: a.response === "notResponded" ? "none" : a.response, time: a.respondedAt ?? NEVER },
      emailAddress: { name: a.name, address: a.email },
    })),
    organizer: { emailAddress: { name: e.organizer.name, address: e.organizer.email } },
  };
}

/** `$select=a,b` → the names, checked against what the event type has. */
export function parseSelect(select: string | undefined): string[] | undefined {
  if (!select) return undefined;
  const names = select
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(EVENT_PROPERTIES as readonly string[]).includes(n)) {
      throw new GraphRequestError(
        400,
        "RequestBroker--ParseUri",
        `Could not find a property named '${n}' on type 'microsoft.graph.event'.`,
      );
    }
  }
  return names;
}

/** `$expand=singleValueExtendedProperties($filter=id eq '...')` → the property ids asked for (or all). */
export function parseExpand(expand: string | undefined): { ids: string[] | "all" } | undefined {
  if (!expand) return undefined;
  const m = /^\s*singleValueExtendedProperties\s*(?:\(\s*\$filter\s*=\s*(.+)\))?\s*$/i.exec(expand);
  if (!m)
    throw new GraphRequestError(
      400,
      "BadRequest",
      `Parsing OData Select and Expand failed: '${expand}' is not an expandable property of this Graph.`,
    );
  if (!m[1]) return { ids: "all" };
  const ids = m[1].split(/\s+or\s+/i).map((clause) => {
    const c = /^\s*id\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    if (!c?.[1])
      throw new GraphRequestError(
        400,
        "BadRequest",
        `Invalid filter clause: ${clause.trim()} (expected id eq '<property id>').`,
      );
    return c[1].replace(/''/g, "'");
  });
  return { ids };
}

/** Graph gives the property id back with the property set GUID in lower case. */
const normalizeId = (id: string) => id.replace(/\{[0-9A-F-]+\}/i, (g) => g.toLowerCase());

export function shapeEvent(
  store: Store,
  e: EventRecord,
  query: { select?: string[]; expand?: { ids: string[] | "all" }; zone?: string },
) {
  const full = graphEvent(store, e, query.zone) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { "@odata.etag": full["@odata.etag"] };
  if (query.select) {
    out.id = full.id;
    for (const n of query.select) out[n] = full[n];
  } else Object.assign(out, full);
  if (query.expand) {
    const wanted = query.expand.ids === "all" ? undefined : query.expand.ids.map((i) => normalizeId(i).toLowerCase());
    const props = store
      .extendedProperties(e.id)
      .filter((p) => !wanted || wanted.includes(normalizeId(p.id).toLowerCase()))
      .map((p) => ({ id: normalizeId(p.id), value: p.value }));
    // Graph leaves the navigation property out when nothing matches.
    if (props.length) out.singleValueExtendedProperties = props;
  }
  return out;
}
