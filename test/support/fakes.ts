// In-memory fakes of every port in src/sync/ports.ts, for unit tests of the sync use-cases and of anything built on
// them (handlers, task pane, workbench). They behave like the real thing where it matters to sync:
// - FakeInterActionApi follows the API contract (api/interaction.openapi.yaml): revisions (a revision that is not
//   newer changes nothing), Idempotency-Key repeats, appointment/activity by the clock, the sync window and freezing,
//   organizer-only changes after conversion, recurring/private refused, attendee → contact → company resolution.
//   Failures are injected per method (`fail`, `hang`).
// - MemoryStateStore enforces Outlook's 2,500-character custom-property budget.
// - FixedClock never moves unless told to; SeededRandom is reproducible.
// Usage: `const h = createHarness({ snapshot: { subject: "Kick-off" } }); await runSync({ kind: "add" }, h.deps);`

// The fakes by what they stand for; every name is exported from here as before.
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { CalendarSyncSettings } from "../../src/core/settings";
import type { SyncState } from "../../src/core/syncState";
import type { SyncDeps } from "../../src/sync/deps";
import type { OutboxStore } from "../../src/sync/ports";
import { createStorageOutbox } from "../../src/sync/storageOutbox";
import { demoSettings, meetingSnapshot } from "./demoWorld";
import { FakeInterActionApi } from "./fakeInterActionApi";
import { FakeMailboxItem, FakeNotifier, MemoryStateStore, MemoryStorage } from "./fakeMailbox";
import { FixedClock, SeededRandom } from "./fakeTime";

export * from "./demoWorld";
export * from "./fakeTime";
export * from "./fakeMailbox";
export * from "./fakeInterActionApi";

// ---------------------------------------------------------------------------------------------------------------
// Wiring

export interface Harness {
  deps: SyncDeps;
  item: FakeMailboxItem;
  stateStore: MemoryStateStore;
  storage: MemoryStorage;
  outbox: OutboxStore;
  api: FakeInterActionApi;
  clock: FixedClock;
  notifier: FakeNotifier;
  random: SeededRandom;
}

export interface HarnessOptions {
  snapshot?: Partial<MeetingSnapshot> | MeetingSnapshot;
  state?: SyncState | null;
  now?: string;
  seed?: number;
  settings?: Partial<CalendarSyncSettings>;
  /** Share InterAction, storage or clock between harnesses (two items, two devices). */
  api?: FakeInterActionApi;
  storage?: MemoryStorage;
  clock?: FixedClock;
}

/** Every port wired to a fake; the outbox is the real storage-backed one over the memory storage. */
export const createHarness = (options: HarnessOptions = {}): Harness => {
  const clock = options.clock ?? new FixedClock(options.now);
  const api = options.api ?? new FakeInterActionApi(clock);
  if (options.settings) api.settings = demoSettings(options.settings);
  const storage = options.storage ?? new MemoryStorage();
  const item = new FakeMailboxItem(meetingSnapshot(options.snapshot));
  const stateStore = new MemoryStateStore(options.state ?? null);
  const outbox = createStorageOutbox(storage);
  const notifier = new FakeNotifier();
  const random = new SeededRandom(options.seed);
  return {
    deps: { item, stateStore, outbox, api, clock, notifier, random, storage },
    item,
    stateStore,
    storage,
    outbox,
    api,
    clock,
    notifier,
    random,
  };
};
