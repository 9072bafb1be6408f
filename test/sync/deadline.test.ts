import { describe, expect, test } from "@jest/globals";
import { startDeadline, TIMED_OUT } from "../../src/sync/deadline";

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
