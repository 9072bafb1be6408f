import { describe, expect, test } from "@jest/globals";
import { startDeadline, TIMED_OUT, within } from "../../src/sync/deadline";

describe("the run's deadline", () => {
  test("an answer before the deadline is passed through", async () => {
    const d = startDeadline(1000);
    await expect(d.race(Promise.resolve(42))).resolves.toBe(42);
    expect(d.expired).toBe(false);
    d.cancel();
  });

  test("a call that never answers yields TIMED_OUT and the deadline stays expired", async () => {
    const d = startDeadline(5);
    await expect(d.race(new Promise(() => undefined))).resolves.toBe(TIMED_OUT);
    expect(d.expired).toBe(true);
    await expect(d.race(Promise.resolve(1))).resolves.toBe(TIMED_OUT);
  });

  test("a failure before the deadline is passed through as a failure", async () => {
    const d = startDeadline(1000);
    await expect(d.race(Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    d.cancel();
  });

  test("a late failure after the deadline is swallowed, never an unhandled rejection", async () => {
    const d = startDeadline(0);
    let reject: (e: Error) => void = () => undefined;
    const late = new Promise((_, r) => (reject = r));
    await expect(d.race(late)).resolves.toBe(TIMED_OUT);
    reject(new Error("late"));
    await new Promise((r) => setImmediate(r));
  });
});

describe("within: one wait with its own timer", () => {
  test("an answer in time is passed through and the timer is released", async () => {
    const cleared: unknown[] = [];
    const timers = {
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
      clearTimeout: (h: unknown) => {
        cleared.push(h);
        clearTimeout(h as ReturnType<typeof setTimeout>);
      },
    };
    await expect(within(Promise.resolve("ok"), 1000, timers)).resolves.toBe("ok");
    expect(cleared).toHaveLength(1);
  });

  test("a wait that never answers yields TIMED_OUT when the injected timer fires", async () => {
    let fire: () => void = () => undefined;
    const timers = { setTimeout: (fn: () => void) => (fire = fn), clearTimeout: () => undefined };
    const waiting = within(new Promise(() => undefined), 3000, timers);
    fire();
    await expect(waiting).resolves.toBe(TIMED_OUT);
  });

  test("a failure in time is passed through; a late one is swallowed", async () => {
    await expect(within(Promise.reject(new Error("boom")), 1000)).rejects.toThrow("boom");
    let reject: (e: Error) => void = () => undefined;
    const late = new Promise((_, r) => (reject = r));
    await expect(within(late, 0)).resolves.toBe(TIMED_OUT);
    reject(new Error("late"));
    await new Promise((r) => setImmediate(r));
  });

  test("a run's deadline runs on injected timers too", async () => {
    let fire: () => void = () => undefined;
    const d = startDeadline(3000, { setTimeout: (fn: () => void) => (fire = fn), clearTimeout: () => undefined });
    const waiting = d.race(new Promise(() => undefined));
    expect(d.expired).toBe(false);
    fire();
    await expect(waiting).resolves.toBe(TIMED_OUT);
    expect(d.expired).toBe(true);
  });
});
