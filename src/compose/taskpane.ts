// The task pane's wiring (its "runtime" chunk): the configuration, the runtime's storage and the SyncDeps with the
// one InterAction client behind them, plus a custom-properties store made afresh for every call. The pane shell
// takes these and adds only what it shows; nothing here decides anything about a meeting.
import type { PcaFactory } from "../auth";
import { createCustomPropertiesStateStore, createRuntimeStorage } from "../office";
import type { SyncStateStore } from "../sync/ports";
import { loadAddinConfig } from "./config";
import type { InterActionClient } from "../interaction";
import { createSyncWiring, type ComposedSyncDeps } from "./createSyncDeps";
import { fetchAcceptingShims } from "./fetchShims";
import { createMeetingIdentity } from "./meetingIdentity";

export interface TaskpaneWiring {
  deps: ComposedSyncDeps;
  /** The client behind `deps.api`, for the pane's directory calls (company search and meetings, groups, contacts). */
  client: InterActionClient;
  /**
   * A state store that reads the item's custom properties afresh. The pane stays open while the commands runtime
   * (the ribbon's Add, launch events) changes them; a store that keeps the properties it loaded first would show
   * the old state, and its next save would write the old bag back over those changes.
   */
  freshStateStore: () => SyncStateStore;
}

export interface TaskpaneWiringOptions {
  /** The Office namespace (the global `Office` in the pane, a mock in tests). */
  office: typeof Office;
  /** How MSAL is loaded for NAA sign-in: the pane passes a lazy chunk's loader, so dev sign-in never fetches it. */
  createPca: PcaFactory;
}

export async function wireTaskpane(options: TaskpaneWiringOptions): Promise<TaskpaneWiring> {
  const { office, createPca } = options;
  const { storage } = createRuntimeStorage();
  const { config } = await loadAddinConfig({ storage });
  const { deps, client } = createSyncWiring({ config, office, storage, runtime: "taskpane", createPca });
  // The Add reads the meeting's iCalUId from Graph (one meeting, one InterAction record); only the pane does.
  const identity = createMeetingIdentity({
    config,
    office,
    fetch: fetchAcceptingShims((...args: Parameters<typeof fetch>) => fetch(...args)),
    createPca,
  });
  if (identity) deps.identity = identity;
  return {
    deps,
    client,
    freshStateStore: () => createCustomPropertiesStateStore(office.context.mailbox, { backup: storage }),
  };
}
