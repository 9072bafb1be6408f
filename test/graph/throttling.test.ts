// Contract: Graph's Outlook throttling (4 concurrent requests per app per mailbox; a request budget per 10 minutes)
// answers 429 with Retry-After, and the Graph SDK's retry middleware waits exactly that long before retrying.
import { RetryHandlerOptions, type GraphError } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "./support";

// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
let eventPath: string;
beforeAll(async () => {
  h = await startHarness();
  const r = await h.call("POST", "/exchange/mailboxes/dana@firm.example/items", {
    fields: { subject: "Throttled", start: "2026-12-09T09:00:00Z", end: "2026-12-09T10:00:00Z" },
    send: true,
  });
  eventPath = `/users/dana@firm.example/events/${r.body.restId}`;
  await h.client().api(eventPath).get(); // msal's token is cached before the concurrent burst
});
afterAll(async () => h.close());
afterEach(async () => {
  await h.call("PUT", "/__graph/faults", { rules: [] });
  await h.call("PUT", "/__graph/throttling", {});
  await h.call("DELETE", "/__graph/requests");
});

const requests = async () =>
  (await h.call("GET", "/__graph/requests")).body.items as { at: string; status: number; path: string }[];

test("past 4 concurrent requests per app per mailbox: 429 with Retry-After", async () => {
  // Each answer takes 1.5 s, so six requests sent together are in flight at once.
  await h.call("PUT", "/__graph/faults", { rules: [{ method: "GET", path: "/events/", delayMs: 1500 }] });
  const noRetry = [new RetryHandlerOptions(1, 0)];
  const results = await Promise.allSettled(
    Array.from({ length: 6 }, () => h.client().api(eventPath).middlewareOptions(noRetry).get()),
  );
  const ok = results.filter((r) => r.status === "fulfilled");
  const refused = results
    .filter((r): r is PromiseRejectedResult => r.status === "rejected")
    .map((r) => r.reason as GraphError);
  expect(ok).toHaveLength(4);
  expect(refused.map((e) => [e.statusCode, e.code])).toEqual([
    [429, "ApplicationThrottled"],
    [429, "ApplicationThrottled"],
  ]);
  expect(refused.every((e) => Number(e.headers?.get("retry-after")) >= 1)).toBe(true);
});

test("the SDK's retry middleware honours Retry-After: the retry comes no sooner than it says", async () => {
  await h.call("PUT", "/__graph/throttling", { concurrencyRetryAfterSeconds: 3 });
  await h.call("PUT", "/__graph/faults", { rules: [{ method: "GET", path: "/events/", delayMs: 1500 }] });
  // Without a Retry-After the middleware would wait its own delay (1 s + jitter here); with one, exactly that.
  const options = [new RetryHandlerOptions(1, 3)];
  const results = await Promise.all(
    Array.from({ length: 6 }, () => h.client().api(eventPath).middlewareOptions(options).get()),
  );
  expect(results.every((e) => e.subject === "Throttled")).toBe(true);
  const log = await requests();
  const throttled = log.filter((r) => r.status === 429);
  expect(throttled).toHaveLength(2);
  const firstRefusal = Math.min(...throttled.map((r) => Date.parse(r.at)));
  const laterSuccesses = log.filter((r) => r.status === 200 && Date.parse(r.at) > firstRefusal);
  expect(laterSuccesses).toHaveLength(2);
  for (const retry of laterSuccesses) expect(Date.parse(retry.at) - firstRefusal).toBeGreaterThanOrEqual(3000);
});

test("past the request budget per window: 429 with Retry-After until the window ends", async () => {
  await h.call("PUT", "/__graph/throttling", { budget: 3, windowMs: 600_000 });
  const noRetry = [new RetryHandlerOptions(1, 0)];
  for (let i = 0; i < 3; i++) await h.client().api(eventPath).middlewareOptions(noRetry).get();
  const refusal = (await h
    .client()
    .api(eventPath)
    .middlewareOptions(noRetry)
    .get()
    .catch((e: GraphError) => e)) as GraphError;
  expect(refusal.statusCode).toBe(429);
  expect(refusal.message).toMatch(/MailboxRequestBudget/);
  expect(Number(refusal.headers?.get("retry-after"))).toBeGreaterThan(500);
});

test("injected faults: 503 with Retry-After is retried by the SDK; the request log counts every call", async () => {
  await h.call("PUT", "/__graph/faults", { rules: [{ method: "GET", path: "/events/", status: 503, times: 1 }] });
  const event = await h
    .client()
    .api(eventPath)
    .middlewareOptions([new RetryHandlerOptions(1, 2)])
    .get();
  expect(event.subject).toBe("Throttled");
  expect((await requests()).map((r) => r.status)).toEqual([503, 200]);
});
