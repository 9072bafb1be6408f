// Contract tests: the sandbox never answers outside the OpenAPI document. A response that would break it becomes a
// 500 in the error shape (so a drifting sandbox fails loudly instead of teaching the client a wrong contract), and
// the checker the harness runs on every answer it receives catches what the sandbox's own check would miss.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { loadContract, operationFor, responseViolations } from "../../dev/sandbox/contract";
import { checkedFetch, meeting, newSyncKey, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const contract = loadContract();
const upsert = contract.byId.get("upsertMeeting")!;

describe("the sandbox's own response check", () => {
  it("answers 500 with the contract-violation error instead of a record the contract cannot represent", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    // A stored value the contract does not allow (Id has minLength 1): the record built from it breaks the schema.
    h.sandbox.db.prepare("UPDATE meetings SET activity_type_id = '' WHERE sync_key = ?").run(key);
    const token = await h.tokenFor("alice@firm.example");
    const response = await h.fetch(`${h.sandbox.url}/api/v1/meetings/${key}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: "internal",
      message: "The sandbox's getMeeting response breaks the API contract.",
      details: [{ field: "response.activityTypeId", message: expect.stringMatching(/fewer than 1 character/) }],
    });
    h.sandbox.db.prepare("UPDATE meetings SET activity_type_id = 'at-meeting' WHERE sync_key = ?").run(key);
    expect((await alice.getMeeting(key))?.record.syncKey).toBe(key);
  });
});

describe("responseViolations", () => {
  it("accepts a documented error, names the fields of a broken body, and refuses an undocumented status", () => {
    expect(responseViolations(upsert, 409, { code: "frozen", message: "Frozen." })).toEqual([]);
    expect(responseViolations(upsert, 503, { code: "unavailable", message: "Later." })).toEqual([]); // default
    expect(responseViolations(upsert, 409, { code: "frozen" })).toEqual([
      { field: "response.message", message: "is required" },
    ]);
    expect(responseViolations(upsert, 200, { code: "x", message: "y" })).toContainEqual({
      field: "response.id",
      message: "is required",
    });
    const jwks = { ...contract.byId.get("getDevJwks")!, responses: new Map([["200", null]]) };
    expect(responseViolations(jwks, 404, {})).toEqual([
      { field: "response.status", message: "404 is not a documented response" },
    ]);
  });

  it("finds the operation of a request by method and path template", () => {
    expect(operationFor(contract, "put", "/api/v1/meetings/sk-1")?.operationId).toBe("upsertMeeting");
    expect(operationFor(contract, "PUT", "/api/v1/meetings/sk-1/documents/d1")?.operationId).toBe("putDocument");
    expect(operationFor(contract, "GET", "/api/v1/meetings")?.operationId).toBe("searchCompanyMeetings");
    expect(operationFor(contract, "GET", "/api/v1/meetings/")).toBeUndefined();
    expect(operationFor(contract, "DELETE", "/api/v1/meetings/sk-1")).toBeUndefined();
  });
});

describe("the harness's check of every answer", () => {
  it("records a response that breaks the contract, and ignores routes the contract does not have", async () => {
    const violations: string[] = [];
    const answer = (body: unknown, status = 200) =>
      Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
    const broken = checkedFetch(() => answer({ id: "m1" }), violations);
    const response = await broken("http://127.0.0.1:1/api/v1/meetings/sk-1?x=1", { method: "GET" });
    expect(await response.json()).toEqual({ id: "m1" }); // the caller still reads the body
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^GET \/api\/v1\/meetings\/sk-1 200: response\.syncKey is required/);

    const fine = checkedFetch(() => answer({ code: "notFound", message: "No." }, 404), violations);
    await fine(new Request("http://127.0.0.1:1/api/v2/nothing"));
    await fine(new Request("http://127.0.0.1:1/api/v1/meetings/sk-1"));
    expect(violations).toHaveLength(1);

    const notJson = checkedFetch(
      () => Promise.resolve(new Response("{oops", { headers: { "content-type": "application/json" } })),
      violations,
    );
    await notJson("http://127.0.0.1:1/api/v1/me");
    expect(violations[1]).toMatch(/^GET \/api\/v1\/me 200: the body is not JSON/);
  });
});
