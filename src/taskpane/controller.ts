// The pane's controller: what the components call. Two controllers behind one interface: the meeting controller
// (meetingController.ts: start, the meeting's actions, the item's events) and the client search
// (clientSearch.ts: company search and a company's meetings). Both go through the injected TaskpaneServices and
// record every result in the store; components never call Office or HTTP.
import { systemTimers, type Timers } from "../sync/deadline";
import { createClientSearch, type ClientSearch } from "./clientSearch";
import { createMeetingController, type MeetingActions } from "./meetingController";
import { createTracker } from "./pending";
import type { Store } from "./state";
import type { MeetingView, TaskpaneServices } from "./types";

export { SEARCH_MIN_CHARS } from "./clientSearch";

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

/** What the components call: the meeting's actions (meetingController.ts), the client search (clientSearch.ts) and
 * the pane's own. */
export interface Controller extends MeetingActions, ClientSearch {
  selectTab(tab: "meeting" | "clients"): void;
  /** Resolves once every pending debounced search and request has settled (tests and the workbench use it). */
  idle(): Promise<void>;
}

export function createController(options: ControllerOptions): Controller {
  const { store } = options;
  const timers = options.timers ?? systemTimers;
  const tracker = createTracker();
  const meeting = createMeetingController({
    store,
    loadServices: options.loadServices,
    loadLocalView: options.loadLocalView,
    tracker,
    timers,
    editDebounceMs: options.editDebounceMs ?? 300,
  });
  const clients = createClientSearch({
    store,
    services: meeting.services,
    tracker,
    timers,
    now: options.now ?? (() => new Date()),
    debounceMs: options.searchDebounceMs ?? 250,
  });

  return {
    start: meeting.start,
    refresh: meeting.refresh,
    add: meeting.add,
    retry: meeting.retry,
    setMode: meeting.setMode,
    setVisibility: meeting.setVisibility,
    setActivityType: meeting.setActivityType,
    addContact: meeting.addContact,
    selectTab: (tab) => store.dispatch({ type: "tab", tab }),
    search: clients.search,
    selectCompany: clients.selectCompany,
    setRange: clients.setRange,
    reloadCompanyMeetings: clients.reloadCompanyMeetings,
    loadRestOfCompanyMeetings: clients.loadRestOfCompanyMeetings,
    itemChanged: meeting.itemChanged,
    itemEdited: meeting.itemEdited,
    checkItem: meeting.checkItem,
    idle: async () => {
      for (;;) {
        await meeting.queued();
        if (!tracker.busy()) return;
        await tracker.settled();
      }
    },
  };
}
