// The add-in's Graph read of one meeting's iCalUId (the MeetingIdentity port of src/sync): GET
// /me/events/{REST id}?$select=iCalUId as the signed-in user, with a delegated token (Calendars.Read: nested app
// authentication in production, the local Graph's dev token in the workbench). Plain fetch, no SDK and nothing of
// Node: it runs in the task pane. Office.js knows items by their EWS id; Graph by the REST id, converted as Office.js
// documents (mailbox.convertToRestId(id, RestVersion.v2_0)) by the caller's `toRestId`. One request, no retry: the
// rules in core/identity.ts allow one per meeting, and a failure only means the sync service links it later.
import { isICalUId } from "../core/identity";
import type { MeetingIdentity } from "../sync/meetingIdentity";

export interface GraphMeetingIdentityOptions {
  /** Microsoft Graph with its version, e.g. https://graph.microsoft.com/v1.0. */
  baseUrl: string;
  /** A delegated Graph token (scope Calendars.Read) for the signed-in user. */
  getToken(): Promise<string>;
  /** Office.js (EWS) item id -> Graph REST id. */
  toRestId(itemId: string): string;
  fetch: typeof fetch;
}

/** Graph did not answer the read with the event (refused, throttled, down, or an unreadable answer). */
export class GraphReadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "GraphReadError";
  }
}

export function createGraphMeetingIdentity(options: GraphMeetingIdentityOptions): MeetingIdentity {
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async iCalUIdOf(itemId) {
      const restId = options.toRestId(itemId);
      if (!restId) throw new GraphReadError("Outlook gave no REST id for the item.");
      const token = await options.getToken();
      const url = `${base}/me/events/${encodeURIComponent(restId)}?$select=iCalUId`;
      const res = await options.fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      });
      // The event is not in this mailbox (removed meanwhile): there is nothing to link.
      if (res.status === 404) return null;
      if (!res.ok) throw new GraphReadError(`Microsoft Graph answered HTTP ${res.status}.`, res.status);
      const body = (await res.json().catch(() => null)) as { iCalUId?: unknown } | null;
      if (!body || typeof body !== "object") throw new GraphReadError("Microsoft Graph's answer could not be read.");
      return isICalUId(body.iCalUId) ? body.iCalUId : null;
    },
  };
}
