// The interactive half of the identity provider: GET/POST /{tenant}/oauth2/v2.0/authorize, the authorization code
// flow with PKCE that a single-page app (MSAL.js in the dialog fallback) or a broker's popup completes, as Entra's
// login pages do: checks the client and its registered redirect URI (refused on the page itself, never redirected),
// signs the user in when their session is gone, asks for consent when needed (or says that only an administrator can
// grant it), and redirects with a code or an error. Also the broker's silent request (the NAA bridge in the
// workbench, standing in for Outlook's broker and its signed-in account).
import type { FastifyInstance, FastifyReply } from "fastify";
import { DEV_PASSWORD, TENANT_ID, type IdentityProvider } from "./idp";
import { OAuthError } from "./oauthError";
import { assertRedirectUri, type AppRegistration } from "./registrations";
import type { Store } from "./store";

type Params = Record<string, string | undefined>;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** The request's own parameters, carried through the sign-in and consent forms. */
const CARRIED = [
  "client_id",
  "redirect_uri",
  "response_type",
  "response_mode",
  "scope",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
  "login_hint",
  "prompt",
];

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>` +
        `<body style="font-family:sans-serif;max-width:34em;margin:2em auto"><h1 style="font-size:1.3em">${esc(title)}</h1>${body}</body></html>`,
    );
}

const hidden = (q: Params, except: string[] = []) =>
  CARRIED.filter((k) => q[k] !== undefined && !except.includes(k))
    .map((k) => `<input type="hidden" name="${k}" value="${esc(q[k] as string)}">`)
    .join("");

/** Where the answer goes: `redirect_uri` with the parameters in the query (default for code) or the fragment. */
function finish(reply: FastifyReply, q: Params, result: Record<string, string>) {
  const params = new URLSearchParams({ ...result, ...(q.state !== undefined ? { state: q.state } : {}) });
  const target = `${q.redirect_uri as string}${q.response_mode === "fragment" ? "#" : "?"}${params.toString()}`;
  if (/^https?:/i.test(q.redirect_uri as string)) return reply.code(302).header("location", target).send();
  // A broker URI (brk-multihub://...) is intercepted by the host in Outlook; a browser cannot navigate to it, so the
  // page hands the URL to the window that opened it (the workbench's broker) and shows it.
  const json = JSON.stringify(target).replace(/</g, "\\u003c");
  return page(
    reply,
    200,
    "Returning to Outlook",
    `<p id="broker-redirect" data-url="${esc(target)}">You can close this window.</p>` +
      `<script>window.opener&&window.opener.postMessage({type:"brokerRedirect",url:${json}},"*")</script>`,
  );
}

const fail = (reply: FastifyReply, q: Params, e: OAuthError) =>
  finish(reply, q, {
    error: e.error,
    error_description: e.description,
    ...(e.suberror ? { suberror: e.suberror } : {}),
  });

function signInForm(reply: FastifyReply, q: Params, app: AppRegistration, problem?: string) {
  return page(
    reply,
    problem ? 400 : 200,
    "Sign in",
    `<p>to continue to ${esc(app.displayName)}</p>${problem ? `<p role="alert">${esc(problem)}</p>` : ""}` +
      `<form method="post">${hidden(q, ["login_hint"])}<input type="hidden" name="action" value="signin">` +
      `<label>E-mail <input name="login_hint" value="${esc(q.login_hint ?? "")}"></label><br>` +
      `<label>Password <input name="password" type="password"></label><br>` +
      `<button type="submit">Sign in</button></form>`,
  );
}

function consentForm(reply: FastifyReply, q: Params, app: AppRegistration, permissions: string[], resource: string) {
  return page(
    reply,
    200,
    "Permissions requested",
    `<p>${esc(app.displayName)} would like to:</p><ul>${permissions
      .map((p) => `<li>${esc(resource)}: ${esc(p)}</li>`)
      .join("")}</ul>` +
      `<form method="post">${hidden(q)}` +
      `<button type="submit" name="action" value="consent">Accept</button> ` +
      `<button type="submit" name="action" value="cancel">Cancel</button></form>`,
  );
}

/** Issues the code once the user is known, signed in and has consented. */
function issueCode(idp: IdentityProvider, reply: FastifyReply, q: Params, app: AppRegistration, userId: string) {
  const code = idp.sessions.issueCode({
    clientId: app.clientId,
    userId,
    redirectUri: q.redirect_uri as string,
    scope: q.scope ?? "",
    codeChallenge: q.code_challenge as string,
    ...(q.nonce ? { nonce: q.nonce } : {}),
  });
  return finish(reply, q, {
    code,
    client_info: Buffer.from(JSON.stringify({ uid: userId, utid: TENANT_ID })).toString("base64url"),
  });
}

/** One step of the flow: `action` is what the user just did on a page (undefined: the first GET). */
function step(idp: IdentityProvider, store: Store, reply: FastifyReply, q: Params, form: Params) {
  // Refused on the page, never sent anywhere: an unknown client or an unregistered redirect URI.
  let app: AppRegistration;
  try {
    app = idp.app(q.client_id);
    assertRedirectUri(app, q.redirect_uri);
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    return page(
      reply,
      400,
      "Sorry, but we're having trouble signing you in.",
      `<p role="alert">${esc(e.description)}</p>`,
    );
  }
  try {
    if (!(q.response_type ?? "").split(" ").includes("code"))
      throw new OAuthError(400, "unsupported_response_type", "AADSTS700054: response_type 'code' is required here.");
    if (!q.code_challenge || (q.code_challenge_method ?? "plain") !== "S256")
      throw new OAuthError(
        400,
        "invalid_request",
        "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption (code_challenge with code_challenge_method S256).",
      );
    const request = idp.scopes(q.scope);
    const silentOnly = q.prompt === "none";
    if (form.action === "cancel")
      throw new OAuthError(400, "access_denied", "AADSTS65004: User declined to consent to access the app.");
    if (form.action === "signin") {
      const user = store.mailbox(q.login_hint ?? "");
      if (!user || user.kind !== "user" || form.password !== DEV_PASSWORD)
        return signInForm(reply, q, app, "Your account or password is incorrect.");
      idp.sessions.signIn(user.id);
      q = { ...q, prompt: q.prompt === "login" ? undefined : q.prompt };
    }
    const user = q.login_hint ? store.mailbox(q.login_hint) : undefined;
    if (!user || user.kind !== "user" || !idp.sessions.hasSession(user.id) || q.prompt === "login") {
      if (silentOnly)
        throw new OAuthError(
          400,
          "login_required",
          "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
        );
      return signInForm(reply, q, app);
    }
    if (form.action === "consent") idp.consent.grantByUser(app, user.id, request);
    const missing = idp.consent.missing(app, user.id, request);
    if (missing.length && idp.consent.mode(app.clientId) === "adminConsentRequired") {
      const refusal = idp.consent.adminMustGrant(app, user.id, request);
      if (silentOnly) throw new OAuthError(400, "consent_required", refusal.description);
      return page(
        reply,
        200,
        "Need admin approval",
        `<p role="alert">${esc(refusal.description)}</p><form method="post">${hidden(q)}` +
          `<button type="submit" name="action" value="cancel">Back to the app</button></form>`,
      );
    }
    if (missing.length || (q.prompt === "consent" && form.action !== "consent")) {
      if (silentOnly)
        throw new OAuthError(
          400,
          "consent_required",
          `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
        );
      return consentForm(reply, q, app, idp.consent.needed(app, request), request.resource.displayName);
    }
    return issueCode(idp, reply, q, app, user.id);
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    return fail(reply, q, e);
  }
}

