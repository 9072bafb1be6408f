// The send handler (Smart Alerts): one budget from handler entry, the send never held, and what the user is told.
import type { SyncTrigger } from "../../src/core/trigger";
import {
  createCommandHandlers,
  messages,
  SEND_DEADLINE_MS,
  SEND_WATCHDOG_MS,
  WATCHDOG_NOTICE_MS,
} from "../../src/commands/handlers";
import type { SyncDeps, SyncOutcome } from "../../src/sync/deps";
import { createItemNotifier, notificationKey } from "../../src/office/notifier";
import { createFakeOutlook } from "../support/fakeOutlook";
import { event, outcome, setup } from "./handlerHarness";

describe("sending a meeting (Smart Alerts)", () => {
  it("sending the organizer's cancellation form is the cancel trigger", async () => {
    const triggers: SyncTrigger[] = [];
    const outlook = createFakeOutlook();
    const deps = {
      notifier: createItemNotifier(outlook.mailbox),
      item: { read: async () => ({ isCancelled: true }) },
    } as unknown as SyncDeps;
    const handlers = createCommandHandlers({
      deps: async () => deps,
      runSync: async (trigger) => {
        triggers.push(trigger);
        return outcome({ status: "cancelled" });
      },
    });
    const e = event();
    await handlers.onAppointmentSend(e);
    expect(triggers).toEqual([{ kind: "cancel" }]);
    expect(e.completions).toEqual([{ allowEvent: true }]);
  });

  it("runs with a deadline well inside the Smart Alerts budget", async () => {
    const { handlers, triggers } = setup(async () => outcome());
    await handlers.onAppointmentSend(event());
    expect(triggers[0]?.deadlineMs).toBeLessThanOrEqual(SEND_DEADLINE_MS);
    expect(triggers[0]?.deadlineMs).toBeGreaterThan(SEND_DEADLINE_MS - 100);
    expect(SEND_DEADLINE_MS).toBeLessThan(SEND_WATCHDOG_MS);
    expect(SEND_WATCHDOG_MS).toBeLessThan(5000);
  });

  it("one budget from handler entry: time spent building deps (config, token provider) is taken from runSync's deadline", async () => {
    jest.useFakeTimers();
    try {
      const outlook = createFakeOutlook();
      const item = { read: async () => ({ isCancelled: false }) };
      const deps = { notifier: createItemNotifier(outlook.mailbox), item } as unknown as SyncDeps;
      const deadlines: (number | undefined)[] = [];
      const handlers = createCommandHandlers({
        deps: () => new Promise((resolve) => setTimeout(() => resolve(deps), 2500)),
        runSync: async (_t, _d, o) => {
          deadlines.push(o?.deadlineMs);
          return outcome();
        },
      });
      const e = event();
      const done = handlers.onAppointmentSend(e);
      await jest.advanceTimersByTimeAsync(2500);
      await done;
      expect(deadlines).toEqual([SEND_DEADLINE_MS - 2500]);
      expect(e.completions).toEqual([{ allowEvent: true }]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("deps that take the whole budget: the send completes at the budget, says so, and marks the item for the next open", async () => {
    jest.useFakeTimers();
    try {
      const outlook = createFakeOutlook();
      const saved: unknown[] = [];
      let ran = false;
      const handlers = createCommandHandlers({
        deps: () => new Promise<SyncDeps>(() => undefined),
        runSync: async () => {
          ran = true;
          return outcome();
        },
        fallback: () => ({
          notifier: createItemNotifier(outlook.mailbox),
          stateStore: { load: async () => null, save: async (s) => void saved.push(s) },
        }),
      });
      const e = event();
      void handlers.onAppointmentSend(e);
      await jest.advanceTimersByTimeAsync(SEND_DEADLINE_MS - 1);
      expect(e.completions).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(e.completions).toEqual([{ allowEvent: true }]);
      expect(ran).toBe(false);
      expect(outlook.notifications.get(notificationKey("sync"))?.message).toBe(messages.sendFailed);
      expect(saved).toEqual([expect.objectContaining({ needsReconcile: true })]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("reads the item once: the snapshot that chose send or cancel is the one runSync plans from", async () => {
    let reads = 0;
    const outlook = createFakeOutlook();
    const item = { read: async () => ({ isCancelled: false, n: ++reads }), readAttachment: async () => undefined };
    const seen: unknown[] = [];
    const handlers = createCommandHandlers({
      deps: async () => ({ notifier: createItemNotifier(outlook.mailbox), item }) as unknown as SyncDeps,
      runSync: async (_t, d) => {
        seen.push(await d.item.read());
        return outcome();
      },
    });
    await handlers.onAppointmentSend(event());
    expect(reads).toBe(1);
    expect(seen).toEqual([{ isCancelled: false, n: 1 }]);
  });

  it("InterAction down: the change stays queued, the send goes ahead, and the use-case's notice is not doubled", async () => {
    const { handlers, outlook } = setup(async () =>
      outcome({
        status: "pending",
        queued: 1,
        delivered: 0,
        notice: { key: "sync", kind: "warning", message: "queued" },
        error: { message: "InterAction is unavailable (HTTP 503).", retryable: true },
      }),
    );
    const e = event();
    await handlers.onAppointmentSend(e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
    expect(outlook.notifications.size).toBe(0); // runSync showed its own notice; the handler adds nothing
  });

  it("an unexpected failure still lets the send go and says the change will follow", async () => {
    const { handlers, outlook, logs } = setup(async () => {
      throw new Error("boom");
    });
    const e = event();
    await handlers.onAppointmentSend(e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
    expect(outlook.notifications.get(notificationKey("sync"))?.message).toBe(messages.sendQueued);
    expect(logs.join("\n")).toContain("onAppointmentSend");
  });

  it("the send is never held: a use-case that hangs is cut off by the watchdog, which says the send went through", async () => {
    jest.useFakeTimers();
    try {
      const { handlers, outlook } = setup(() => new Promise<SyncOutcome>(() => undefined));
      const e = event();
      void handlers.onAppointmentSend(e);
      await jest.advanceTimersByTimeAsync(SEND_WATCHDOG_MS - 1);
      expect(e.completions).toEqual([]);
      await jest.advanceTimersByTimeAsync(1 + WATCHDOG_NOTICE_MS);
      expect(e.completions).toEqual([{ allowEvent: true }]);
      expect(outlook.notifications.get(notificationKey("sync"))?.message).toBe(messages.sendQueued);
    } finally {
      jest.useRealTimers();
    }
  });

  it("when the add-in cannot even start (configuration, Office), the send still completes and says so", async () => {
    const { handlers, outlook } = setup(async () => outcome(), { depsFail: true });
    const e = event();
    await handlers.onAppointmentSend(e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
    expect(outlook.notifications.get(notificationKey("sync"))?.message).toBe(messages.sendFailed);
  });

  it("a fallback that cannot be built either (no Office item) does not stop the send", async () => {
    const handlers = createCommandHandlers({
      deps: async () => {
        throw new Error("no config");
      },
      runSync: async () => outcome(),
      fallback: () => {
        throw new Error("no item");
      },
    });
    const e = event();
    await handlers.onAppointmentSend(e);
    expect(e.completions).toEqual([{ allowEvent: true }]);
  });
});
