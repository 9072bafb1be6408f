// The controller turns the user's intents into calls of the sync use-cases and the InterAction client (through the
// injected TaskpaneServices) and records every result in the store. Components never call Office or HTTP.
import type { Visibility } from "../core/settings";
import { initialSyncState, type SyncMode } from "../core/syncState";
import { isInterActionError } from "../sync/errors";
import type { Action, Store } from "./state";
import { strings } from "./strings";
import type {
  CompanySummary,
  MeetingView,
  PersonRef,
  Preferences,
  SyncError,
  SyncOutcome,
  TaskpaneServices,
} from "./types";

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ControllerOptions {
  store: Store;
  /** Builds the services (config, sign-in, client, Office adapter) after the first render. */
  loadServices: () => Promise<TaskpaneServices>;
  /**
   * The item's own account of its status (local.ts: snapshot, sync state, outbox; no InterAction), read while the
   * services load, so the status shows before them. Shown as provisional until the full view replaces it.
   */
  loadLocalView?: () => Promise<MeetingView>;
  now?: () => Date;
  timers?: Timers;
  /** Company search waits this long after the last keystroke. */
  searchDebounceMs?: number;
  /** After an edit event the view is read again once the form has been quiet this long. */
  editDebounceMs?: number;
}

export interface Controller {
  start(): Promise<void>;
  refresh(): Promise<void>;
  add(): Promise<void>;
  retry(): Promise<void>;
  setMode(mode: SyncMode): Promise<void>;
  setVisibility(visibility: Visibility): Promise<void>;
  setActivityType(activityTypeId: string): Promise<void>;
  addContact(person: PersonRef): Promise<void>;
  selectTab(tab: "meeting" | "clients"): void;
  search(query: string): void;
  selectCompany(company: CompanySummary | null): Promise<void>;
  setRange(days: number): Promise<void>;
  reloadCompanyMeetings(): Promise<void>;
  /** A pinned pane moved to another item (or to none): start over for it. */
  itemChanged(hasItem: boolean): Promise<void>;
  /** The open form was edited (time, attendees, recurrence, attachments): read the view again, debounced. */
  itemEdited(): void;
  /** Reads the item's sync state; reads the whole view again only when it changed elsewhere (the ribbon's Add). */
  checkItem(): Promise<void>;
  /** Resolves once every pending debounced search and request has settled (tests and the workbench use it). */
  idle(): Promise<void>;
}

export const SEARCH_MIN_CHARS = 2;
const DAY_MS = 86_400_000;

/** InterAction is down or unreachable (as opposed to refusing a request for a reason the user can act on). */
export function isUnreachable(e: unknown): boolean {
  if (isInterActionError(e)) return e.code === "network" || e.code === "timeout" || e.code === "server";
  return e instanceof TypeError && /fetch|network/i.test(e.message);
}

/** JSON with sorted keys, so two reads of the same state compare equal whatever order their keys came in. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

export function toSyncError(e: unknown): SyncError {
  if (isInterActionError(e)) return { message: e.message, retryable: e.retryable };
  if (e instanceof Error && e.message) return { message: e.message, retryable: true };
  return { message: strings.errors.unknown, retryable: true };
}

/**
 * A debounced task that the pane's idle() waits for: calls within `ms` of each other collapse into one run of the
 * last one, and idle() is not reached while a run is scheduled or running. cancel() drops the scheduled run and
 * releases idle().
 */
function trackedDebounce(timers: Timers, track: <T>(p: Promise<T>) => Promise<T>, ms: number) {
  let timer: unknown = null;
  let pending: { resolve: () => void } | null = null;
  return {
    schedule(run: () => Promise<unknown>): void {
      if (timer !== null) timers.clearTimeout(timer);
      if (!pending) {
        let resolve!: () => void;
        void track(new Promise<void>((r) => (resolve = r)));
        pending = { resolve };
      }
      timer = timers.setTimeout(() => {
        timer = null;
        const done = pending;
        pending = null;
        void run()
          .catch(() => undefined)
          .finally(() => done?.resolve());
      }, ms);
    },
    cancel(): void {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      pending?.resolve();
      pending = null;
    },
  };
}

