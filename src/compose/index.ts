export {
  loadAddinConfig,
  loadAddinConfigCachedFirst,
  parseAddinConfig,
  configUrl,
  bakedOrigin,
  AddinConfigError,
  DEFAULT_CONFIG,
  type AddinConfig,
} from "./config";
export {
  createSyncDeps,
  createSyncWiring,
  uuidV4,
  systemClock,
  systemRandom,
  type ComposedSyncDeps,
  type CreateSyncDepsOptions,
} from "./createSyncDeps";
export { wireTaskpane, type TaskpaneWiring, type TaskpaneWiringOptions } from "./taskpane";
// The types a shell names when it uses the wiring (the pane's directory calls, its MSAL loader).
export type { PcaFactory } from "../auth";
export type { ApiContact, InterActionClient } from "../interaction";
export { installFetchShims, fetchAcceptingShims } from "./fetchShims";
