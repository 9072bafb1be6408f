// Send is never held hostage: whatever fails — InterAction down, hanging, answering 500 or 429, refusing the sign-in,
// settings unreachable, storage or custom properties throwing, Outlook itself failing, the composition root failing or
// hanging — the Smart Alerts send handler completes once, with allowEvent true, and (whenever it can reach the item)
// tells the user in words what happened to the change. Time is jest's fake clock: the assertions are about what the
// handler did by the time its own deadline and watchdog have passed, never about wall-clock speed.
import { createCommandHandlers, SEND_WATCHDOG_MS, type CompletableEvent } from "../../src/commands/handlers";
import { messages } from "../../src/core/messages";
import type { SyncDeps } from "../../src/sync/deps";
import { InterActionError } from "../../src/sync/errors";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, MemoryStorage, type Harness } from "../support/fakes";

interface Sent {
  completions: unknown[];
  logs: string[];
  settled: boolean;
}

/** Fires OnAppointmentSend and lets fake time run past the watchdog. */
async function send(deps: () => Promise<SyncDeps>, event?: CompletableEvent): Promise<Sent> {
  const completions: unknown[] = [];
  const logs: string[] = [];
  const handlers = createCommandHandlers({ deps, runSync, log: (m) => logs.push(m) });
  let settled = false;
  void handlers
    .onAppointmentSend(event ?? { completed: (o) => void completions.push(o ?? {}) })
    .then(() => (settled = true));
  await jest.advanceTimersByTimeAsync(SEND_WATCHDOG_MS + 100);
  return { completions, logs, settled };
}

/** A saved meeting already in InterAction (settings cached), then edited and sent while something fails. */
async function addedThenEdited(options: { settingsCached?: boolean } = {}): Promise<Harness> {
  const h = createHarness({ snapshot: { isNew: false, itemId: "AAMk-hostage" } });
  if (options.settingsCached !== false) {
    const added = runSync({ kind: "add" }, h.deps);
    await jest.advanceTimersByTimeAsync(10);
    expect((await added).status).toBe("synced");
  } else {
    await h.stateStore.save({
      v: 1,
      mode: "automatic",
      addRequested: true,
      addedBy: "organizer",
      syncKey: "sk-known",
      revision: 1,
      deliveredRevision: 1,
      documents: {},
      pendingChanges: false,
    });
  }
  h.item.update({ subject: "Acme quarterly review (moved to Friday)", start: "2026-11-27T10:00:00.000Z" });
  h.item.update({ end: "2026-11-27T11:00:00.000Z" });
  h.notifier.shown.length = 0;
  return h;
}

