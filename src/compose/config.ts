// Runtime configuration an IT administrator edits without a rebuild: addin-config.json next to taskpane.html.
// Page runtimes (task pane, commands.html) fetch it relative to the page; classic Outlook's JS-only event runtime
// has no page URL, so it fetches `${ADDIN_ORIGIN}/addin-config.json` with the origin baked in at build time.
// The last good configuration is kept in the runtime's storage, so an event still works when the config host is
// briefly unreachable; the source default (config/addin-config.json) is the last resort. Event runtimes take the last
// good copy first and refresh it in the background (loadAddinConfigCachedFirst): a send's seconds are not spent on it.
import defaults from "../../config/addin-config.json";
import { DEFAULT_AUTHORITY, type AuthConfig } from "../auth/authConfig";
import { TIMED_OUT, within } from "../sync/deadline";
import { globalObject } from "../sync/globalObject";
import type { KeyValueStorage } from "../sync/ports";

export interface AddinConfig {
  /** InterAction API base URL, without the /api/v1 path. */
  apiBaseUrl: string;
  auth: AuthConfig;
  /** Per-request timeout towards InterAction (ms). */
  requestTimeoutMs?: number;
  /**
   * Microsoft Graph, where an Add reads the meeting's iCalUId (one meeting, one InterAction record). Default with
   * "naa": https://graph.microsoft.com/v1.0, with the same sign-in (delegated scope Calendars.Read). With "dev": only
   * when given, with `devTokenUrl` (the local Graph's dev token route, as the workbench serves it). Without Graph the
   * meetings are linked by the sync service.
   */
  graph?: { baseUrl: string; devTokenUrl?: string };
}

/** Microsoft Graph v1.0, where a production add-in reads the iCalUId. */
export const MICROSOFT_GRAPH_URL = "https://graph.microsoft.com/v1.0";

export class AddinConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AddinConfigError";
  }
}

declare const __ADDIN_ORIGIN__: string | undefined;

/** The origin baked in by webpack (DefinePlugin), or undefined outside a build (tests). */
export const bakedOrigin = (): string | undefined =>
  typeof __ADDIN_ORIGIN__ === "string" && __ADDIN_ORIGIN__ ? __ADDIN_ORIGIN__ : undefined;

export const CONFIG_CACHE_KEY = "interaction.addinConfig";
export const DEFAULT_CONFIG: AddinConfig = defaults as AddinConfig;

const isHttpUrl = (s: unknown): s is string => typeof s === "string" && /^https?:\/\/[^\s]+$/i.test(s);

/** Checks and normalizes a parsed addin-config.json; throws AddinConfigError naming the bad field. */
export function parseAddinConfig(value: unknown): AddinConfig {
  const v = value as Partial<AddinConfig> | null;
  if (!v || typeof v !== "object") throw new AddinConfigError("addin-config.json must be a JSON object.");
  if (!isHttpUrl(v.apiBaseUrl)) throw new AddinConfigError("addin-config.json: apiBaseUrl must be an http(s) URL.");
  const auth = v.auth ?? { mode: "dev" };
  if (auth.mode !== "dev" && auth.mode !== "naa")
    throw new AddinConfigError('addin-config.json: auth.mode must be "dev" or "naa".');
  if (auth.mode === "naa") {
    if (typeof auth.clientId !== "string" || !auth.clientId)
      throw new AddinConfigError("addin-config.json: auth.clientId is required for naa.");
    if (!Array.isArray(auth.scopes) || auth.scopes.length === 0 || !auth.scopes.every((s) => typeof s === "string")) {
      throw new AddinConfigError("addin-config.json: auth.scopes must list at least one scope for naa.");
    }
    if (auth.authority !== undefined && !isHttpUrl(auth.authority)) {
      throw new AddinConfigError("addin-config.json: auth.authority must be an https URL.");
    }
  }
  const timeout = v.requestTimeoutMs;
  const graph = parseGraph(v.graph, auth.mode);
  return {
    apiBaseUrl: v.apiBaseUrl.replace(/\/+$/, ""),
    auth: {
      mode: auth.mode,
      clientId: auth.clientId,
      authority: auth.authority ?? DEFAULT_AUTHORITY,
      scopes: auth.scopes ?? [],
    },
    ...(typeof timeout === "number" && timeout > 0 ? { requestTimeoutMs: timeout } : {}),
    ...(graph ? { graph } : {}),
  };
}

