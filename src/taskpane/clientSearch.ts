// The client search controller: company search (debounced, the newest query wins) and a chosen company's upcoming
// meetings over a period. Each request runs under a signal that the next one aborts (pending.ts latestOnly): a
// replaced request stops loading, and its answer or failure is dropped.
// A company's meetings come progressively (meetingPages.ts): the list shows after a small first page and the later
// pages are appended. All pages of one load share its signal, so a load replaced by another (a company chosen, the
// period changed, Try again, the company cleared) appends nothing more; a later page that fails keeps what is shown
// and Retry loads the rest from where it stopped, in the same window. Typing in the search box means the user has
// moved on from the company shown: its later pages stop (the one in flight is aborted, no further page is asked) and
// what is shown stays, counted as partly loaded. The first page, once asked, still answers: it is what the user chose.
import type { Timers } from "../sync/deadline";
import { toSyncError } from "./failures";
import { FIRST_PAGE, pageAfter, type MeetingPage } from "./meetingPages";
import { latestOnly, trackedDebounce, type Tracker } from "./pending";
import type { Action, Store } from "./state";
import type { CompanyMeetings, CompanySummary, TaskpaneServices } from "./types";

export const SEARCH_MIN_CHARS = 2;
const DAY_MS = 86_400_000;

export interface ClientSearch {
  search(query: string): void;
  selectCompany(company: CompanySummary | null): Promise<void>;
  setRange(days: number): Promise<void>;
  reloadCompanyMeetings(): Promise<void>;
  /** After a later page failed: loads the rest of the window, keeping the pages shown. */
  loadRestOfCompanyMeetings(): Promise<void>;
}

/** The window one load pages through: every page of it asks the same company, from and to. */
interface MeetingWindow {
  companyId: string;
  from: string;
  to: string;
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
  /** Where the shown load stopped when a later page failed (what its Retry continues); null otherwise. */
  let stoppedAt: { window: MeetingWindow; page: MeetingPage } | null = null;
  /** The later pages of the shown load: aborted with the load, or alone when the user types another name. */
  let laterPages = new AbortController();

  /** A fresh signal for the later pages of the load running under `load`, aborted when `load` is. */
  const laterPagesOf = (load: AbortSignal): AbortSignal => {
    const pages = new AbortController();
    laterPages = pages;
    if (load.aborted) pages.abort();
    else load.addEventListener("abort", () => pages.abort(), { once: true });
    return pages.signal;
  };

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

  const askPage = (svc: TaskpaneServices, w: MeetingWindow, page: MeetingPage, signal: AbortSignal) =>
    svc.companyMeetings(w.companyId, w.from, w.to, { skip: page.skip, limit: page.limit, signal });

  /** Appends the pages from `first` on, one after another, until the window is complete or `signal` is replaced. */
  const loadRest = async (svc: TaskpaneServices, w: MeetingWindow, first: MeetingPage, signal: AbortSignal) => {
    for (let page: MeetingPage | null = first; page;) {
      let answer: CompanyMeetings;
      try {
        answer = await askPage(svc, w, page, signal);
      } catch (e) {
        if (signal.aborted) return;
        stoppedAt = { window: w, page };
        dispatch({ type: "clients/moreFailed", message: toSyncError(e).message });
        return;
      }
      // A page of a replaced load is never appended: the list shown now is another load's.
      if (signal.aborted) return;
      page = pageAfter(page, { items: answer.items.length, total: answer.total });
      dispatch({ type: "clients/moreMeetings", meetings: answer, more: page !== null });
    }
  };

  const loadCompanyMeetings = async (): Promise<void> => {
    const svc = services();
    const { selected, rangeDays } = store.getState().clients;
    if (!svc || !selected) return;
    const signal = meetingLoads.next();
    const pages = laterPagesOf(signal);
    stoppedAt = null;
    dispatch({ type: "clients/meetingsLoading" });
    const from = now();
    const to = new Date(from.getTime() + rangeDays * DAY_MS);
    const w: MeetingWindow = { companyId: selected.id, from: from.toISOString(), to: to.toISOString() };
    let next: MeetingPage | null;
    try {
      const meetings = await askPage(svc, w, FIRST_PAGE, signal);
      if (signal.aborted) return;
      // Typed over while the first page was on its way: it is shown, and no page follows it.
      next = pages.aborted ? null : pageAfter(FIRST_PAGE, { items: meetings.items.length, total: meetings.total });
      dispatch({ type: "clients/meetings", meetings, more: next !== null });
    } catch (e) {
      if (!signal.aborted) dispatch({ type: "clients/meetingsError", message: toSyncError(e).message });
      return;
    }
    if (next) await loadRest(svc, w, next, pages);
  };

  const loadRestOfCompanyMeetings = async (): Promise<void> => {
    const svc = services();
    const resume = stoppedAt;
    if (!svc || !resume) return;
    stoppedAt = null;
    const signal = laterPagesOf(meetingLoads.next());
    dispatch({ type: "clients/moreLoading" });
    await loadRest(svc, resume.window, resume.page, signal);
  };

  return {
    search: (query) => {
      dispatch({ type: "clients/query", query });
      // The user has moved on from the company shown: none of its later pages is asked any more.
      laterPages.abort();
      dispatch({ type: "clients/moreStopped" });
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
      // The pages of the company shown before belong to no list any more.
      meetingLoads.cancel();
      stoppedAt = null;
      if (company) dispatch({ type: "clients/query", query: company.name });
      dispatch({ type: "clients/select", company });
      if (company) await track(loadCompanyMeetings());
    },
    setRange: async (days) => {
      dispatch({ type: "clients/range", days });
      await track(loadCompanyMeetings());
    },
    reloadCompanyMeetings: () => track(loadCompanyMeetings()),
    loadRestOfCompanyMeetings: () => track(loadRestOfCompanyMeetings()),
  };
}
