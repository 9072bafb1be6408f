// One dev clock: the local Graph reads the sandbox's movable clock (GET /__sandbox/clock answers { now, offsetMs })
// so Exchange's timestamps and subscription expiry follow the same "now" as the sandbox and the workbench. Without a
// clock URL it is real time. The offset is fetched before a request when the cached one is older than 200 ms.

export interface DevClock {
  now(): Date;
  /** Refreshes the offset from the sandbox when it is stale; never throws (keeps the last known offset). */
  sync(): Promise<void>;
}

export const realClock: DevClock = { now: () => new Date(), sync: async () => undefined };

export function sandboxClock(clockUrl: string, maxAgeMs = 200): DevClock {
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
      // The sandbox may be stopping or not started yet: keep the last known offset rather than fail Exchange.
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

/** A clock tests can set directly (in-process). */
export function manualClock(start?: Date): DevClock & { set(now: Date | null): void } {
  let offsetMs = start ? start.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    sync: async () => undefined,
    set: (now) => {
      offsetMs = now ? now.getTime() - Date.now() : 0;
    },
  };
}