/** The `graph` entry: absent means Microsoft Graph in "naa" mode and none in "dev" mode; null turns it off. */
function parseGraph(value: unknown, mode: AuthConfig["mode"]): AddinConfig["graph"] {
  if (value === null) return undefined;
  if (value === undefined) return mode === "naa" ? { baseUrl: MICROSOFT_GRAPH_URL } : undefined;
  const g = value as { baseUrl?: unknown; devTokenUrl?: unknown };
  if (typeof g !== "object" || !isHttpUrl(g.baseUrl))
    throw new AddinConfigError("addin-config.json: graph.baseUrl must be an http(s) URL.");
  if (g.devTokenUrl !== undefined && !isHttpUrl(g.devTokenUrl))
    throw new AddinConfigError("addin-config.json: graph.devTokenUrl must be an http(s) URL.");
  return {
    baseUrl: g.baseUrl.replace(/\/+$/, ""),
    ...(typeof g.devTokenUrl === "string" ? { devTokenUrl: g.devTokenUrl } : {}),
  };
}

export interface LoadAddinConfigOptions {
  fetch?: typeof fetch;
  /** Where the config lives; default: next to the page, else `${bakedOrigin}/addin-config.json`. */
  url?: string;
  /** Last-good cache (OfficeRuntime.storage / localStorage). */
  storage?: KeyValueStorage;
  /** The page URL of a page runtime (default: globalThis.location.href when it is http(s)). */
  pageUrl?: string;
  /** Give up on the published file after this long and use the last good copy (default 2500 ms: send has ~5 s). */
  timeoutMs?: number;
}

export function configUrl(options: Pick<LoadAddinConfigOptions, "url" | "pageUrl"> = {}): string | undefined {
  if (options.url) return options.url;
  const page = options.pageUrl ?? (globalObject() as { location?: { href?: string } }).location?.href;
  if (page && /^https?:/i.test(page)) return new URL("addin-config.json", page).href;
  const origin = bakedOrigin();
  return origin ? `${origin.replace(/\/$/, "")}/addin-config.json` : undefined;
}

/**
 * Loads the configuration: the published file first, then the last good copy, then the source default. Never
 * throws for an unreachable file (an event must still complete); `source` says which one was used.
 */
export async function loadAddinConfig(
  options: LoadAddinConfigOptions = {},
): Promise<{ config: AddinConfig; source: "published" | "cached" | "default"; problem?: string }> {
  const url = configUrl(options);
  const doFetch =
    options.fetch ?? (typeof fetch === "function" ? (...a: Parameters<typeof fetch>) => fetch(...a) : undefined);
  let problem: string | undefined;
  if (url && doFetch) {
    try {
      const res = await within(
        doFetch(url, { cache: "no-store", headers: { accept: "application/json" } }),
        options.timeoutMs ?? 2500,
      );
      if (res === TIMED_OUT) throw new AddinConfigError("addin-config.json did not arrive in time.");
      if (!res.ok) throw new AddinConfigError(`addin-config.json could not be loaded (HTTP ${res.status}).`);
      const config = parseAddinConfig(await res.json());
      await options.storage?.setItem(CONFIG_CACHE_KEY, JSON.stringify(config)).catch(() => undefined);
      return { config, source: "published" };
    } catch (e) {
      problem = e instanceof AddinConfigError ? e.message : "addin-config.json could not be reached.";
    }
  } else {
    problem = "No location for addin-config.json is known in this runtime.";
  }
  const cached = await readCachedConfig(options.storage);
  if (cached) return { config: cached, source: "cached", problem };
  return { config: parseAddinConfig(DEFAULT_CONFIG), source: "default", problem };
}

/** The last good configuration this runtime's storage holds, or undefined (a damaged copy counts as none). */
async function readCachedConfig(storage: KeyValueStorage | undefined): Promise<AddinConfig | undefined> {
  try {
    const cached = await storage?.getItem(CONFIG_CACHE_KEY);
    return cached ? parseAddinConfig(JSON.parse(cached)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For event runtimes, where every second counts (send has about five): the last good copy at once when there is
 * one, with the published file fetched in the background (`refresh`) so the next event uses it; the full
 * loadAddinConfig only when nothing was ever cached. An IT change therefore applies from the event after next.
 */
export async function loadAddinConfigCachedFirst(options: LoadAddinConfigOptions = {}): Promise<{
  config: AddinConfig;
  source: "published" | "cached" | "default";
  problem?: string;
  refresh?: Promise<unknown>;
}> {
  const cached = await readCachedConfig(options.storage);
  if (!cached) return loadAddinConfig(options);
  const refresh = loadAddinConfig(options).catch(() => undefined);
  return { config: cached, source: "cached", refresh };
}
