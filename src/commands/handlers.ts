// The Outlook entry points of the commands bundle. Each handler is a few lines: read the event, call the sync
// use-case, and complete the event on a path that cannot be skipped (completeOnce + finally + a watchdog timer), so
// Outlook never waits on the add-in, whatever InterAction, the network or the token provider do.
import type { ChangeWhat, SyncTrigger } from "../core/trigger";
import type { Notice } from "../core/notice";
import type { SyncDeps, SyncOptions, SyncOutcome } from "../sync/deps";

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
}

/** runSync stops waiting for InterAction after this long on send; the rest stays queued. */
export const SEND_DEADLINE_MS = 3000;
/** The send event completes by then no matter what (Outlook starts its "taking longer" prompt at about 5 s). */
export const SEND_WATCHDOG_MS = 4500;
/** Other events: far inside Outlook's ~300 s event lifetime. */
export const EVENT_WATCHDOG_MS = 60_000;

export const messages = {
  sendQueued:
    "InterAction can't be reached right now. Your meeting was sent; InterAction will be updated automatically.",
  sendFailed: "InterAction could not be updated while sending. Your meeting was sent; open it later to finish syncing.",
  addFailed: "The meeting could not be added to InterAction right now. Try again from the InterAction pane.",
} as const;

const fail = (message: string): Notice => ({ key: "sync", kind: "warning", message });

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
  const setT = env.setTimeout ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearT = env.clearTimeout ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const log = env.log ?? (() => undefined);

  /**
   * runSync shows its own notice. The handler only speaks when the use-case could not run at all (configuration,
   * Office) or said nothing about a refused "Add". Never throws.
   */
  async function report(
    deps: SyncDeps | undefined,
    outcome: SyncOutcome | undefined,
    opts: { failure: Notice | null; explainIneligible: boolean },
  ) {
    if (!deps) return;
    let notice: Notice | null = null;
    if (!outcome) notice = opts.failure;
    else if (!outcome.notice && opts.explainIneligible && !outcome.eligibility.eligible) {
      notice = { key: "eligibility", kind: "info", message: outcome.eligibility.message };
    }
    if (!notice) return;
    try {
      await deps.notifier.show(notice);
    } catch (e) {
      log(`notification failed: ${(e as Error)?.name ?? "error"}`);
    }
  }

  /**
   * The one shape of every handler: build deps, run the use-case, report, and complete in `finally` or when the
   * watchdog fires, whichever comes first.
   */
  function handler(
    name: string,
    trigger: SyncTrigger | ((deps: SyncDeps) => Promise<SyncTrigger>),
    opts: {
      syncOptions?: SyncOptions;
      watchdogMs: number;
      completion?: { allowEvent: boolean };
      failure: Notice | null;
      explainIneligible: boolean;
    },
  ) {
    return (event: CompletableEvent): Promise<void> => {
      const complete = completeOnce(event);
      const timer = setT(() => {
        if (complete(opts.completion)) log(`${name}: completed by the watchdog`);
      }, opts.watchdogMs);
      const work = async () => {
        let deps: SyncDeps | undefined;
        let outcome: SyncOutcome | undefined;
        try {
          deps = await env.deps();
          const t = typeof trigger === "function" ? await trigger(deps) : trigger;
          outcome = await env.runSync(t, deps, opts.syncOptions);
        } catch (e) {
          log(`${name}: ${(e as Error)?.name ?? "error"}: ${(e as Error)?.message ?? ""}`);
        }
        await report(deps, outcome, opts);
      };
      return work().finally(() => {
        clearT(timer);
        complete(opts.completion);
      });
    };
  }

  /**
   * Outlook sends a cancellation through the same send event: the organizer's form then reads "Canceled: ...".
   * That send is the "cancel" trigger (a meeting that never reached InterAction stays out of it). If the item cannot
   * be read here, runSync reads it again and reports the problem.
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
        failure: fail(messages.addFailed),
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
      syncOptions: { deadlineMs: SEND_DEADLINE_MS },
      watchdogMs: SEND_WATCHDOG_MS,
      completion: { allowEvent: true },
      failure: fail(messages.sendQueued),
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
