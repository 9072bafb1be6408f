// Dev-only control routes (/__graph/...), like the sandbox's /__sandbox: faults, the request and delivery logs,
// expiring delta tokens, lifecycle notifications, the application access policy, throttling limits, delegated tokens
// for the workbench's signed-in user (and the broker's silent request), consent and sessions, app registrations'
// redirect URIs and application permissions, token lifetime, and reset. Absent with --no-controls.
import type { FastifyInstance } from "fastify";
import { wipe } from "./db";
import { checkRules } from "./faults";
import { GraphRequestError } from "./graphEvent";
import type { Guard } from "./guard";
import { type IdentityProvider, OAuthError, TOKEN_LIFETIME_SECONDS } from "./idp";
import { ADDIN_APP, DEMO_APP, RESOURCES } from "./registrations";
import { CONSENT_MODES, type ConsentMode } from "./consent";
import { brokerSilentToken } from "./authorize";
import { seedMailboxes } from "./seed";
import type { Store } from "./store";
import type { LifecycleEvent, Subscriptions } from "./subscriptions";
import type { DevClock } from "./clock";

export function registerControls(
  app: FastifyInstance,
  deps: { store: Store; guard: Guard; subscriptions: Subscriptions; idp: IdentityProvider; clock: DevClock },
) {
  const { store, guard, subscriptions, idp, clock } = deps;
  const problem = (status: number, message: string) => ({ status, body: { error: { code: "invalid", message } } });
  const route = (
    method: "GET" | "PUT" | "POST" | "DELETE",
    url: string,
    handler: (
      body: Record<string, unknown>,
      params: Record<string, string>,
    ) => Promise<{ status?: number; body?: unknown }> | { status?: number; body?: unknown },
  ) =>
    app.route({
      method,
      url: `/__graph${url}`,
      handler: async (request, reply) => {
        try {
          const r = await handler(
            (request.body ?? {}) as Record<string, unknown>,
            request.params as Record<string, string>,
          );
          return reply.code(r.status ?? (r.body === undefined ? 204 : 200)).send(r.body);
        } catch (e) {
          if (e instanceof GraphRequestError)
            return reply.code(e.status).send({ error: { code: e.code, message: e.message } });
          if (e instanceof OAuthError)
            return reply.code(e.status).send({ error: { code: e.error, message: e.description } });
          throw e;
        }
      },
    });

  route("GET", "/clock", () => ({ body: { now: clock.now().toISOString() } }));
  route("GET", "/faults", () => ({ body: { rules: guard.faults.rules } }));
  route("PUT", "/faults", (body) => {
    const { rules, problems } = checkRules(body.rules);
    if (problems.length) return problem(400, `The fault rules are not valid: ${problems.join("; ")}.`);
    guard.faults.rules = rules.map((r) => ({ ...r }));
    return { body: { rules: guard.faults.rules } };
  });
  route("GET", "/requests", () => ({ body: { items: guard.faults.log } }));
  route("DELETE", "/requests", () => {
    guard.faults.log = [];
    subscriptions.deliveries.length = 0;
    return {};
  });
  route("GET", "/deliveries", () => ({ body: { items: subscriptions.deliveries } }));
  route("POST", "/delta-tokens/expire", (body) => {
    const mailbox = typeof body.mailbox === "string" ? store.mailbox(body.mailbox) : undefined;
    if (body.mailbox !== undefined && !mailbox) return problem(404, `No mailbox ${String(body.mailbox)}.`);
    store.expireDeltaTokens(mailbox?.id);
    return { body: { expired: mailbox ? mailbox.email : "all" } };
  });
  route("POST", "/subscriptions/:id/lifecycle", async (body, params) => {
    const event = body.event as LifecycleEvent;
    if (!["reauthorizationRequired", "subscriptionRemoved", "missed"].includes(event)) {
      return problem(400, "event must be reauthorizationRequired, subscriptionRemoved or missed.");
    }
    await subscriptions.lifecycle(params.id ?? "", event);
    return { body: { sent: event } };
  });
  route("GET", "/access-policy", () => ({ body: { policies: guard.policy.describe() } }));
  route("PUT", "/access-policy", (body) => {
    const clientId = typeof body.clientId === "string" ? body.clientId : DEMO_APP.clientId;
    if (body.mailboxes !== null && !Array.isArray(body.mailboxes))
      return problem(400, "mailboxes must be a list of ids or e-mail addresses, or null (every mailbox).");
    const ids = body.mailboxes === null ? null : (body.mailboxes as unknown[]).map((k) => store.mailbox(String(k))?.id);
    if (ids && ids.some((i) => !i)) return problem(400, "mailboxes names an unknown mailbox.");
    guard.policy.set(clientId, ids as string[] | null);
    return { body: { policies: guard.policy.describe() } };
  });
  route("GET", "/throttling", () => ({ body: guard.throttle.limits }));
  route("PUT", "/throttling", (body) => {
    const limits: Record<string, number> = {};
    for (const k of ["concurrency", "budget", "windowMs", "concurrencyRetryAfterSeconds"]) {
      if (body[k] === undefined) continue;
      if (!(typeof body[k] === "number" && Number.isInteger(body[k]) && (body[k] as number) > 0))
        return problem(400, `${k} must be a positive integer.`);
      limits[k] = body[k] as number;
    }
    guard.throttle.reset(limits);
    return { body: guard.throttle.limits };
  });
  route("PUT", "/subscription-timings", (body) => {
    const t = subscriptions.timings;
    if (typeof body.notificationTimeoutMs === "number") t.notificationTimeoutMs = body.notificationTimeoutMs;
    if (typeof body.validationTimeoutMs === "number") t.validationTimeoutMs = body.validationTimeoutMs;
    if (Array.isArray(body.retryDelaysMs)) t.retryDelaysMs = body.retryDelaysMs.map(Number);
    return { body: t };
  });
  /** A delegated token for a firm user (what nested app authentication gives the add-in), for the workbench. */
  route("POST", "/tokens", async (body) => {
    const user = typeof body.user === "string" ? store.mailbox(body.user) : undefined;
    if (!user || user.kind !== "user") return problem(400, "user must name a firm user (id or e-mail).");
    const clientId = typeof body.clientId === "string" ? body.clientId : DEMO_APP.clientId;
    const appReg = idp.apps.get(clientId);
    if (!appReg) return problem(400, `No application ${clientId}.`);
    const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : ["Calendars.Read"];
    return { body: await idp.delegated(appReg, user.id, idp.scopes(scopes.join(" "))) };
  });
  registerIdentityControls(app, route, problem, idp, store);
  route("POST", "/reset", () => {
    subscriptions.close();
    wipe(store.db);
    seedMailboxes(store);
    guard.faults.rules = [];
    guard.faults.log = [];
    subscriptions.deliveries.length = 0;
    guard.policy.clear();
    guard.throttle.reset();
    idp.reset();
    subscriptions.reopen();
    return {};
  });
}

