// The task pane's one store: a pure reducer over PaneState plus a tiny external store (useSyncExternalStore reads
// it). Every view derives from this state; only the controller dispatches.
import type { ActivityType, AttendeeDirectory, CalendarSyncSettings } from "../core/settings";
import type { CompanyMeetings, CompanySummary, Group, MeetingView, SyncError, SyncOutcome, UploadEvent } from "./types";

export type BootPhase = "starting" | "waitingForOutlook" | "connecting" | "ready" | "failed";
export type Busy = null | "add" | "retry" | "refresh" | "preferences";
export type ContactAddState = { state: "adding" } | { state: "added" } | { state: "failed"; message: string };

// Maps keyed by outside data (an attendee's address, an attachment's id) are Maps: a plain object would answer
// "__proto__" or "constructor" with what every object inherits.
export interface UploadProgress {
  /** Attachment id -> latest event. */
  files: ReadonlyMap<string, UploadEvent>;
}

export interface MeetingPaneState {
  view: MeetingView | null;
  loading: boolean;
  busy: Busy;
  /** Failure of the last action the user took (add, retry, preferences), shown with Retry. */
  actionError: SyncError | null;
  /** InterAction could not be reached while loading or syncing. */
  unreachable: boolean;
  lastOutcome: SyncOutcome | null;
  directory: AttendeeDirectory | null;
  directoryFailed: boolean;
  /** Lower-case address -> where its "Add as contact" stands. */
  contacts: ReadonlyMap<string, ContactAddState>;
  uploads: UploadProgress;
  /** A pinned pane whose selection is no meeting (another item type, or nothing selected). */
  noItem: boolean;
  /** The view is the item's own account (local.ts), shown until InterAction's part has loaded and answered. */
  provisional: boolean;
}

export interface ClientsPaneState {
  query: string;
  searching: boolean;
  /** The query the results belong to (null before any search). */
  resultsFor: string | null;
  results: CompanySummary[];
  searchError: string | null;
  selected: CompanySummary | null;
  rangeDays: number;
  /** The first page is loading (nothing of the company is shown yet). */
  meetingsLoading: boolean;
  /** The pages shown so far; `total` is the whole window's count, from InterAction's latest answer. */
  meetings: CompanyMeetings | null;
  /** The first page failed: nothing to show, Retry loads again. */
  meetingsError: string | null;
  /** Later pages still to come while the first ones are shown: loading, or failed with Retry for the rest (what is
   * shown stays). null before the first page and once the window is complete. */
  moreMeetings: { failed: string | null } | null;
}

export interface PaneState {
  boot: { phase: BootPhase; message: string | null };
  theme: "light" | "dark";
  tab: "meeting" | "clients";
  settings: CalendarSyncSettings | null;
  activityTypes: ActivityType[];
  /** null until loaded; [] when the user belongs to no group or they couldn't be loaded. */
  groups: Group[] | null;
  meeting: MeetingPaneState;
  clients: ClientsPaneState;
}

export const DEFAULT_RANGE_DAYS = 30;

export const initialState = (theme: "light" | "dark" = "light"): PaneState => ({
  boot: { phase: "starting", message: null },
  theme,
  tab: "meeting",
  settings: null,
  activityTypes: [],
  groups: null,
  meeting: {
    view: null,
    loading: true,
    busy: null,
    actionError: null,
    unreachable: false,
    lastOutcome: null,
    directory: null,
    directoryFailed: false,
    contacts: new Map(),
    uploads: { files: new Map() },
    noItem: false,
    provisional: false,
  },
  clients: {
    query: "",
    searching: false,
    resultsFor: null,
    results: [],
    searchError: null,
    selected: null,
    rangeDays: DEFAULT_RANGE_DAYS,
    meetingsLoading: false,
    meetings: null,
    meetingsError: null,
    moreMeetings: null,
  },
});

export type Action =
  | { type: "boot"; phase: BootPhase; message?: string | null }
  | { type: "theme"; theme: "light" | "dark" }
  | { type: "tab"; tab: PaneState["tab"] }
  | { type: "firm"; settings?: CalendarSyncSettings | null; activityTypes?: ActivityType[]; groups?: Group[] }
  | { type: "meeting/loading" }
  /** A pinned pane moved to another item: nothing of the previous meeting may stay on screen. */
  | { type: "meeting/itemChanged"; hasItem: boolean }
  | { type: "meeting/view"; view: MeetingView }
  /** The item's own account, before InterAction answered: ignored once a full view is shown. */
  | { type: "meeting/localView"; view: MeetingView }
  | { type: "meeting/busy"; busy: Busy }
  | { type: "meeting/outcome"; outcome: SyncOutcome }
  | { type: "meeting/actionError"; error: SyncError | null }
  | { type: "meeting/unreachable"; unreachable: boolean }
  | { type: "meeting/directory"; directory: AttendeeDirectory | null; failed?: boolean }
  | { type: "meeting/contact"; email: string; state: ContactAddState }
  | { type: "meeting/upload"; event: UploadEvent }
  | { type: "meeting/uploadsSettled" }
  | { type: "clients/query"; query: string }
  | { type: "clients/searching" }
  | { type: "clients/results"; query: string; results: CompanySummary[] }
  | { type: "clients/searchError"; query: string; message: string }
  | { type: "clients/select"; company: CompanySummary | null }
  | { type: "clients/range"; days: number }
  | { type: "clients/meetingsLoading" }
  /** The first page of a load; `more` when later pages follow. */
  | { type: "clients/meetings"; meetings: CompanyMeetings; more: boolean }
  | { type: "clients/meetingsError"; message: string }
  /** A later page of the same load (the controller drops pages of a replaced load): appended. */
  | { type: "clients/moreMeetings"; meetings: CompanyMeetings; more: boolean }
  | { type: "clients/moreLoading" }
  | { type: "clients/moreFailed"; message: string }
  | { type: "clients/moreStopped" };

