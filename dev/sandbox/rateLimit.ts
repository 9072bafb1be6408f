// Per-user rate limiting, as a firm's InterAction gateway does it: a token bucket per user that refills at
// `perSecond` and holds at most `burst` requests. Off unless configured (`--rate-limit <n>/s`), so tests and demos
// never trip it by accident; when on, the client meets a real 429 with Retry-After instead of an injected one.
// It runs on the real clock: moving the sandbox clock is about meetings, not about how fast requests arrive.

export interface RateLimit {
  /** Requests per second a user may make on average (> 0). */
  perSecond: number;
  /** Requests a user may make at once after a quiet spell. Default: one second's worth (at least 1). */
  burst?: number;
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly burst: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly nowMs: () => number = Date.now,
  ) {
    if (!(limit.perSecond > 0)) throw new Error("A rate limit needs a positive number of requests per second.");
    this.burst = Math.max(1, limit.burst ?? limit.perSecond);
  }

  /** Takes one request from `key`'s bucket; when it is empty, says how many whole seconds until it is not. */
  take(key: string): Take {
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    const tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.limit.perSecond)) };
  }
}

/** Reads `<n>/s` (e.g. `10/s`, `0.5/s`) as given to `--rate-limit`; undefined when it is not that. */
export function parseRateLimit(text: string): RateLimit | undefined {
  const match = /^(\d+(?:\.\d+)?)\/s$/.exec(text.trim());
  const perSecond = match ? Number(match[1]) : NaN;
  return perSecond > 0 ? { perSecond } : undefined;
}
