// Bad input corpus, part 2, its stand-in: a fetch that behaves like a firm's InterAction except for the endpoints a
// test breaks (until healed), and a Send through the REAL client, adapter and use-case over it.
import { createHash } from "node:crypto";
import type { MeetingSnapshot } from "../../src/core/meeting";
import { messages } from "../../src/core/messages";
import type { MeetingPayload } from "../../src/core/operations";
import { createInterActionApi, createInterActionClient } from "../../src/interaction";
import { runSync } from "../../src/sync/runSync";
import { createHarness } from "../support/fakes";

export const BASE = "https://interaction.firm.example";

export const SETTINGS = {
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: ["ct-top-client"],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: "at-meeting",
  defaultVisibility: "everyone",
  firmDomains: ["firm.example"],
};

export const record = (syncKey: string, p: MeetingPayload) => ({
  id: `m-${syncKey}`,
  syncKey,
  kind: "appointment",
  status: p.cancelled ? "cancelled" : "scheduled",
  syncUntil: "2026-12-11T11:00:00.000Z",
  frozen: false,
  revision: p.revision,
  contacts: [],
  companies: [],
  unresolvedAttendees: [],
  documents: [],
  updatedAt: "2026-11-25T09:00:00.000Z",
});

export type Answer = Response | (() => Response) | "networkError";
export type Route =
  "settings" | "activityTypes" | "contactTypes" | "contacts" | "putMeeting" | "getMeeting" | "putDocument";

export const routeOf = (req: Request): Route => {
  const { pathname } = new URL(req.url);
  if (pathname.endsWith("/settings/calendar-sync")) return "settings";
  if (pathname.endsWith("/activity-types")) return "activityTypes";
  if (pathname.endsWith("/contact-types")) return "contactTypes";
  if (pathname.endsWith("/contacts")) return "contacts";
  if (req.method === "PUT" && pathname.includes("/documents/")) return "putDocument";
  return req.method === "PUT" ? "putMeeting" : "getMeeting";
};

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** A fetch that behaves like InterAction except where `broken` says otherwise (until `heal()`). */
export function interaction(broken: Partial<Record<Route, Answer>>) {
  const stored = new Map<string, MeetingPayload>();
  const documents: string[] = [];
  let healed = false;
  const fetchFn = async (input: Parameters<typeof fetch>[0]): Promise<Response> => {
    const req = input as Request;
    const route = routeOf(req);
    const bad = healed ? undefined : broken[route];
    if (bad === "networkError") throw new TypeError("fetch failed");
    if (bad) return typeof bad === "function" ? bad() : bad.clone();
    switch (route) {
      case "settings":
        return json(SETTINGS);
      case "activityTypes":
        return json([{ id: "at-meeting", name: "Meeting", isDefault: true }]);
      case "contactTypes":
        return json([{ id: "ct-top-client", name: "Top Client" }]);
      case "contacts":
        return json({ skip: 0, limit: 200, total: 0, items: [] });
      case "putDocument": {
        const [documentKey] = new URL(req.url).pathname.split("/").slice(-1);
        const bytes = new Uint8Array(await req.arrayBuffer());
        documents.push(documentKey!);
        return json(
          {
            id: `d-${documentKey}`,
            documentKey,
            name: "Agenda.pdf",
            size: bytes.length,
            sha256: createHash("sha256").update(bytes).digest("hex"),
            contentType: "application/pdf",
          },
          201,
        );
      }
      case "putMeeting": {
        const syncKey = decodeURIComponent(new URL(req.url).pathname.split("/").pop()!);
        const p = (await req.json()) as MeetingPayload;
        const seen = stored.get(syncKey);
        if (!seen || p.revision > seen.revision) stored.set(syncKey, p);
        return json(record(syncKey, stored.get(syncKey)!), seen ? 200 : 201);
      }
      default: {
        const syncKey = decodeURIComponent(new URL(req.url).pathname.split("/").pop()!);
        const p = stored.get(syncKey);
        return p ? json(record(syncKey, p)) : json({ code: "notFound", message: "Not found." }, 404);
      }
    }
  };
  return { fetchFn, stored, documents, heal: () => (healed = true) };
}

/** A saved meeting with Add clicked, sent while InterAction answers `broken`, then sent again once healed. */
export async function sendThrough(broken: Partial<Record<Route, Answer>>, snapshot: Partial<MeetingSnapshot> = {}) {
  const server = interaction(broken);
  const client = createInterActionClient({
    baseUrl: BASE,
    getToken: async () => "token",
    timeoutMs: 2000,
    fetch: server.fetchFn as typeof fetch,
  });
  const h = createHarness({ snapshot: { isNew: true, ...snapshot } });
  h.item.content = {
    agenda: { base64: Buffer.from("agenda bytes").toString("base64"), contentType: "application/pdf" },
  };
  h.deps.api = createInterActionApi(client);
  await runSync({ kind: "add" }, h.deps); // a new meeting: marked, added on send
  const outcome = await runSync({ kind: "send" }, h.deps, { deadlineMs: 5000 });
  const told = h.notifier.last?.message;
  const entriesAfterSend = await h.outbox.load();
  const queued = entriesAfterSend.length;
  const stateAfterSend = h.stateStore.state;
  server.heal();
  h.clock.advance(3_600_000);
  h.item.update({ isNew: false });
  const healed = await runSync({ kind: "retry" }, h.deps, { deadlineMs: 5000 });
  return { outcome, told, queued, entriesAfterSend, healed, server, h, stateAfterSend };
}

export const later = (reason: string) => messages.pending.queuedBecause(reason);
export const GARBLED = "InterAction sent an answer that could not be read; it will be tried again later.";
export const SERVER = "InterAction had a problem handling the request; it will be tried again later.";

export const html =
  (status: number, body = "<html><body><h1>502 Bad Gateway</h1></body></html>") =>
  () =>
    new Response(body, { status, headers: { "content-type": "text/html" } });