const queuedMessage = expect.stringMatching(
  /^(Not sent to InterAction yet \(.+\)|InterAction can't be reached right now)/,
);

beforeEach(() => {
  jest.useFakeTimers({ now: new Date("2026-11-25T09:00:00.000Z") });
});
afterEach(() => {
  jest.useRealTimers();
});

describe("the send completes with allowEvent true and a clear message whatever InterAction does", () => {
  test("InterAction hangs on every call: the send completes at the deadline and the change waits in the outbox", async () => {
    const h = await addedThenEdited();
    h.api.hang("*", 100);
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(r.settled).toBe(true);
    expect(r.logs.join()).not.toMatch(/watchdog/);
    expect(h.notifier.last).toMatchObject({ key: "pending", kind: "warning", message: messages.pending.queued });
    expect((await h.outbox.load()).map((e) => (e.op.kind === "upsertMeeting" ? e.op.revision : 0))).toEqual([2]);
    h.api.releaseHangs();
  });

  test("InterAction hangs and no firm settings were ever cached: the send completes and says it will sync later", async () => {
    const h = await addedThenEdited({ settingsCached: false });
    h.api.hang("*", 100);
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(h.notifier.last?.message).toBe(messages.pending.settingsUnavailable);
    expect(h.stateStore.state?.needsReconcile).toBe(true);
    h.api.releaseHangs();
  });

  test.each([
    ["answers 500", () => apiError("server", "InterAction had a problem handling the request.")],
    ["answers 502 through a gateway", () => new InterActionError("server", "Bad gateway.", true, 502)],
    ["answers 429 with Retry-After", () => apiError("rateLimited", "InterAction is busy.", 30_000)],
    ["is unreachable (network down)", () => apiError("network", "InterAction could not be reached.")],
    ["does not answer in time (client timeout)", () => apiError("timeout", "InterAction did not answer in time.")],
    ["refuses the sign-in (401)", () => apiError("unauthorized", "InterAction did not accept your sign-in.")],
    ["sends an unreadable answer", () => apiError("badResponse", "InterAction sent an answer that could not be read.")],
    ["throws something that is not an InterAction error", () => new TypeError("x is undefined")],
  ])("InterAction %s: the send completes, the change is queued, the user is told", async (_name, error) => {
    const h = await addedThenEdited();
    h.api.fail("*", error, 100);
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(r.settled).toBe(true);
    expect(h.notifier.last).toMatchObject({ key: "pending", kind: "warning", message: queuedMessage });
    expect(h.notifier.last!.message.length).toBeLessThanOrEqual(150);
    expect(await h.outbox.load()).toHaveLength(1);
  });

  test("the firm settings cannot be loaded (no cache, InterAction refuses): the send completes and says so", async () => {
    const h = createHarness({ snapshot: { isNew: true } });
    h.api.fail("getSettings", apiError("server"), 100);
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(h.notifier.last?.message).toBe(messages.pending.settingsUnavailable);
    expect(h.api.meetings.size).toBe(0);
  });
});

describe("the send completes with allowEvent true whatever fails on the Outlook side", () => {
  test("the runtime storage throws on every read and write: the send still goes, the item remembers the change", async () => {
    const h = await addedThenEdited();
    const broken = new MemoryStorage();
    broken.getItem = async () => {
      throw new Error("storage gone");
    };
    broken.setItem = async () => {
      throw new Error("quota exceeded");
    };
    h.api.fail("upsertMeeting", apiError("server"), 100);
    const r = await send(async () => ({ ...h.deps, storage: broken, outbox: brokenOutbox() }));
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(r.settled).toBe(true);
    // Nothing lost: the item's own state says revision 2 is planned and not confirmed; the next open repairs it.
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 1 });
    expect(h.notifier.last?.message).toEqual(expect.any(String));
  });

  test("the item's custom properties cannot be saved: the send goes and the user is warned, not congratulated", async () => {
    const h = await addedThenEdited();
    h.stateStore.failSaves = 100;
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(h.notifier.last?.kind).not.toBe("success");
  });

  test("the item's custom properties cannot be read: the send goes and says the meeting could not be read", async () => {
    const h = await addedThenEdited();
    h.stateStore.failLoads = 100;
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(h.notifier.last?.message).toBe(messages.failure.outlookUnreadable);
    expect(h.api.callsOf("upsertMeeting")).toHaveLength(1); // only the earlier Add
  });

  test("Outlook cannot read the item: the send goes and says so", async () => {
    const h = await addedThenEdited();
    h.item.failReads = 100;
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(h.notifier.last?.message).toBe(messages.failure.outlookUnreadable);
  });

  test("notifications cannot be shown: the send still completes", async () => {
    const h = await addedThenEdited();
    h.notifier.show = async () => {
      throw new Error("notification bar unavailable");
    };
    h.api.fail("*", apiError("server"), 100);
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(r.settled).toBe(true);
  });

  test("the add-in's configuration cannot be loaded: the send completes at once", async () => {
    const r = await send(async () => {
      throw new Error("addin-config.json could not be loaded");
    });
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(r.settled).toBe(true);
  });

  test("the configuration load hangs forever: the send budget (or else the watchdog) completes the send", async () => {
    const r = await send(() => new Promise<SyncDeps>(() => undefined));
    expect(r.completions).toEqual([{ allowEvent: true }]);
    // Since the send's one time budget spans the configuration load (c8adb96), the budget ends it before the watchdog.
    expect(r.logs.join()).toMatch(/did not arrive within the budget|watchdog/);
  });

  test("Outlook never answers the item read: the watchdog completes the send", async () => {
    const h = await addedThenEdited();
    h.item.read = () => new Promise(() => undefined);
    const r = await send(async () => h.deps);
    expect(r.completions).toEqual([{ allowEvent: true }]);
    expect(r.logs.join()).toMatch(/watchdog/);
  });

  test("the host throws from event.completed: the handler still settles and never completes twice", async () => {
    const h = await addedThenEdited();
    h.api.fail("*", apiError("server"), 100);
    let calls = 0;
    const r = await send(async () => h.deps, {
      completed: () => {
        calls++;
        throw new Error("the event is already closed");
      },
    });
    expect(calls).toBe(1);
    expect(r.settled).toBe(true);
  });
});

function brokenOutbox() {
  return {
    load: async () => {
      throw new Error("storage gone");
    },
    save: async () => {
      throw new Error("quota exceeded");
    },
  };
}
