// Contract tests: the sandbox verifies real JWTs (signature, issuer, audience, expiry) and knows its users.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { signAccessToken, TOKEN_AUDIENCE } from "../../dev/sandbox/auth";
import { createInterActionClient } from "../../src/interaction";
import { startHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const clientWithToken = (token: string) =>
  createInterActionClient({ baseUrl: h.sandbox.url, fetch: h.fetch, getToken: () => Promise.resolve(token) });

async function rawStatus(headers: Record<string, string>) {
  const response = await h.fetch(`${h.sandbox.url}/api/v1/me`, { headers });
  return { status: response.status, body: (await response.json()) as { code: string; message: string } };
}

describe("signing in to the InterAction API", () => {
  it("issues a dev token for a known user that the API accepts", async () => {
    const { data } = await h.raw.POST("/dev/token", { body: { email: "Alice@Firm.Example" } });
    expect(data).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const me = await clientWithToken(data?.access_token as string).me();
    expect(me).toEqual({ id: "u-alice", email: "alice@firm.example", name: "Alice Archer", isAdmin: true });
    expect(await h.clientFor("bob@firm.example").me()).toMatchObject({ email: "bob@firm.example", isAdmin: false });
  });

  it("refuses a dev token for someone who is not an InterAction user (401)", async () => {
    const { error, response } = await h.raw.POST("/dev/token", { body: { email: "mallory@evil.example" } });
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: "unauthorized" });
  });

  it("answers 401 without a token, with a malformed one, and with a token that is not a JWT", async () => {
    expect(await rawStatus({})).toMatchObject({ status: 401, body: { code: "unauthorized" } });
    expect((await rawStatus({ Authorization: "Basic YWxpY2U6cHc=" })).status).toBe(401);
    await expect(clientWithToken("not-a-jwt").me()).rejects.toMatchObject({
      code: "unauthorized",
      status: 401,
      retryable: false,
    });
  });

  it("answers 401 for an expired token", async () => {
    const token = await signAccessToken(
      h.sandbox.keys,
      { sub: "u-alice", email: "alice@firm.example" },
      { now: new Date(Date.now() - 7200 * 1000), expiresInSeconds: 3600 },
    );
    await expect(clientWithToken(token).me()).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/expired/),
    });
  });

  it("answers 401 for a token meant for another audience or from another issuer", async () => {
    const foreign = await signAccessToken(
      h.sandbox.keys,
      { sub: "u-alice", email: "alice@firm.example" },
      { audience: "api://some-other-app" },
    );
    await expect(clientWithToken(foreign).me()).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/not meant for InterAction/),
    });
    const otherIssuer = await signAccessToken(
      h.sandbox.keys,
      { sub: "u-alice", email: "alice@firm.example" },
      { issuer: "https://login.example", audience: TOKEN_AUDIENCE },
    );
    await expect(clientWithToken(otherIssuer).me()).rejects.toMatchObject({ status: 401 });
  });

  it("answers 401 for a tampered token (someone changed the user in it)", async () => {
    const token = await h.tokenFor("bob@firm.example");
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "u-alice", email: "alice@firm.example" })).toString(
      "base64url",
    );
    await expect(clientWithToken(`${header}.${forged}.${signature}`).me()).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/signature/),
    });
  });

  it("answers 401 for a validly signed token of a user InterAction does not know", async () => {
    const token = await signAccessToken(h.sandbox.keys, { sub: "u-ghost", email: "ghost@firm.example" });
    await expect(clientWithToken(token).me()).rejects.toMatchObject({ status: 401 });
  });

  it("asks the token provider for a fresh token once after a 401, and succeeds with it", async () => {
    const expired = await signAccessToken(
      h.sandbox.keys,
      { sub: "u-dana", email: "dana@firm.example" },
      { expiresInSeconds: -60 },
    );
    const calls: (boolean | undefined)[] = [];
    const client = createInterActionClient({
      baseUrl: h.sandbox.url,
      fetch: h.fetch,
      getToken: async (o) => {
        calls.push(o?.forceRefresh);
        return o?.forceRefresh ? h.tokenFor("dana@firm.example") : expired;
      },
    });
    expect((await client.me()).email).toBe("dana@firm.example");
    expect(calls).toEqual([undefined, true]);
  });

  it("publishes its signing key as a JWK set", async () => {
    const { data } = await h.raw.GET("/dev/jwks.json");
    expect(data?.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", kid: h.sandbox.keys.kid });
  });
});
