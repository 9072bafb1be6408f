// Contract tests: the dev-only /__sandbox routes (clock, faults, request log, reset), CORS, the web view, and how
// the client reports injected failures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { faultInjectorOf } from "../../dev/sandbox/faults";
import { meeting, newSyncKey, startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.raw.PUT("/__sandbox/faults", { body: { rules: [] } });
});

describe("the sandbox clock", () => {
  it("moves to a given instant, keeps ticking from there, and goes back to real time with null", async () => {
    const target = "2033-01-01T00:00:00.000Z";
    const { data } = await h.raw.PUT("/__sandbox/clock", { body: { now: target } });
    expect(Date.parse(data?.now as string)).toBeGreaterThanOrEqual(Date.parse(target));
    expect(Date.parse(data?.now as string) - Date.parse(target)).toBeLessThan(60000);
    const back = await h.raw.PUT("/__sandbox/clock", { body: { now: null } });
    expect(back.data?.offsetMs).toBe(0);
    const bad = await h.raw.PUT("/__sandbox/clock", { body: { now: "soon" } });
    expect(bad.response.status).toBe(400);
  });
});

describe("fault injection, as the client reports it", () => {
  it("a 429 carries Retry-After and is retryable after that delay", async () => {
    await h.raw.PUT("/__sandbox/faults", {
      body: { rules: [{ method: "GET", path: "^/api/v1/me$", status: 429, retryAfterSeconds: 7, times: 1 }] },
    });
    const alice = h.clientFor("alice@firm.example");
    await expect(alice.me()).rejects.toMatchObject({
      code: "rateLimited",
      status: 429,
      retryable: true,
      retryAfterMs: 7000,
    });
    // `times: 1` — the next request goes through.
    expect((await alice.me()).email).toBe("alice@firm.example");
  });

  it("a 5xx is retryable; a 4xx is not", async () => {
    await h.raw.PUT("/__sandbox/faults", {
      body: {
        rules: [
          { path: "/settings/", status: 503, times: 1 },
          { path: "/contact-types$", status: 500, times: 1 },
          { path: "/activity-types$", status: 404, times: 1 },
        ],
      },
    });
    const bob = h.clientFor("bob@firm.example");
    await expect(bob.getSettings()).rejects.toMatchObject({
      code: "server",
      status: 503,
      retryable: true,
      retryAfterMs: 1000,
    });
    await expect(bob.contactTypes()).rejects.toMatchObject({ code: "server", status: 500, retryable: true });
    await expect(bob.activityTypes()).rejects.toMatchObject({ code: "notFound", status: 404, retryable: false });
  });

  it("a slow answer becomes a retryable timeout", async () => {
    await h.raw.PUT("/__sandbox/faults", { body: { rules: [{ path: "^/api/v1/me$", delayMs: 1500, times: 1 }] } });
    await expect(h.clientFor("bob@firm.example", { timeoutMs: 200 }).me()).rejects.toMatchObject({
      code: "timeout",
      retryable: true,
    });
  });

  it("a reset connection is a retryable network error", async () => {
    await h.raw.PUT("/__sandbox/faults", { body: { rules: [{ path: "^/api/v1/me$", reset: true, times: 1 }] } });
    const client = h.clientFor("bob@firm.example");
    await client.groups(); // token fetched before the fault applies to /me
    await expect(client.me()).rejects.toMatchObject({ code: "network", retryable: true });
  });

  it("a malformed answer is a retryable badResponse, even though the write was applied", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await h.raw.PUT("/__sandbox/faults", {
      body: { rules: [{ method: "PUT", path: "^/api/v1/meetings/", malformed: true, times: 1 }] },
    });
    await expect(alice.upsertMeeting(key, meeting())).rejects.toMatchObject({ code: "badResponse", retryable: true });
    // The retry of the same revision is harmless: it answers the stored state.
    const retry = await alice.upsertMeeting(key, meeting());
    expect(retry).toMatchObject({ created: false, record: { revision: 1 } });
  });

  it("afterCommit applies the write and then loses the answer (5xx or reset); the retry is answered from storage", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.me(); // token fetched before the rules
    await h.raw.PUT("/__sandbox/faults", {
      body: { rules: [{ method: "PUT", path: "^/api/v1/meetings/", status: 503, afterCommit: true, times: 1 }] },
    });
    await expect(alice.upsertMeeting(key, meeting())).rejects.toMatchObject({ code: "server", status: 503 });
    expect((await alice.getMeeting(key))?.record.revision).toBe(1);
    await h.raw.PUT("/__sandbox/faults", {
      body: { rules: [{ method: "PUT", path: "^/api/v1/meetings/", reset: true, afterCommit: true, times: 1 }] },
    });
    await expect(alice.upsertMeeting(key, meeting({ revision: 2, subject: "Moved" }))).rejects.toMatchObject({
      code: "network",
    });
    expect((await alice.getMeeting(key))?.record).toMatchObject({ revision: 2, subject: "Moved" });
    const log = (await h.raw.GET("/__sandbox/requests")).data?.items ?? [];
    expect(log.filter((e) => e.fault?.endsWith("after commit")).map((e) => e.fault)).toEqual([
      "status 503 after commit",
      "reset after commit",
    ]);
    const bad = await h.raw.PUT("/__sandbox/faults", { body: { rules: [{ afterCommit: true, delayMs: 5 }] } });
    expect(bad.error?.details?.map((d) => d.field)).toEqual(["body.rules.0.afterCommit"]);
  });

  it("hold keeps a write waiting past the client's timeout until the rules are replaced, then applies it", async () => {
    const alice = h.clientFor("alice@firm.example", { timeoutMs: 150 });
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    await h.raw.PUT("/__sandbox/faults", {
      body: { rules: [{ method: "PUT", path: "^/api/v1/meetings/", hold: true, times: 1 }] },
    });
    await expect(alice.upsertMeeting(key, meeting({ revision: 2, subject: "Late" }))).rejects.toMatchObject({
      code: "timeout",
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await alice.getMeeting(key))?.record.revision).toBe(1); // still held
    await h.raw.PUT("/__sandbox/faults", { body: { rules: [] } }); // answers once the held write has run
    expect((await alice.getMeeting(key))?.record).toMatchObject({ revision: 2, subject: "Late" });
  });

  it("held writes land one at a time in the order they arrived, so a seed replays the same race", async () => {
    // Released all at once, held writes of one meeting raced inside the sandbox and the fault schedules' replay of one
    // seed (251745882) saw either of two land first. The oldest lands first, and each answers before the next runs.
    const alice = h.clientFor("alice@firm.example", { timeoutMs: 150 });
    const key = newSyncKey();
    const { etag } = await alice.upsertMeeting(key, meeting());
    const revisions = [2, 3, 4, 5, 6, 7];
    await h.raw.PUT("/__sandbox/faults", {
      body: { rules: [{ method: "PUT", path: "^/api/v1/meetings/[^/]+$", hold: true, times: revisions.length }] },
    });
    for (const revision of revisions) {
      const write = alice.upsertMeeting(key, meeting({ revision, subject: `Revision ${revision}` }), {
        ifMatch: etag,
        idempotencyKey: `${key}:r${revision}`,
      });
      await expect(write).rejects.toMatchObject({ code: "timeout" });
    }
    await h.raw.PUT("/__sandbox/faults", { body: { rules: [] } });
    const log = (await h.raw.GET("/__sandbox/requests")).data?.items ?? [];
    const held = log
      .filter((e) => e.fault === "hold" && e.idempotencyKey?.startsWith(key))
      .map((e) => `${e.idempotencyKey ?? ""} ${e.status}`);
    // The first compare-and-set wins; each after it finds the record moved (412), in the order they were sent.
    expect(held).toEqual(revisions.map((r) => `${key}:r${r} ${r === 2 ? 200 : 412}`));
    expect((await alice.getMeeting(key))?.record).toMatchObject({ revision: 2, subject: "Revision 2" });
    // The order they landed in can come out right by chance; this cannot: each held write goes on to run only after
    // the one before it has answered, so entering and answering alternate, oldest first.
    const trace = faultInjectorOf(h.sandbox.app)?.heldTrace.filter((e) => e.includes(key));
    expect(trace).toEqual(revisions.flatMap((r) => [`entered ${key}:r${r}`, `answered ${key}:r${r}`]));
  });

  it("lists the rules in force with the times left, and rejects a rule that does nothing or a bad regex", async () => {
    await h.raw.PUT("/__sandbox/faults", { body: { rules: [{ path: "^/api/v1/me$", status: 500, times: 2 }] } });
    await h
      .clientFor("bob@firm.example")
      .me()
      .catch(() => undefined);
    const { data } = await h.raw.GET("/__sandbox/faults");
    expect(data?.rules).toEqual([{ path: "^/api/v1/me$", status: 500, times: 1 }]);
    const bad = await h.raw.PUT("/__sandbox/faults", { body: { rules: [{ path: "(" }] } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.details?.map((d) => d.field)).toEqual(["body.rules.0", "body.rules.0.path"]);
  });
});

