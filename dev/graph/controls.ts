// Dev-only control routes (/__graph/...), like the sandbox's /__sandbox: faults, the request and delivery logs,
// expiring delta tokens, lifecycle notifications, the application access policy, throttling limits, delegated tokens
// for the workbench's signed-in user, and reset. Absent with --no-controls.
import type { FastifyInstance } from "fastify";
import { wipe } from "./db";
import { checkRules } from "./faults";
import { GraphRequestError } from "./graphEvent";
import type { Guard } from "./guard";
import { DEMO_APP, type IdentityProvider, OAuthError } from "./idp";
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
    return { body: await idp.delegated(appReg, user.id, scopes) };
  });
  route("POST", "/reset", () => {
    subscriptions.close();
    wipe(store.db);
    seedMailboxes(store);
    guard.faults.rules = [];
    guard.faults.log = [];
    subscriptions.deliveries.length = 0;
    guard.policy.clear();
    guard.throttle.reset();
    subscriptions.reopen();
    return {};
  });
}
