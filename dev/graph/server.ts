// The local Exchange with a Microsoft Graph v1.0 surface: Fastify over HTTPS on the loopback, SQLite store. Wires the
// seams: identity provider (idp.ts), Outlook protocol (exchangeRoutes.ts), Graph routes (graphRoutes.ts, delta.ts,
// subscriptions.ts), throttling, faults and the request log (guard.ts), and the dev controls (controls.ts).
import path from "node:path";
import { mkdirSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import { openDatabase, type Db } from "./db";
import { Store } from "./store";
import { Exchange } from "./exchange";
import { nameFor, seedMailboxes } from "./seed";
import { registerExchangeRoutes } from "./exchangeRoutes";
import { loadOrCreateTls } from "./tls";
import { realClock, sandboxClock, type DevClock } from "./clock";
import { IdentityProvider, loadOrCreateKeys, OAuthError, TENANT_ID } from "./idp";
import { ADDIN_APP, DEMO_APP, INTERACTION_API, type AppRegistration } from "./registrations";
import { registerAuthorizeRoutes } from "./authorize";
import { Guard } from "./guard";
import { Subscriptions, type SubscriptionTimings } from "./subscriptions";
import { registerGraphRoutes } from "./graphRoutes";
import { registerControls } from "./controls";
import type { ThrottleLimits } from "./throttling";

export interface GraphOptions {
  /** 0 picks a free port. */
  port?: number;
  /** SQLite file; ":memory:" for a throwaway database. */
  dbFile: string;
  /** Where the CA and certificate are kept. Default: `graph-tls` beside the database (or .data/graph-tls). */
  tlsDir?: string;
  /** The sandbox's clock (`GET /__sandbox/clock`), for one dev clock; or a clock object (tests). Default real time. */
  clockUrl?: string;
  clock?: DevClock;
  /** Whether the dev-only /__graph routes exist. Default true. */
  controls?: boolean;
  /** Registered applications (default: the sync service's demo app and the add-in's SPA registration). */
  apps?: AppRegistration[];
  /** More SPA redirect URIs of the add-in's registration (the workbench's origin, a test page). */
  addinRedirectUris?: string[];
  /** Application access policy: clientId → mailboxes (ids or e-mails) it may read. Default: every mailbox. */
  accessPolicy?: Record<string, string[]>;
  /** Throttling limits (default Graph's: 4 concurrent, 10,000 per 10 minutes, per app per mailbox). */
  throttling?: Partial<ThrottleLimits>;
  /** Notification timings (default Graph's: 10 s validation, 3 s per notification, retries over about 4 hours). */
  subscriptionTimings?: Partial<SubscriptionTimings>;
}

export interface RunningGraph {
  /** `https://localhost:<port>` */
  url: string;
  port: number;
  /** The CA certificate clients must trust, and its file (for NODE_EXTRA_CA_CERTS). */
  caPem: string;
  caFile: string;
  /** `https://localhost:<port>/v1.0` */
  graphUrl: string;
  tenantId: string;
  /** `https://localhost:<port>/<tenant>` (msal-node authority; knownAuthorities: [`localhost:<port>`]). */
  authority: string;
  tokenUrl: string;
  demoApp: { clientId: string; clientSecret: string };
  /** The add-in's registration (public SPA client) and the firm's InterAction API it asks tokens for. */
  addinApp: { clientId: string; redirectUris: string[] };
  interactionApi: { appIdUri: string; scope: string; appRole: string };
  idp: IdentityProvider;
  guard: Guard;
  subscriptions: Subscriptions;
  clock: DevClock;
  db: Db;
  store: Store;
  exchange: Exchange;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startGraph(options: GraphOptions): Promise<RunningGraph> {
  const tlsDir =
    options.tlsDir ??
    (options.dbFile === ":memory:"
      ? path.resolve(".data", "graph-tls")
      : path.join(path.dirname(path.resolve(options.dbFile)), "graph-tls"));
  mkdirSync(tlsDir, { recursive: true });
  const tls = await loadOrCreateTls(tlsDir);
  const clock = options.clock ?? (options.clockUrl ? sandboxClock(options.clockUrl) : realClock);
  const db = openDatabase(options.dbFile);
  const store = new Store(db, () => clock.now());
  seedMailboxes(store);
  const exchange = new Exchange(store, (email) => nameFor(store, email));

  const app = Fastify({
    logger: false,
    https: { cert: tls.cert, key: tls.key },
    bodyLimit: 40 * 1024 * 1024,
    forceCloseConnections: true,
  });
  let origin = "https://localhost";
  const apps = (options.apps ?? [DEMO_APP, ADDIN_APP]).map((a) =>
    a.clientId === ADDIN_APP.clientId
      ? { ...a, spaRedirectUris: [...a.spaRedirectUris, ...(options.addinRedirectUris ?? [])] }
      : a,
  );
  const idp = new IdentityProvider(await loadOrCreateKeys(db), store, () => origin, apps);
  const guard = new Guard(idp, store, clock);
  guard.throttle.reset(options.throttling);
  for (const [clientId, mailboxes] of Object.entries(options.accessPolicy ?? {})) {
    guard.policy.set(
      clientId,
      mailboxes.map((k) => store.mailbox(k)?.id ?? k),
    );
  }
  const subscriptions = new Subscriptions(store, clock, guard.faults);
  Object.assign(subscriptions.timings, options.subscriptionTimings);

  // The token endpoint takes application/x-www-form-urlencoded, as OAuth 2.0 says.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, text, done) =>
    done(null, Object.fromEntries(new URLSearchParams(text as string))),
  );
  // One dev clock: read the sandbox's offset before the request runs (cached briefly).
  app.addHook("onRequest", async () => clock.sync());
  registerExchangeRoutes(app, store, exchange);
  registerIdpRoutes(app, idp);
  registerAuthorizeRoutes(app, idp, store);
  registerGraphRoutes(app, { store, guard, subscriptions, clock, origin: () => origin });
  if (options.controls ?? true) registerControls(app, { store, guard, subscriptions, idp, clock });

  await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  origin = `https://localhost:${port}`;
  return {
    url: origin,
    port,
    caPem: tls.caPem,
    caFile: tls.caFile,
    graphUrl: `${origin}/v1.0`,
    tenantId: TENANT_ID,
    authority: idp.authority,
    tokenUrl: idp.tokenUrl,
    demoApp: { clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret as string },
    addinApp: {
      clientId: ADDIN_APP.clientId,
      get redirectUris() {
        return [...(idp.apps.get(ADDIN_APP.clientId)?.spaRedirectUris ?? [])];
      },
    },
    interactionApi: {
      appIdUri: INTERACTION_API.appIdUri,
      scope: `${INTERACTION_API.appIdUri}/access_as_user`,
      appRole: "Meetings.Sync",
    },
    idp,
    guard,
    subscriptions,
    clock,
    db,
    store,
    exchange,
    app,
    close: async () => {
      subscriptions.close();
      await app.close();
      db.close();
    },
  };
}

/**
 * CORS for the identity routes: a single-page app redeems codes and refresh tokens from its own origin, which Entra
 * allows for origins of the registration's SPA redirect URIs; metadata and keys are public.
 */
function allowSpaOrigins(app: FastifyInstance, idp: IdentityProvider): void {
  const spaOrigins = () => {
    const origins = new Set<string>();
    for (const a of idp.apps.values())
      for (const uri of a.spaRedirectUris) if (/^https?:/i.test(uri)) origins.add(new URL(uri).origin);
    return origins;
  };
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith(`/${TENANT_ID}/`)) return;
    const from = request.headers.origin;
    const open = !request.url.includes("/oauth2/");
    if (from && (open || spaOrigins().has(from))) {
      reply.header("access-control-allow-origin", open ? "*" : from);
      reply.header("vary", "Origin");
      reply.header(
        "access-control-allow-headers",
        "content-type, x-client-sku, x-client-ver, x-client-os, x-ms-lib-capability, client-request-id",
      );
      reply.header("access-control-allow-methods", "GET, POST, OPTIONS");
    }
    if (request.method === "OPTIONS") return reply.code(204).send();
  });
}

/** OpenID metadata, JWKS and the token endpoint under /{tenant}/, where msal-node looks for them. */
function registerIdpRoutes(app: FastifyInstance, idp: IdentityProvider): void {
  allowSpaOrigins(app, idp);
  const tenantOk = (tenant: string) => tenant === TENANT_ID;
  const noTenant = (tenant: string) => ({
    error: "invalid_tenant",
    error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
    error_codes: [90002],
  });
  app.get("/:tenant/v2.0/.well-known/openid-configuration", async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    return tenantOk(tenant) ? idp.metadata() : reply.code(400).send(noTenant(tenant));
  });
  app.get("/:tenant/discovery/v2.0/keys", async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    return tenantOk(tenant) ? idp.jwks() : reply.code(400).send(noTenant(tenant));
  });
  app.post("/:tenant/oauth2/v2.0/token", async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    if (!tenantOk(tenant)) return reply.code(400).send(noTenant(tenant));
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const [id, secret] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":").map(decodeURIComponent) : [];
    try {
      const form = (typeof request.body === "object" && request.body ? request.body : {}) as Record<string, string>;
      return await idp.token(form, id !== undefined && secret !== undefined ? { id, secret } : undefined);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      return reply.code(e.status).send(e.body());
    }
  });
}
