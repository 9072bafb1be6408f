import type { SyncTrigger } from "../../src/core/trigger";
import {
  completeOnce,
  createCommandHandlers,
  HANDLER_NAMES,
  messages,
  SEND_DEADLINE_MS,
  SEND_WATCHDOG_MS,
  WATCHDOG_NOTICE_MS,
  type CompletableEvent,
  type RunSync,
} from "../../src/commands/handlers";
import type { SyncDeps, SyncOutcome } from "../../src/sync/deps";
import { createItemNotifier, notificationKey } from "../../src/office/notifier";
import { createFakeOutlook } from "../support/fakeOutlook";

const outcome = (over: Partial<SyncOutcome> = {}): SyncOutcome => ({
  status: "synced",
  eligibility: { eligible: true },
  notice: null,
  delivered: 1,
  queued: 0,
  ...over,
});

/** An Outlook event that records how it was completed. */
const event = () => {
  const completions: unknown[] = [];
  const e: CompletableEvent & { completions: unknown[] } = {
    completions,
    completed: (options?: unknown) => void completions.push(options ?? "completed"),
  };
  return e;
};

function setup(runSync: RunSync, options: { depsFail?: boolean } = {}) {
  const outlook = createFakeOutlook();
  const deps = { notifier: createItemNotifier(outlook.mailbox) } as unknown as SyncDeps;
  const triggers: { trigger: SyncTrigger; deadlineMs?: number }[] = [];
  const logs: string[] = [];
  const handlers = createCommandHandlers({
    deps: async () => {
      if (options.depsFail) throw new Error("Office is not ready");
      return deps;
    },
    fallback: () => ({ notifier: createItemNotifier(outlook.mailbox) }),
    runSync: async (trigger, d, o) => {
      triggers.push({ trigger, deadlineMs: o?.deadlineMs });
      return runSync(trigger, d, o);
    },
    log: (m) => logs.push(m),
  });
  return { handlers, outlook, triggers, logs };
}

describe("every launch event and the ribbon button run the sync use-case and complete the event", () => {
  const cases: [keyof ReturnType<typeof createCommandHandlers>, SyncTrigger][] = [
    ["addToInterAction", { kind: "add" }],
    ["onNewAppointmentOrganizer", { kind: "open" }],
    ["onAppointmentOrganizer", { kind: "open" }],
    ["onAppointmentTimeChanged", { kind: "change", what: "time" }],
    ["onAppointmentAttendeesChanged", { kind: "change", what: "attendees" }],
    ["onAppointmentRecurrenceChanged", { kind: "change", what: "recurrence" }],
    ["onAppointmentAttachmentsChanged", { kind: "change", what: "attachments" }],
    ["onAppointmentSend", { kind: "send" }],
  ];

  it.each(cases)("%s runs %j and completes exactly once", async (name, trigger) => {
    const { handlers, triggers } = setup(async () => outcome());
    const e = event();
    await handlers[name](e);
    expect(triggers.map((t) => t.trigger)).toEqual([trigger]);
    expect(e.completions).toEqual([name === "onAppointmentSend" ? { allowEvent: true } : "completed"]);
  });

  it("names every handler the manifest needs", () => {
    expect([...HANDLER_NAMES].sort()).toEqual(cases.map(([n]) => n).sort());
  });
});

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

describe('the "Add to InterAction" button', () => {
  it("a refused meeting is explained when the use-case did not say why", async () => {
    const { handlers, outlook } = setup(async () =>
      outcome({
        status: "ineligible",
        eligibility: { eligible: false, reason: "private", message: "Private meetings can't be added to InterAction." },
      }),
    );
    await handlers.addToInterAction(event());
    expect(outlook.notifications.get(notificationKey("eligibility"))?.message).toBe(
      "Private meetings can't be added to InterAction.",
    );
  });

  it("a failure is reported as a notification and the button's event completes", async () => {
    const { handlers, outlook } = setup(async () => {
      throw new Error("network");
    });
    const e = event();
    await handlers.addToInterAction(e);
    expect(e.completions).toEqual(["completed"]);
    expect(outlook.notifications.get(notificationKey("sync"))?.message).toBe(messages.addFailed);
  });
});

describe("change events", () => {
  it("stay quiet when the use-case has nothing to add and never report a failure as an alarm", async () => {
    const { handlers, outlook } = setup(async () => {
      throw new Error("storage");
    });
    const e = event();
    await handlers.onAppointmentTimeChanged(e);
    expect(e.completions).toEqual(["completed"]);
    expect(outlook.notifications.size).toBe(0);
  });
});

describe("completing an event", () => {
  it("happens once even if the watchdog and the work both finish, and a throwing host is contained", () => {
    const e = event();
    const complete = completeOnce(e);
    expect(complete({ allowEvent: true })).toBe(true);
    expect(complete({ allowEvent: true })).toBe(false);
    expect(e.completions).toHaveLength(1);
    const broken = completeOnce({
      completed: () => {
        throw new Error("event already completed");
      },
    });
    expect(() => broken()).not.toThrow();
  });
});
