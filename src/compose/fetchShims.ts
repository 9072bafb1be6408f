// Classic Outlook's JavaScript-only event runtime guarantees fetch and timers, not the rest of the Fetch API family
// (Headers, Request, AbortController). The typed client (openapi-fetch) builds a Request with Headers and aborts by
// AbortController, so the event runtime gets minimal stand-ins, installed only where the real ones are missing,
// and a fetch adapter that hands the runtime's own fetch a plain (url, init) for a stand-in Request. Page runtimes
// (task pane, commands.html) have the real classes and are left alone.
import { globalObject } from "../sync/globalObject";

type HeaderInit = Record<string, string> | [string, string][] | ShimHeaders | undefined;

export class ShimHeaders {
  private readonly map = new Map<string, { name: string; values: string[] }>();
  constructor(init?: HeaderInit) {
    if (!init) return;
    if (init instanceof ShimHeaders) init.forEach((v, k) => this.append(k, v));
    else if (Array.isArray(init)) for (const [k, v] of init) this.append(k, v);
    else for (const k of Object.keys(init)) this.append(k, String(init[k]));
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const entry = this.map.get(key);
    if (entry) entry.values.push(String(value));
    else this.map.set(key, { name, values: [String(value)] });
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), { name, values: [String(value)] });
  }
  get(name: string): string | null {
    const entry = this.map.get(name.toLowerCase());
    return entry ? entry.values.join(", ") : null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  forEach(fn: (value: string, name: string) => void): void {
    this.map.forEach((entry, key) => fn(entry.values.join(", "), key));
  }
  entries(): IterableIterator<[string, string]> {
    const list: [string, string][] = [];
    this.forEach((v, k) => list.push([k, v]));
    return list[Symbol.iterator]();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
  /** A plain object for the runtime's fetch. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    // Defined, not assigned: a header named "__proto__" would otherwise set the object's prototype and be lost.
    this.forEach((v, k) =>
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true }),
    );
    return out;
  }
}

type Listener = () => void;

export class ShimAbortSignal {
  aborted = false;
  reason: unknown = undefined;
  onabort: Listener | null = null;
  private listeners: Listener[] = [];
  addEventListener(type: string, fn: Listener): void {
    if (type === "abort") this.listeners.push(fn);
  }
  removeEventListener(type: string, fn: Listener): void {
    if (type === "abort") this.listeners = this.listeners.filter((l) => l !== fn);
  }
  /** @internal */
  fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const l of [...this.listeners, ...(this.onabort ? [this.onabort] : [])]) {
      try {
        l();
      } catch {
        /* a listener's failure does not stop the others */
      }
    }
  }
}

const abortError = (): Error => {
  const e = new Error("The operation was aborted.");
  e.name = "AbortError";
  return e;
};

export class ShimAbortController {
  readonly signal = new ShimAbortSignal();
  abort(reason?: unknown): void {
    this.signal.fire(reason ?? abortError());
  }
}

export interface ShimRequestInit {
  method?: string;
  headers?: HeaderInit;
  body?: unknown;
  signal?: ShimAbortSignal | AbortSignal | null;
  redirect?: string;
}

export class ShimRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: ShimHeaders;
  readonly body: unknown;
  readonly signal: ShimAbortSignal | AbortSignal | null;
  readonly redirect: string;
  /** Marks a stand-in so the fetch adapter knows to unpack it. */
  readonly isShimRequest = true;
  constructor(input: string | ShimRequest, init: ShimRequestInit = {}) {
    const base = typeof input === "string" ? undefined : input;
    this.url = typeof input === "string" ? input : input.url;
    this.method = (init.method ?? base?.method ?? "GET").toUpperCase();
    this.headers = new ShimHeaders(init.headers ?? base?.headers);
    this.body = init.body ?? base?.body;
    this.signal = init.signal ?? base?.signal ?? null;
    this.redirect = init.redirect ?? base?.redirect ?? "follow";
  }
  /** A copy to send again (the typed client's 401 retry); the body is a plain value, so it can be sent twice. */
  clone(): ShimRequest {
    return new ShimRequest(this);
  }
}

/** Installs the stand-ins the runtime lacks; returns their names (empty in a browser). */
export function installFetchShims(scope: Record<string, unknown> = globalObject()): string[] {
  const installed: string[] = [];
  if (typeof scope.Headers === "undefined") {
    scope.Headers = ShimHeaders;
    installed.push("Headers");
  }
  if (typeof scope.Request === "undefined") {
    scope.Request = ShimRequest;
    installed.push("Request");
  }
  if (typeof scope.AbortController === "undefined") {
    scope.AbortController = ShimAbortController;
    scope.AbortSignal = ShimAbortSignal;
    installed.push("AbortController");
  }
  return installed;
}

const isShimSignal = (s: unknown): s is ShimAbortSignal => s instanceof ShimAbortSignal;

/**
 * Wraps the runtime's fetch so it also accepts stand-in Requests (unpacked into url + init) and stand-in abort
 * signals (the runtime's fetch cannot take those: the adapter rejects with an AbortError instead).
 */
export function fetchAcceptingShims(baseFetch: typeof fetch): typeof fetch {
  return ((input: unknown, init?: Record<string, unknown>) => {
    let url: unknown = input;
    let options: Record<string, unknown> | undefined = init;
    if (input instanceof ShimRequest) {
      url = input.url;
      options = {
        method: input.method,
        headers: input.headers.toObject(),
        ...(input.body !== undefined && input.body !== null ? { body: input.body } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
        ...init,
      };
    } else if (options && options.headers instanceof ShimHeaders) {
      options = { ...options, headers: options.headers.toObject() };
    }
    const signal = options?.signal;
    if (!isShimSignal(signal)) return baseFetch(url as string, options as Parameters<typeof fetch>[1]);
    const { signal: _omit, ...rest } = options as Record<string, unknown>;
    if (signal.aborted) return Promise.reject(abortError());
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(abortError());
      signal.addEventListener("abort", onAbort);
      baseFetch(url as string, rest as Parameters<typeof fetch>[1]).then(
        (r) => {
          signal.removeEventListener("abort", onAbort);
          resolve(r);
        },
        (e) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  }) as typeof fetch;
}
