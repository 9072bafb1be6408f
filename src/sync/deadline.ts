// One time budget for a whole run. Outlook gives a send handler about 5 seconds (Smart Alerts), and a hanging
// InterAction must never hold the user's send hostage: every wait on InterAction is raced against this deadline, and
// what did not finish stays queued for later.
export const TIMED_OUT: unique symbol = Symbol("timedOut");
export type TimedOut = typeof TIMED_OUT;

export interface Deadline {
  readonly expired: boolean;
  /** Resolves with the promise's value, or TIMED_OUT once the deadline passes (the promise keeps running). */
  race<T>(promise: Promise<T>): Promise<T | TimedOut>;
  /** Releases the timer (call when the run ends, so an event runtime is not kept alive). */
  cancel(): void;
}

export const startDeadline = (ms: number): Deadline => {
  let expired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fire: (() => void) | undefined;
  const reached = new Promise<TimedOut>((resolve) => {
    fire = () => {
      expired = true;
      resolve(TIMED_OUT);
    };
  });
  timer = setTimeout(() => fire?.(), Math.max(0, ms));
  return {
    get expired() {
      return expired;
    },
    race<T>(promise: Promise<T>): Promise<T | TimedOut> {
      if (expired) {
        promise.catch(() => undefined); // the late answer is ignored, never an unhandled rejection
        return Promise.resolve(TIMED_OUT);
      }
      promise.catch(() => undefined);
      return Promise.race([promise, reached]);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
};
