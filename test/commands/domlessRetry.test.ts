// The typed client's 401 retry (bearerAuth.ts: a refused token is renewed once with a forced refresh and the same
// request sent again) in classic Outlook's JavaScript-only runtime, where Request is the fetch shims' stand-in and
// Response is ensureOpenapiFetchGlobals' stand-in: the real production commands.js in node:vm, against the sandbox,
// with InterAction refusing the first meeting write's token.
import { PROPERTY_NAME, decodeState } from "../../src/office/stateCodec";
import { DEV_ORIGIN, newTopClientMeeting, runEvent, useDomlessRuntime } from "./domlessRuntime";

const rt = useDomlessRuntime();

interface Sent {
  method: string;
  url: string;
  authorization?: string;
}

/** The runtime's fetch, logging what leaves and refusing the first meeting write with 401 (token revoked). */
function fetchRefusingFirstWrite(log: Sent[]) {
  let refused = false;
  return async (input: unknown, init?: { method?: string; headers?: Record<string, string> }) => {
    const url = typeof input === "string" ? input : (input as { url: string }).url;
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = init?.headers ?? {};
    const authorization = Object.entries(headers).find(([k]) => k.toLowerCase() === "authorization")?.[1];
    log.push({ method, url, authorization });
    if (url === `${DEV_ORIGIN}/addin-config.json`) {
      return new Response(JSON.stringify({ apiBaseUrl: rt.sandbox.url, auth: { mode: "dev" } }), {
        headers: { "content-type": "application/json" },
      });
    }
    if (!refused && method === "PUT" && url.includes("/api/v1/meetings/")) {
      refused = true;
      return new Response(JSON.stringify({ code: "unauthorized", message: "The token was revoked." }), {
        status: 401,
        headers: { "content-type": "application/json" },
      });
    }
    return fetch(url, init as Parameters<typeof fetch>[1]);
  };
}

describe("the 401 retry in the DOM-less runtime (classic Outlook on Windows)", () => {
  it("a refused token is renewed once with a forced refresh and the same write is sent again and applied", async () => {
    await fetch(`${rt.sandbox.url}/__sandbox/reset`, { method: "POST" });
    const outlook = newTopClientMeeting();
    const log: Sent[] = [];
    const { associated } = rt.loadBundle(outlook, new Map(), {
      globals: { fetch: fetchRefusingFirstWrite(log) },
    });

    expect(await runEvent(associated.get("onAppointmentSend"))).toEqual({ allowEvent: true });

    // Two meeting writes left the runtime: the refused one, and the same request again with a new token.
    const meetingWrites = log.filter((s) => s.method === "PUT" && s.url.includes("/api/v1/meetings/"));
    expect(meetingWrites).toHaveLength(2);
    expect(meetingWrites[1]?.url).toBe(meetingWrites[0]?.url);
    expect(meetingWrites[1]?.authorization).toMatch(/^Bearer \S+/);
    // Between them, exactly one sign-in: the forced refresh (the provider forgot the refused token).
    const first = log.indexOf(meetingWrites[0]!);
    const second = log.indexOf(meetingWrites[1]!);
    const signIns = log.slice(first + 1, second).filter((s) => s.url === `${rt.sandbox.url}/dev/token`);
    expect(signIns).toHaveLength(1);

    // InterAction applied the retried write, once; the item says it was delivered.
    const writes = (await rt.requestLog()).filter((r) => r.method === "PUT" && /^\/api\/v1\/meetings\//.test(r.path));
    expect(writes.map((w) => w.status)).toEqual([201]);
    outlook.commit();
    const state = decodeState(outlook.storedProperties()[PROPERTY_NAME]);
    expect(state?.revision).toBe(1);
    expect(state?.deliveredRevision).toBe(1);
  }, 60_000);
});
