// The client search controller: company search (debounced, the newest query wins) and a chosen company's upcoming
// meetings over a period. Each request runs under a signal that the next one aborts (pending.ts latestOnly): a
// replaced request stops loading, and its answer or failure is dropped.
import type { Timers } from "../sync/deadline";
import { toSyncError } from "./failures";
import { latestOnly, trackedDebounce, type Tracker } from "./pending";
import type { Action, Store } from "./state";
import type { CompanySummary, TaskpaneServices } from "./types";

export const SEARCH_MIN_CHARS = 2;
const DAY_MS = 86_400_000;

export interface ClientSearch {
  search(query: string): void;
  selectCompany(company: CompanySummary | null): Promise<void>;
  setRange(days: number): Promise<void>;
  reloadCompanyMeetings(): Promise<void>;
}

export interface ClientSearchOptions {
  store: Store;
  /** The loaded services, or null while they load (nothing is asked then). */
  services: () => TaskpaneServices | null;
  tracker: Tracker;
  timers: Timers;
  now: () => Date;
  /** Company search waits this long after the last keystroke. */
  debounceMs: number;
}

export function createClientSearch(options: ClientSearchOptions): ClientSearch {
  const { store, services, tracker, timers, now } = options;
  const dispatch = (a: Action) => store.dispatch(a);
  const track = tracker.track;
  const searchDebounce = trackedDebounce(timers, track, options.debounceMs);
  const searches = latestOnly();
  const meetingLoads = latestOnly();

  const runSearch = async (query: string): Promise<void> => {
    const svc = services();
    if (!svc) return;
    const signal = searches.next();
    dispatch({ type: "clients/searching" });
    try {
      const results = await svc.searchCompanies(query, signal);
      if (!signal.aborted) dispatch({ type: "clients/results", query, results });
    } catch (e) {
      if (!signal.aborted) dispatch({ type: "clients/searchError", query, message: toSyncError(e).message });
    }
  };

  const loadCompanyMeetings = async (): Promise<void> => {
    const svc = services();
    const { selected, rangeDays } = store.getState().clients;
    if (!svc || !selected) return;
    const signal = meetingLoads.next();
    dispatch({ type: "clients/meetingsLoading" });
    const from = now();
    const to = new Date(from.getTime() + rangeDays * DAY_MS);
    try {
      const meetings = await svc.companyMeetings(selected.id, from.toISOString(), to.toISOString(), signal);
      if (!signal.aborted) dispatch({ type: "clients/meetings", meetings });
    } catch (e) {
      if (!signal.aborted) dispatch({ type: "clients/meetingsError", message: toSyncError(e).message });
    }
  };

  return {
    search: (query) => {
      dispatch({ type: "clients/query", query });
      const q = query.trim();
      if (q.length < SEARCH_MIN_CHARS) {
        searchDebounce.cancel();
        searches.cancel();
        dispatch({ type: "clients/results", query: q, results: [] });
        return;
      }
      searchDebounce.schedule(() => track(runSearch(q)));
    },
    selectCompany: async (company) => {
      searchDebounce.cancel();
      searches.cancel();
      if (company) dispatch({ type: "clients/query", query: company.name });
      dispatch({ type: "clients/select", company });
      if (company) await track(loadCompanyMeetings());
    },
    setRange: async (days) => {
      dispatch({ type: "clients/range", days });
      await track(loadCompanyMeetings());
    },
    reloadCompanyMeetings: () => track(loadCompanyMeetings()),
  };
}
