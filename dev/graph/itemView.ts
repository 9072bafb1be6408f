// The Outlook protocol's view of one mailbox copy (the `Item` shape in README.md): EWS item id for Office.js, the
// REST id beside it, the body as Exchange keeps it (HTML) and as a client shows it (text).
import { htmlToText } from "./body";
import { CUSTOM_PROPERTIES_SET } from "./exchange";
import { ewsIdFromRest } from "./ids";
import type { EventRecord, Store } from "./store";

const CECP = new RegExp(`^String ${CUSTOM_PROPERTIES_SET.replace(/[{}]/g, "\\$&")} Name cecp-(.+)$`, "i");

export function itemView(store: Store, e: EventRecord) {
  const mailbox = store.mailbox(e.mailboxId);
  const customProperties: Record<string, string> = {};
  for (const p of store.extendedProperties(e.id)) {
    const m = CECP.exec(p.id);
    if (m?.[1]) customProperties[m[1]] = p.value;
  }
  return {
    itemId: ewsIdFromRest(e.id),
    restId: e.id,
    mailbox: mailbox?.email ?? "",
    iCalUId: e.iCalUId,
    changeKey: e.changeKey,
    createdDateTime: e.createdAt,
    lastModifiedDateTime: e.modifiedAt,
    subject: e.subject,
    body: e.bodyHtml,
    bodyText: htmlToText(e.bodyHtml),
    start: e.start,
    end: e.end,
    timeZone: e.timeZone,
    isAllDay: e.isAllDay,
    location: e.location,
    sensitivity: e.sensitivity,
    recurrence: e.recurrence,
    type: e.recurrence ? "seriesMaster" : "singleInstance",
    organizer: e.organizer,
    attendees: e.attendees,
    isOrganizer: e.isOrganizer,
    isDraft: e.isDraft,
    isCancelled: e.isCancelled,
    responseStatus: e.response,
    attachments: store.attachments(e.id).map((a) => ({
      id: a.id,
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      isInline: a.isInline,
    })),
    customProperties,
  };
}

export type ItemView = ReturnType<typeof itemView>;