type Route = (
  method: "GET" | "PUT" | "POST" | "DELETE",
  url: string,
  handler: (
    body: Record<string, unknown>,
    params: Record<string, string>,
  ) => Promise<{ status?: number; body?: unknown }> | { status?: number; body?: unknown },
) => unknown;

/** What users meet when they sign in: consent states, sessions, registrations, token lifetime; the broker's call. */
function registerIdentityControls(
  app: FastifyInstance,
  route: Route,
  problem: (status: number, message: string) => { status: number; body: unknown },
  idp: IdentityProvider,
  store: Store,
) {
  const consentBody = () => ({
    modes: Object.fromEntries([...idp.apps.keys()].map((id) => [id, idp.consent.mode(id)])),
  });
  route("GET", "/consent", () => ({ body: consentBody() }));
  route("PUT", "/consent", (body) => {
    const clientId = typeof body.clientId === "string" ? body.clientId : ADDIN_APP.clientId;
    if (!idp.apps.has(clientId)) return problem(400, `No application ${clientId}.`);
    if (!CONSENT_MODES.includes(body.mode as ConsentMode))
      return problem(400, `mode must be one of ${CONSENT_MODES.join(", ")}.`);
    idp.consent.setMode(clientId, body.mode as ConsentMode);
    return { body: consentBody() };
  });
  const firmUser = (body: Record<string, unknown>) => {
    const user = typeof body.user === "string" ? store.mailbox(body.user) : undefined;
    return user && user.kind === "user" ? user : undefined;
  };
  route("POST", "/sessions/revoke", (body) => {
    const user = firmUser(body);
    if (!user) return problem(400, "user must name a firm user (id or e-mail).");
    idp.sessions.revoke(user.id);
    return { body: { revoked: user.email } };
  });
  route("POST", "/sessions/sign-in", (body) => {
    const user = firmUser(body);
    if (!user) return problem(400, "user must name a firm user (id or e-mail).");
    idp.sessions.signIn(user.id);
    return { body: { signedIn: user.email } };
  });
  route("GET", "/apps", () => ({ body: { apps: [...idp.apps.values()].map(({ clientSecret: _, ...a }) => a) } }));
  route("PUT", "/apps/:clientId/redirect-uris", (body, params) => {
    const reg = idp.apps.get(params.clientId ?? "");
    if (!reg) return problem(404, `No application ${params.clientId ?? ""}.`);
    const list = (v: unknown) => (Array.isArray(v) && v.every((u) => typeof u === "string") ? v : undefined);
    const set = list(body.set);
    const add = list(body.add);
    if (!set && !add) return problem(400, "Give set or add: a list of redirect URIs.");
    if (set) reg.spaRedirectUris = [...set];
    for (const uri of add ?? []) if (!reg.spaRedirectUris.includes(uri)) reg.spaRedirectUris.push(uri);
    return { body: { spaRedirectUris: reg.spaRedirectUris } };
  });
  route("PUT", "/apps/:clientId/app-permissions", (body, params) => {
    const reg = idp.apps.get(params.clientId ?? "");
    if (!reg) return problem(404, `No application ${params.clientId ?? ""}.`);
    const resource = RESOURCES.find((r) => r.appIdUri === body.resource);
    if (!resource) return problem(400, `resource must be one of ${RESOURCES.map((r) => r.appIdUri).join(", ")}.`);
    const roles = Array.isArray(body.roles) ? body.roles.map(String) : undefined;
    if (!roles || roles.some((r) => !resource.appRoles.includes(r)))
      return problem(400, `roles must list app roles of ${resource.displayName}: ${resource.appRoles.join(", ")}.`);
    reg.appPermissions[resource.appIdUri] = roles;
    return { body: { appPermissions: reg.appPermissions } };
  });
  route("PUT", "/token-lifetime", (body) => {
    const s = body.accessTokenSeconds;
    if (s === null) idp.accessTokenLifetimeSeconds = TOKEN_LIFETIME_SECONDS;
    else if (typeof s === "number" && Number.isInteger(s) && s > 0) idp.accessTokenLifetimeSeconds = s;
    else return problem(400, "accessTokenSeconds must be a positive whole number, or null for one hour.");
    return { body: { accessTokenSeconds: idp.accessTokenLifetimeSeconds } };
  });
  // The broker's silent request answers as the token endpoint does (errors included), for MSAL-shaped handling.
  app.post("/__graph/broker/token", async (request, reply) => {
    try {
      return await brokerSilentToken(idp, store, (request.body ?? {}) as Record<string, unknown>);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      return reply.code(e.status).send(e.body());
    }
  });
}
