// Runs that share an item and an outbox take turns. Two runs for the same item at the same time (a duplicated launch
// event, a double click on "Add to InterAction", the task pane's delivery timer firing during an event) would
// otherwise both read "not added yet" from the item and each mint a sync key: two meetings in InterAction for one
// Outlook meeting. Waiting for the previous run is bounded by the waiting run's own deadline, so a send is never held
// hostage: once its budget is spent waiting, it goes ahead (planning and queueing still happen; delivery is left for
// later).
//
// An add-in runtime serves one user's items and one outbox, so by default every run of the runtime takes turns. A
// process serving many mailboxes (a sync service) passes its own Turns per mailbox in SyncDeps, so one mailbox's
// slow InterAction never spends another's deadline.
import type { Deadline } from "./deadline";

export interface Turns {
  /** Waits until the previous run finished (or the deadline passed); call the result when done. */
  take(deadline: Deadline): Promise<() => void>;
}

export const createTurns = (): Turns => {
  let last: Promise<void> = Promise.resolve();
  return {
    async take(deadline) {
      const previous = last;
      let release: () => void = () => undefined;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      last = mine;
      await deadline.race(previous);
      return release;
    },
  };
};

/** The turns of this JavaScript runtime: what every run uses unless its deps bring their own. */
export const runtimeTurns: Turns = createTurns();

/** Takes a turn from the deps' own Turns, else the runtime's. */
export const takeTurn = (deadline: Deadline, turns: Turns = runtimeTurns): Promise<() => void> => turns.take(deadline);
