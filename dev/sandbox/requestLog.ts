// The request log behind GET /__sandbox/requests (the last 1,000 API requests) and what the sandbox notes about each
// request on its way through: who made it and which injected fault hit it.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FaultRule } from "./faults";

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  user?: string;
  idempotencyKey?: string;
  fault?: string;
}

/** What the sandbox notes about one request. */
export interface RequestNotes {
  user?: string;
  fault?: string;
  malformed?: boolean;
  hold?: boolean;
  afterCommit?: FaultRule;
  logged?: boolean;
}

const LOG_LIMIT = 1000;

export const pathOf = (url: string): string => url.split("?")[0] ?? url;

/** The API's own routes (and the dev token routes), which the log and fault injection are about. */
export const isApiRequest = (request: FastifyRequest): boolean =>
  request.method !== "OPTIONS" && /^\/(api|dev)\//.test(pathOf(request.url));

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly notes = new WeakMap<FastifyRequest, RequestNotes>();

  constructor(private readonly now: () => Date) {}

  /** The notes of `request` (created empty on first use). */
  notesOf(request: FastifyRequest): RequestNotes {
    let notes = this.notes.get(request);
    if (!notes) {
      notes = {};
      this.notes.set(request, notes);
    }
    return notes;
  }

  /** The notes of `request`, or undefined when nothing was noted. */
  peek(request: FastifyRequest): RequestNotes | undefined {
    return this.notes.get(request);
  }

  log(request: FastifyRequest, status: number): void {
    if (!isApiRequest(request)) return;
    const notes = this.notes.get(request);
    const entry: RequestLogEntry = {
      at: this.now().toISOString(),
      method: request.method,
      path: pathOf(request.url),
      status,
    };
    if (notes?.user) entry.user = notes.user;
    const key = request.headers["idempotency-key"];
    if (typeof key === "string") entry.idempotencyKey = key;
    if (notes?.fault) entry.fault = notes.fault;
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries = this.entries.slice(-LOG_LIMIT);
  }

  items(): RequestLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }

  /** Logs every answered request that a fault did not already log. */
  install(app: FastifyInstance): void {
    app.addHook("onResponse", async (request, reply) => {
      if (!this.notes.get(request)?.logged) this.log(request, reply.statusCode);
    });
  }
}
