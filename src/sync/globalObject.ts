// The global object of any runtime the add-in runs in (browsers, Outlook's JS-only event runtime with an ES2016
// engine, Node), without ES2020's globalThis. It lives in src/sync because src/sync is the innermost layer that may
// touch the runtime (src/core is pure) and every layer that needs it may import src/sync: the interaction client
// (FormData stand-in), src/compose (fetch shims, page location, crypto) and src/commands (polyfills).
// Only the global object: what is on it (Office, fetch, ...) is an adapter's business, never the use-cases'.

/** globalThis where it exists, else `self` (workers, the event runtime), else a sloppy-mode function's `this`. */
export const globalObject = (): Record<string, unknown> => {
  if (typeof globalThis !== "undefined") return globalThis as unknown as Record<string, unknown>;
  if (typeof self !== "undefined") return self as unknown as Record<string, unknown>;
  return Function("return this")() as Record<string, unknown>;
};
