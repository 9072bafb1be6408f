// Contract tests: the sandbox rate-limits per user when asked to (as a firm's gateway does), answering 429 with
// Retry-After in the error shape, and never when not asked to.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { parseArgs } from "../../dev/sandbox/main";
import { parseRateLimit, TokenBuckets } from "../../dev/sandbox/rateLimit";
import { startHarness, type Harness } from "./harness";

describe("TokenBuckets", () => {
  it("allows a burst, then refuses with the seconds until the next request, refilling at the rate, per user", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => buckets.take("alice").ok)).toEqual([true, true, true]);
    expect(buckets.take("alice")).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(buckets.take("bob").ok).toBe(true); // every user has their own bucket
    now += 500; // half a second at 2/s: one request back
    expect(buckets.take("alice").ok).toBe(true);
    expect(buckets.take("alice").ok).toBe(false);
    now += 60_000; // a quiet minute fills the bucket to its burst, not beyond
    expect([1, 2, 3, 4].map(() => buckets.take("alice").ok)).toEqual([true, true, true, false]);
  });

  it("rounds Retry-After up to whole seconds at slow rates, and refuses a rate that is not positive", () => {
    let now = 0;
    const slow = new TokenBuckets({ perSecond: 0.25 }, () => now);
    expect(slow.take("a").ok).toBe(true); // burst of at least one
    expect(slow.take("a")).toEqual({ ok: false, retryAfterSeconds: 4 });
    now += 1000;
    expect(slow.take("a")).toEqual({ ok: false, retryAfterSeconds: 3 });
    expect(() => new TokenBuckets({ perSecond: 0 })).toThrow(/positive/);
  });

  it("reads --rate-limit <n>/s", () => {
    expect(parseRateLimit("10/s")).toEqual({ perSecond: 10 });
    expect(parseRateLimit("0.5/s")).toEqual({ perSecond: 0.5 });
    for (const bad of ["10", "0/s", "-1/s", "10/min", "fast"]) expect(parseRateLimit(bad)).toBeUndefined();
    expect(parseArgs(["--rate-limit", "5/s"]).rateLimit).toEqual({ perSecond: 5 });
    expect(parseArgs([]).rateLimit).toBeUndefined();
    expect(() => parseArgs(["--rate-limit", "lots"])).toThrow(/--rate-limit must be requests per second per user/);
  });
});

describe("a sandbox started with a rate limit", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimit: { perSecond: 0.2, burst: 3 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers a user's request beyond the limit with 429, Retry-After and the error shape; others go on", async () => {
    const aliceToken = await h.tokenFor("alice@firm.example"); // the dev token route is not rate-limited
    const me = () => h.fetch(`${h.sandbox.url}/api/v1/me`, { headers: { Authorization: `Bearer ${aliceToken}` } });
    expect([(await me()).status, (await me()).status, (await me()).status]).toEqual([200, 200, 200]);
    const limited = await me();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toEqual({
      code: "rateLimited",
      message: "You are making too many requests to InterAction; try again shortly.",
    });
    // The client reports it as a retryable rate limit with the server's delay; Bob has his own allowance.
    await expect(h.clientFor("alice@firm.example").me()).rejects.toMatchObject({
      code: "rateLimited",
      status: 429,
      retryable: true,
    });
    expect((await h.clientFor("bob@firm.example").me()).email).toBe("bob@firm.example");
    const log = (await h.raw.GET("/__sandbox/requests")).data?.items ?? [];
    expect(log.filter((e) => e.status === 429).every((e) => e.user === "alice@firm.example" && !e.fault)).toBe(true);
  });
});

describe("a sandbox started without a rate limit", () => {
  it("never answers 429 on its own, however fast a user asks", async () => {
    const h = await startHarness({ seed: "demo" });
    try {
      const alice = h.clientFor("alice@firm.example");
      const answers = await Promise.all(Array.from({ length: 60 }, () => alice.me()));
      expect(answers.every((a) => a.email === "alice@firm.example")).toBe(true);
    } finally {
      await h.close();
    }
  });
});
