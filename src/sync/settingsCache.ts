// Firm settings and activity types from InterAction, cached in the runtime's storage. Send must decide in well under
// a second and must work while InterAction is down, so a fresh copy is used without asking, a stale copy is refreshed
// within the run's time budget and kept when InterAction does not answer.
import { messages } from "../core/messages";
import type { ActivityType, CalendarSyncSettings } from "../core/settings";
import { TIMED_OUT, type Deadline } from "./deadline";
import type { SyncDeps } from "./deps";
import { describeError } from "./errors";

export const SETTINGS_KEY = "interaction-sync:settings:v1";
export const ACTIVITY_TYPES_KEY = "interaction-sync:activity-types:v1";
/** Settings change rarely (an administrator's decision); 15 minutes keeps send off the network most of the time. */
export const SETTINGS_TTL_MS = 15 * 60 * 1000;

export type CacheSource = "cache" | "network" | "staleCache" | "none";

export interface Cached<T> {
  value: T | null;
  source: CacheSource;
  /** Why InterAction could not be asked, when it could not. */
  error?: { message: string; retryable: boolean };
}

interface Stored<T> {
  fetchedAt: string;
  value: T;
}

type CacheDeps = Pick<SyncDeps, "api" | "storage" | "clock">;

export interface CacheOptions<T = unknown> {
  /** Shares the run's deadline; without one InterAction is awaited (the API client has its own timeout). */
  deadline?: Deadline;
  /** Ask InterAction even if the cached copy is fresh (task pane refresh). */
  refresh?: boolean;
  ttlMs?: number;
  /** Use any cached copy, however old, without asking InterAction (change events must stay instant). */
  preferCache?: boolean;
  /** Told just before InterAction is asked, with the cached copy if there is one (stale): what the caller may
   * start meanwhile (runSync asks about the attendees). Not called when the cache answers. */
  asking?: (cached: T | null) => void;
}

const read = async <T>(deps: CacheDeps, key: string): Promise<Stored<T> | null> => {
  try {
    const text = await deps.storage.getItem(key);
    if (!text) return null;
    const parsed = JSON.parse(text) as Stored<T>;
    return parsed && typeof parsed.fetchedAt === "string" && parsed.value ? parsed : null;
  } catch {
    return null; // unreadable cache = no cache
  }
};

const cached = async <T>(
  deps: CacheDeps,
  key: string,
  fetch: () => Promise<T>,
  valid: (v: T) => boolean,
  options: CacheOptions<T>,
): Promise<Cached<T>> => {
  const now = deps.clock.now();
  const stored = await read<T>(deps, key);
  const usable = stored && valid(stored.value) ? stored : null;
  const age = usable ? now.getTime() - Date.parse(usable.fetchedAt) : Infinity;
  if (usable && !options.refresh && age >= 0 && age < (options.ttlMs ?? SETTINGS_TTL_MS))
    return { value: usable.value, source: "cache" };
  if (usable && options.preferCache) return { value: usable.value, source: "staleCache" };
  try {
    options.asking?.(usable ? usable.value : null);
  } catch {
    // What the caller starts meanwhile never changes what the settings are.
  }
  try {
    const answer = options.deadline ? await options.deadline.race(fetch()) : await fetch();
    if (answer === TIMED_OUT) {
      const error = { message: messages.failure.timeout, retryable: true };
      return usable ? { value: usable.value, source: "staleCache", error } : { value: null, source: "none", error };
    }
    if (!valid(answer)) throw new Error(messages.failure.badSettings);
    try {
      await deps.storage.setItem(key, JSON.stringify({ fetchedAt: now.toISOString(), value: answer }));
    } catch {
      // A full or unavailable storage only costs a network call next time.
    }
    return { value: answer, source: "network" };
  } catch (e) {
    const error = describeError(e, String);
    return usable ? { value: usable.value, source: "staleCache", error } : { value: null, source: "none", error };
  }
};

const validSettings = (s: CalendarSyncSettings): boolean =>
  typeof s === "object" &&
  s !== null &&
  typeof s.enabled === "boolean" &&
  typeof s.postMeetingSyncDays === "number" &&
  Array.isArray(s.autoAddContactTypeIds) &&
  Array.isArray(s.firmDomains) &&
  typeof s.defaultActivityTypeId === "string" &&
  s.defaultVisibility !== undefined;

/** The firm's calendar sync settings (null only if InterAction was never reachable from this device). */
export const loadSettings = (
  deps: CacheDeps,
  options: CacheOptions<CalendarSyncSettings> = {},
): Promise<Cached<CalendarSyncSettings>> =>
  cached(deps, SETTINGS_KEY, () => deps.api.getSettings(), validSettings, options);

export const loadActivityTypes = async (
  deps: CacheDeps,
  options: CacheOptions<ActivityType[]> = {},
): Promise<ActivityType[]> =>
  (await cached(deps, ACTIVITY_TYPES_KEY, () => deps.api.getActivityTypes(), Array.isArray, options)).value ?? [];

export const clearSettingsCache = async (deps: Pick<SyncDeps, "storage">): Promise<void> => {
  await deps.storage.removeItem(SETTINGS_KEY);
  await deps.storage.removeItem(ACTIVITY_TYPES_KEY);
};
