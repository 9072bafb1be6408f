// The InterAction API sandbox: Fastify + SQLite implementing api/interaction.openapi.yaml, with the dev-only token
// routes and /__sandbox control routes (clock, faults, request log, reset; neither exists with `controls: false`) and
// a small web view at `/` (webRoutes.ts). This file wires the parts: the store (store.ts, rules in rules.ts), the operation runner (runner.ts), the handlers
// (handlers.ts), fault injection (faults.ts) and the request log (requestLog.ts).
import Fastify, { type FastifyInstance } from "fastify";
import { loadOrCreateKeys, type SigningKeys } from "./auth";
import { firmGateway, type OpenIdTrustOptions } from "./gateway";
import { loadContract, type ContractOperation } from "./contract";
import { type Db, getMeta, openDatabase, setMeta, wipe } from "./db";
import { FaultInjector } from "./faults";
import { createHandlers } from "./handlers";
import { TokenBuckets, type RateLimit } from "./rateLimit";
import { pathOf, RequestLog } from "./requestLog";
import { createRunner, errorBody } from "./runner";
import { seed as runSeed, type SeedName } from "./seed";
import { MAX_DOCUMENT_BYTES, Store } from "./store";
import { installWebView } from "./webRoutes";

export { seedBulk } from "./seed";
export type { BulkSeedResult } from "./seed";
export type { FaultRule } from "./faults";
export { contentDisposition } from "./handlers";

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** SQLite file; ":memory:" for a throwaway database. */
  dbFile: string;
  /** Seed of a new (empty) database and of /__sandbox/reset. Default "demo". */
  seed?: SeedName;
  /** Whether the dev-only /__sandbox routes exist. Default true. */
  controls?: boolean;
  /** Default 127.0.0.1 (the sandbox never listens on other interfaces unless told to). */
  host?: string;
  /** Per-user rate limit (429 with Retry-After when exceeded); absent: none. */
  rateLimit?: RateLimit;
  /**
   * Trust an OpenID issuer as a firm's gateway trusts Entra ID (gateway.ts). Default from the environment:
   * INTERACTION_TRUSTED_ISSUER (+ INTERACTION_TRUSTED_CA_FILE). With it and without controls, the sandbox's own
   * development tokens are refused.
   */
  openId?: OpenIdTrustOptions;
}

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
  db: Db;
  store: Store;
  keys: SigningKeys;
  app: FastifyInstance;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, PUT, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-File-Name",
  "access-control-expose-headers": "ETag, Retry-After, Idempotent-Replayed, Content-Disposition",
  "access-control-max-age": "600",
};

/** Errors Fastify raises before a handler runs (body too large, not JSON), in the contract's error shape. */
function installErrorAnswers(app: FastifyInstance): void {
  app.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, _request, reply) => {
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE" || error.statusCode === 413) {
      return reply
        .code(413)
        .send(errorBody("tooLarge", "The upload is too large: InterAction accepts documents up to 30 MB."));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const message =
        error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? "Send the request body as JSON (Content-Type: application/json)."
          : "The request body is not valid JSON.";
      return reply.code(400).send(errorBody("invalid", message, [{ field: "body", message: error.message }]));
    }
    reply.log.error(error);
    return reply.code(500).send(errorBody("internal", "The InterAction sandbox failed to handle the request."));
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send(errorBody("notFound", `There is no ${request.method} ${pathOf(request.url)} in this API.`)),
  );
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const seedName: SeedName = options.seed ?? "demo";
  const controls = options.controls ?? true;
  const host = options.host ?? "127.0.0.1";
  const db = openDatabase(options.dbFile);
  if (!getMeta(db, "seeded")) {
    runSeed(db, seedName, new Date().toISOString());
    setMeta(db, "seeded", seedName);
  }
  const keys = await loadOrCreateKeys(db);
  let offsetMs = Number(getMeta(db, "clock.offsetMs") ?? "0");
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const store = new Store(db, clock);
  keys.gateway = firmGateway(store, options.openId, controls);
  const contract = loadContract();
  const requests = new RequestLog(clock.now);
  const faults = new FaultInjector(requests);
  const handlers = createHandlers({
    store,
    keys,
    faults,
    requests,
    clock: {
      offsetMs: () => offsetMs,
      set: (now) => {
        offsetMs = now === null ? 0 : Date.parse(now) - Date.now();
        setMeta(db, "clock.offsetMs", String(offsetMs));
      },
    },
    reseed: () => {
      wipe(db);
      runSeed(db, seedName, new Date().toISOString());
      setMeta(db, "seeded", seedName);
    },
  });
  const run = createRunner({
    store,
    keys,
    requests,
    buckets: options.rateLimit ? new TokenBuckets(options.rateLimit) : undefined,
  });

  const app = Fastify({
    logger: false,
    bodyLimit: 2 * 1024 * 1024,
    forceCloseConnections: true,
    // A JSON field named `__proto__` or `constructor` is valid JSON: parse it as JSON.parse does (an own property,
    // never a prototype), so the contract's validation names it ("body.__proto__ is not allowed") instead of
    // calling the body "not valid JSON". Handlers only spread bodies (never Object.assign), so nothing is polluted.
    onProtoPoisoning: "ignore",
    onConstructorPoisoning: "ignore",
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.headers(CORS_HEADERS);
    if (request.headers["access-control-request-private-network"]) {
      reply.header("access-control-allow-private-network", "true");
    }
  });
  faults.install(app);
  requests.install(app);
  installErrorAnswers(app);
  app.options("*", async (_request, reply) => reply.code(204).send());

  // Every operation of the contract, JSON bodies in one scope and binary uploads (any content type) in another.
  const register = (scope: FastifyInstance, op: ContractOperation) => {
    const handler = Object.hasOwn(handlers, op.operationId) ? handlers[op.operationId] : undefined;
    if (!handler) throw new Error(`No sandbox handler for operation ${op.operationId}`);
    scope.route({
      method: op.method,
      url: op.routePath,
      bodyLimit: op.body?.kind === "binary" ? MAX_DOCUMENT_BYTES : undefined,
      handler: run(op, handler),
    });
  };
  // Without controls the sandbox is what a firm's API is: no /__sandbox controls and no /dev token routes.
  const enabled = (op: ContractOperation) => controls || !/^\/(__sandbox|dev)\//.test(op.path);
  await app.register(async (scope) => {
    for (const op of contract.operations) if (enabled(op) && op.body?.kind !== "binary") register(scope, op);
  });
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    for (const op of contract.operations) if (enabled(op) && op.body?.kind === "binary") register(scope, op);
  });

  installWebView(app, { store, keys, requests, controls });

  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  let closed = false;
  return {
    url: `http://${host}:${port}`,
    port,
    db,
    store,
    keys,
    app,
    close: async () => {
      if (closed) return;
      closed = true;
      await faults.releaseHeld();
      await app.close();
      db.close();
    },
  };
}
