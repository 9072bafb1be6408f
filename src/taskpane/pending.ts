// How the pane's controllers keep track of work in flight (idle() waits for it) and the one way they drop answers
// nobody is waiting for any more.
import type { Timers } from "../sync/deadline";

/** Work in flight that the pane's idle() waits for. */
export interface Tracker {
  track<T>(p: Promise<T>): Promise<T>;
  /** Whether anything tracked is still running. */
  busy(): boolean;
  /** Resolves once everything tracked so far has settled. */
  settled(): Promise<void>;
}

export function createTracker(): Tracker {
  const inflight = new Set<Promise<unknown>>();
  return {
    track: (p) => {
      inflight.add(p);
      void p.finally(() => inflight.delete(p)).catch(() => undefined);
      return p;
    },
    busy: () => inflight.size > 0,
    settled: async () => {
      await Promise.allSettled([...inflight]);
    },
  };
}

/**
 * The pane's one way to drop stale answers: a request runs under a signal, and what replaces it aborts that signal.
 * An answer whose signal is aborted is stale: dropped, never shown. The signal also goes with the HTTP request, so a
 * replaced search stops loading instead of finishing for nobody.
 */
export interface Latest {
  /** Aborts the current signal and returns a fresh one, for the request that replaces it. */
  next(): AbortSignal;
  /** The current signal: answers under it are still wanted. */
  current(): AbortSignal;
  /** Aborts the current signal: no answer under it is wanted any more. */
  cancel(): void;
}

export function latestOnly(): Latest {
  let controller = new AbortController();
  return {
    next: () => {
      controller.abort();
      controller = new AbortController();
      return controller.signal;
    },
    current: () => controller.signal,
    cancel: () => controller.abort(),
  };
}

/**
 * A debounced task that the pane's idle() waits for: calls within `ms` of each other collapse into one run of the
 * last one, and idle() is not reached while a run is scheduled or running. cancel() drops the scheduled run and
 * releases idle().
 */
export function trackedDebounce(timers: Timers, track: Tracker["track"], ms: number) {
  let timer: unknown = null;
  let pending: { resolve: () => void } | null = null;
  return {
    schedule(run: () => Promise<unknown>): void {
      if (timer !== null) timers.clearTimeout(timer);
      if (!pending) {
        let resolve!: () => void;
        void track(new Promise<void>((r) => (resolve = r)));
        pending = { resolve };
      }
      timer = timers.setTimeout(() => {
        timer = null;
        const done = pending;
        pending = null;
        void run()
          .catch(() => undefined)
          .finally(() => done?.resolve());
      }, ms);
    },
    cancel(): void {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      pending?.resolve();
      pending = null;
    },
  };
}
