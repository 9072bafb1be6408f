// Entry of the commands bundle (commands.html in web/new Outlook/Mac, commands.js alone in classic Outlook on
// Windows). It must work without a DOM and without Office.onReady ever firing (classic Outlook's JS-only runtime
// may never call it): the handlers are associated as soon as this file runs, and everything else is lazy.
// First: ES2017+ built-ins that MSAL, openapi-fetch and shared code call, for classic Outlook's older engine.
import "./polyfills";
import { createSyncDeps, installFetchShims, loadAddinConfigCachedFirst, type AddinConfig } from "../compose";
import { createCustomPropertiesStateStore, createItemNotifier } from "../office";
import { createRuntimeStorage } from "../office/storage";
import type { SyncDeps } from "../sync/deps";
import type { KeyValueStorage } from "../sync/ports";
import type { PcaFactory, TokenProvider } from "../auth";
import { runSync } from "../sync/runSync";
import { createCommandHandlers, HANDLER_NAMES, type CommandHandlers, type CompletableEvent } from "./handlers";

// Before anything builds a client: the JS-only runtime may lack Headers, Request and AbortController.
installFetchShims();

/** A runtime that lives long (classic Outlook keeps it between events) picks up an edited config this often. */
const CONFIG_RELOAD_MS = 5 * 60_000;

let runtime:
  | { storage: KeyValueStorage; config: Promise<AddinConfig>; loadedAt: number; tokenProvider?: TokenProvider }
  | undefined;

/**
 * One storage, one configuration load and one token provider (its token in memory) per runtime; fresh adapters per
 * event, because the item may differ. The configuration is the last good copy when there is one (the published file
 * is fetched in the background for the next event): fetching it first could spend most of a send's budget.
 */
function deps(): Promise<SyncDeps> {
  const storage = runtime?.storage ?? createRuntimeStorage().storage;
  if (!runtime || Date.now() - runtime.loadedAt > CONFIG_RELOAD_MS) {
    const config = loadAddinConfigCachedFirst({ storage }).then((r) => r.config);
    runtime = { storage, config, loadedAt: Date.now(), tokenProvider: runtime?.tokenProvider };
  }
  const current = runtime;
  return current.config.then((config) => {
    const built = createSyncDeps({
      config,
      office: Office,
      storage: current.storage,
      runtime: "event",
      createPca: loadMsal,
      ...(current.tokenProvider ? { tokenProvider: current.tokenProvider } : {}),
    });
    current.tokenProvider = built.tokenProvider;
    return built;
  });
}

/**
 * MSAL's modules (about half of this file) are evaluated the first time a token is asked of MSAL (nested app
 * authentication), not when the runtime loads the file: a send in dev sign-in, or one whose token is already in
 * memory, never pays for them. The import is "eager" (webpack.config.js): MSAL stays in this one file, no chunk is
 * fetched and the output has no dynamic import, only a module evaluated on first use.
 */
const loadMsal: PcaFactory = async (config) =>
  (
    await import(/* webpackMode: "eager", webpackExports: ["createNestablePublicClientApplication"] */ "./msal")
  ).createNestablePublicClientApplication(config);

const handlers: CommandHandlers = createCommandHandlers({
  deps,
  runSync,
  // Straight from the Office item: how a send still speaks when the configuration or the adapters failed.
  fallback: () => ({
    notifier: createItemNotifier(Office.context.mailbox),
    stateStore: createCustomPropertiesStateStore(Office.context.mailbox),
  }),
  log: (message) => {
    if (typeof console !== "undefined") console.log(`[InterAction] ${message}`);
  },
});

/** Associates every handler named in manifest.xml. Exported so the tests can check it against the manifest. */
export function associateHandlers(office: {
  actions?: { associate(name: string, fn: (event: CompletableEvent) => Promise<void>): void };
}) {
  if (!office || !office.actions || typeof office.actions.associate !== "function") return false;
  for (const name of HANDLER_NAMES) office.actions.associate(name, handlers[name]);
  return true;
}

if (typeof Office !== "undefined") {
  associateHandlers(Office);
  // Harmless where it fires; nothing waits for it.
  if (typeof Office.onReady === "function") Office.onReady(() => undefined);
}
