// Runs in one JavaScript runtime take turns. Two runs for the same item at the same time (a duplicated launch event,
// a double click on "Add to InterAction", the task pane's delivery timer firing during an event) would otherwise both
// read "not added yet" from the item and each mint a sync key: two meetings in InterAction for one Outlook meeting.
// Waiting for the previous run is bounded by the waiting run's own deadline, so a send is never held hostage: once
// its budget is spent waiting, it goes ahead (planning and queueing still happen; delivery is left for later).
import type { Deadline } from "./deadline";

let last: Promise<void> = Promise.resolve();

/** Waits until the previous run of this runtime finished (or the deadline passed); call the result when done. */
export const takeTurn = async (deadline: Deadline): Promise<() => void> => {
  const previous = last;
  let release: () => void = () => undefined;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  last = mine;
  await deadline.race(previous);
  return release;
};
