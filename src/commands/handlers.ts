// The Outlook entry points of the commands bundle. Each handler is a few lines: read the event, call the sync
// use-case, and complete the event on a path that cannot be skipped (completeOnce + finally + a watchdog timer), so
// Outlook never waits on the add-in, whatever InterAction, the network or the token provider do.
import { initialSyncState } from "../core/syncState";
import type { ChangeWhat, SyncTrigger } from "../core/trigger";
import { messages as catalogue } from "../core/messages";
import { eventNotice, eventNotices, type Notice } from "../core/notice";
import type { SyncDeps, SyncOptions, SyncOutcome } from "../sync/deps";
import { SEND_DEADLINE_MS } from "../sync/budgets";
import type { Notifier, SyncStateStore } from "../sync/ports";
import { systemTimers, TIMED_OUT, within, type Timers } from "../sync/deadline";
import { readOnce } from "./readOnce";

/** What Outlook hands a handler: a launch event (MailboxEvent) or a function command event. */
export interface CompletableEvent {
  completed(options?: { allowEvent?: boolean; errorMessage?: string }): void;
}

export type RunSync = (trigger: SyncTrigger, deps: SyncDeps, options?: SyncOptions) => Promise<SyncOutcome>;

export interface HandlerEnvironment {
  /** Builds the ports for the item the event is about (config, Office adapters, client). */
  deps: () => Promise<SyncDeps>;
  runSync: RunSync;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Diagnostics without item content or secrets (console in the add-in). */
  log?: (message: string) => void;
  /** Milliseconds clock for the send budget (Date.now). */
  now?: () => number;
  /**
   * Adapters built straight from the Office item, for when `deps` did not arrive in time or failed: the send still
   * tells the user what happened and leaves the item marked for the next open. Best effort; may throw.
   */
  fallback?: () => { notifier: Notifier; stateStore?: SyncStateStore };
}

/** The send's whole budget (runSync gets what is left of it as its deadline); named once in src/sync/budgets. */
export { SEND_DEADLINE_MS };
/** The send event completes by then no matter what (Outlook starts its "taking longer" prompt at about 5 s). */
export const SEND_WATCHDOG_MS = 4500;
/** How long the watchdog waits for its own notification before it completes the event anyway. */
export const WATCHDOG_NOTICE_MS = 250;
/** Other events: far inside Outlook's ~300 s event lifetime. */
export const EVENT_WATCHDOG_MS = 60_000;

/** The handlers' sentences (core's catalogue; the handlers only choose which to show). */
export const messages = catalogue.event;

/** Wraps event.completed so a second call (watchdog and work racing) is ignored and a throwing host is contained. */
export function completeOnce(
  event: CompletableEvent,
): (options?: Parameters<CompletableEvent["completed"]>[0]) => boolean {
  let done = false;
  return (options) => {
    if (done) return false;
    done = true;
    try {
      if (options) event.completed(options);
      else event.completed();
    } catch {
      /* the host closed the event already */
    }
    return true;
  };
}

