// Bad input corpus, part 2: what a firm's InterAction (or a proxy, gateway or captive portal in front of it) may answer
// to the meeting write. The REAL client and adapter run over a fetch that answers one endpoint with the malformed
// response and every other endpoint correctly (brokenInteraction.ts); the REAL use-case runs a Send. Each case checks
// the sentence the user is told, that the run finished (no crash, no hang), and that the change is still queued
// (nothing lost) — then that it is delivered once InterAction answers properly again.
import type { MeetingPayload } from "../../src/core/operations";
import { record, type Answer, json, sendThrough, later, GARBLED, SERVER, html } from "./brokenInteraction";

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
