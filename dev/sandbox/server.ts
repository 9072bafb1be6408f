// The InterAction API sandbox: Fastify + SQLite implementing api/interaction.openapi.yaml, with the dev-only token
// route, the /__sandbox control routes (clock, faults, request log, reset) and a small web view at `/`.
import { createHash } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type Db, getMeta, openDatabase, setMeta, wipe } from "./db";
import {
  loadContract,
  fieldErrors,
  responseViolations,
  type Contract,
  type ContractOperation,
  type FieldError,
} from "./contract";
import { loadOrCreateKeys, signAccessToken, TokenError, verifyAccessToken, TOKEN_LIFETIME_SECONDS } from "./auth";
import type { SigningKeys } from "./auth";
import { ApiError, MAX_DOCUMENT_BYTES, Store, type UserRow } from "./store";
import { seed as runSeed, type SeedName } from "./seed";
import { renderWebView } from "./web";
import { TokenBuckets, type RateLimit } from "./rateLimit";

export { seedBulk } from "./seed";
export type { BulkSeedResult } from "./seed";

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

export interface FaultRule {
  method?: string;
  path?: string;
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  reset?: boolean;
  malformed?: boolean;
  /** Keep the request waiting, not yet run, until the rules are next replaced, the sandbox is reset or closed:
   * a request that outlives the client's timeout and lands later, at a moment the caller chooses. */
  hold?: boolean;
  /** With `status` or `reset`: run the request first (the write is applied), then lose its answer. */
  afterCommit?: boolean;
  times?: number;
}

interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  user?: string;
  idempotencyKey?: string;
  fault?: string;
}

interface Ctx {
  op: ContractOperation;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  user?: UserRow;
  request: FastifyRequest;
}

interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  binary?: Buffer;
}

type Handler = (ctx: Ctx) => Result | Promise<Result>;

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, PUT, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "Authorization, Content-Type, Idempotency-Key, If-Match, X-File-Name",
  "access-control-expose-headers": "ETag, Retry-After, Idempotent-Replayed, Content-Disposition",
  "access-control-max-age": "600",
};

const errorBody = (code: string, message: string, details?: FieldError[]) =>
  details && details.length ? { code, message, details } : { code, message };

const pathOf = (url: string): string => url.split("?")[0] ?? url;

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
}

