// Bad input corpus, part 2: malformed answers to what the add-in reads (firm settings, the directory, a document
// upload's record, the meeting record read back), through the REAL client, adapter and use-cases over a fetch that
// breaks one endpoint (brokenInteraction.ts): the user is told a clear sentence, nothing is lost, nothing is shown wrong.
import { messages } from "../../src/core/messages";
import type { MeetingPayload } from "../../src/core/operations";
import { createInterActionApi, createInterActionClient } from "../../src/interaction";
import { loadMeetingView } from "../../src/sync/loadMeetingView";
import {
  BASE,
  SETTINGS,
  record,
  type Answer,
  type Route,
  json,
  interaction,
  sendThrough,
  later,
  GARBLED,
  SERVER,
  html,
} from "./brokenInteraction";

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
