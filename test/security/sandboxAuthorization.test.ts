// Security: who may read and change what in InterAction, as the sandbox enforces it. Every refused request is a real
// HTTP request with a real (or deliberately broken) JWT; every refusal is checked for its status and its code, and
// that nothing was stored.
import { generateKeyPair, SignJWT } from "jose";
import { signAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../../dev/sandbox/auth";
import type { MeetingPayload } from "../../src/core/operations";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";

const box = useReliabilitySandbox();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const payload = (over: Partial<MeetingPayload> = {}, startIn = 2 * DAY): MeetingPayload => {
  const start = new Date(Date.now() + startIn);
  return {
    revision: 1,
    source: { itemId: "AAMk-sec-1", organizerEmail: "alice@firm.example", addedBy: "organizer" },
    subject: "Acme strategy review",
    location: "Room 4",
    start: start.toISOString(),
    end: new Date(start.getTime() + HOUR).toISOString(),
    notes: "Confidential agenda",
    attendees: [
      { email: "alice@firm.example", name: "Alice Archer", type: "required", response: "organizer" },
      { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "accepted" },
    ],
    visibility: "everyone",
    activityTypeId: "at-meeting",
    cancelled: false,
    isRecurring: false,
    sensitivity: "normal",
    ...over,
  };
};

async function call(
  method: "GET" | "PUT",
  route: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: { code?: string; message?: string } }> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${box.url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { code?: string; message?: string }) : {} };
}

const alice = { sub: "u-alice", email: "alice@firm.example", name: "Alice Archer" };

