// The operation runner: for every operation of the contract it checks the request against the document, signs the
// user in, counts the request against the rate limit, replays or records Idempotency-Key answers, runs the handler
// and checks the answer against the document before sending it.
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "./apiError";
import { TokenError, verifyAccessToken, type SigningKeys } from "./auth";
import { fieldErrors, responseViolations, type ContractOperation, type FieldError } from "./contract";
import type { TokenBuckets } from "./rateLimit";
import { pathOf, type RequestLog } from "./requestLog";
import type { Store, UserRow } from "./store";

export interface Ctx {
  op: ContractOperation;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  user?: UserRow;
  request: FastifyRequest;
}

export interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  binary?: Buffer;
}

export type Handler = (ctx: Ctx) => Result | Promise<Result>;

export const errorBody = (code: string, message: string, details?: FieldError[]) =>
  details && details.length ? { code, message, details } : { code, message };

export interface RunnerDeps {
  store: Store;
  keys: SigningKeys;
  requests: RequestLog;
  buckets?: TokenBuckets;
}

/** The user a bearer token names (401 with WWW-Authenticate otherwise). */
export async function authenticate(deps: RunnerDeps, request: FastifyRequest): Promise<UserRow> {
  try {
    const claims = await verifyAccessToken(deps.keys, request.headers.authorization, request);
    const user = deps.store.userById(claims.sub);
    if (!user || user.email.toLowerCase() !== claims.email.toLowerCase()) {
      throw new TokenError("invalid", "This user is not known to InterAction.");
    }
    // Which application writes for the user (the add-in or the sync service): recorded with each write (deliveries).
    return { ...user, client: claims.client ?? "addin" } as UserRow;
  } catch (e) {
    if (e instanceof ApiError) throw e; // a valid token that may not do this (403)
    const problem = e instanceof TokenError ? e.problem : "invalid";
    const message = e instanceof Error ? e.message : "The access token is not valid.";
    throw new ApiError(401, "unauthorized", message, undefined, {
      "www-authenticate": `Bearer error="invalid_token", error_description="${problem}"`,
    });
  }
}

function respond(op: ContractOperation, reply: FastifyReply, result: Result) {
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
}

/** The parameters and body of `request`, with every way they break the contract. */
function readRequest(op: ContractOperation, request: FastifyRequest) {
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
  return { details, params, query, headers, body };
}

/** What makes two requests with one Idempotency-Key the same request. */
function requestHash(request: FastifyRequest, headers: Record<string, unknown>, body: unknown): string {
  return createHash("sha256")
    .update(
      `${request.method} ${pathOf(request.url)}\n${String(headers["if-match"] ?? "")}\n${String(headers["if-none-match"] ?? "")}\n`,
    )
    .update(Buffer.isBuffer(body) ? body : JSON.stringify(body ?? null))
    .update(String(headers["x-file-name"] ?? ""))
    .digest("hex");
}

/** The handler's answer, which must be synchronous to run inside the Idempotency-Key's transaction. */
function synchronous(op: ContractOperation, answer: Result | Promise<Result>): Result {
  if (answer instanceof Promise) {
    throw new Error(`${op.operationId} must answer synchronously: it runs in one transaction with its Idempotency-Key`);
  }
  return answer;
}

/** Runs `handler` once per Idempotency-Key: a repeat replays the first 2xx answer, another request is refused. */
function once(deps: RunnerDeps, ctx: Ctx, user: UserRow, key: string, hash: string, handler: Handler): Result {
  const { answer, replayed } = deps.store.once(user.id, key, hash, () => synchronous(ctx.op, handler(ctx)));
  return replayed ? { ...answer, headers: { ...answer.headers, "idempotent-replayed": "true" } } : answer;
}

export function createRunner(deps: RunnerDeps) {
  return (op: ContractOperation, handler: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
    let result: Result;
    try {
      const { details, params, query, headers, body } = readRequest(op, request);
      const user = op.secured ? await authenticate(deps, request) : undefined;
      if (user) deps.requests.notesOf(request).user = user.email;
      const take = user && deps.buckets?.take(user.id);
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
      const key = op.hasIdempotencyKey && user ? (headers["idempotency-key"] as string | undefined) : undefined;
      result =
        key && user ? once(deps, ctx, user, key, requestHash(request, headers, body), handler) : await handler(ctx);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result = { status: e.status, body: errorBody(e.code, e.message, e.details), headers: e.headers };
    }
    return respond(op, reply, result);
  };
}
