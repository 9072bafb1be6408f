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
export { createSyncDeps, uuidV4, systemClock, systemRandom, type CreateSyncDepsOptions } from "./createSyncDeps";
export { installFetchShims, fetchAcceptingShims } from "./fetchShims";
