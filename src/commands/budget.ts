// Time helpers of the handlers. A send handler has one budget that starts when Outlook calls it: the configuration,
// the token and the use-case all spend from it, so the slowest step can never push the send past Outlook's limit.
import type { MailboxItem } from "../sync/ports";

export const OUT_OF_TIME: unique symbol = Symbol("outOfTime");

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** The promise's value, or OUT_OF_TIME after `ms` (the promise keeps running; a late rejection is swallowed). */
export function within<T>(promise: Promise<T>, ms: number, timers: Timers): Promise<T | typeof OUT_OF_TIME> {
  promise.catch(() => undefined);
  let handle: unknown;
  const timeout = new Promise<typeof OUT_OF_TIME>((resolve) => {
    handle = timers.setTimeout(() => resolve(OUT_OF_TIME), Math.max(0, ms));
  });
  const settle = <V>(v: V) => {
    timers.clearTimeout(handle);
    return v;
  };
  return Promise.race([promise, timeout]).then(settle, (e: unknown) => {
    timers.clearTimeout(handle);
    throw e;
  });
}

/**
 * The item read once per event: the send handler reads it to tell a send from a cancellation, and runSync then gets
 * the same snapshot instead of asking Outlook again. A failed read is not remembered (runSync tries again and
 * reports it).
 */
export function readOnce<I extends MailboxItem>(item: I): I {
  let snapshot: ReturnType<MailboxItem["read"]> | undefined;
  const read = () => {
    if (!snapshot) {
      const attempt = item.read();
      snapshot = attempt;
      attempt.catch(() => {
        if (snapshot === attempt) snapshot = undefined;
      });
    }
    return snapshot;
  };
  return Object.assign({}, item, { read });
}
