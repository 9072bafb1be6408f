// The sandbox trusts an OpenID issuer the way a firm's InterAction gateway trusts Entra ID: the local Graph's identity
// provider (HTTPS with its own CA) issues the tokens; the sandbox checks issuer, audience, scope, expiry and signature
// through the issuer's JWKS (from its OpenID metadata, cached, fetched again on an unknown kid). Each refusal is a 401
// that says which check failed. Without controls, its own development tokens are refused.
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from "jose";
import { signAccessToken } from "../../dev/sandbox/auth";
import { startSandbox, type RunningSandbox } from "../../dev/sandbox/server";
import { ADDIN_APP, INTERACTION_API } from "../../dev/graph/registrations";
import { startHarness, type Harness } from "../graph/support";

let h: Harness;
let sandbox: RunningSandbox;
const trust = () => ({
  issuer: h.graph.idp.issuer,
  audiences: [INTERACTION_API.appIdUri, INTERACTION_API.appId],
  scope: "access_as_user",
  appRole: "Meetings.Sync",
  caPem: h.graph.caPem,
});

beforeAll(async () => {
  h = await startHarness();
  sandbox = await startSandbox({ port: 0, dbFile: ":memory:", openId: trust() });
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
  await h?.close();
});

async function me(url: string, token: string) {
  const res = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { email?: string; message?: string } };
}

const userClaims = {
  scp: "access_as_user",
  oid: "oid-alice",
  sub: "oid-alice",
  preferred_username: "alice@firm.example",
  azp: ADDIN_APP.clientId,
};
const forApi = { audience: INTERACTION_API.appIdUri };

test("a delegated token of the trusted issuer signs its user in (by preferred_username)", async () => {
  const issued = await h.call("POST", "/__graph/broker/token", {
    user: "alice@firm.example",
    clientId: ADDIN_APP.clientId,
    scope: `${INTERACTION_API.appIdUri}/access_as_user`,
    redirectUri: "brk-multihub://localhost:3000",
  });
  expect(issued.status).toBe(200);
  const r = await me(sandbox.url, issued.body.access_token);
  expect(r).toMatchObject({ status: 200, body: { email: "alice@firm.example" } });
  // The audience may also be the API's client id (Entra's v2.0 tokens for a custom API carry it).
  const byClientId = await h.graph.idp.signForTest(userClaims, { audience: INTERACTION_API.appId });
  expect((await me(sandbox.url, byClientId)).status).toBe(200);
});

test("wrong issuer, audience, scope, expired, bad signature and unknown kid: 401, each saying why", async () => {
  const { privateKey } = await generateKeyPair("RS256");
  const realKid = h.graph.idp.jwks().keys[0]!.kid as string;
  const forged = await new SignJWT(userClaims)
    .setProtectedHeader({ alg: "RS256", kid: realKid })
    .setIssuer(h.graph.idp.issuer)
    .setAudience(INTERACTION_API.appIdUri)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(privateKey);
  const cases: [string, Promise<string> | string, RegExp][] = [
    [
      "issuer",
      h.graph.idp.signForTest(userClaims, { ...forApi, issuer: "https://login.example/other/v2.0" }),
      /not issued by a trusted issuer: its issuer is not https:\/\/localhost:\d+\/[0-9a-f-]+\/v2\.0/,
    ],
    [
      "audience",
      h.graph.idp.signForTest(userClaims, { audience: "https://graph.microsoft.com" }),
      /not meant for InterAction: its audience is not api:\/\/interaction\.firm\.example or /,
    ],
    [
      "scope",
      h.graph.idp.signForTest({ ...userClaims, scp: "Calendars.Read" }, forApi),
      /does not grant access_as_user on the InterAction API/,
    ],
    ["expired", h.graph.idp.signForTest(userClaims, { ...forApi, lifetimeSeconds: -60 }), /has expired/],
    ["signature", forged, /signature is not valid/],
    [
      "unknown kid",
      h.graph.idp.signForTest(userClaims, { ...forApi, kid: "rolled-away" }),
      /signed with a key \(kid 'rolled-away'\) its issuer does not publish/,
    ],
    [
      "unknown user",
      h.graph.idp.signForTest({ ...userClaims, preferred_username: "mallory@firm.example" }, forApi),
      /mallory@firm\.example is not an InterAction user/,
    ],
  ];
  for (const [name, token, message] of cases) {
    const r = await me(sandbox.url, await token);
    expect({ name, status: r.status }).toEqual({ name, status: 401 });
    expect({ name, message: r.body.message }).toEqual({ name, message: expect.stringMatching(message) });
  }
});

test("without controls, the sandbox's own development tokens are refused and the issuer's accepted", async () => {
  const closed = await startSandbox({ port: 0, dbFile: ":memory:", controls: false, openId: trust() });
  try {
    const dev = await signAccessToken(closed.keys, { sub: "u-alice", email: "alice@firm.example" });
    const refused = await me(closed.url, dev);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(
      /Development tokens are not accepted here: this InterAction API trusts only https:/,
    );
    const entra = await h.graph.idp.signForTest(userClaims, forApi);
    expect((await me(closed.url, entra)).status).toBe(200);
  } finally {
    await closed.close();
  }
  // With controls, development tokens keep working beside the issuer's (the quick paths).
  expect(
    (await me(sandbox.url, await signAccessToken(sandbox.keys, { sub: "u-alice", email: "alice@firm.example" })))
      .status,
  ).toBe(200);
}, 60_000);

test("keys are cached, and fetched again when a token names a key id the cache does not know (key rollover)", async () => {
  // A small issuer of our own over plain http on the loopback, whose JWKS we roll.
  const keys: { kid: string; privateKey: KeyLike; jwk: object }[] = [];
  const addKey = async (kid: string) => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    keys.push({ kid, privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, use: "sig" } });
  };
  await addKey("k1");
  let jwksFetches = 0;
  const server = http.createServer((req, res) => {
    const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}/tenant/v2.0`;
    res.setHeader("content-type", "application/json");
    if (req.url === "/tenant/v2.0/.well-known/openid-configuration")
      return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
    jwksFetches++;
    res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}/tenant/v2.0`;
  const own = await startSandbox({ port: 0, dbFile: ":memory:", openId: { ...trust(), issuer, caPem: undefined } });
  const sign = (kid: string) =>
    new SignJWT(userClaims)
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(issuer)
      .setAudience(INTERACTION_API.appIdUri)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(keys.find((k) => k.kid === kid)!.privateKey);
  try {
    expect((await me(own.url, await sign("k1"))).status).toBe(200);
    expect((await me(own.url, await sign("k1"))).status).toBe(200);
    expect(jwksFetches).toBe(1);
    await addKey("k2");
    // Refreshes are spaced (a flood of forged kids must not flood the issuer): wait past the spacing.
    await new Promise((r) => setTimeout(r, 5100));
    expect((await me(own.url, await sign("k2"))).status).toBe(200);
    expect(jwksFetches).toBe(2);
  } finally {
    await own.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}, 60_000);