describe("the sandbox refuses requests without a valid token (401) and stores nothing", () => {
  const cases: [string, () => Promise<string | null>][] = [
    ["no token at all", async () => null],
    ["a token that is not a JWT", async () => "definitely-not-a-jwt"],
    [
      "an expired token",
      () => signAccessToken(box.sandbox.keys, alice, { now: new Date(Date.now() - 3 * HOUR), expiresInSeconds: 3600 }),
    ],
    ["a token for another audience", () => signAccessToken(box.sandbox.keys, alice, { audience: "api://other-app" })],
    ["a token from another issuer", () => signAccessToken(box.sandbox.keys, alice, { issuer: "https://evil.example" })],
    [
      "a tampered token (payload changed to another user, signature kept)",
      async () => {
        const token = await signAccessToken(box.sandbox.keys, { sub: "u-bob", email: "bob@firm.example" });
        const [header, , signature] = token.split(".");
        const forged = Buffer.from(JSON.stringify({ ...alice, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE })).toString(
          "base64url",
        );
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      "a token signed with someone else's key",
      async () => {
        const { privateKey } = await generateKeyPair("RS256");
        return new SignJWT({ email: alice.email })
          .setProtectedHeader({ alg: "RS256", kid: box.sandbox.keys.kid })
          .setSubject(alice.sub)
          .setIssuer(TOKEN_ISSUER)
          .setAudience(TOKEN_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(privateKey);
      },
    ],
    [
      "an unsigned token (alg none)",
      async () => {
        const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
        const now = Math.floor(Date.now() / 1000);
        return `${enc({ alg: "none", typ: "JWT" })}.${enc({ ...alice, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now, exp: now + 3600 })}.`;
      },
    ],
    [
      "a valid token for someone who is not an InterAction user",
      () => signAccessToken(box.sandbox.keys, { sub: "u-mallory", email: "mallory@evil.example" }),
    ],
  ];

  test.each(cases)("%s", async (_name, make) => {
    const token = await make();
    const write = await call("PUT", "/api/v1/meetings/sk-sec-unauth", token, payload());
    expect(write.status).toBe(401);
    expect(write.body.code).toBe("unauthorized");
    expect(write.body.message).toEqual(expect.any(String));
    if (token) expect(JSON.stringify(write.body)).not.toContain(token);
    const read = await call("GET", "/api/v1/settings/calendar-sync", token);
    expect(read.status).toBe(401);
    expect(box.meetings(["sk-sec-unauth"])).toHaveLength(0);
  });
});

describe("the sandbox keeps users to their own meetings", () => {
  test("another user can neither read nor change a meeting Alice added (403)", async () => {
    const aliceToken = await box.tokenFor("alice@firm.example");
    const bobToken = await box.tokenFor("bob@firm.example");
    expect((await call("PUT", "/api/v1/meetings/sk-sec-own", aliceToken, payload())).status).toBe(201);
    const read = await call("GET", "/api/v1/meetings/sk-sec-own", bobToken);
    expect(read).toMatchObject({ status: 403, body: { code: "notYours" } });
    const write = await call(
      "PUT",
      "/api/v1/meetings/sk-sec-own",
      bobToken,
      payload({
        revision: 2,
        subject: "Hijacked",
        source: { organizerEmail: "bob@firm.example", addedBy: "organizer" },
      }),
    );
    expect(write.status).toBe(403);
    expect(box.meetings(["sk-sec-own"])[0]).toMatchObject({ subject: "Acme strategy review", revision: 1 });
  });

  test("nobody can add a meeting as the organizer of someone else's meeting (403)", async () => {
    const bobToken = await box.tokenFor("bob@firm.example");
    const write = await call("PUT", "/api/v1/meetings/sk-sec-impersonate", bobToken, payload());
    expect(write).toMatchObject({ status: 403, body: { code: "organizerOnly" } });
    expect(box.meetings(["sk-sec-impersonate"])).toHaveLength(0);
  });

  test("a frozen activity refuses every edit (409 frozen), and keeps what it had", async () => {
    const token = await box.tokenFor("alice@firm.example");
    expect((await call("PUT", "/api/v1/meetings/sk-sec-frozen", token, payload())).status).toBe(201);
    await box.setClock(new Date(Date.now() + 20 * DAY)); // ended 18 days ago; the window is 14 days
    const edit = await call("PUT", "/api/v1/meetings/sk-sec-frozen", token, payload({ revision: 2, subject: "Late" }));
    expect(edit).toMatchObject({ status: 409, body: { code: "frozen" } });
    const doc = await fetch(`${box.url}/api/v1/meetings/sk-sec-frozen/documents/d1`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain", "x-file-name": "late.txt" },
      body: "late",
    });
    expect(doc.status).toBe(409);
    expect(box.meetings(["sk-sec-frozen"])[0]).toMatchObject({ subject: "Acme strategy review", revision: 1 });
    expect(box.documentsOf(box.meetings(["sk-sec-frozen"])[0]!.id)).toHaveLength(0);
  });

  test("after conversion to an activity, an attendee-added record only takes its organizer's changes (403)", async () => {
    const token = await box.tokenFor("alice@firm.example");
    // Alice (attendee) adds Erin's external meeting; it then takes place.
    const external = payload({
      source: { itemId: "AAMk-sec-ext", organizerEmail: "erin@globex.example", addedBy: "attendee" },
      attendees: [
        { email: "erin@globex.example", name: "Erin Lee", type: "required", response: "organizer" },
        { email: "alice@firm.example", name: "Alice Archer", type: "required", response: "accepted" },
      ],
    });
    expect((await call("PUT", "/api/v1/meetings/sk-sec-attendee", token, external)).status).toBe(201);
    // Before it happens, the attendee's copy may still follow Outlook.
    expect(
      (await call("PUT", "/api/v1/meetings/sk-sec-attendee", token, { ...external, revision: 2, notes: "Prep" }))
        .status,
    ).toBe(200);
    await box.setClock(new Date(Date.now() + 3 * DAY));
    const after = await call("PUT", "/api/v1/meetings/sk-sec-attendee", token, {
      ...external,
      revision: 3,
      subject: "Rewritten after the fact",
    });
    expect(after).toMatchObject({ status: 403, body: { code: "organizerOnly" } });
    expect(box.meetings(["sk-sec-attendee"])[0]).toMatchObject({ subject: "Acme strategy review", revision: 2 });
  });

  test("the /__sandbox controls do not exist when the sandbox runs without controls", async () => {
    const { startSandbox } = await import("../../dev/sandbox/server");
    const closed = await startSandbox({ port: 0, dbFile: ":memory:", controls: false });
    try {
      const res = await fetch(`${closed.url}/__sandbox/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rules: [{ status: 500 }] }),
      });
      expect(res.status).toBe(404);
      expect((await fetch(`${closed.url}/__sandbox/requests`)).status).toBe(404);
    } finally {
      await closed.close();
    }
    // Starting a second sandbox (schema, seed, keys) takes seconds on a loaded 2-core machine.
  }, 30_000);
});

describe("without controls, the sandbox closes what a real API would", () => {
  // Alice adds three meetings with Carol (Acme), each with one document: one everyone sees, one only she sees, and
  // one for the Litigation group (Alice and Dana; Bob is in Corporate Practice only).
  type Closed = Awaited<ReturnType<typeof import("../../dev/sandbox/server").startSandbox>>;
  let closed: Closed;
  const documentIds: Record<"everyone" | "onlyMe" | "litigation", string> = {
    everyone: "",
    onlyMe: "",
    litigation: "",
  };
  const tokenOf = (who: "alice" | "bob" | "dana") =>
    signAccessToken(closed.keys, { sub: `u-${who}`, email: `${who}@firm.example` });
  const get = async (route: string, token?: string) =>
    fetch(`${closed.url}${route}`, {
      redirect: "manual",
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    const { startSandbox } = await import("../../dev/sandbox/server");
    closed = await startSandbox({ port: 0, dbFile: ":memory:", controls: false });
    const alice = await tokenOf("alice");
    const visibilities = { everyone: "everyone", onlyMe: "onlyMe", litigation: { groupId: "g-litigation" } } as const;
    for (const [name, visibility] of Object.entries(visibilities)) {
      const put = await fetch(`${closed.url}/api/v1/meetings/sk-closed-${name}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${alice}`, "content-type": "application/json" },
        body: JSON.stringify(payload({ subject: `Meeting-${name}`, visibility })),
      });
      expect(put.status).toBe(201);
      const doc = await fetch(`${closed.url}/api/v1/meetings/sk-closed-${name}/documents/d-${name}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${alice}`, "content-type": "text/plain", "x-file-name": `${name}.txt` },
        body: `content of ${name}`,
      });
      expect(doc.status).toBe(201);
      documentIds[name as keyof typeof documentIds] = ((await doc.json()) as { id: string }).id;
    }
  }, 30_000); // starting a second sandbox (schema, seed, keys) takes seconds on a loaded 2-core machine
  afterAll(async () => {
    await closed?.close();
  });

  test("the web view and its documents answer 401 without a valid token (no redirect to a sign-in)", async () => {
    const routes = ["/", "/?company=c-acme", `/web/documents/${documentIds.everyone}`];
    for (const token of [undefined, "not-a-token"]) {
      for (const route of routes) {
        const res = await get(route, token);
        expect({ route, token, status: res.status }).toEqual({ route, token, status: 401 });
        expect(res.headers.get("location")).toBeNull();
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
        const body = (await res.json()) as { code: string };
        expect(body.code).toBe("unauthorized");
      }
    }
  });

  test("a signed-in user sees only the meetings and documents visible to them", async () => {
    const bob = await tokenOf("bob");
    for (const route of ["/", "/?company=c-acme"]) {
      const page = await (await get(route, bob)).text();
      expect(page).toContain("Meeting-everyone");
      expect(page).not.toContain("Meeting-onlyMe");
      expect(page).not.toContain("Meeting-litigation");
    }
    const everyone = await get(`/web/documents/${documentIds.everyone}`, bob);
    expect(everyone.status).toBe(200);
    expect(await everyone.text()).toBe("content of everyone");
    for (const hidden of [documentIds.onlyMe, documentIds.litigation]) {
      const res = await get(`/web/documents/${hidden}`, bob);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("content of");
    }
    const dana = await tokenOf("dana");
    expect(await (await get(`/web/documents/${documentIds.litigation}`, dana)).text()).toBe("content of litigation");
    expect((await get(`/web/documents/${documentIds.onlyMe}`, dana)).status).toBe(403);
    const alicePage = await (await get("/", await tokenOf("alice"))).text();
    for (const name of ["everyone", "onlyMe", "litigation"]) expect(alicePage).toContain(`Meeting-${name}`);
  });

  test("/dev/token and /dev/jwks.json do not exist", async () => {
    const token = await fetch(`${closed.url}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "alice@firm.example" }),
    });
    expect(token.status).toBe(404);
    expect(JSON.stringify(await token.json())).not.toContain("access_token");
    expect((await get("/dev/jwks.json")).status).toBe(404);
  });
});
