// One dev clock: the local Graph reads the sandbox's movable clock (GET /__sandbox/clock answers { now, offsetMs })
// so Exchange's timestamps and subscription expiry follow the same "now" as the sandbox and the workbench. Without a
// clock URL it is real time. The offset is fetched before a request when the cached one is older than 200 ms.

import { movableClock } from "../../src/service/devClock";

export interface DevClock {
  now(): Date;
  /** Refreshes the offset from the sandbox when it is stale; never throws (keeps the last known offset). */
  sync(): Promise<void>;
}

export const realClock: DevClock = { now: () => new Date(), sync: async () => undefined };

/** The sandbox's movable clock: the same reader the sync service uses (one implementation of the dev clock). */
export const sandboxClock = (clockUrl: string, maxAgeMs = 200): DevClock => movableClock(clockUrl, maxAgeMs);

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
