// The controller turns the user's intents into calls of the sync use-cases and the InterAction client (through the
// injected TaskpaneServices) and records every result in the store. Components never call Office or HTTP.
import type { Visibility } from "../core/settings";
import type { SyncMode } from "../core/syncState";
import { isInterActionError } from "../sync/errors";
import type { Action, Store } from "./state";
import { strings } from "./strings";
import type { CompanySummary, PersonRef, Preferences, SyncError, SyncOutcome, TaskpaneServices } from "./types";

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ControllerOptions {
  store: Store;
  /** Builds the services (config, sign-in, client, Office adapter) after the first render. */
  loadServices: () => Promise<TaskpaneServices>;
  now?: () => Date;
  timers?: Timers;
  /** Company search waits this long after the last keystroke. */
  searchDebounceMs?: number;
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

export function toSyncError(e: unknown): SyncError {
  if (isInterActionError(e)) return { message: e.message, retryable: e.retryable };
  if (e instanceof Error && e.message) return { message: e.message, retryable: true };
  return { message: strings.errors.unknown, retryable: true };
}

export function createController(options: ControllerOptions): Controller {
  const { store, loadServices } = options;
  const now = options.now ?? (() => new Date());
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const debounceMs = options.searchDebounceMs ?? 250;
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

  let searchTimer: unknown = null;
  let searchAbort: AbortController | null = null;
  let pendingSearch: { resolve: () => void } | null = null;
  let meetingsAbort: AbortController | null = null;
  let meetingsSeq = 0;

  const noteOutcome = (outcome: SyncOutcome) => {
    dispatch({ type: "meeting/outcome", outcome });
    if (outcome.error && outcome.error.retryable && outcome.queued > 0) {
      dispatch({ type: "meeting/unreachable", unreachable: true });
    }
  };

  /** Reads the meeting view again, and the attendee directory when InterAction has no record to show yet. */
  const reloadView = async (svc: TaskpaneServices): Promise<boolean> => {
    const view = await svc.loadMeetingView();
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
    if (!view.record && !unreachable) {
      const emails = view.snapshot.attendees.map((a) => a.email);
      if (emails.length === 0) {
        dispatch({ type: "meeting/directory", directory: null });
      } else {
        try {
          dispatch({ type: "meeting/directory", directory: await svc.lookupAttendees(emails) });
        } catch {
          dispatch({ type: "meeting/directory", directory: null, failed: true });
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
  const meetingAction = (
    busy: "add" | "retry" | "refresh" | "preferences",
    act: ((svc: TaskpaneServices) => Promise<SyncOutcome | void>) | null,
  ): Promise<void> =>
    serial(async () => {
      const svc = services;
      if (!svc) return;
      dispatch({ type: "meeting/busy", busy });
      if (busy !== "refresh") dispatch({ type: "meeting/actionError", error: null });
      let unreachable = false;
      try {
        if (act) {
          try {
            const outcome = await act(svc);
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
          if (await reloadView(svc)) unreachable = true;
        } catch (e) {
          if (isUnreachable(e)) unreachable = true;
          else dispatch({ type: "meeting/actionError", error: toSyncError(e) });
        }
        dispatch({ type: "meeting/unreachable", unreachable });
        if (!unreachable && store.getState().settings === null) await loadFirm(svc);
      } finally {
        dispatch({ type: "meeting/busy", busy: null });
      }
    });

  const refresh = () => meetingAction("refresh", (svc) => svc.refresh());

  const start = (): Promise<void> => {
    if (services) return refresh();
    if (starting) return starting;
    starting = (async () => {
      dispatch({ type: "boot", phase: "connecting" });
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
      if (searchTimer !== null) timers.clearTimeout(searchTimer);
      searchTimer = null;
      const q = query.trim();
      if (q.length < SEARCH_MIN_CHARS) {
        searchAbort?.abort();
        dispatch({ type: "clients/results", query: q, results: [] });
        pendingSearch?.resolve();
        pendingSearch = null;
        return;
      }
      if (!pendingSearch) {
        let resolve!: () => void;
        void track(new Promise<void>((r) => (resolve = r)));
        pendingSearch = { resolve };
      }
      searchTimer = timers.setTimeout(() => {
        searchTimer = null;
        const done = pendingSearch;
        pendingSearch = null;
        void track(runSearch(q)).finally(() => done?.resolve());
      }, debounceMs);
    },
    selectCompany: async (company) => {
      if (searchTimer !== null) timers.clearTimeout(searchTimer);
      searchTimer = null;
      searchAbort?.abort();
      pendingSearch?.resolve();
      pendingSearch = null;
      if (company) dispatch({ type: "clients/query", query: company.name });
      dispatch({ type: "clients/select", company });
      if (company) await track(loadCompanyMeetings());
    },
    setRange: async (days) => {
      dispatch({ type: "clients/range", days });
      await track(loadCompanyMeetings());
    },
    reloadCompanyMeetings: () => track(loadCompanyMeetings()),
    idle: async () => {
      for (;;) {
        await chain;
        if (inflight.size === 0) return;
        await Promise.allSettled([...inflight]);
      }
    },
  };
}
