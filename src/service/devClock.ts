// Development only: one clock for the dev world. The InterAction sandbox's movable clock (GET /__sandbox/clock,
// { offsetMs }) is the one the local Graph and the workbench read; with SERVICE_CLOCK_URL the service reads it too,
// so tests can move "now" for the sync window and the activity lifecycle. Refreshed before each job; when the
// sandbox does not answer, the last known offset stays (real time at first).
import type { ServiceClock } from "./ports";

export interface SyncedClock extends ServiceClock {
  /** Reads the offset again (at most every `maxAgeMs`). */
  sync(): Promise<void>;
}

export function movableClock(clockUrl: string, maxAgeMs = 200): SyncedClock {
  let offsetMs = 0;
  let fetchedAt = 0;
  let inflight: Promise<void> | undefined;
  const refresh = async () => {
    try {
      const response = await fetch(clockUrl, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        const body = (await response.json()) as { offsetMs?: unknown };
        if (typeof body.offsetMs === "number" && Number.isFinite(body.offsetMs)) offsetMs = body.offsetMs;
      }
    } catch {
      // Keep the last known offset.
    } finally {
      fetchedAt = Date.now();
      inflight = undefined;
    }
  };
  return {
    now: () => new Date(Date.now() + offsetMs),
    sync: () => {
      if (Date.now() - fetchedAt < maxAgeMs) return Promise.resolve();
      inflight ??= refresh();
      return inflight;
    },
  };
}
