// Contract: the local "Entra ID" issuing delegated tokens for the add-in (Graph and the firm's InterAction API) and
// application tokens for the sync service, with what users meet: consent given (default), first-time consent cleared
// by the interactive step, admin consent missing (the message names what the administrator must grant), a silent
// renewal with the refresh token, a revoked session; and the authorization code + PKCE flow's checks.
import { createHash, randomBytes } from "node:crypto";
import { startHarness, type Harness } from "./support";
import { ADDIN_APP, INTERACTION_API } from "../../dev/graph/registrations";

// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
const REDIRECT = "https://localhost:3000/auth-dialog.html";
const BROKER = "brk-multihub://localhost:3000";
const INTERACTION_SCOPE = `${INTERACTION_API.appIdUri}/access_as_user`;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
afterEach(async () => {
  await h.call("POST", "/__graph/reset");
});

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- token endpoint JSON, checked by expectations
async function tokenEndpoint(form: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(h.graph.tokenUrl, {
    method: "POST",
    body: new URLSearchParams(form),
    dispatcher: h.dispatcher,
  } as Parameters<typeof fetch>[1]);
  return { status: res.status, body: await res.json() };
}

const broker = (user: string, scope: string) =>
  h.call("POST", "/__graph/broker/token", { user, clientId: ADDIN_APP.clientId, scope, redirectUri: BROKER });

/** GET or POST /authorize without following redirects: the page's text, or where it redirects to. */
async function authorize(params: Record<string, string>, form?: Record<string, string>) {
  const url = `${h.graph.authority}/oauth2/v2.0/authorize${form ? "" : `?${new URLSearchParams(params)}`}`;
  const res = await fetch(url, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    ...(form ? { body: new URLSearchParams({ ...params, ...form }) } : {}),
    dispatcher: h.dispatcher,
  } as Parameters<typeof fetch>[1]);
  const location = res.headers.get("location");
  return { status: res.status, page: await res.text(), redirect: location ? new URL(location) : undefined };
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

const codeRequest = (challenge: string, extra: Record<string, string> = {}) => ({
  client_id: ADDIN_APP.clientId,
  redirect_uri: REDIRECT,
  response_type: "code",
  scope: `${INTERACTION_SCOPE} openid profile offline_access`,
  state: "s1",
  nonce: "n1",
  code_challenge: challenge,
  code_challenge_method: "S256",
  login_hint: "alice@firm.example",
  ...extra,
});

test("a consented user gets delegated tokens for Graph and for the InterAction API, each with its audience", async () => {
  const graph = await broker("alice@firm.example", "Calendars.Read");
  expect(graph.status).toBe(200);
  expect(claimsOf(graph.body.access_token)).toMatchObject({
    aud: "https://graph.microsoft.com",
    scp: "Calendars.Read",
  });
  const api = await broker("alice@firm.example", INTERACTION_SCOPE);
  expect(api.status).toBe(200);
  expect(api.body.scope).toBe(INTERACTION_SCOPE);
  expect(claimsOf(api.body.access_token)).toMatchObject({
    aud: INTERACTION_API.appIdUri,
    iss: `${h.graph.url}/${h.graph.tenantId}/v2.0`,
    scp: "access_as_user",
    preferred_username: "alice@firm.example",
    azp: ADDIN_APP.clientId,
  });
  // Graph itself still accepts only Graph tokens.
  const res = await fetch(`${h.graph.graphUrl}/me`, {
    headers: { authorization: `Bearer ${api.body.access_token}` },
    dispatcher: h.dispatcher,
  } as Parameters<typeof fetch>[1]);
  expect(res.status).toBe(401);
});

