// Contract: the local identity provider and the token checks on every Graph call: what msal-node needs (metadata,
// JWKS, token endpoint), and refusals for a missing, foreign, expired or under-privileged token, the application
// access policy, and delegated tokens limited to their own user's mailbox.
import { generateKeyPair, SignJWT } from "jose";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { startHarness, type Harness } from "./support";
import { GRAPH_RESOURCE, TENANT_ID } from "../../dev/graph/idp";
import { trustingMsalNetwork } from "../../dev/graph/trust";

// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
let aliceEvent: string;
let bobEvent: string;
beforeAll(async () => {
  h = await startHarness();
  const make = async (mailbox: string) =>
    (
      await h.call("POST", `/exchange/mailboxes/${mailbox}/items`, {
        fields: { subject: "Private to " + mailbox, start: "2026-12-09T09:00:00Z", end: "2026-12-09T10:00:00Z" },
        send: true,
      })
    ).body.restId as string;
  aliceEvent = await make("alice@firm.example");
  bobEvent = await make("bob@firm.example");
});
afterAll(async () => h.close());
afterEach(async () => {
  await h.call("PUT", "/__graph/access-policy", { mailboxes: null });
});

/** A raw Graph call with a chosen Authorization header (the SDK would add its own token). */
async function graphGet(path: string, authorization?: string) {
  const res = await fetch(`${h.graph.graphUrl}${path}`, {
    headers: authorization ? { authorization } : {},
    dispatcher: h.dispatcher,
  } as Parameters<typeof fetch>[1]);
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

test("OpenID metadata and JWKS are where msal-node looks for them", async () => {
  const meta = await h.call("GET", `/${TENANT_ID}/v2.0/.well-known/openid-configuration`);
  expect(meta.body).toMatchObject({
    issuer: `${h.graph.url}/${TENANT_ID}/v2.0`,
    token_endpoint: h.graph.tokenUrl,
    jwks_uri: `${h.graph.url}/${TENANT_ID}/discovery/v2.0/keys`,
  });
  const jwks = await h.call("GET", `/${TENANT_ID}/discovery/v2.0/keys`);
  expect(jwks.body.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
});

test("client credentials: a wrong secret and a scope without /.default are refused as Entra refuses them", async () => {
  const app = (secret: string) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: h.graph.demoApp.clientId,
        clientSecret: secret,
        authority: h.graph.authority,
        knownAuthorities: [`localhost:${h.graph.port}`],
      },
      system: { networkClient: trustingMsalNetwork(h.graph.caPem) },
    });
  await expect(
    app("wrong").acquireTokenByClientCredential({ scopes: [`${GRAPH_RESOURCE}/.default`] }),
  ).rejects.toMatchObject({
    errorCode: "invalid_client",
  });
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: h.graph.demoApp.clientId,
    client_secret: h.graph.demoApp.clientSecret,
    scope: "Calendars.Read",
  });
  const res = await fetch(h.graph.tokenUrl, { method: "POST", body: form, dispatcher: h.dispatcher } as Parameters<
    typeof fetch
  >[1]);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: string }).error).toBe("invalid_scope");
  const token = await app(h.graph.demoApp.clientSecret).acquireTokenByClientCredential({
    scopes: [`${GRAPH_RESOURCE}/.default`],
  });
  const claims = JSON.parse(Buffer.from(token!.accessToken.split(".")[1]!, "base64url").toString());
  expect(claims).toMatchObject({
    aud: GRAPH_RESOURCE,
    tid: TENANT_ID,
    roles: ["Calendars.Read"],
    appid: h.graph.demoApp.clientId,
  });
});

test("a missing, foreign-audience, expired or foreign-signed token is refused with 401", async () => {
  const path = `/users/alice@firm.example/events/${aliceEvent}`;
  expect((await graphGet(path)).status).toBe(401);
  const roles = { roles: ["Calendars.Read"], appid: h.graph.demoApp.clientId };
  const foreignAudience = await h.graph.idp.signForTest(roles, { audience: "api://something-else" });
  const expired = await h.graph.idp.signForTest(roles, { lifetimeSeconds: -60 });
  const { privateKey } = await generateKeyPair("RS256");
  const foreignKey = await new SignJWT(roles)
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(h.graph.idp.issuer)
    .setAudience(GRAPH_RESOURCE)
    .setExpirationTime("1h")
    .sign(privateKey);
  for (const token of [foreignAudience, expired, foreignKey]) {
    const r = await graphGet(path, `Bearer ${token}`);
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe("InvalidAuthenticationToken");
  }
  const good = await h.graph.idp.signForTest(roles);
  expect((await graphGet(path, `Bearer ${good}`)).status).toBe(200);
});

test("a token without a calendar permission is refused with 403", async () => {
  const token = await h.graph.idp.signForTest({ roles: ["User.Read.All"], appid: h.graph.demoApp.clientId });
  const r = await graphGet(`/users/alice@firm.example/events/${aliceEvent}`, `Bearer ${token}`);
  expect(r.status).toBe(403);
  expect(r.body.error?.code).toBe("ErrorAccessDenied");
});

test("the application access policy limits which mailboxes the app may read", async () => {
  const set = await h.call("PUT", "/__graph/access-policy", { mailboxes: ["alice@firm.example"] });
  expect(set.status).toBe(200);
  const alice = await h.client().api(`/users/alice@firm.example/events/${aliceEvent}`).get();
  expect(alice.id).toBe(aliceEvent);
  await expect(h.client().api(`/users/bob@firm.example/events/${bobEvent}`).get()).rejects.toMatchObject({
    statusCode: 403,
    message: expect.stringMatching(/AccessPolicy/),
  });
});

test("a delegated token reads its own user's mailbox (also as /me) and no one else's", async () => {
  const issued = await h.call("POST", "/__graph/tokens", { user: "bob@firm.example", scopes: ["Calendars.Read"] });
  expect(issued.status).toBe(200);
  const auth = `Bearer ${issued.body.access_token}`;
  expect((await graphGet(`/me/events/${bobEvent}`, auth)).status).toBe(200);
  expect((await graphGet(`/users/bob@firm.example/events/${bobEvent}`, auth)).status).toBe(200);
  expect((await graphGet(`/users/alice@firm.example/events/${aliceEvent}`, auth)).status).toBe(403);
  // An application token has no "me".
  const app = await h.graph.idp.signForTest({ roles: ["Calendars.Read"], appid: h.graph.demoApp.clientId });
  expect((await graphGet(`/me/events/${bobEvent}`, `Bearer ${app}`)).status).toBe(400);
});
