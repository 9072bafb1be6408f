// The meeting controller: starts the pane (the item's own status first, then the services), and turns the user's
// meeting actions (add, retry, refresh, preferences, add as contact) and the item's events into calls of the sync
// use-cases through the injected TaskpaneServices, recording every result in the store. Meeting actions run one at
// a time. Answers about an item the pane has left are dropped: they run under the item's signal (pending.ts
// latestOnly), which moving to another item aborts.
import type { Visibility } from "../core/settings";
import { canonicalJson } from "../core/canonicalJson";
import { initialSyncState, type SyncMode } from "../core/syncState";
import type { Timers } from "../sync/deadline";
import { isInterActionError } from "../sync/errors";
import { isSignInProblem, isUnreachable, toSyncError } from "./failures";
import { latestOnly, trackedDebounce, type Tracker } from "./pending";
import type { Action, Store } from "./state";
import type { MeetingView, PersonRef, Preferences, SyncOutcome, TaskpaneServices } from "./types";

/** The meeting's actions and the item's events, as the pane's components call them (through controller.ts). */
export interface MeetingActions {
  start(): Promise<void>;
  refresh(): Promise<void>;
  add(): Promise<void>;
  retry(): Promise<void>;
  setMode(mode: SyncMode): Promise<void>;
  setVisibility(visibility: Visibility): Promise<void>;
  setActivityType(activityTypeId: string): Promise<void>;
  addContact(person: PersonRef): Promise<void>;
  /** A pinned pane moved to another item (or to none): start over for it. */
  itemChanged(hasItem: boolean): Promise<void>;
  /** The open form was edited (time, attendees, recurrence, attachments): read the view again, debounced. */
  itemEdited(): void;
  /** Reads the item's sync state; reads the whole view again only when it changed elsewhere (the ribbon's Add). */
  checkItem(): Promise<void>;
}

export interface MeetingController extends MeetingActions {
  /** The services once loaded (null before, or after they failed to load). */
  services(): TaskpaneServices | null;
  /** Resolves once the meeting actions queued so far have run. */
  queued(): Promise<void>;
}

export interface MeetingControllerOptions {
  store: Store;
  loadServices: () => Promise<TaskpaneServices>;
  loadLocalView?: () => Promise<MeetingView>;
  tracker: Tracker;
  timers: Timers;
  /** After an edit event the view is read again once the form has been quiet this long. */
  editDebounceMs: number;
}

type Busy = "add" | "retry" | "refresh" | "preferences";

export function createMeetingController(options: MeetingControllerOptions): MeetingController {
  const { store, loadServices, tracker } = options;
  const track = tracker.track;
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
  // Aborted when a pinned pane moves to another item: answers about the previous item are dropped, not shown.
  const item = latestOnly();
  const editDebounce = trackedDebounce(options.timers, track, options.editDebounceMs);
  // At most one view reload waits behind the running action; more edit events meanwhile join it.
  let reloadQueued = false;
  // The item's sync state as last read by checkItem, to notice when another runtime changes it.
  let lastSeenState: string | undefined;

  const noteOutcome = (outcome: SyncOutcome) => {
    dispatch({ type: "meeting/outcome", outcome });
    if (outcome.error && outcome.error.retryable && outcome.queued > 0 && !isSignInProblem(outcome.error.message)) {
      dispatch({ type: "meeting/unreachable", unreachable: true });
    }
  };

  /** Reads the meeting view again, and the attendee directory when InterAction has no record to show yet. */
  const reloadView = async (svc: TaskpaneServices, itemSignal: AbortSignal): Promise<boolean> => {
    const view = await svc.loadMeetingView();
    if (itemSignal.aborted) return false;
    dispatch({ type: "meeting/view", view });
    dispatch({ type: "meeting/uploadsSettled" });
    if (view.settings || view.activityTypes.length) {
      dispatch({
        type: "firm",
        settings: view.settings ?? undefined,
        activityTypes: view.activityTypes.length ? view.activityTypes : undefined,
      });
    }
    const unreachable = Boolean(view.error?.retryable && !isSignInProblem(view.error.message));
    // With InterAction unreachable the attendees can't be looked up either: say so rather than list them bare.
    if (!view.record && unreachable) dispatch({ type: "meeting/directory", directory: null, failed: true });
    if (!view.record && !unreachable) {
      const emails = view.snapshot.attendees.map((a) => a.email);
      if (emails.length === 0) {
        dispatch({ type: "meeting/directory", directory: null });
      } else {
        try {
          const directory = await svc.lookupAttendees(emails);
          if (!itemSignal.aborted) dispatch({ type: "meeting/directory", directory });
        } catch {
          if (!itemSignal.aborted) dispatch({ type: "meeting/directory", directory: null, failed: true });
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
    busy: Busy,
    act: ((svc: TaskpaneServices) => Promise<SyncOutcome | void>) | null,
  ): Promise<void> => {
    const svc = services;
    if (!svc) return;
    const itemSignal = item.current();
    dispatch({ type: "meeting/busy", busy });
    if (busy !== "refresh") dispatch({ type: "meeting/actionError", error: null });
    let unreachable = false;
    try {
      if (act) {
        try {
          const outcome = await act(svc);
          if (itemSignal.aborted) return;
          if (outcome) {
            noteOutcome(outcome);
            // A sign-in problem is not InterAction being down: the pane says so in its own bar (MeetingPanel).
            unreachable = Boolean(
              outcome.error?.retryable && outcome.queued > 0 && !isSignInProblem(outcome.error.message),
            );
          }
        } catch (e) {
          if (isUnreachable(e)) unreachable = true;
          else dispatch({ type: "meeting/actionError", error: toSyncError(e) });
        }
      }
      try {
        if (await reloadView(svc, itemSignal)) unreachable = true;
      } catch (e) {
        if (isUnreachable(e)) unreachable = true;
        else dispatch({ type: "meeting/actionError", error: toSyncError(e) });
      }
      if (itemSignal.aborted) return;
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
      const itemSignal = item.current();
      if (options.loadLocalView && !store.getState().meeting.view) {
        // Not awaited: the services load meanwhile; whichever view comes second never hides a full one (state.ts).
        void options.loadLocalView().then(
          (view) => {
            if (!itemSignal.aborted) dispatch({ type: "meeting/localView", view });
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

  const addContact = async (person: PersonRef): Promise<void> => {
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
  };

  return {
    start,
    services: () => services,
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
    addContact,
    itemChanged: (hasItem) => {
      item.next();
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
      const itemSignal = item.current();
      let read: string;
      try {
        read = canonicalJson((await svc.readState()) ?? initialSyncState());
      } catch {
        return; // The item can't be read right now; the next check tries again.
      }
      if (itemSignal.aborted) return;
      const changed = read !== lastSeenState && read !== canonicalJson(shown.state);
      lastSeenState = read;
      if (changed) await queueViewReload();
    },
    queued: () => chain,
  };
}