test("an unknown client, an unregistered redirect URI and two resources in one request are refused", async () => {
  const unknown = await h.call("POST", "/__graph/broker/token", {
    user: "alice@firm.example",
    clientId: "00000000-0000-0000-0000-00000000dead",
    scope: INTERACTION_SCOPE,
    redirectUri: BROKER,
  });
  expect(unknown.body.error_description).toMatch(/^AADSTS700016: Application with identifier '0{8}-/);
  const wrongRedirect = await h.call("POST", "/__graph/broker/token", {
    user: "alice@firm.example",
    clientId: ADDIN_APP.clientId,
    scope: INTERACTION_SCOPE,
    redirectUri: "brk-multihub://evil.example",
  });
  expect(wrongRedirect.body.error_description).toMatch(
    /^AADSTS50011: The redirect URI 'brk-multihub:\/\/evil.example'/,
  );
  const two = await broker("alice@firm.example", `Calendars.Read ${INTERACTION_SCOPE}`);
  expect(two.body.error_description).toMatch(/^AADSTS28000/);
  // The interactive endpoint refuses them on its own page, never redirecting to an unchecked URI.
  const page = await authorize({ ...codeRequest(pkce().challenge), redirect_uri: "https://evil.example/cb" });
  expect(page.status).toBe(400);
  expect(page.redirect).toBeUndefined();
  expect(page.page).toContain("AADSTS50011");
});

test("first-time consent: silent fails with consent_required, the interactive step clears it, then silent works", async () => {
  await h.call("PUT", "/__graph/consent", { clientId: ADDIN_APP.clientId, mode: "userConsentRequired" });
  const silent = await broker("alice@firm.example", INTERACTION_SCOPE);
  expect(silent.status).toBe(400);
  expect(silent.body).toMatchObject({ error: "invalid_grant", suberror: "consent_required" });
  expect(silent.body.error_description).toMatch(/^AADSTS65001: .*Send an interactive authorization request/);

  const { verifier, challenge } = pkce();
  const request = codeRequest(challenge);
  const none = await authorize({ ...request, prompt: "none" });
  expect(none.redirect?.searchParams.get("error")).toBe("consent_required");
  const consentPage = await authorize(request);
  expect(consentPage.status).toBe(200);
  expect(consentPage.page).toContain("access_as_user");
  const accepted = await authorize(request, { action: "consent" });
  expect(accepted.status).toBe(302);
  expect(`${accepted.redirect!.origin}${accepted.redirect!.pathname}`).toBe(REDIRECT);
  expect(accepted.redirect!.searchParams.get("state")).toBe("s1");
  const code = accepted.redirect!.searchParams.get("code")!;

  const redeemed = await tokenEndpoint({
    grant_type: "authorization_code",
    client_id: ADDIN_APP.clientId,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    scope: request.scope,
  });
  expect(redeemed.status).toBe(200);
  expect(claimsOf(redeemed.body.id_token)).toMatchObject({ nonce: "n1", aud: ADDIN_APP.clientId });
  expect(redeemed.body.refresh_token).toEqual(expect.any(String));
  // A code is redeemed once.
  const again = await tokenEndpoint({
    grant_type: "authorization_code",
    client_id: ADDIN_APP.clientId,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  expect(again.body.error_description).toMatch(/^AADSTS70008/);
  expect((await broker("alice@firm.example", INTERACTION_SCOPE)).status).toBe(200);
  // Bob has not consented yet.
  expect((await broker("bob@firm.example", INTERACTION_SCOPE)).body.suberror).toBe("consent_required");
});

test("a code is bound to its PKCE verifier; a user who cancels the consent returns access_denied", async () => {
  await h.call("PUT", "/__graph/consent", { mode: "userConsentRequired" });
  const { challenge } = pkce();
  const cancelled = await authorize(codeRequest(challenge), { action: "cancel" });
  expect(cancelled.redirect?.searchParams.get("error")).toBe("access_denied");
  expect(cancelled.redirect?.searchParams.get("error_description")).toMatch(/^AADSTS65004/);
  const accepted = await authorize(codeRequest(challenge), { action: "consent" });
  const wrong = await tokenEndpoint({
    grant_type: "authorization_code",
    client_id: ADDIN_APP.clientId,
    code: accepted.redirect!.searchParams.get("code")!,
    redirect_uri: REDIRECT,
    code_verifier: pkce().verifier,
  });
  expect(wrong.status).toBe(400);
  expect(wrong.body.error_description).toMatch(/^AADSTS501481/);
  const noPkce = await authorize({ ...codeRequest(challenge), code_challenge: "" });
  expect(noPkce.redirect?.searchParams.get("error_description")).toMatch(/^AADSTS9002325/);
});

test("admin consent missing: silent and interactive both refuse, naming exactly what the administrator must grant", async () => {
  await h.call("PUT", "/__graph/consent", { mode: "adminConsentRequired" });
  const silent = await broker("alice@firm.example", INTERACTION_SCOPE);
  expect(silent.body.suberror).toBe("consent_required");
  expect(silent.body.error_description).toBe(
    `AADSTS65001: The user or administrator has not consented to use the application with ID '${ADDIN_APP.clientId}' ` +
      `named 'InterAction Meeting Sync for Outlook'. User consent is blocked in this organization: an administrator ` +
      `must grant admin consent to 'InterAction Meeting Sync for Outlook' for the delegated permissions ` +
      `Microsoft Graph (https://graph.microsoft.com): Calendars.Read; ` +
      `InterAction API (firm gateway) (api://interaction.firm.example): access_as_user.`,
  );
  const page = await authorize(codeRequest(pkce().challenge));
  expect(page.page).toContain("Need admin approval");
  // Accepting is not possible: the consent form's action is refused with the same message.
  const forced = await authorize(codeRequest(pkce().challenge), { action: "consent" });
  expect(forced.redirect?.searchParams.get("error_description")).toBe(silent.body.error_description);
  await h.call("PUT", "/__graph/consent", { mode: "granted" });
  expect((await broker("alice@firm.example", INTERACTION_SCOPE)).status).toBe(200);
});

test("an expired token is renewed silently with the refresh token (rotated), for either resource", async () => {
  await h.call("PUT", "/__graph/token-lifetime", { accessTokenSeconds: 1 });
  const { verifier, challenge } = pkce();
  const code = (await authorize(codeRequest(challenge))).redirect!.searchParams.get("code")!;
  const first = await tokenEndpoint({
    grant_type: "authorization_code",
    client_id: ADDIN_APP.clientId,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  const c = claimsOf(first.body.access_token);
  expect(c.exp - c.iat).toBe(1);
  const renewed = await tokenEndpoint({
    grant_type: "refresh_token",
    client_id: ADDIN_APP.clientId,
    refresh_token: first.body.refresh_token,
    scope: "Calendars.Read offline_access",
  });
  expect(renewed.status).toBe(200);
  expect(claimsOf(renewed.body.access_token)).toMatchObject({ aud: "https://graph.microsoft.com" });
  expect(renewed.body.refresh_token).not.toBe(first.body.refresh_token);
  const reused = await tokenEndpoint({
    grant_type: "refresh_token",
    client_id: ADDIN_APP.clientId,
    refresh_token: first.body.refresh_token,
    scope: INTERACTION_SCOPE,
  });
  expect(reused.body.error).toBe("invalid_grant");
});

test("a revoked session: refresh and the broker's silent call fail, interaction (sign-in) brings it back", async () => {
  const { verifier, challenge } = pkce();
  const code = (await authorize(codeRequest(challenge))).redirect!.searchParams.get("code")!;
  const first = await tokenEndpoint({
    grant_type: "authorization_code",
    client_id: ADDIN_APP.clientId,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  await h.call("POST", "/__graph/sessions/revoke", { user: "alice@firm.example" });
  const refresh = await tokenEndpoint({
    grant_type: "refresh_token",
    client_id: ADDIN_APP.clientId,
    refresh_token: first.body.refresh_token,
    scope: INTERACTION_SCOPE,
  });
  expect(refresh.body).toMatchObject({ error: "invalid_grant" });
  expect(refresh.body.error_description).toMatch(/^AADSTS50173/);
  const silent = await broker("alice@firm.example", INTERACTION_SCOPE);
  expect(silent.body.error).toBe("interaction_required");
  expect((await authorize({ ...codeRequest(challenge), prompt: "none" })).redirect?.searchParams.get("error")).toBe(
    "login_required",
  );
  const signInPage = await authorize(codeRequest(challenge));
  expect(signInPage.page).toContain('type="password"');
  const wrong = await authorize(codeRequest(challenge), { action: "signin", password: "nope" });
  expect(wrong.page).toContain("incorrect");
  const signedIn = await authorize(codeRequest(challenge), { action: "signin", password: "dev" });
  expect(signedIn.redirect?.searchParams.get("code")).toEqual(expect.any(String));
  expect((await broker("alice@firm.example", INTERACTION_SCOPE)).status).toBe(200);
});

test("client credentials for the InterAction API carry the app role; without it, no roles claim", async () => {
  const form = {
    grant_type: "client_credentials",
    client_id: h.graph.demoApp.clientId,
    client_secret: h.graph.demoApp.clientSecret,
    scope: `${INTERACTION_API.appIdUri}/.default`,
  };
  const granted = await tokenEndpoint(form);
  expect(claimsOf(granted.body.access_token)).toMatchObject({
    aud: INTERACTION_API.appIdUri,
    roles: ["Meetings.Sync"],
  });
  await h.call("PUT", `/__graph/apps/${h.graph.demoApp.clientId}/app-permissions`, {
    resource: INTERACTION_API.appIdUri,
    roles: [],
  });
  const without = claimsOf((await tokenEndpoint(form)).body.access_token);
  expect(without.roles).toBeUndefined();
  // A public client (the add-in) cannot use client credentials.
  const publicClient = await tokenEndpoint({ ...form, client_id: ADDIN_APP.clientId });
  expect(publicClient.body.error).toBe("invalid_client");
});