export function createCommandHandlers(env: HandlerEnvironment) {
  const timers: Timers = {
    setTimeout: env.setTimeout ?? systemTimers.setTimeout,
    clearTimeout: env.clearTimeout ?? systemTimers.clearTimeout,
  };
  const log = env.log ?? (() => undefined);
  const now = env.now ?? (() => Date.now());

  const show = async (notifier: Notifier | undefined, notice: Notice | null) => {
    if (!notifier || !notice) return;
    try {
      await notifier.show(notice);
    } catch (e) {
      log(`notification failed: ${(e as Error)?.name ?? "error"}`);
    }
  };

  const fallback = () => {
    try {
      return env.fallback?.();
    } catch {
      return undefined;
    }
  };

  /** runSync shows its own notice; the handler adds only what core's eventNotice says. Never throws. */
  async function report(
    deps: SyncDeps | undefined,
    outcome: SyncOutcome | undefined,
    opts: { failure: Notice | null; explainIneligible: boolean },
  ) {
    if (!deps) return;
    await show(deps.notifier, eventNotice(outcome, opts));
  }

  /**
   * The adapters never arrived (configuration or Office failed, or took the whole budget): nothing was planned. Tell
   * the user through the Office item directly, and mark the item so that opening it reconciles (and checks the firm
   * rules) later.
   */
  async function withoutDeps(notice: Notice) {
    const direct = fallback();
    if (!direct) return;
    try {
      if (direct.stateStore) {
        const state = (await direct.stateStore.load()) ?? initialSyncState();
        await direct.stateStore.save({ ...state, needsReconcile: true });
      }
    } catch (e) {
      log(`marking the item failed: ${(e as Error)?.name ?? "error"}`);
    }
    await show(direct.notifier, notice);
  }

  /**
   * The one shape of every handler: build deps, run the use-case, report, and complete in `finally` or when the
   * watchdog fires, whichever comes first. With a budget (send), waiting for deps and runSync's deadline share it.
   */
  function handler(
    name: string,
    trigger: SyncTrigger | ((deps: SyncDeps) => Promise<SyncTrigger>),
    opts: {
      budgetMs?: number;
      watchdogMs: number;
      completion?: { allowEvent: boolean };
      failure: Notice | null;
      /** Said when the watchdog completes the event (the send went through while the work was still running). */
      watchdogNotice?: Notice;
      /** Said when the adapters could not be built (nothing was planned). */
      noDepsNotice?: Notice;
      explainIneligible: boolean;
    },
  ) {
    return (event: CompletableEvent): Promise<void> => {
      const started = now();
      const remaining = () => Math.max(0, (opts.budgetMs ?? 0) - (now() - started));
      const complete = completeOnce(event);
      let deps: SyncDeps | undefined;
      const timer = timers.setTimeout(() => {
        // Say so while the item is still open, but never let the notification itself hold the event.
        const notice = opts.watchdogNotice ?? null;
        const said = notice ? show(deps?.notifier ?? fallback()?.notifier, notice) : Promise.resolve();
        void within(said, WATCHDOG_NOTICE_MS, timers).then(() => {
          if (complete(opts.completion)) log(`${name}: completed by the watchdog`);
        });
      }, opts.watchdogMs);
      const work = async () => {
        let outcome: SyncOutcome | undefined;
        try {
          const built = opts.budgetMs === undefined ? await env.deps() : await within(env.deps(), remaining(), timers);
          if (built === TIMED_OUT) throw new Error("the add-in's configuration did not arrive within the budget");
          deps = { ...built, item: readOnce(built.item) };
        } catch (e) {
          log(`${name}: ${(e as Error)?.name ?? "error"}: ${(e as Error)?.message ?? ""}`);
          if (opts.noDepsNotice) await withoutDeps(opts.noDepsNotice);
          return;
        }
        try {
          const t = typeof trigger === "function" ? await trigger(deps) : trigger;
          const syncOptions: SyncOptions | undefined =
            opts.budgetMs === undefined ? undefined : { deadlineMs: remaining() };
          outcome = await env.runSync(t, deps, syncOptions);
        } catch (e) {
          log(`${name}: ${(e as Error)?.name ?? "error"}: ${(e as Error)?.message ?? ""}`);
        }
        await report(deps, outcome, opts);
      };
      // try/finally rather than Promise.prototype.finally (ES2018), which classic Outlook's older engine lacks.
      const run = async () => {
        try {
          await work();
        } finally {
          timers.clearTimeout(timer);
          complete(opts.completion);
        }
      };
      return run();
    };
  }

  /**
   * Classic Outlook sends a cancellation through the same send event, its form's subject carrying Outlook's
   * "Canceled:" prefix (web and new Outlook raise no event for it). That send is the "cancel" trigger (a meeting that
   * never reached InterAction stays out of it). If the item cannot be read here, runSync reads it again and reports
   * the problem.
   */
  const sendTrigger = async (deps: SyncDeps): Promise<SyncTrigger> => {
    try {
      return (await deps.item.read()).isCancelled ? { kind: "cancel" } : { kind: "send" };
    } catch {
      return { kind: "send" };
    }
  };

  const change = (what: ChangeWhat, name: string) =>
    handler(name, { kind: "change", what }, { watchdogMs: EVENT_WATCHDOG_MS, failure: null, explainIneligible: false });

  return {
    /** Ribbon "Add to InterAction": eligibility, then add (or, for an unsent meeting, add on send); says what happened. */
    addToInterAction: handler(
      "addToInterAction",
      { kind: "add" },
      {
        watchdogMs: EVENT_WATCHDOG_MS,
        failure: eventNotices.addFailed,
        explainIneligible: true,
      },
    ),
    /** A new meeting form opened: nothing is committed, so nothing is written; the firm rules may be explained. */
    onNewAppointmentOrganizer: handler(
      "onNewAppointmentOrganizer",
      { kind: "open" },
      {
        watchdogMs: EVENT_WATCHDOG_MS,
        failure: null,
        explainIneligible: false,
      },
    ),
    /** The organizer opened a meeting: reconcile what was committed since the last sync (save, drag, phone). */
    onAppointmentOrganizer: handler(
      "onAppointmentOrganizer",
      { kind: "open" },
      {
        watchdogMs: EVENT_WATCHDOG_MS,
        failure: null,
        explainIneligible: false,
      },
    ),
    onAppointmentTimeChanged: change("time", "onAppointmentTimeChanged"),
    onAppointmentAttendeesChanged: change("attendees", "onAppointmentAttendeesChanged"),
    onAppointmentRecurrenceChanged: change("recurrence", "onAppointmentRecurrenceChanged"),
    onAppointmentAttachmentsChanged: change("attachments", "onAppointmentAttachmentsChanged"),
    /**
     * Smart Alerts send: firm rules, then the committed meeting, documents and cancellation go through the outbox.
     * The send is always allowed: on an InterAction failure the work stays queued and the user is told so.
     */
    onAppointmentSend: handler("onAppointmentSend", sendTrigger, {
      budgetMs: SEND_DEADLINE_MS,
      watchdogMs: SEND_WATCHDOG_MS,
      completion: { allowEvent: true },
      failure: eventNotices.sendQueued,
      watchdogNotice: eventNotices.sendQueued,
      noDepsNotice: eventNotices.sendFailed,
      explainIneligible: false,
    }),
  };
}

export type CommandHandlers = ReturnType<typeof createCommandHandlers>;
export const HANDLER_NAMES = [
  "addToInterAction",
  "onNewAppointmentOrganizer",
  "onAppointmentOrganizer",
  "onAppointmentTimeChanged",
  "onAppointmentAttendeesChanged",
  "onAppointmentRecurrenceChanged",
  "onAppointmentAttachmentsChanged",
  "onAppointmentSend",
] as const satisfies readonly (keyof CommandHandlers)[];
