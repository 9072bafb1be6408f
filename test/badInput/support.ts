// Shared wiring of the bad-input corpus: a meeting as Outlook hands it over, the REAL use-case, client and sandbox,
// fakes only for the Office side. `addMeeting` clicks "Add to InterAction" on a saved meeting and returns the outcome,
// what the user was told and what InterAction stored.
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { SyncDeps, SyncOutcome } from "../../src/sync/deps";
import type { InterActionApi, SyncStateStore } from "../../src/sync/ports";
import { runSync, type SyncTrigger } from "../../src/sync/runSync";
import { createStorageOutbox } from "../../src/sync/storageOutbox";
import {
  FakeMailboxItem,
  FakeNotifier,
  FixedClock,
  meetingSnapshot,
  MemoryStateStore,
  MemoryStorage,
  SeededRandom,
} from "../support/fakes";
import type { ReliabilitySandbox, StoredMeetingRow } from "../support/reliabilitySandbox";

export const NOW = "2026-11-25T09:00:00.000Z";

export interface Added {
  outcome: SyncOutcome;
  notifier: FakeNotifier;
  item: FakeMailboxItem;
  deps: SyncDeps;
  row: StoredMeetingRow | undefined;
  attendees: { email: string; name: string; type: string; response: string }[];
  documents: { document_key: string; name: string; size: number; sha256: string }[];
  run(trigger: SyncTrigger): Promise<SyncOutcome>;
}

export async function addMeeting(
  box: ReliabilitySandbox,
  snapshot: Partial<MeetingSnapshot>,
  options: {
    content?: Record<string, { base64: string; contentType: string }>;
    api?: InterActionApi;
    stateStore?: SyncStateStore;
    trigger?: SyncTrigger;
    user?: string;
    /** The add-in's clock (default NOW); set the sandbox's clock to the same instant. */
    now?: string;
  } = {},
): Promise<Added> {
  const item = new FakeMailboxItem(
    meetingSnapshot({
      isNew: false,
      itemId: "AAMk-bad-input",
      start: "2026-11-27T10:00:00.000Z",
      end: "2026-11-27T11:00:00.000Z",
      ...snapshot,
    }),
  );
  item.content = options.content ?? {};
  const storage = new MemoryStorage();
  const notifier = new FakeNotifier();
  const random = new SeededRandom(Math.floor(Math.random() * 1e9));
  const deps: SyncDeps = {
    item,
    stateStore: options.stateStore ?? new MemoryStateStore(),
    outbox: createStorageOutbox(storage),
    api: options.api ?? box.api(options.user ?? "alice@firm.example", { timeoutMs: 10_000 }),
    clock: new FixedClock(options.now ?? NOW),
    notifier,
    random,
    storage,
  };
  const run = (trigger: SyncTrigger) => runSync(trigger, deps, { deadlineMs: 20_000 });
  const outcome = await run(options.trigger ?? { kind: "add" });
  const state = await deps.stateStore.load().catch(() => null);
  const row = state?.syncKey ? box.meetings([state.syncKey])[0] : undefined;
  return {
    outcome,
    notifier,
    item,
    deps,
    row,
    attendees: row ? box.attendeesOf(row.id) : [],
    documents: row ? box.documentsOf(row.id) : [],
    run,
  };
}