export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  return `${kind}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const SAFE_CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"]*"|[\w.+-]+))*$/;

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
  const contract: Contract = loadContract();
  const buckets = options.rateLimit ? new TokenBuckets(options.rateLimit) : undefined;
  let faults: (FaultRule & { regex?: RegExp })[] = [];
  let requestLog: RequestLogEntry[] = [];
  const requestInfo = new WeakMap<
    FastifyRequest,
    { user?: string; fault?: string; malformed?: boolean; hold?: boolean; afterCommit?: FaultRule; logged?: boolean }
  >();
  // Requests a `hold` rule keeps waiting; `done` settles once a released one has run (its answer is being sent).
  let held: { release: () => void; done: Promise<void> }[] = [];
  const heldDone = new WeakMap<FastifyRequest, () => void>();
  /** Lets every held request run and waits (at most 10 s) until they have. */
  const releaseHeld = async () => {
    const batch = held;
    held = [];
    for (const h of batch) h.release();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<void>((r) => {
      timer = setTimeout(r, 10_000);
      timer.unref();
    });
    await Promise.race([Promise.all(batch.map((h) => h.done)), cap]);
    clearTimeout(timer);
  };
  /** An injected error answer: status, Retry-After (429 and 503 default to 1 s) and the error shape. */
  const statusFault = (reply: FastifyReply, status: number, retryAfterSeconds?: number) => {
    reply.header("x-sandbox-fault", "status"); // says which answers were injected, for tests and the network tab
    const retryAfter = retryAfterSeconds ?? (status === 429 || status === 503 ? 1 : undefined);
    if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
    const code = status === 429 ? "rateLimited" : status >= 500 ? "unavailable" : "fault";
    const message =
      status === 429
        ? "InterAction is receiving too many requests; try again shortly."
        : `InterAction answered ${status} (injected fault).`;
    reply.code(status).type("application/json");
    return errorBody(code, message);
  };

  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true });

  // ---- cross-cutting: CORS, faults, request log ----
  app.addHook("onRequest", async (request, reply) => {
    reply.headers(CORS_HEADERS);
    if (request.headers["access-control-request-private-network"]) {
      reply.header("access-control-allow-private-network", "true");
    }
    const p = pathOf(request.url);
    if (request.method === "OPTIONS" || !/^\/(api|dev)\//.test(p)) return;
    const rule = faults.find(
      (r) =>
        (r.times === undefined || r.times > 0) &&
        (!r.method || r.method.toUpperCase() === request.method) &&
        (!r.regex || r.regex.test(p)),
    );
    if (!rule) return;
    if (rule.times !== undefined) rule.times -= 1;
    const info = requestInfo.get(request) ?? {};
    requestInfo.set(request, info);
    if (rule.delayMs) {
      info.fault = `delay ${rule.delayMs}ms`;
      await new Promise((r) => setTimeout(r, rule.delayMs));
    }
    if (rule.hold) {
      // Waits in preHandler: here the body is not read yet, and a client that gave up would take it with it.
      info.fault = "hold";
      info.hold = true;
    }
    if (rule.afterCommit && (rule.reset || rule.status)) {
      // The request runs (a write is applied); onSend then loses its answer.
      info.fault = rule.reset ? "reset after commit" : `status ${rule.status} after commit`;
      info.afterCommit = rule;
      return;
    }
    if (rule.reset) {
      info.fault = "reset";
      info.logged = true;
      logRequest(request, 0); // with the Idempotency-Key, so a test can tell which write the reset hit
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (rule.status) {
      info.fault = `status ${rule.status}`;
      return reply.send(statusFault(reply, rule.status, rule.retryAfterSeconds));
    }
    if (rule.malformed) {
      info.fault = "malformed";
      info.malformed = true;
    }
  });

  app.addHook("preHandler", async (request) => {
    if (!requestInfo.get(request)?.hold) return;
    const done = new Promise<void>((r) => heldDone.set(request, r));
    await new Promise<void>((release) => held.push({ release, done }));
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const info = requestInfo.get(request);
    // The client of a held request is gone and a lost answer never finishes, so onResponse may not run: log here.
    const logNow = (status: number) => {
      if (!info) return;
      info.logged = true;
      logRequest(request, status);
    };
    const after = info?.afterCommit;
    if (after?.reset) {
      logNow(0);
      heldDone.get(request)?.();
      request.raw.socket.destroy();
      return payload;
    }
    if (after?.status) {
      reply.removeHeader("content-length");
      reply.removeHeader("etag");
      const body = JSON.stringify(statusFault(reply, after.status, after.retryAfterSeconds));
      logNow(after.status);
      heldDone.get(request)?.();
      return body;
    }
    if (info?.hold) {
      logNow(reply.statusCode);
      heldDone.get(request)?.();
    }
    if (requestInfo.get(request)?.malformed) {
      reply.type("application/json").header("x-sandbox-fault", "malformed");
      reply.removeHeader("content-length");
      return '{"malformed": tr';
    }
    return payload;
  });

  const trimLog = () => {
    if (requestLog.length > 1000) requestLog = requestLog.slice(-1000);
  };

  app.addHook("onResponse", async (request, reply) => {
    if (!requestInfo.get(request)?.logged) logRequest(request, reply.statusCode);
  });

  function logRequest(request: FastifyRequest, status: number) {
    const p = pathOf(request.url);
    if (request.method === "OPTIONS" || !/^\/(api|dev)\//.test(p)) return;
    const info = requestInfo.get(request);
    const entry: RequestLogEntry = {
      at: clock.now().toISOString(),
      method: request.method,
      path: p,
      status,
    };
    if (info?.user) entry.user = info.user;
    const key = request.headers["idempotency-key"];
    if (typeof key === "string") entry.idempotencyKey = key;
    if (info?.fault) entry.fault = info.fault;
    requestLog.push(entry);
    trimLog();
  }

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

  app.options("*", async (_request, reply) => reply.code(204).send());

  // ---- the operation runner: validation, auth, idempotency, response validation ----
  const respond = (op: ContractOperation, reply: FastifyReply, result: Result) => {
    if (result.headers) reply.headers(result.headers);
    reply.code(result.status);
    if (result.binary) return reply.send(result.binary);
    if (result.body === undefined) return reply.send();
    const details = responseViolations(op, result.status, result.body);
    if (details.length) {
      reply.log.error({ details }, "response breaks the contract");
      reply.code(500);
      return reply.send(
        errorBody("internal", `The sandbox's ${op.operationId} response breaks the API contract.`, details),
      );
    }
    return reply.type("application/json").send(result.body);
  };

  const fail = (e: ApiError): Result => ({
    status: e.status,
    body: errorBody(e.code, e.message, e.details),
    headers: e.headers,
  });

  const authenticate = async (request: FastifyRequest): Promise<UserRow> => {
    try {
      const claims = await verifyAccessToken(keys, request.headers.authorization);
      const user = store.userById(claims.sub);
      if (!user || user.email.toLowerCase() !== claims.email.toLowerCase()) {
        throw new TokenError("invalid", "This user is not known to InterAction.");
      }
      return user;
    } catch (e) {
      const problem = e instanceof TokenError ? e.problem : "invalid";
      const message = e instanceof Error ? e.message : "The access token is not valid.";
      throw new ApiError(401, "unauthorized", message, undefined, {
        "www-authenticate": `Bearer error="invalid_token", error_description="${problem}"`,
      });
    }
  };

  const run = (op: ContractOperation, handler: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
    let result: Result;
    try {
      const details: FieldError[] = [];
      const params = { ...(request.params as Record<string, unknown>) };
      const query = { ...(request.query as Record<string, unknown>) };
      const headers = { ...(request.headers as Record<string, unknown>) };
      const check = (location: "path" | "query" | "header", value: Record<string, unknown>) => {
        const set = op.params[location];
        if (set && !set.validate(value)) details.push(...fieldErrors(location, set.validate.errors));
      };
      check("path", params);
      check("query", query);
      check("header", headers);
      let body: unknown = request.body;
      if (op.body?.kind === "json") {
        if (body === undefined || body === null) {
          if (op.body.required) details.push({ field: "body", message: "is required" });
        } else if (!op.body.validate(body)) {
          details.push(...fieldErrors("body", op.body.validate.errors));
        }
      } else if (op.body?.kind === "binary") {
        body = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      }
      const user = op.secured ? await authenticate(request) : undefined;
      if (user) requestInfo.set(request, { ...requestInfo.get(request), user: user.email });
      const take = user && buckets?.take(user.id);
      if (take && !take.ok) {
        // Before validation and idempotency replays: a gateway counts every request a user makes.
        throw new ApiError(
          429,
          "rateLimited",
          "You are making too many requests to InterAction; try again shortly.",
          undefined,
          { "retry-after": String(take.retryAfterSeconds) },
        );
      }
      if (details.length) throw new ApiError(400, "invalid", "The request is not valid.", details);

      const ctx: Ctx = { op, params, query, headers, body, user, request };
      const idempotencyKey =
        op.hasIdempotencyKey && user ? (headers["idempotency-key"] as string | undefined) : undefined;
      if (idempotencyKey && user) {
        const hash = createHash("sha256")
          .update(`${request.method} ${pathOf(request.url)}\n${String(headers["if-match"] ?? "")}\n`)
          .update(Buffer.isBuffer(body) ? body : JSON.stringify(body ?? null))
          .update(String(headers["x-file-name"] ?? ""))
          .digest("hex");
        const stored = db
          .prepare("SELECT request_hash, status, headers, body FROM idempotency WHERE user_id = ? AND key = ?")
          .get(user.id, idempotencyKey) as
          { request_hash: string; status: number; headers: string; body: string } | undefined;
        if (stored) {
          if (stored.request_hash !== hash) {
            throw new ApiError(
              409,
              "idempotencyKeyReused",
              "This Idempotency-Key was already used for a different request.",
            );
          }
          result = {
            status: stored.status,
            body: JSON.parse(stored.body),
            headers: { ...(JSON.parse(stored.headers) as Record<string, string>), "idempotent-replayed": "true" },
          };
        } else {
          result = await handler(ctx);
          if (result.status >= 200 && result.status < 300 && result.body !== undefined && !result.binary) {
            db.prepare(
              `INSERT OR REPLACE INTO idempotency (user_id, key, request_hash, status, headers, body, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            ).run(
              user.id,
              idempotencyKey,
              hash,
              result.status,
              JSON.stringify(result.headers ?? {}),
              JSON.stringify(result.body),
              clock.now().toISOString(),
            );
          }
        }
      } else {
        result = await handler(ctx);
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result = fail(e);
    }
    return respond(op, reply, result);
  };

  const pageArgs = (q: Record<string, unknown>) => ({ skip: Number(q.skip ?? 0), limit: Number(q.limit ?? 50) });
  const requireUser = (ctx: Ctx): UserRow => ctx.user as UserRow;

  const setClock = (now: string | null) => {
    offsetMs = now === null ? 0 : Date.parse(now) - Date.now();
    setMeta(db, "clock.offsetMs", String(offsetMs));
  };
  const clockBody = () => ({ now: clock.now().toISOString(), offsetMs });
  const faultsBody = () => ({
    rules: faults.map(({ regex: _regex, ...rule }) => rule),
  });

  const handlers: Record<string, Handler> = {
    getMe: (ctx) => {
      const u = requireUser(ctx);
      return { status: 200, body: { id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin === 1 } };
    },
    getCalendarSyncSettings: () => ({ status: 200, body: store.settings() }),
    putCalendarSyncSettings: (ctx) => ({
      status: 200,
      body: store.putSettings(requireUser(ctx), ctx.body as Parameters<Store["putSettings"]>[1]),
    }),
    listContactTypes: () => ({ status: 200, body: store.contactTypes() }),
    listActivityTypes: () => ({ status: 200, body: store.activityTypes() }),
    listGroups: (ctx) => ({ status: 200, body: store.groupsOf(requireUser(ctx)) }),
    searchContacts: (ctx) => ({
      status: 200,
      body: store.searchContacts({
        q: ctx.query.q as string | undefined,
        email: ctx.query.email as string[] | undefined,
        kind: ctx.query.kind as "person" | "company" | undefined,
        ...pageArgs(ctx.query),
      }),
    }),
    addContact: (ctx) => ({ status: 201, body: store.addContact(ctx.body as Parameters<Store["addContact"]>[0]) }),
    searchCompanyMeetings: (ctx) => ({
      status: 200,
      body: store.companyMeetings(requireUser(ctx), {
        companyId: ctx.query.companyId as string,
        from: ctx.query.from as string | undefined,
        to: ctx.query.to as string | undefined,
        includeCancelled: ctx.query.includeCancelled === true,
        ...pageArgs(ctx.query),
      }),
    }),
    getMeeting: (ctx) => {
      const { record, etag } = store.getMeeting(requireUser(ctx), ctx.params.syncKey as string);
      return { status: 200, body: record, headers: { etag } };
    },
    upsertMeeting: (ctx) => {
      const ifMatch = ctx.headers["if-match"] as string | undefined;
      const r = store.upsertMeeting(
        requireUser(ctx),
        ctx.params.syncKey as string,
        ctx.body as Parameters<Store["upsertMeeting"]>[2],
        ifMatch,
      );
      return { status: r.status, body: r.record, headers: { etag: r.etag } };
    },
    putDocument: (ctx) => {
      let name: string;
      try {
        name = [...decodeURIComponent(ctx.headers["x-file-name"] as string)]
          .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
          .join("")
          .trim();
      } catch {
        throw new ApiError(400, "invalid", "The file name is not valid.", [
          { field: "header.x-file-name", message: "is not percent-encoded UTF-8" },
        ]);
      }
      if (!name) {
        throw new ApiError(400, "invalid", "The file name is empty.", [
          { field: "header.x-file-name", message: "is empty" },
        ]);
      }
      const rawType = String(ctx.headers["content-type"] ?? "").trim();
      const contentType = SAFE_CONTENT_TYPE.test(rawType) ? rawType : "application/octet-stream";
      const r = store.putDocument(requireUser(ctx), ctx.params.syncKey as string, ctx.params.documentKey as string, {
        name,
        contentType,
        bytes: ctx.body as Buffer,
      });
      return { status: r.status, body: r.document };
    },
    getDocumentContent: (ctx) => {
      const d = store.documentContent(requireUser(ctx), ctx.params.id as string);
      return {
        status: 200,
        binary: d.content,
        headers: {
          "content-type": d.contentType,
          "content-disposition": contentDisposition("attachment", d.name),
          "x-content-type-options": "nosniff",
          "content-security-policy": "sandbox",
          etag: `"${d.sha256}"`,
        },
      };
    },
    issueDevToken: async (ctx) => {
      const email = String((ctx.body as { email: string }).email);
      const user = store.userByEmail(email);
      if (!user) {
        throw new ApiError(401, "unauthorized", `${email} is not an InterAction user.`);
      }
      const token = await signAccessToken(keys, { sub: user.id, email: user.email, name: user.name });
      return { status: 200, body: { access_token: token, token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS } };
    },
    getDevJwks: () => ({ status: 200, body: { keys: [keys.publicJwk] } }),
    getSandboxClock: () => ({ status: 200, body: clockBody() }),
    setSandboxClock: (ctx) => {
      setClock((ctx.body as { now: string | null }).now);
      return { status: 200, body: clockBody() };
    },
    getSandboxFaults: () => ({ status: 200, body: faultsBody() }),
    setSandboxFaults: async (ctx) => {
      const rules = (ctx.body as { rules: FaultRule[] }).rules;
      const details: FieldError[] = [];
      const compiled = rules.map((rule, i) => {
        if (!rule.status && !rule.delayMs && !rule.reset && !rule.malformed && !rule.hold) {
          details.push({ field: `body.rules.${i}`, message: "needs one of status, delayMs, reset, malformed, hold" });
        }
        if (rule.afterCommit && !rule.status && !rule.reset) {
          details.push({ field: `body.rules.${i}.afterCommit`, message: "needs status or reset" });
        }
        try {
          return { ...rule, regex: rule.path ? new RegExp(rule.path) : undefined };
        } catch {
          details.push({ field: `body.rules.${i}.path`, message: "is not a regular expression" });
          return rule;
        }
      });
      if (details.length) throw new ApiError(400, "invalid", "The fault rules are not valid.", details);
      faults = compiled;
      await releaseHeld(); // held requests land now, before this answer
      return { status: 200, body: faultsBody() };
    },
    getSandboxRequests: () => ({ status: 200, body: { items: requestLog } }),
    resetSandbox: async () => {
      await releaseHeld();
      wipe(db);
      runSeed(db, seedName, new Date().toISOString());
      setMeta(db, "seeded", seedName);
      faults = [];
      requestLog = [];
      setClock(null);
      return { status: 204 };
    },
  };

  const register = (scope: FastifyInstance, op: ContractOperation) => {
    const handler = handlers[op.operationId];
    if (!handler) throw new Error(`No sandbox handler for operation ${op.operationId}`);
    scope.route({
      method: op.method,
      url: op.routePath,
      bodyLimit: op.body?.kind === "binary" ? MAX_DOCUMENT_BYTES : undefined,
      handler: run(op, handler),
    });
  };
  const enabled = (op: ContractOperation) => controls || !op.path.startsWith("/__sandbox");
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

  // ---- the "InterAction Web Client" view (dev only, no sign-in) ----
  app.get("/", async (request, reply) => {
    const q = request.query as { company?: string };
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
    return renderWebView(store, { companyId: typeof q.company === "string" ? q.company : undefined });
  });
  app.get("/web/documents/:id", async (request, reply) => {
    try {
      const d = store.documentContent(undefined, (request.params as { id: string }).id);
      const inline = /^(application\/pdf|image\/(png|jpeg|gif)|text\/plain)/.test(d.contentType);
      return reply
        .type(d.contentType)
        .header("content-disposition", contentDisposition(inline ? "inline" : "attachment", d.name))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox")
        .send(d.content);
    } catch (e) {
      if (e instanceof ApiError) return reply.code(e.status).send(errorBody(e.code, e.message));
      throw e;
    }
  });

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
      await releaseHeld();
      await app.close();
      db.close();
    },
  };
}