describe("request log and reset", () => {
  it("lists the API requests received with method, path, status and user", async () => {
    const bob = h.clientFor("bob@firm.example");
    await bob.me();
    await bob.getMeeting("never-added");
    const { data } = await h.raw.GET("/__sandbox/requests");
    const items = data?.items ?? [];
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: "POST", path: "/dev/token", status: 200 }),
        expect.objectContaining({ method: "GET", path: "/api/v1/me", status: 200, user: "bob@firm.example" }),
        expect.objectContaining({ method: "GET", path: "/api/v1/meetings/never-added", status: 404 }),
      ]),
    );
  });

  it("reset deletes meetings and added contacts, re-seeds, and clears the clock, faults and log", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting());
    await alice.addContact({ name: "Temp", email: "temp@acme.example" });
    await h.setClock("2040-01-01T00:00:00Z");
    await h.raw.PUT("/__sandbox/faults", { body: { rules: [{ path: "^/nothing$", status: 500 }] } });
    const reset = await h.raw.POST("/__sandbox/reset");
    expect(reset.response.status).toBe(204);
    expect(await alice.getMeeting(key)).toBeNull();
    expect((await alice.searchContacts({ email: ["temp@acme.example"] })).total).toBe(0);
    expect((await alice.searchContacts({ email: ["carol@acme.example"] })).total).toBe(1);
    expect((await h.raw.GET("/__sandbox/clock")).data?.offsetMs).toBe(0);
    expect((await h.raw.GET("/__sandbox/faults")).data?.rules).toEqual([]);
    const log = (await h.raw.GET("/__sandbox/requests")).data?.items ?? [];
    expect(log.some((e) => e.path === `/api/v1/meetings/${key}` && e.method === "PUT")).toBe(false);
  });
});

