// What the "one meeting, one record" contract tests (issue 14) share: raw HTTP calls through the harness's checked
// fetch (every answer is checked against the contract), and a meeting organized outside the firm that Alice and Bob
// both attend.
import { randomUUID } from "node:crypto";
import type { components } from "../../src/interaction/schema";
import { DAY, HOUR, type Harness } from "./harness";

export type S = components["schemas"];
export type Payload = S["MeetingPayload"];

export interface Answer<T = S["MeetingRecord"]> {
  status: number;
  body: T & { code?: string; message?: string };
  etag: string | null;
}

export function api(h: Harness) {
  const tokens = new Map<string, Promise<string>>();
  const call = async <T>(
    email: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> => {
    if (!tokens.has(email)) tokens.set(email, h.tokenFor(email));
    const response = await h.fetch(`${h.sandbox.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokens.get(email)}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as Answer<T>["body"],
      etag: response.headers.get("etag"),
    };
  };
  return {
    put: (email: string, key: string, payload: Payload, headers?: Record<string, string>) =>
      call<S["MeetingRecord"]>(email, "PUT", `/api/v1/meetings/${key}`, payload, headers),
    get: (email: string, key: string) => call<S["MeetingRecord"]>(email, "GET", `/api/v1/meetings/${key}`),
    remove: (email: string, key: string, body: S["LinkRemovalRequest"]) =>
      call<S["LinkRemoval"]>(email, "POST", `/api/v1/meetings/${key}/removal`, body),
    merge: (email: string, body: Partial<S["MergeRequest"]>) =>
      call<S["MergeReport"]>(email, "POST", "/api/v1/meeting-duplicates/merge", body),
    search: (email: string, query: string) =>
      call<S["CompanyMeetingPage"]>(email, "GET", `/api/v1/meetings?companyId=c-acme&limit=200&${query}`),
    upload: async (email: string, key: string, documentKey: string, text: string) => {
      if (!tokens.has(email)) tokens.set(email, h.tokenFor(email));
      const response = await h.fetch(`${h.sandbox.url}/api/v1/meetings/${key}/documents/${documentKey}`, {
        method: "PUT",
        headers: {
          authorization: `Bearer ${await tokens.get(email)}`,
          "content-type": "text/plain",
          "x-file-name": `${documentKey}.txt`,
        },
        body: text,
      });
      return response.status;
    },
  };
}

export const newUid = (): string => `040000008200E00074C5B7101A82E008-${randomUUID()}`;
let keys = 0;
export const key = (who: string): string => `sk-shared-${who}-${Date.now().toString(36)}-${(keys++).toString(36)}`;

/** Carol (Acme, outside the firm) invites Alice and Bob (and a room); `as` is whose copy this is. */
export function invitation(
  as: "alice" | "bob" | "dana",
  overrides: Partial<Payload> & { start?: string } = {},
): Payload {
  const start = overrides.start ?? new Date(Date.now() + 3 * DAY).toISOString();
  return {
    revision: 1,
    source: { itemId: `${as}-copy`, organizerEmail: "carol@acme.example", addedBy: "attendee" },
    subject: "Acme board prep",
    location: "Acme HQ",
    start,
    end: new Date(Date.parse(start) + HOUR).toISOString(),
    notes: "Agenda",
    attendees: [
      { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "organizer" },
      { email: "alice@firm.example", name: "Alice Archer", type: "required", response: "accepted" },
      { email: "bob@firm.example", name: "Bob Baker", type: "required", response: "accepted" },
      { email: "room4@firm.example", name: "Board room 4", type: "resource", response: "accepted" },
    ],
    visibility: "everyone",
    activityTypeId: "at-meeting",
    cancelled: false,
    isRecurring: false,
    sensitivity: "normal",
    ...overrides,
  };
}

/** How many records InterAction holds for one iCalUId (the sandbox's own table). */
export const recordsWith = (h: Harness, uid: string): number =>
  (h.sandbox.db.prepare("SELECT COUNT(*) AS n FROM meetings WHERE ical_uid = ?").get(uid) as { n: number }).n;