export function registerAuthorizeRoutes(app: FastifyInstance, idp: IdentityProvider, store: Store): void {
  app.get("/:tenant/oauth2/v2.0/authorize", async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    if (tenant !== TENANT_ID)
      return page(reply, 400, "Sign-in failed", `<p>AADSTS90002: Tenant '${esc(tenant)}' not found.</p>`);
    return step(idp, store, reply, { ...(request.query as Params) }, {});
  });
  app.post("/:tenant/oauth2/v2.0/authorize", async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    if (tenant !== TENANT_ID)
      return page(reply, 400, "Sign-in failed", `<p>AADSTS90002: Tenant '${esc(tenant)}' not found.</p>`);
    const body = (typeof request.body === "object" && request.body ? request.body : {}) as Params;
    const q: Params = {};
    for (const k of CARRIED) if (body[k] !== undefined && body[k] !== "") q[k] = body[k];
    return step(idp, store, reply, q, { action: body.action, password: body.password });
  });
}

/**
 * The broker's silent request (Outlook holds the signed-in account's session and asks Entra for the add-in's token
 * with the add-in's client id and its brk-multihub redirect URI): a token when the session is alive and the
 * permissions are consented, else the error MSAL turns into "interaction required" (consent, sign-in) or a refusal.
 */
export async function brokerSilentToken(
  idp: IdentityProvider,
  store: Store,
  body: { user?: unknown; clientId?: unknown; scope?: unknown; redirectUri?: unknown },
) {
  const app = idp.app(typeof body.clientId === "string" ? body.clientId : undefined);
  assertRedirectUri(app, typeof body.redirectUri === "string" ? body.redirectUri : undefined);
  const scope = Array.isArray(body.scope) ? body.scope.map(String).join(" ") : String(body.scope ?? "");
  const request = idp.scopes(scope);
  const user = typeof body.user === "string" ? store.mailbox(body.user) : undefined;
  if (!user || user.kind !== "user")
    throw new OAuthError(400, "invalid_request", "user must name a firm user (id or e-mail) signed in to Outlook.");
  if (!idp.sessions.hasSession(user.id))
    throw new OAuthError(
      400,
      "interaction_required",
      "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user must sign in again.",
      "bad_token",
    );
  return idp.delegated(app, user.id, request);
}
