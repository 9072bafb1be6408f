// Shared helpers for planner tests: a fixed world (demo settings and directory, a fixed "now") and a way to play
// "InterAction confirmed it" without I/O.
import { applyDocumentRecord, applyMeetingRecord } from "../../src/core/delivery";
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { Operation } from "../../src/core/operations";
import { plan, type PlanResult } from "../../src/core/plan";
import type { AttendeeDirectory, CalendarSyncSettings } from "../../src/core/settings";
import type { SyncState } from "../../src/core/syncState";
import type { SyncTrigger } from "../../src/core/trigger";
import { demoDirectory, demoSettings } from "../support/fakes";

export const NOW = new Date("2026-11-25T09:00:00.000Z");

export interface PlanOptions {
  /** null: InterAction could not be asked and nothing is cached. */
  settings?: CalendarSyncSettings | null;
  directory?: AttendeeDirectory | null;
  now?: Date;
}

export const planWith = (
  snapshot: MeetingSnapshot,
  state: SyncState | null,
  trigger: SyncTrigger,
  options: PlanOptions = {},
): PlanResult => {
  let n = 0;
  return plan({
    snapshot,
    state,
    settings: options.settings === undefined ? demoSettings() : options.settings,
    directory: options.directory === undefined ? demoDirectory() : options.directory,
    now: options.now ?? NOW,
    trigger,
    ids: { newSyncKey: () => `key-${++n}` },
  });
};

/** What the item remembers after InterAction confirmed every operation (as the use-case records it). */
export const confirmAll = (state: SyncState, operations: readonly Operation[], now: Date = NOW): SyncState =>
  operations.reduce<SyncState>((s, op) => {
    if (op.kind === "uploadDocument") {
      return applyDocumentRecord(s, op.syncKey, {
        id: `doc-${op.documentKey}`,
        documentKey: op.documentKey,
        name: op.name,
        size: op.size,
        sha256: "0".repeat(64),
        contentType: op.contentType,
      });
    }
    return applyMeetingRecord(
      s,
      {
        id: `m-${op.syncKey}`,
        syncKey: op.syncKey,
        kind: Date.parse(op.payload.end) > now.getTime() ? "appointment" : "activity",
        status: op.payload.cancelled ? "cancelled" : "scheduled",
        syncUntil: s.syncUntil ?? op.payload.end,
        frozen: false,
        revision: op.revision,
        contacts: [],
        companies: [],
        unresolvedAttendees: [],
        documents: [],
        updatedAt: now.toISOString(),
      },
      now,
    );
  }, state);

/** Plans and confirms: the state of a meeting that synced successfully. */
export const syncedState = (
  snapshot: MeetingSnapshot,
  trigger: SyncTrigger = { kind: "add" },
  options: PlanOptions = {},
) => {
  const r = planWith(snapshot, null, trigger, options);
  return confirmAll(r.nextState, r.operations, options.now);
};
