// The one way to wait on something for a limited time. Outlook gives a send handler about 5 seconds (Smart Alerts),
// and a hanging InterAction, configuration or token provider must never hold the user's send hostage: every such wait
// is raced against a timer here, and what did not finish keeps running (or stays queued) for later.
// - `within(promise, ms)`: one wait with its own timer (a configuration fetch, the handler's own budget).
// - `startDeadline(ms)`: one timer for a whole run, shared by every wait of the run (runSync, deliverOutbox).
// Both answer TIMED_OUT instead of throwing, and never leave a late rejection unhandled.
export const TIMED_OUT: unique symbol = Symbol("timedOut");
export type TimedOut = typeof TIMED_OUT;

/** The timers a shell or use-case uses; injected so tests and hosts with their own clock can drive them. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The runtime's timers, looked up at each call (so test fake timers installed later still apply). */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A timer that resolves `reached` with TIMED_OUT after `ms`; `cancel` releases it (an event runtime may then end). */
const timeout = (ms: number, timers: Timers, onFire: () => void = () => undefined) => {
  let handle: unknown;
  let armed = true;
  const reached = new Promise<TimedOut>((resolve) => {
    handle = timers.setTimeout(
      () => {
        armed = false;
        onFire();
        resolve(TIMED_OUT);
      },
      Math.max(0, ms),
    );
  });
  return {
    reached,
    cancel() {
      if (armed) timers.clearTimeout(handle);
      armed = false;
    },
  };
};

/** The promise's value, or TIMED_OUT after `ms` (the promise keeps running; a late rejection is swallowed). */
export function within<T>(promise: Promise<T>, ms: number, timers: Timers = systemTimers): Promise<T | TimedOut> {
  promise.catch(() => undefined);
  const timer = timeout(ms, timers);
  return Promise.race([promise, timer.reached]).then(
    (value) => {
      timer.cancel();
      return value;
    },
    (e: unknown) => {
      timer.cancel();
      throw e;
    },
  );
}

export interface Deadline {
  readonly expired: boolean;
  /** Resolves with the promise's value, or TIMED_OUT once the deadline passes (the promise keeps running). */
  race<T>(promise: Promise<T>): Promise<T | TimedOut>;
  /** Releases the timer (call when the run ends, so an event runtime is not kept alive). */
  cancel(): void;
}

export const startDeadline = (ms: number, timers: Timers = systemTimers): Deadline => {
  let expired = false;
  const timer = timeout(ms, timers, () => {
    expired = true;
  });
  return {
    get expired() {
      return expired;
    },
    race<T>(promise: Promise<T>): Promise<T | TimedOut> {
      promise.catch(() => undefined); // the late answer is ignored, never an unhandled rejection
      if (expired) return Promise.resolve(TIMED_OUT);
      return Promise.race([promise, timer.reached]);
    },
    cancel() {
      timer.cancel();
    },
  };
};
