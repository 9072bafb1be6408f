// The composition root shared by both shells (commands bundle and task pane): turns the configuration, Office and
// the runtime's storage into the SyncDeps the use-cases take. Nothing here decides anything about a meeting.
import type { SyncDeps } from "../sync/deps";
import { createStorageOutbox } from "../sync/storageOutbox";
import type { Clock, InterActionApi, KeyValueStorage, Randomness } from "../sync/ports";
import { createInterActionApi, createInterActionClient, type InterActionClient } from "../interaction";
import { createTokenProvider, hostSupportsNaa, type PcaFactory, type TokenProvider } from "../auth";
import { createCustomPropertiesStateStore, createItemNotifier, createOfficeMailboxItem } from "../office";
import { bakedOrigin, type AddinConfig } from "./config";
import { globalObject } from "../sync/globalObject";
import { fetchAcceptingShims } from "./fetchShims";

export interface CreateSyncDepsOptions {
  config: AddinConfig;
  /** The Office namespace (the global `Office` in the add-in, a mock in tests). */
  office: typeof Office;
  storage: KeyValueStorage;
  /** "event": launch events and the ribbon function (never prompt); "taskpane": may show a sign-in. */
  runtime?: "event" | "taskpane";
  fetch?: typeof fetch;
  /** MSAL for NAA mode: the commands bundle passes its factory (static), the task pane a lazy loader (src/auth). */
  createPca?: PcaFactory;
  /** Overrides for tests and the workbench. */
  tokenProvider?: TokenProvider;
  api?: InterActionApi;
  clock?: Clock;
  random?: Randomness;
}

type GetRandomValues = (bytes: Uint8Array) => Uint8Array;

const runtimeRandomValues = (): GetRandomValues | undefined => {
  const c = (globalObject() as { crypto?: { getRandomValues?: GetRandomValues } }).crypto;
  return c && typeof c.getRandomValues === "function" ? (bytes) => c.getRandomValues!(bytes) : undefined;
};

/** RFC 4122 version 4, from crypto.getRandomValues where the runtime has it, else from `random`. */
export function uuidV4(
  random: () => number = Math.random,
  getRandomValues: GetRandomValues | null = runtimeRandomValues() ?? null,
): string {
  const bytes = new Uint8Array(16);
  if (getRandomValues) getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => (b < 16 ? "0" : "") + b.toString(16)).join(""); // padStart is ES2017
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const systemClock: Clock = { now: () => new Date() };
export const systemRandom: Randomness = { newSyncKey: () => uuidV4(), next: () => Math.random() };

export type ComposedSyncDeps = SyncDeps & { tokenProvider: TokenProvider };

export function createSyncDeps(options: CreateSyncDepsOptions): ComposedSyncDeps {
  return createSyncWiring(options).deps;
}

/**
 * The SyncDeps and the typed InterAction client behind their `api`, for the calls a shell makes beyond the sync port
 * (the task pane's company search, company meetings, groups, "Add as contact"): one client, one sign-in, one way of
 * handling a refused token.
 */
export function createSyncWiring(options: CreateSyncDepsOptions): {
  deps: ComposedSyncDeps;
  client: InterActionClient;
} {
  const { config, office, storage } = options;
  const runtime = options.runtime ?? "event";
  const mailbox = office.context.mailbox;
  // Accepts the event runtime's stand-in Requests (fetchShims.ts); a no-op wrapper where the real classes exist.
  const doFetch = fetchAcceptingShims(options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args)));
  const tokenProvider =
    options.tokenProvider ??
    createTokenProvider(config.auth, {
      apiBaseUrl: config.apiBaseUrl,
      email: () => mailbox.userProfile?.emailAddress ?? "",
      naaSupported: hostSupportsNaa,
      origin: bakedOrigin() ?? (globalObject() as { location?: { origin?: string } }).location?.origin ?? "",
      runtime,
      fetch: doFetch,
      ...(options.createPca ? { createPca: options.createPca } : {}),
    });
  const client = createInterActionClient({
    baseUrl: config.apiBaseUrl,
    // After a 401 the client asks again with forceRefresh: drop the token held in memory first.
    getToken: (request?: { forceRefresh?: boolean }) => {
      if (request?.forceRefresh) tokenProvider.clear?.();
      return tokenProvider.getAccessToken({ interactive: runtime === "taskpane" });
    },
    timeoutMs: config.requestTimeoutMs,
    fetch: doFetch,
  });
  const api = options.api ?? createInterActionApi(client);
  const deps: ComposedSyncDeps = {
    item: createOfficeMailboxItem(mailbox),
    stateStore: createCustomPropertiesStateStore(mailbox, { backup: storage }),
    outbox: createStorageOutbox(storage),
    api,
    clock: options.clock ?? systemClock,
    notifier: createItemNotifier(mailbox),
    random: options.random ?? systemRandom,
    storage,
    tokenProvider,
  };
  return { deps, client };
}
