// Item ids. Graph (REST) ids and the EWS-style ids Office.js gives the add-in encode the same bytes in base64: REST in
// the URL-safe alphabet ('-', '_'), EWS in the standard one ('+', '/'). Office.js converts with
// mailbox.convertToRestId / convertToEwsId; these are the same conversions. Every id is made to contain at least one
// of those characters, so code that forgets to convert fails here as it would against Exchange.
import { randomBytes, randomUUID } from "node:crypto";

export const restIdFromEws = (ewsId: string): string => ewsId.replace(/\//g, "-").replace(/\+/g, "_");
export const ewsIdFromRest = (restId: string): string => restId.replace(/-/g, "/").replace(/_/g, "+");

/** A new REST id for a calendar item (the "AAMkA" prefix is what Exchange Online's item ids start with). */
export function newRestId(): string {
  for (;;) {
    const id = `AAMkA${randomBytes(48).toString("base64url")}`;
    if (/[-_]/.test(id)) return id;
  }
}

export const newAttachmentId = (): string => `AAMkA${randomBytes(30).toString("base64url")}=`;

/** iCalendar UID as Exchange writes it: a hex blob starting with the Outlook UID prefix. */
export const newICalUId = (): string =>
  `040000008200E00074C5B7101A82E00800000000${randomBytes(24).toString("hex").toUpperCase()}`;

export const newChangeKey = (): string => randomBytes(18).toString("base64");

export const newGuid = (): string => randomUUID();