const meeting = (s: PaneState, patch: Partial<MeetingPaneState>): PaneState => ({
  ...s,
  meeting: { ...s.meeting, ...patch },
});
const clients = (s: PaneState, patch: Partial<ClientsPaneState>): PaneState => ({
  ...s,
  clients: { ...s.clients, ...patch },
});

/**
 * A later page after those shown. Counts come from the newest answer (InterAction counts the whole window). A meeting
 * already shown is not added twice: one added before the page boundary while the pages loaded shifts the next page
 * by one, and the list must not repeat it (nor React see its key twice).
 */
function appendPage(shown: CompanyMeetings, page: CompanyMeetings): CompanyMeetings {
  const ids = new Set(shown.items.map((m) => m.id));
  return {
    items: [...shown.items, ...page.items.filter((m) => !ids.has(m.id))],
    colleagueCount: page.colleagueCount,
    total: page.total,
  };
}

export function reducer(s: PaneState, a: Action): PaneState {
  switch (a.type) {
    case "boot":
      return { ...s, boot: { phase: a.phase, message: a.message ?? null } };
    case "theme":
      return { ...s, theme: a.theme };
    case "tab":
      return { ...s, tab: a.tab };
    case "firm":
      return {
        ...s,
        settings: a.settings !== undefined ? a.settings : s.settings,
        activityTypes: a.activityTypes ?? s.activityTypes,
        groups: a.groups ?? s.groups,
      };
    case "meeting/loading":
      return meeting(s, { loading: true });
    case "meeting/itemChanged":
      return {
        ...s,
        tab: "meeting",
        meeting: { ...initialState(s.theme).meeting, loading: a.hasItem, noItem: !a.hasItem },
      };
    case "meeting/view":
      return meeting(s, { view: a.view, loading: false, provisional: false });
    case "meeting/localView":
      return s.meeting.view && !s.meeting.provisional ? s : meeting(s, { view: a.view, provisional: true });
    case "meeting/busy":
      return meeting(s, { busy: a.busy });
    case "meeting/outcome":
      return meeting(s, { lastOutcome: a.outcome });
    case "meeting/actionError":
      return meeting(s, { actionError: a.error });
    case "meeting/unreachable":
      return meeting(s, { unreachable: a.unreachable, loading: a.unreachable ? false : s.meeting.loading });
    case "meeting/directory":
      return meeting(s, { directory: a.directory, directoryFailed: a.failed ?? false });
    case "meeting/contact":
      return meeting(s, { contacts: new Map(s.meeting.contacts).set(a.email, a.state) });
    case "meeting/upload":
      return meeting(s, {
        uploads: { files: new Map(s.meeting.uploads.files).set(a.event.attachmentId, a.event) },
      });
    case "meeting/uploadsSettled":
      return meeting(s, { uploads: { files: new Map() } });
    case "clients/query":
      return clients(s, { query: a.query });
    case "clients/searching":
      return clients(s, { searching: true, searchError: null });
    case "clients/results":
      return a.query === s.clients.query.trim()
        ? clients(s, { searching: false, results: a.results, resultsFor: a.query, searchError: null })
        : s;
    case "clients/searchError":
      return a.query === s.clients.query.trim() ? clients(s, { searching: false, searchError: a.message }) : s;
    case "clients/select":
      return clients(s, {
        selected: a.company,
        searching: false,
        meetings: null,
        meetingsError: null,
        meetingsLoading: false,
        moreMeetings: null,
      });
    case "clients/range":
      return clients(s, { rangeDays: a.days });
    case "clients/meetingsLoading":
      return clients(s, { meetingsLoading: true, meetingsError: null, moreMeetings: null });
    case "clients/meetings":
      return clients(s, {
        meetingsLoading: false,
        meetings: a.meetings,
        meetingsError: null,
        moreMeetings: a.more ? { failed: null } : null,
      });
    case "clients/meetingsError":
      return clients(s, { meetingsLoading: false, meetingsError: a.message, moreMeetings: null });
    case "clients/moreMeetings":
      return s.clients.meetings
        ? clients(s, {
            meetings: appendPage(s.clients.meetings, a.meetings),
            moreMeetings: a.more ? { failed: null } : null,
          })
        : s;
    case "clients/moreLoading":
      return s.clients.moreMeetings ? clients(s, { moreMeetings: { failed: null } }) : s;
    case "clients/moreFailed":
      return s.clients.moreMeetings ? clients(s, { moreMeetings: { failed: a.message } }) : s;
    case "clients/moreStopped":
      // A failed page keeps its alert and Try again; pages still loading stop, and the count says partly loaded.
      return s.clients.moreMeetings && !s.clients.moreMeetings.failed ? clients(s, { moreMeetings: null }) : s;
  }
}

export interface Store {
  getState(): PaneState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: PaneState = initialState()): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
