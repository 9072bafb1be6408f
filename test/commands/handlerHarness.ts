// For the command handler tests: handlers over a fake Outlook and a stand-in runSync that records each trigger and
// deadline it was given, an Outlook event that records how it was completed, and a use-case outcome to answer with.
import type { SyncTrigger } from "../../src/core/trigger";
import { createCommandHandlers, type CompletableEvent, type RunSync } from "../../src/commands/handlers";
import type { SyncDeps, SyncOutcome } from "../../src/sync/deps";
import { createItemNotifier } from "../../src/office/notifier";
import { createFakeOutlook } from "../support/fakeOutlook";

export const outcome = (over: Partial<SyncOutcome> = {}): SyncOutcome => ({
  status: "synced",
  eligibility: { eligible: true },
  notice: null,
  delivered: 1,
  queued: 0,
  ...over,
});

/** An Outlook event that records how it was completed. */
export const event = () => {
  const completions: unknown[] = [];
  const e: CompletableEvent & { completions: unknown[] } = {
    completions,
    completed: (options?: unknown) => void completions.push(options ?? "completed"),
  };
  return e;
};

export function setup(runSync: RunSync, options: { depsFail?: boolean } = {}) {
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
