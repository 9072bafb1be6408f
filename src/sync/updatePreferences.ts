// The user's per-meeting choices from the task pane: sync mode (never / manual / automatic), visibility and activity
// type. They are the user's committed decisions, so for a meeting already in InterAction they are sent like any other
// committed change (through the same runSync path, so eligibility and lifecycle rules still apply).
import type { Visibility } from "../core/settings";
import { initialSyncState, isAdded, type SyncMode, type SyncState } from "../core/syncState";
import type { SyncDeps, SyncOptions } from "./deps";
import { runSync } from "./runSync";

export interface PreferenceChanges {
  mode?: SyncMode;
  visibility?: Visibility;
  activityTypeId?: string;
}

const sameVisibility = (a: Visibility | undefined, b: Visibility | undefined): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** Saves the choices on the item and returns the item's state after any resulting sync. */
export const updatePreferences = async (
  deps: SyncDeps,
  changes: PreferenceChanges,
  options: SyncOptions = {},
): Promise<SyncState> => {
  const before = (await deps.stateStore.load()) ?? initialSyncState();
  const next: SyncState = { ...before };
  if (changes.mode !== undefined) {
    next.mode = changes.mode;
    // "Never" withdraws a pending "add on send": a meeting the user opted out of must not be written.
    if (changes.mode === "never" && !isAdded(before)) next.addRequested = false;
  }
  if (changes.visibility !== undefined) next.visibility = changes.visibility;
  if (changes.activityTypeId !== undefined) next.activityTypeId = changes.activityTypeId;
  await deps.stateStore.save(next);

  const storedFieldsChanged =
    !sameVisibility(before.visibility, next.visibility) || before.activityTypeId !== next.activityTypeId;
  const resumed = before.mode === "never" && next.mode !== "never";
  // "Never" on a meeting in InterAction removes this user's link (core/linkRemoval.ts), through the outbox.
  const optedOut = before.mode !== "never" && next.mode === "never";
  if (isAdded(next) && (storedFieldsChanged || resumed || optedOut)) {
    await runSync({ kind: "refresh" }, deps, options);
    return (await deps.stateStore.load()) ?? next;
  }
  return next;
};
