// The pane's first status, from what the item itself says: its snapshot, its sync state (custom properties) and this
// device's outbox, through the core's status derivation. A chunk of its own ("local": the Office adapter and the
// core, no configuration, sign-in or InterAction client), so the status shows before the network part has loaded;
// the controller replaces it with the full view as soon as that part answers. What only InterAction can say (the
// firm's rules and settings, its record) is not guessed: the view is marked provisional and the pane says it is
// still checking.
import { checkEligibility } from "../core/eligibility";
import { blockedForGood } from "../core/lifecycle";
import { normalizeSnapshot } from "../core/normalize";
import { deriveStatus, entriesOfMeeting } from "../core/status";
import { initialSyncState } from "../core/syncState";
import { createLocalPorts } from "../compose/localPorts";
import { InterActionError } from "../sync/errors";
import type { InterActionApi } from "../sync/ports";
import { loadSettings } from "../sync/settingsCache";
import type { MeetingView } from "./types";

/** Reads the open item and derives its status without InterAction. */
export async function loadLocalView(office: typeof Office = Office, now: Date = new Date()): Promise<MeetingView> {
  const { item, stateStore, outbox: outboxStore, storage } = createLocalPorts(office);
  const snapshot = normalizeSnapshot(await item.read());
  const state = (await stateStore.load().catch(() => null)) ?? initialSyncState();
  const outbox = await outboxStore.load().catch(() => []);
  // The firm's settings as this device last had them (any age; InterAction is not asked here), for what they decide
  // about eligibility (sync turned off, a colleague's meeting). Without them only what the item alone decides
  // (recurring, private, not accepted, never); either way the view stays provisional until InterAction answers.
  const api = {
    getSettings: () => Promise.reject(new InterActionError("network", "Not asked before the first status.", true)),
  } as unknown as InterActionApi;
  const cached = await loadSettings({ api, storage, clock: { now: () => now } }, { preferCache: true }).catch(
    () => null,
  );
  const firm = cached?.value ?? { enabled: true, firmDomains: [] };
  const eligibility = checkEligibility(snapshot, state, firm);
  const status = deriveStatus({ snapshot, state, eligibility, outbox, now });
  // Judged with the status, so the first status line already says whose changes still sync (statusView.ts).
  const blocked = blockedForGood(snapshot, state, now);
  return {
    snapshot,
    state,
    settings: null,
    activityTypes: [],
    status,
    ...(blocked ? { blocked } : {}),
    eligibility,
    record: null,
    // Not shown while provisional (the pane renders the details once InterAction answered).
    documents: [],
    outbox: entriesOfMeeting(outbox, state.syncKey),
    history: [],
    notice: null,
  };
}