describe("browser access", () => {
  it("answers CORS preflights from the add-in's origin for the headers the client sends", async () => {
    const response = await h.fetch(`${h.sandbox.url}/api/v1/meetings/abc`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://localhost:3000",
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization,content-type,idempotency-key,if-match,x-file-name",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const header of ["authorization", "content-type", "idempotency-key", "if-match", "x-file-name"]) {
      expect(allowed).toContain(header);
    }
    expect(response.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });

  it("a body that is not JSON answers 400 in the error shape, and a 401 says how to authenticate", async () => {
    const token = await h.tokenFor("alice@firm.example");
    const broken = await h.fetch(`${h.sandbox.url}/api/v1/contacts`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: '{"name": "Half',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: "invalid", details: [{ field: "body" }] });
    const wrongType = await h.fetch(`${h.sandbox.url}/api/v1/contacts`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/plain" },
      body: "name=x",
    });
    expect(wrongType.status).toBe(400);
    const anonymous = await h.fetch(`${h.sandbox.url}/api/v1/contact-types`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
  });

  it("unknown routes answer 404 in the error shape", async () => {
    const response = await h.fetch(`${h.sandbox.url}/api/v2/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "notFound" });
  });
});

describe("the InterAction Web Client view", () => {
  it("shows meetings with attendees, companies, status and documents, escaping everything", async () => {
    const alice = h.clientFor("alice@firm.example");
    const key = newSyncKey();
    await alice.upsertMeeting(key, meeting({ subject: '<script>alert("x")</script> Deal review' }));
    const doc = await alice.uploadDocument(key, "d1", {
      name: "<img src=x onerror=alert(1)>.txt",
      contentType: "text/plain",
      bytes: new TextEncoder().encode("notes"),
    });
    const page = await (await h.fetch(`${h.sandbox.url}/`)).text();
    expect(page).toContain("InterAction Web Client");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Deal review");
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("Carol Chen");
    expect(page).toContain("Acme Corporation");
    expect(page).toContain("appointment");
    expect(page).toContain(`/web/documents/${doc.document.id}`);
    const download = await h.fetch(`${h.sandbox.url}/web/documents/${doc.document.id}`);
    expect(await download.text()).toBe("notes");
    expect(download.headers.get("content-security-policy")).toBe("sandbox");
    const company = await (await h.fetch(`${h.sandbox.url}/?company=c-acme`)).text();
    expect(company).toMatch(/Meetings with Acme Corporation/);
    expect(company).toMatch(/\d+ colleague\(s\) meeting with Acme Corporation/);
  });
});

describe("without controls", () => {
  it("has no /__sandbox routes and no /dev token route", async () => {
    const plain = await startHarness({ controls: false, seed: "none" });
    try {
      const response = await plain.fetch(`${plain.sandbox.url}/__sandbox/clock`);
      expect(response.status).toBe(404);
      const token = await plain.fetch(`${plain.sandbox.url}/dev/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "alice@firm.example" }),
      });
      expect(token.status).toBe(404); // issue 11: without controls the dev token route does not exist either
    } finally {
      await plain.close();
    }
  });
});
