// How long each entry point may spend, named once (the timers themselves are in ./deadline). Every budget bounds the
// waits on InterAction; what does not finish in time stays queued for the next run.
import type { TriggerKind } from "../core/trigger";

/**
 * A send's whole budget, counted from the moment Outlook calls the handler: configuration, token and runSync all
 * spend from it. Smart Alerts give a send handler about 5 seconds before Outlook's "taking longer" prompt.
 */
export const SEND_DEADLINE_MS = 3000;
/** Change events fire while the user types in the form: they only mark pending and must finish at once. */
export const CHANGE_DEADLINE_MS = 1500;
/** Delivery outside send has more time, but still never hangs a task pane or an event. */
export const DELIVERY_DEADLINE_MS = 15000;
/** The task pane waits this long for InterAction before showing what it has. */
export const VIEW_DEADLINE_MS = 8000;

/** A send waits at most this long for the record it read ahead (src/sync/recordAhead.ts) before it writes with the
 * ETag it knows: the read saves a 412 when the sync service wrote first, never the send's time. */
export const READ_AHEAD_WAIT_MS = 1000;

/** The triggers with a budget of their own; a cancellation arrives through the send event: a send's budget. */
const OWN_BUDGET: Partial<Record<TriggerKind, number>> = {
  send: SEND_DEADLINE_MS,
  cancel: SEND_DEADLINE_MS,
  change: CHANGE_DEADLINE_MS,
};

/** A trigger's budget when its shell names none: its own, else the delivery budget. */
export const triggerDeadlineMs = (kind: TriggerKind): number => OWN_BUDGET[kind] ?? DELIVERY_DEADLINE_MS;
