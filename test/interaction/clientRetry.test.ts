// The typed client (src/interaction/client.ts): a 401 is retried once with a freshly acquired
// token and the same body, the timeout covers reading the answer, and a caller's abort passes through as it is.
import { describe, expect, it } from "@jest/globals";
import { createInterActionClient } from "../../src/interaction/client";

const BASE = "https://interaction.firm.example";
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const RECORD = {
  id: "m-1",
  syncKey: "sk",
  kind: "appointment",
  status: "scheduled",
  syncUntil: "2026-12-01T00:00:00.000Z",
  frozen: false,
  revision: 1,
  contacts: [],
  companies: [],
  unresolvedAttendees: [],
  documents: [],
  updatedAt: "2026-11-25T09:00:00.000Z",
};

/** A client whose token provider hands out token-1, token-2, ... and records whether a refresh was forced. */
function world(answer: (request: Request, n: number) => Promise<Response>, timeoutMs = 1000) {
  const seen: { auth: string | null; body: string }[] = [];
  const asked: (boolean | undefined)[] = [];
  const client = createInterActionClient({
    baseUrl: BASE,
    timeoutMs,
    getToken: async (o) => {
      asked.push(o?.forceRefresh);
      return `token-${asked.length}`;
    },
    fetch: (async (request: Request) => {
      seen.push({ auth: request.headers.get("authorization"), body: request.body ? await request.clone().text() : "" });
      return answer(request, seen.length);
    }) as typeof fetch,
  });
  return { client, seen, asked };
}

describe("the typed client's token, timeout and 401 retry", () => {
  it("a 401 is sent once more, with the same body and a token acquired with forceRefresh", async () => {
    const { client, seen, asked } = world(async (_r, n) =>
      n === 1 ? json(401, { code: "x", message: "expired" }) : json(200, RECORD),
    );
    const payload = { subject: "Acme review" } as unknown as Parameters<typeof client.upsertMeeting>[1];
    await expect(client.upsertMeeting("sk", payload, { idempotencyKey: "sk:r1" })).resolves.toMatchObject({
      record: { syncKey: "sk" },
    });
    expect(asked).toEqual([undefined, true]);
    expect(seen.map((s) => s.auth)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(JSON.parse(seen[1]?.body ?? "")).toEqual({ subject: "Acme review" });
  });

  it("a document upload refused with 401 is sent again with its bytes", async () => {
    const doc = {
      id: "d-1",
      documentKey: "k",
      name: "a.txt",
      size: 3,
      sha256: "0".repeat(64),
      contentType: "text/plain",
    };
    const { client, seen } = world(async (_r, n) =>
      n === 1 ? json(401, { code: "x", message: "expired" }) : json(201, doc),
    );
    await client.uploadDocument("sk", "k", {
      name: "a.txt",
      contentType: "text/plain",
      bytes: new Uint8Array([65, 66, 67]),
    });
    expect(seen.map((s) => s.body)).toEqual(["ABC", "ABC"]);
  });

  it("a second 401 is the answer: unauthorized, after exactly two requests", async () => {
    const { client, seen } = world(async () => json(401, { code: "x", message: "Sign in again." }));
    await expect(client.me()).rejects.toMatchObject({ code: "unauthorized", status: 401, retryable: false });
    expect(seen).toHaveLength(2);
  });

  it("an answer whose body never ends is a retryable timeout, like no answer at all", async () => {
    const { client } = world(
      async (request) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"id":'));
              request.signal.addEventListener("abort", () =>
                controller.error(Object.assign(new Error("aborted"), { name: "AbortError" })),
              );
            },
          }),
          { status: 200, headers: { "Content-Type": "application/json" } },
        ),
      30,
    );
    await expect(client.me()).rejects.toMatchObject({ code: "timeout", retryable: true });
  });

  it("a caller that gives up gets its own abort, not a timeout or a network failure", async () => {
    const gaveUp = () => Object.assign(new Error("gave up"), { name: "AbortError" });
    const { client, seen } = world(
      (request) =>
        new Promise((_resolve, reject) => {
          if (request.signal.aborted) reject(gaveUp());
          request.signal.addEventListener("abort", () => reject(gaveUp()));
        }),
    );
    const caller = new AbortController();
    const searching = client.searchCompanies("acme", {}, { signal: caller.signal });
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 1));
    caller.abort();
    await expect(searching).rejects.toMatchObject({ name: "AbortError", message: "gave up" });
    await expect(searching).rejects.not.toHaveProperty("code");
  });
});
