// One send budget: a send (and a cancellation, which Outlook runs through the send event) that names no deadline
// gets SEND_DEADLINE_MS, the same 3000 ms the send handler spends in all; other triggers name their own.
import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { SEND_DEADLINE_MS as HANDLER_SEND_BUDGET } from "../../src/commands/handlers";
import { DELIVERY_DEADLINE_MS, SEND_DEADLINE_MS, triggerDeadlineMs } from "../../src/sync/budgets";
import { runSync, type SyncOutcome } from "../../src/sync/runSync";
import type { SyncTrigger } from "../../src/core/trigger";
import { createHarness } from "../support/fakes";

beforeEach(() => {
  jest.useFakeTimers({ now: new Date("2026-11-25T09:00:00.000Z") });
});
afterEach(() => {
  jest.useRealTimers();
});

/** Runs the trigger while InterAction hangs on the meeting's write; resolves the moment runSync gives up. */
const hangingRun = async (trigger: SyncTrigger) => {
  const h = createHarness({ snapshot: { isNew: false, itemId: "item-1" } });
  await runSync({ kind: "add" }, h.deps, { deadlineMs: 1000 });
  h.item.update({ location: "Room 5" }); // a committed change, so every trigger below writes
  h.api.hang("upsertMeeting");
  let outcome: SyncOutcome | undefined;
  const running = runSync(trigger, h.deps).then((o) => (outcome = o));
  return { h, running, settled: () => outcome };
};

describe("the send budget", () => {
  test("is 3000 ms, once: the handler's whole budget is the use-case's", () => {
    expect(SEND_DEADLINE_MS).toBe(3000);
    expect(HANDLER_SEND_BUDGET).toBe(SEND_DEADLINE_MS);
    expect(triggerDeadlineMs("send")).toBe(SEND_DEADLINE_MS);
  });

  test.each<SyncTrigger>([{ kind: "send" }, { kind: "cancel" }])(
    "%j without a named deadline gives up on a hanging InterAction after exactly the send budget",
    async (trigger) => {
      const { h, running, settled } = await hangingRun(trigger);
      await jest.advanceTimersByTimeAsync(SEND_DEADLINE_MS - 1);
      expect(settled()).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(settled()?.status).toBe("pending");
      h.api.releaseHangs();
      await running;
    },
  );

  test("other triggers name their own, longer budget", async () => {
    const { h, running, settled } = await hangingRun({ kind: "retry" });
    await jest.advanceTimersByTimeAsync(SEND_DEADLINE_MS);
    expect(settled()).toBeUndefined();
    await jest.advanceTimersByTimeAsync(DELIVERY_DEADLINE_MS - SEND_DEADLINE_MS);
    expect(settled()).toBeDefined();
    h.api.releaseHangs();
    await running;
  });
});