export function createController(options: ControllerOptions): Controller {
  const { store, loadServices } = options;
  const now = options.now ?? (() => new Date());
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const debounceMs = options.searchDebounceMs ?? 250;
  const editDebounceMs = options.editDebounceMs ?? 300;
  const dispatch = (a: Action) => store.dispatch(a);

  let services: TaskpaneServices | null = null;
  let starting: Promise<void> | null = null;
  // Meeting actions run one at a time: two syncs of the same item must never interleave.
  let chain: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<void>): Promise<void> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const inflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };

  const searchDebounce = trackedDebounce(timers, track, debounceMs);
  let searchAbort: AbortController | null = null;
  let meetingsAbort: AbortController | null = null;
  let meetingsSeq = 0;
  // Bumped when a pinned pane moves to another item: answers about the previous item are dropped, not shown.
  let generation = 0;
  const editDebounce = trackedDebounce(timers, track, editDebounceMs);
  // At most one view reload waits behind the running action; more edit events meanwhile join it.
  let reloadQueued = false;
  // The item's sync state as last read by checkItem, to notice when another runtime changes it.
  let lastSeenState: string | undefined;

  const noteOutcome = (outcome: SyncOutcome) => {
    dispatch({ type: "meeting/outcome", outcome });
    if (outcome.error && outcome.error.retryable && outcome.queued > 0) {
      dispatch({ type: "meeting/unreachable", unreachable: true });
    }
  };

  /** Reads the meeting view again, and the attendee directory when InterAction has no record to show yet. */
  const reloadView = async (svc: TaskpaneServices, gen: number): Promise<boolean> => {
    const view = await svc.loadMeetingView();
    if (gen !== generation) return false;
    dispatch({ type: "meeting/view", view });
    dispatch({ type: "meeting/uploadsSettled" });
    if (view.settings || view.activityTypes.length) {
      dispatch({
        type: "firm",
        settings: view.settings ?? undefined,
        activityTypes: view.activityTypes.length ? view.activityTypes : undefined,
      });
    }
    const unreachable = Boolean(view.error?.retryable);
    // With InterAction unreachable the attendees can't be looked up either: say so rather than list them bare.
    if (!view.record && unreachable) dispatch({ type: "meeting/directory", directory: null, failed: true });
    if (!view.record && !unreachable) {
      const emails = view.snapshot.attendees.map((a) => a.email);
      if (emails.length === 0) {
        dispatch({ type: "meeting/directory", directory: null });
      } else {
        try {
          const directory = await svc.lookupAttendees(emails);
          if (gen === generation) dispatch({ type: "meeting/directory", directory });
        } catch {
          if (gen === generation) dispatch({ type: "meeting/directory", directory: null, failed: true });
        }
      }
    }
    return unreachable;
  };

  const loadFirm = async (svc: TaskpaneServices): Promise<void> => {
    const [settings, types, groups] = await Promise.allSettled([
      svc.getSettings(),
      svc.getActivityTypes(),
      svc.listGroups(),
    ]);
    dispatch({
      type: "firm",
      settings: settings.status === "fulfilled" ? settings.value : undefined,
      activityTypes: types.status === "fulfilled" ? types.value : undefined,
      groups: groups.status === "fulfilled" ? groups.value : [],
    });
  };

  /** Runs one meeting action: the use-case, then the view, with InterAction being down reported as such. */
  const runMeetingAction = async (
    busy: "add" | "retry" | "refresh" | "preferences",
    act: ((svc: TaskpaneServices) => Promise<SyncOutcome | void>) | null,
  ): Promise<void> => {
    const svc = services;
    if (!svc) return;
    const gen = generation;
    dispatch({ type: "meeting/busy", busy });
    if (busy !== "refresh") dispatch({ type: "meeting/actionError", error: null });
    let unreachable = false;
    try {
      if (act) {
        try {
          const outcome = await act(svc);
          if (gen !== generation) return;
          if (outcome) {
            noteOutcome(outcome);
            unreachable = Boolean(outcome.error?.retryable && outcome.queued > 0);
          }
        } catch (e) {
          if (isUnreachable(e)) unreachable = true;
          else dispatch({ type: "meeting/actionError", error: toSyncError(e) });
        }
      }
      try {
        if (await reloadView(svc, gen)) unreachable = true;
      } catch (e) {
        if (isUnreachable(e)) unreachable = true;
        else dispatch({ type: "meeting/actionError", error: toSyncError(e) });
      }
      if (gen !== generation) return;
      dispatch({ type: "meeting/unreachable", unreachable });
      if (!unreachable && store.getState().settings === null) await loadFirm(svc);
    } finally {
      dispatch({ type: "meeting/busy", busy: null });
    }
  };
  const meetingAction: typeof runMeetingAction = (busy, act) => serial(() => runMeetingAction(busy, act));

  /** Queues one view reload behind whatever runs now; requests made while one is queued join it. */
  const queueViewReload = (): Promise<void> => {
    if (reloadQueued || !services) return Promise.resolve();
    reloadQueued = true;
    return track(
      serial(async () => {
        reloadQueued = false;
        await runMeetingAction("refresh", null);
      }),
    );
  };

  const refresh = () => meetingAction("refresh", (svc) => svc.refresh());

  const start = (): Promise<void> => {
    if (services) return refresh();
    if (starting) return starting;
    starting = (async () => {
      dispatch({ type: "boot", phase: "connecting" });
      const gen = generation;
      if (options.loadLocalView && !store.getState().meeting.view) {
        // Not awaited: the services load meanwhile; whichever view comes second never hides a full one (state.ts).
        void options.loadLocalView().then(
          (view) => {
            if (gen === generation) dispatch({ type: "meeting/localView", view });
          },
          () => undefined, // The full load reads the item again and reports what fails.
        );
      }
      try {
        services = await loadServices();
      } catch (e) {
        dispatch({ type: "boot", phase: "failed", message: toSyncError(e).message });
        dispatch({ type: "meeting/unreachable", unreachable: isUnreachable(e) });
        return;
      } finally {
        starting = null;
      }
      services.onUpload((event) => dispatch({ type: "meeting/upload", event }));
      dispatch({ type: "boot", phase: "ready" });
      await Promise.all([loadFirm(services), refresh()]);
    })();
    return starting;
  };

  const preferences = (prefs: Preferences) =>
    meetingAction("preferences", async (svc) => {
      await svc.updatePreferences(prefs);
    });

  const runSearch = async (query: string): Promise<void> => {
    const svc = services;
    if (!svc) return;
    searchAbort?.abort();
    const abort = new AbortController();
    searchAbort = abort;
    dispatch({ type: "clients/searching" });
    try {
      const results = await svc.searchCompanies(query, abort.signal);
      if (!abort.signal.aborted) dispatch({ type: "clients/results", query, results });
    } catch (e) {
      if (!abort.signal.aborted) dispatch({ type: "clients/searchError", query, message: toSyncError(e).message });
    }
  };

  const loadCompanyMeetings = async (): Promise<void> => {
    const svc = services;
    const { selected, rangeDays } = store.getState().clients;
    if (!svc || !selected) return;
    meetingsAbort?.abort();
    const abort = new AbortController();
    meetingsAbort = abort;
    const seq = ++meetingsSeq;
    dispatch({ type: "clients/meetingsLoading" });
    const from = now();
    const to = new Date(from.getTime() + rangeDays * DAY_MS);
    try {
      const meetings = await svc.companyMeetings(selected.id, from.toISOString(), to.toISOString(), abort.signal);
      if (seq === meetingsSeq) dispatch({ type: "clients/meetings", meetings });
    } catch (e) {
      if (seq === meetingsSeq) dispatch({ type: "clients/meetingsError", message: toSyncError(e).message });
    }
  };

  return {
    start,
    refresh,
    add: () => meetingAction("add", (svc) => svc.add()),
    retry: () => {
      // Retry after InterAction was unreachable at start-up means: connect again.
      if (!services) return start();
      return meetingAction("retry", (svc) => svc.retry());
    },
    setMode: (mode) => preferences({ mode }),
    setVisibility: (visibility) => preferences({ visibility }),
    setActivityType: (activityTypeId) => preferences({ activityTypeId }),
    addContact: async (person) => {
      const svc = services;
      if (!svc) return;
      const email = person.email.toLowerCase();
      dispatch({ type: "meeting/contact", email, state: { state: "adding" } });
      try {
        await track(svc.addContact({ email, name: person.name }));
        dispatch({ type: "meeting/contact", email, state: { state: "added" } });
      } catch (e) {
        // 409: the address already belongs to a contact (added meanwhile, or by a colleague): it is one now.
        if (isInterActionError(e) && e.code === "conflict") {
          dispatch({ type: "meeting/contact", email, state: { state: "added" } });
        } else {
          dispatch({ type: "meeting/contact", email, state: { state: "failed", message: toSyncError(e).message } });
          return;
        }
      }
      const view = store.getState().meeting.view;
      if (view && !view.record) {
        try {
          const emails = view.snapshot.attendees.map((a) => a.email);
          dispatch({ type: "meeting/directory", directory: await track(svc.lookupAttendees(emails)) });
        } catch {
          // The contact was added; the directory refreshes on the next load.
        }
      }
    },
    selectTab: (tab) => dispatch({ type: "tab", tab }),
    search: (query) => {
      dispatch({ type: "clients/query", query });
      const q = query.trim();
      if (q.length < SEARCH_MIN_CHARS) {
        searchDebounce.cancel();
        searchAbort?.abort();
        dispatch({ type: "clients/results", query: q, results: [] });
        return;
      }
      searchDebounce.schedule(() => track(runSearch(q)));
    },
    selectCompany: async (company) => {
      searchDebounce.cancel();
      searchAbort?.abort();
      if (company) dispatch({ type: "clients/query", query: company.name });
      dispatch({ type: "clients/select", company });
      if (company) await track(loadCompanyMeetings());
    },
    setRange: async (days) => {
      dispatch({ type: "clients/range", days });
      await track(loadCompanyMeetings());
    },
    reloadCompanyMeetings: () => track(loadCompanyMeetings()),
    itemChanged: (hasItem) => {
      generation += 1;
      lastSeenState = undefined;
      editDebounce.cancel();
      dispatch({ type: "meeting/itemChanged", hasItem });
      // Before the services exist, start() reads whichever item is selected by then.
      if (!hasItem || !services) return Promise.resolve();
      // The new item may carry a committed change nobody delivered yet: the same reconcile as opening it.
      return refresh();
    },
    itemEdited: () => {
      if (!services) return;
      editDebounce.schedule(queueViewReload);
    },
    checkItem: async () => {
      const svc = services;
      const shown = store.getState().meeting.view;
      if (!svc || !shown || reloadQueued || store.getState().meeting.busy !== null) return;
      const gen = generation;
      let read: string;
      try {
        read = stableJson((await svc.readState()) ?? initialSyncState());
      } catch {
        return; // The item can't be read right now; the next check tries again.
      }
      if (gen !== generation) return;
      const changed = read !== lastSeenState && read !== stableJson(shown.state);
      lastSeenState = read;
      if (changed) await queueViewReload();
    },
    idle: async () => {
      for (;;) {
        await chain;
        if (inflight.size === 0) return;
        await Promise.allSettled([...inflight]);
      }
    },
  };
}
