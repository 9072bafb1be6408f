// Graph's documented limits for Outlook resources (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits):
// at most 4 concurrent requests per app per mailbox, and 10,000 requests per 10 minutes per app per mailbox. Past
// either, 429 with Retry-After. Limits are settings, so tests and the bench can make them reachable.

export interface ThrottleLimits {
  /** Concurrent requests per app per mailbox. Graph: 4. */
  concurrency: number;
  /** Requests per app per mailbox per window. Graph: 10,000 per 10 minutes. */
  budget: number;
  windowMs: number;
  /** Retry-After answered when over the concurrency limit (seconds). */
  concurrencyRetryAfterSeconds: number;
}

export const GRAPH_OUTLOOK_LIMITS: ThrottleLimits = {
  concurrency: 4,
  budget: 10_000,
  windowMs: 10 * 60 * 1000,
  concurrencyRetryAfterSeconds: 1,
};

export type ThrottleVerdict =
  { ok: true; release: () => void } | { ok: false; reason: string; retryAfterSeconds: number };

export class Throttle {
  private inFlight = new Map<string, number>();
  /** Fixed windows per key: when the current one started and how many requests it has taken. */
  private windows = new Map<string, { startedAt: number; count: number }>();

  constructor(public limits: ThrottleLimits = { ...GRAPH_OUTLOOK_LIMITS }) {}

  /** Takes a slot for app+mailbox, or says why not and when to come back. Uses real time (a limit is wall-clock). */
  acquire(appId: string, mailboxId: string): ThrottleVerdict {
    const key = `${appId}|${mailboxId}`;
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= this.limits.windowMs) {
      w = { startedAt: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limits.budget) {
      return {
        ok: false,
        reason: "Application is over its MailboxRequestBudget limit.",
        retryAfterSeconds: Math.max(1, Math.ceil((w.startedAt + this.limits.windowMs - now) / 1000)),
      };
    }
    const current = this.inFlight.get(key) ?? 0;
    if (current >= this.limits.concurrency) {
      return {
        ok: false,
        reason: "Application is over its MailboxConcurrency limit.",
        retryAfterSeconds: this.limits.concurrencyRetryAfterSeconds,
      };
    }
    w.count++;
    this.inFlight.set(key, current + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.inFlight.get(key) ?? 1) - 1;
        if (n <= 0) this.inFlight.delete(key);
        else this.inFlight.set(key, n);
      },
    };
  }

  reset(limits?: Partial<ThrottleLimits>): void {
    this.limits = { ...GRAPH_OUTLOOK_LIMITS, ...limits };
    this.inFlight.clear();
    this.windows.clear();
  }
}
