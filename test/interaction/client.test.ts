// The client's contract with the use-cases: every failure is an InterActionError that says, in words a user can
// read, whether trying again later can help.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  base64ToBytes,
  createInterActionApi,
  createInterActionClient,
  errorFromResponse,
  parseRetryAfter,
  type InterActionClient,
} from "../../src/interaction";
import { InterActionError } from "../../src/sync/errors";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function clientWith(fetchImpl: (request: Request) => Promise<Response>, timeoutMs = 1000) {
  const requests: Request[] = [];
  const client = createInterActionClient({
    baseUrl: "https://interaction.firm.example/",
    getToken: () => Promise.resolve("token-1"),
    timeoutMs,
    fetch: ((input: Request) => {
      requests.push(input);
      return fetchImpl(input);
    }) as typeof fetch,
  });
  return { client, requests };
}

describe("which failures a retry can help", () => {
  it.each([
    [400, "invalid", false],
    [401, "unauthorized", false],
    [403, "forbidden", false],
    [404, "notFound", false],
    [408, "timeout", true],
    [412, "conflict", false],
    [413, "tooLarge", false],
    [422, "ineligible", false],
    [429, "rateLimited", true],
    [500, "server", true],
    [502, "server", true],
    [503, "server", true],
  ])("HTTP %i is %s, retryable: %s", (status, code, retryable) => {
    const error = errorFromResponse(status, { code: "x", message: "Server says so." }, null);
    expect(error).toBeInstanceOf(InterActionError);
    expect(error).toMatchObject({ status, code, retryable, message: "Server says so." });
  });

  it("409 frozen is told apart from other conflicts", () => {
    expect(errorFromResponse(409, { code: "frozen", message: "m" }, null).code).toBe("frozen");
    expect(errorFromResponse(409, { code: "duplicate", message: "m" }, null).code).toBe("conflict");
  });

  it("a 429 carries its Retry-After, in seconds or as an HTTP date", () => {
    expect(errorFromResponse(429, undefined, "12").retryAfterMs).toBe(12000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(30000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("uses a readable message when the server sent none, and names invalid fields", () => {
    expect(errorFromResponse(502, "<html>Bad gateway</html>", null).message).toMatch(/InterAction had a problem/);
    const invalid = errorFromResponse(
      400,
      {
        code: "invalid",
        message: "The meeting is not valid.",
        details: [{ field: "body.end", message: "is before start" }],
      },
      null,
    );
    expect(invalid.message).toBe("The meeting is not valid. (body.end is before start)");
  });
});

describe("the client over fetch", () => {
  it("sends absolute URLs with the bearer token, encoded parameters and repeated e-mail lookups", async () => {
    const { client, requests } = clientWith(async () => json(200, { skip: 0, limit: 50, total: 0, items: [] }));
    await client.searchContacts({ email: ["a+b@x.example", "c@y.example"], kind: "person" });
    const request = requests[0] as Request;
    expect(request.url).toBe(
      "https://interaction.firm.example/api/v1/contacts?email=a%2Bb%40x.example&email=c%40y.example&kind=person",
    );
    expect(request.headers.get("authorization")).toBe("Bearer token-1");
  });

  it("sends documents as raw bytes with their type and a percent-encoded file name", async () => {
    const { client, requests } = clientWith(async () =>
      json(201, { id: "d1", documentKey: "k", name: "n", size: 3, sha256: "0".repeat(64), contentType: "text/plain" }),
    );
    const result = await client.uploadDocument("sk", "k", {
      name: "Übersicht – Q3.txt",
      contentType: "text/plain",
      bytes: new Uint8Array([1, 2, 3]),
    });
    expect(result.created).toBe(true);
    const request = requests[0] as Request;
    expect(request.method).toBe("PUT");
    expect(request.url).toBe("https://interaction.firm.example/api/v1/meetings/sk/documents/k");
    expect(request.headers.get("content-type")).toBe("text/plain");
    expect(request.headers.get("x-file-name")).toBe(encodeURIComponent("Übersicht – Q3.txt"));
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("a failed connection is a retryable network error", async () => {
    const { client } = clientWith(async () => {
      throw new TypeError("fetch failed");
    });
    await expect(client.me()).rejects.toMatchObject({ code: "network", retryable: true });
  });

  it("no answer within the timeout is a retryable timeout (the request is aborted)", async () => {
    let aborted = false;
    const { client } = clientWith(
      (request) =>
        new Promise((_resolve, reject) => {
          request.signal.addEventListener("abort", () => {
            aborted = true;
            reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
          });
        }),
      30,
    );
    await expect(client.me()).rejects.toMatchObject({ code: "timeout", retryable: true });
    expect(aborted).toBe(true);
  });

  it("an answer that is not JSON is a retryable badResponse", async () => {
    const { client } = clientWith(
      async () => new Response("{oops", { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    await expect(client.me()).rejects.toMatchObject({ code: "badResponse", retryable: true });
  });

  it("a 5xx with an HTML body is still a retryable server error", async () => {
    const { client } = clientWith(async () => new Response("<h1>502</h1>", { status: 502 }));
    await expect(client.getSettings()).rejects.toMatchObject({ code: "server", status: 502, retryable: true });
  });

  it("a sign-in failure is reported as unauthorized, keeping the provider's retryable verdict", async () => {
    const fail = (retryable?: boolean) =>
      createInterActionClient({
        baseUrl: "https://interaction.firm.example",
        getToken: () => Promise.reject(Object.assign(new Error("consent required"), { retryable })),
        fetch: (() => Promise.reject(new Error("not called"))) as typeof fetch,
      });
    await expect(fail().me()).rejects.toMatchObject({
      code: "unauthorized",
      retryable: false,
      message: expect.stringContaining("consent required"),
    });
    await expect(fail(true).me()).rejects.toMatchObject({ code: "unauthorized", retryable: true });
  });

  it("refuses a relative base URL (the event runtime has no page to resolve it against)", () => {
    expect(() => createInterActionClient({ baseUrl: "/api", getToken: () => Promise.resolve("t") })).toThrow(
      /absolute/,
    );
  });
});

describe("base64 from Outlook attachments", () => {
  it("decodes exactly what Node's encoder produced, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64ToBytes(Buffer.from(bytes).toString("base64"))).toEqual(new Uint8Array(bytes));
        expect(base64ToBytes(Buffer.from(bytes).toString("base64url"))).toEqual(new Uint8Array(bytes));
      }),
    );
    expect(() => base64ToBytes("abc$")).toThrow(/base64/);
  });
});

describe("the InterActionApi port", () => {
  it("looks up many attendees in batches of at most 100 addresses and de-duplicates them", async () => {
    const batches: string[][] = [];
    const fake = {
      contactTypes: async () => [{ id: "ct-1", name: "Top Client" }],
      searchContacts: async (q: { email?: string[] }) => {
        batches.push(q.email ?? []);
        return { skip: 0, limit: 200, total: 0, items: [] };
      },
    } as unknown as InterActionClient;
    const emails = Array.from({ length: 230 }, (_, i) => `p${i}@x.example`);
    const directory = await createInterActionApi(fake).lookupAttendees([...emails, "P0@X.example"]);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 30]);
    expect(directory).toEqual({ contactTypes: [{ id: "ct-1", name: "Top Client" }], contacts: {} });
  });

  it("reads a meeting that is not in InterAction as null", async () => {
    const { client } = clientWith(async () => json(404, { code: "notFound", message: "no" }));
    expect(await createInterActionApi(client).getMeeting("sk")).toBeNull();
  });
});
