// Bad input corpus, part 2: what a firm's InterAction (or a proxy, gateway or captive portal in front of it) may answer.
// The REAL client and adapter run over a fetch that answers one endpoint with the malformed response and every other
// endpoint correctly; the REAL use-case runs a Send. Each case checks the sentence the user is told, that the run
// finished (no crash, no hang), and that the change is still queued (nothing lost) — then that it is delivered once
// InterAction answers properly again.
import { createHash } from "node:crypto";
import type { MeetingSnapshot } from "../../src/core/meeting";
import { messages } from "../../src/core/messages";
import type { MeetingPayload } from "../../src/core/operations";
import { createInterActionApi, createInterActionClient } from "../../src/interaction";
import { loadMeetingView } from "../../src/sync/loadMeetingView";
import { runSync } from "../../src/sync/runSync";
import { createHarness } from "../support/fakes";

const BASE = "https://interaction.firm.example";

const SETTINGS = {
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: ["ct-top-client"],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: "at-meeting",
  defaultVisibility: "everyone",
  firmDomains: ["firm.example"],
};

const record = (syncKey: string, p: MeetingPayload) => ({
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

type Answer = Response | (() => Response) | "networkError";
type Route = "settings" | "activityTypes" | "contactTypes" | "contacts" | "putMeeting" | "getMeeting" | "putDocument";

const routeOf = (req: Request): Route => {
  const { pathname } = new URL(req.url);
  if (pathname.endsWith("/settings/calendar-sync")) return "settings";
  if (pathname.endsWith("/activity-types")) return "activityTypes";
  if (pathname.endsWith("/contact-types")) return "contactTypes";
  if (pathname.endsWith("/contacts")) return "contacts";
  if (req.method === "PUT" && pathname.includes("/documents/")) return "putDocument";
  return req.method === "PUT" ? "putMeeting" : "getMeeting";
};

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** A fetch that behaves like InterAction except where `broken` says otherwise (until `heal()`). */
function interaction(broken: Partial<Record<Route, Answer>>) {
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
async function sendThrough(broken: Partial<Record<Route, Answer>>, snapshot: Partial<MeetingSnapshot> = {}) {
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

const later = (reason: string) => messages.pending.queuedBecause(reason);
const GARBLED = "InterAction sent an answer that could not be read; it will be tried again later.";
const SERVER = "InterAction had a problem handling the request; it will be tried again later.";

const html =
  (status: number, body = "<html><body><h1>502 Bad Gateway</h1></body></html>") =>
  () =>
    new Response(body, { status, headers: { "content-type": "text/html" } });

describe("InterAction's answer to the meeting write is malformed", () => {
  test.each<[string, Answer, string]>([
    ["an HTML error page from a gateway (502)", html(502), later(SERVER)],
    [
      "an HTML sign-in page from a proxy, with status 200",
      html(200, "<html><form>Sign in to the proxy</form></html>"),
      later(GARBLED),
    ],
    ["an empty body with status 200", () => new Response("", { status: 200 }), later(GARBLED)],
    ["an empty body with status 500", () => new Response("", { status: 500 }), later(SERVER)],
    [
      "truncated JSON",
      () => new Response('{"id": "m-1", "syncKey"', { status: 201, headers: { "content-type": "application/json" } }),
      later(GARBLED),
    ],
    ["JSON null", () => json(null, 201), later(GARBLED)],
    ["a JSON array instead of a record", () => json([1, 2, 3], 201), later(GARBLED)],
    ["a record without its fields", () => json({ id: "m-1" }, 201), later(GARBLED)],
    [
      "a record with wrong types (revision as text, contacts as a string)",
      () => json({ ...record("x", { revision: 1 } as MeetingPayload), revision: "1", contacts: "none" }, 201),
      later(GARBLED),
    ],
    ["an error status with an error body of the wrong shape", () => json({ error: true }, 503), later(SERVER)],
    ["plain text with status 500", () => new Response("Internal Server Error", { status: 500 }), later(SERVER)],
  ])(
    "%s: the user is told in words, the change stays queued, and is delivered once InterAction recovers",
    async (_name, answer, message) => {
      const r = await sendThrough({ putMeeting: answer });
      expect(r.outcome.status).toBe("pending");
      expect(r.told).toBe(message);
      expect(r.queued).toBe(1);
      expect(r.healed.status).toBe("synced");
      expect(r.server.stored.size).toBe(1);
    },
  );

  test("429 with an HTTP-date Retry-After: the user is told InterAction is busy, and the wait is honoured", async () => {
    // The client reads an HTTP date against the runtime's clock (Date.now); in Outlook that is the same clock the
    // outbox uses, so the test pins Date.now to the harness clock's instant.
    const sendAt = Date.parse("2026-11-25T09:00:00.000Z");
    const now = jest.spyOn(Date, "now").mockReturnValue(sendAt);
    const until = new Date(sendAt + 120_000).toUTCString();
    try {
      const r = await sendThrough({
        putMeeting: () => json({ code: "rateLimited", message: "InterAction is busy." }, 429, { "retry-after": until }),
      });
      expect(r.told).toBe(later("InterAction is busy."));
      expect(r.queued).toBe(1);
      // Not tried again before the date InterAction named (the backoff of a first failure is at most 2 s).
      expect(r.entriesAfterSend[0]).toMatchObject({ attempts: 1, notBefore: new Date(until).toISOString() });
      expect(r.healed.status).toBe("synced");
    } finally {
      now.mockRestore();
    }
  });

  test("429 with an unreadable Retry-After falls back to the normal backoff", async () => {
    const r = await sendThrough({
      putMeeting: () => json({ code: "rateLimited", message: "Slow down." }, 429, { "retry-after": "soon-ish" }),
    });
    expect(r.told).toBe(later("Slow down."));
    expect(r.healed.status).toBe("synced");
  });

  test("the network drops the request: the user is told InterAction cannot be reached", async () => {
    const r = await sendThrough({ putMeeting: "networkError" });
    expect(r.told).toBe(
      later("InterAction could not be reached. Check the connection; the change will be sent later."),
    );
    expect(r.healed.status).toBe("synced");
  });

  test("a 401 with an HTML body: the user is asked to sign in again, the change stays queued", async () => {
    const r = await sendThrough({ putMeeting: html(401, "<html>Unauthorized</html>") });
    expect(r.told).toBe(later("InterAction did not accept your sign-in. Sign in again."));
    expect(r.queued).toBe(1);
    expect(r.healed.status).toBe("synced");
  });
});

describe("InterAction's firm settings are malformed", () => {
  test.each<[string, Answer]>([
    ["settings with wrong types (enabled as text)", () => json({ ...SETTINGS, enabled: "yes" })],
    ["settings missing fields", () => json({ enabled: true })],
    ["settings as an HTML page", html(200, "<html>maintenance</html>")],
    ["settings as an empty body", () => new Response("", { status: 200 })],
  ])("%s: nothing is planned from them, the user is told the meeting will sync later", async (_name, answer) => {
    const r = await sendThrough({ settings: answer });
    expect(r.told).toBe(messages.pending.settingsUnavailable);
    expect(r.stateAfterSend?.needsReconcile).toBe(true);
    expect(r.healed.status).toBe("synced");
    expect(r.server.stored.size).toBe(1);
  });
});

describe("InterAction's directory answers are malformed", () => {
  test("the contact lookup answers an HTML page: the firm rules wait, the explicit Add still goes through", async () => {
    const r = await sendThrough({ contacts: html(200, "<html>oops</html>") });
    expect(r.outcome.status).toBe("synced");
    expect(r.told).toBe(messages.add.added);
  });
});

// The same malformed answers, for the other two things the add-in reads back: a document upload's record and the
// meeting record the task pane shows.
const MALFORMED: [string, Answer, string][] = [
  ["an HTML error page from a gateway (502)", html(502), SERVER],
  ["an HTML sign-in page with status 200", html(200, "<html><form>Sign in to the proxy</form></html>"), GARBLED],
  [
    "truncated JSON",
    () => new Response('{"id": "d-1", "documentKey"', { status: 200, headers: { "content-type": "application/json" } }),
    GARBLED,
  ],
  ["an empty body with status 200", () => new Response("", { status: 200 }), GARBLED],
  ["a JSON array instead of a record", () => json([1, 2, 3]), GARBLED],
  ["a record with wrong types (size as text, no sha256)", () => json({ id: 1, documentKey: "k", size: "12" }), GARBLED],
];

const AGENDA = {
  id: "agenda",
  name: "Agenda.pdf",
  size: 12,
  contentType: "application/pdf",
  isInline: false,
  kind: "file" as const,
};

describe("InterAction's answer to a document upload is malformed", () => {
  test.each(MALFORMED)(
    "%s: the meeting is added, the user is told why the document waits, and it is uploaded once InterAction recovers",
    async (_name, answer, reason) => {
      const r = await sendThrough({ putDocument: answer }, { attachments: [AGENDA] });
      expect(r.server.stored.size).toBe(1); // the meeting itself went through
      expect(r.told).toBe(later(reason));
      expect(r.entriesAfterSend.map((e) => e.op.kind)).toEqual(["uploadDocument"]);
      expect(r.entriesAfterSend[0]?.lastError?.message).toBe(reason);
      expect(r.healed.status).toBe("synced");
      expect(r.queued).toBe(1);
      expect((await r.h.outbox.load()).length).toBe(0);
      expect(new Set(r.server.documents).size).toBe(1);
    },
  );
});

describe("InterAction's answer to reading the meeting back is malformed", () => {
  /** A meeting added while InterAction answers properly; then the task pane opens while GET answers `answer`. */
  async function viewWith(answer: Answer) {
    const broken: Partial<Record<Route, Answer>> = {};
    const r = await sendThrough(broken);
    expect(r.healed.status).toBe("synced");
    const server = interaction({ getMeeting: answer });
    for (const [k, v] of r.server.stored) server.stored.set(k, v);
    r.h.deps.api = createInterActionApi(
      createInterActionClient({
        baseUrl: BASE,
        getToken: async () => "token",
        timeoutMs: 2000,
        fetch: server.fetchFn as typeof fetch,
      }),
    );
    return { view: await loadMeetingView(r.h.deps), r };
  }

  test.each(MALFORMED)(
    "%s: the task pane still shows the meeting from the item, with the reason InterAction's copy is missing",
    async (_name, answer, reason) => {
      const { view } = await viewWith(answer);
      expect(view.record).toBeNull();
      expect(view.error).toEqual({ message: reason, retryable: true });
      expect(view.status).toBe("synced"); // what the item knows was confirmed stays true
    },
  );

  test("a record for a different meeting (wrong syncKey type) is refused, not shown", async () => {
    const { view } = await viewWith(() => json({ ...record("x", { revision: 1 } as MeetingPayload), syncKey: 42 }));
    expect(view.record).toBeNull();
    expect(view.error?.message).toBe(GARBLED);
  });
});
