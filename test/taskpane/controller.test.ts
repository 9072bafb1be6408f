// The controller: intents in, use-case and client calls out, results into the one store.
import { InterActionError } from "../../src/sync/errors";
import { createController } from "../../src/taskpane/controller";
import { createStore, initialState } from "../../src/taskpane/state";
import { acme, fakeServices, NOW, outcome, view } from "./fixtures";

function setup(services = fakeServices(view())) {
  const store = createStore(initialState());
  const controller = createController({
    store,
    loadServices: async () => services,
    now: () => NOW,
    searchDebounceMs: 300,
  });
  return { store, controller, services };
}

describe("starting the pane", () => {
  it("loads the services after the first render, refreshes the meeting and reads the firm settings", async () => {
    const { store, controller, services } = setup();
    expect(store.getState().boot.phase).toBe("starting");
    expect(store.getState().meeting.loading).toBe(true);
    await controller.start();
    expect(store.getState().boot.phase).toBe("ready");
    expect(services.refresh).toHaveBeenCalledTimes(1);
    expect(services.loadMeetingView).toHaveBeenCalled();
    expect(store.getState().meeting.view?.status).toBe("notAdded");
    expect(store.getState().settings?.defaultActivityTypeId).toBe("at-meeting");
    expect(store.getState().groups).toEqual([{ id: "g-lit", name: "Litigation" }]);
  });

  it("a configuration or sign-in failure is reported, and Retry starts again", async () => {
    const services = fakeServices(view());
    const store = createStore(initialState());
    let attempts = 0;
    const controller = createController({
      store,
      loadServices: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("addin-config.json: apiBaseUrl must be an http(s) URL.");
        return services;
      },
    });
    await controller.start();
    expect(store.getState().boot).toEqual({
      phase: "failed",
      message: "addin-config.json: apiBaseUrl must be an http(s) URL.",
    });
    await controller.retry();
    expect(store.getState().boot.phase).toBe("ready");
    expect(store.getState().meeting.view).not.toBeNull();
  });
});

describe("InterAction unreachable", () => {
  it("a refresh whose changes stay queued marks InterAction unreachable; the meeting view still loads", async () => {
    const { store, controller, services } = setup();
    services.refresh.mockResolvedValueOnce(
      outcome({
        status: "pending",
        queued: 1,
        delivered: 0,
        error: { message: "InterAction could not be reached.", retryable: true },
      }),
    );
    await controller.start();
    expect(store.getState().meeting.unreachable).toBe(true);
    expect(store.getState().meeting.view?.snapshot.subject).toBe("Quarterly review with Acme");
  });

  it("a view that InterAction could only partly answer marks it unreachable, and a later refresh clears it", async () => {
    const { store, controller, services } = setup();
    services.current = view({ error: { message: "InterAction could not be reached.", retryable: true } });
    await controller.start();
    expect(store.getState().meeting.unreachable).toBe(true);
    expect(services.lookupAttendees).not.toHaveBeenCalled();
    services.current = view();
    await controller.refresh();
    expect(store.getState().meeting.unreachable).toBe(false);
  });

  it("a network error thrown by a call is unreachable, not a refusal", async () => {
    const { store, controller, services } = setup();
    await controller.start();
    services.add.mockRejectedValueOnce(new InterActionError("network", "offline", true));
    await controller.add();
    expect(store.getState().meeting.unreachable).toBe(true);
    expect(store.getState().meeting.actionError).toBeNull();
  });
});

describe("meeting actions", () => {
  it("run one at a time, so two syncs of the same item never interleave", async () => {
    const { controller, services } = setup();
    await controller.start();
    const order: string[] = [];
    let release!: () => void;
    services.add.mockImplementationOnce(async () => {
      order.push("add:start");
      await new Promise<void>((r) => (release = r));
      order.push("add:end");
      return outcome();
    });
    services.retry.mockImplementationOnce(async () => {
      order.push("retry");
      return outcome();
    });
    const a = controller.add();
    const b = controller.retry();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(["add:start"]);
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(["add:start", "add:end", "retry"]);
  });

  it("preferences go to updatePreferences and the view is read again", async () => {
    const { controller, services } = setup();
    await controller.start();
    const reads = services.loadMeetingView.mock.calls.length;
    await controller.setVisibility({ groupId: "g-lit" });
    expect(services.updatePreferences).toHaveBeenCalledWith({ visibility: { groupId: "g-lit" } });
    expect(services.loadMeetingView.mock.calls.length).toBe(reads + 1);
  });
});

describe("company search", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("is debounced: typing quickly searches once, with the last text", async () => {
    const { store, controller, services } = setup();
    await controller.start();
    for (const q of ["A", "Ac", "Acm", "Acme"]) {
      controller.search(q);
      jest.advanceTimersByTime(100);
    }
    expect(services.searchCompanies).not.toHaveBeenCalled();
    jest.advanceTimersByTime(300);
    await controller.idle();
    expect(services.searchCompanies).toHaveBeenCalledTimes(1);
    expect(services.searchCompanies.mock.calls[0]?.[0]).toBe("Acme");
    expect(store.getState().clients.results.map((c) => c.name)).toEqual(["Acme Corporation"]);
  });

  it("an answer to an older query never replaces the newer one", async () => {
    const { store, controller, services } = setup();
    await controller.start();
    let answerOld!: () => void;
    services.searchCompanies.mockImplementationOnce(
      (q: string, signal: AbortSignal) =>
        new Promise((resolve) => {
          answerOld = () => resolve([{ id: "co-old", name: `Old ${q}` }]);
          expect(signal.aborted).toBe(false);
        }),
    );
    controller.search("Gl");
    jest.advanceTimersByTime(300);
    controller.search("Globex");
    jest.advanceTimersByTime(300);
    await Promise.resolve();
    answerOld();
    await controller.idle();
    expect(store.getState().clients.results.map((c) => c.name)).toEqual(["Globex"]);
    expect(store.getState().clients.resultsFor).toBe("Globex");
  });

  it("choosing a company loads its meetings from now to the end of the period", async () => {
    const { store, controller, services } = setup();
    await controller.start();
    services.companyMeetings.mockResolvedValue({ items: [], colleagueCount: 0, total: 0 });
    await controller.selectCompany(acme);
    expect(services.companyMeetings).toHaveBeenCalledWith(
      "co-acme",
      "2026-11-25T09:00:00.000Z",
      "2026-12-25T09:00:00.000Z",
      expect.any(Object),
    );
    await controller.setRange(7);
    expect(services.companyMeetings).toHaveBeenLastCalledWith(
      "co-acme",
      "2026-11-25T09:00:00.000Z",
      "2026-12-02T09:00:00.000Z",
      expect.any(Object),
    );
    expect(store.getState().clients.query).toBe("Acme Corporation");
  });
});

describe("a pane that stays open while the item changes", () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  };

  it("edit events are debounced into one view reload, one at a time", async () => {
    jest.useFakeTimers();
    try {
      const { store, controller, services } = setup();
      await controller.start();
      services.loadMeetingView.mockClear();
      services.current = view({ status: "pending", state: { ...view().state, pendingChanges: true } });
      controller.itemEdited();
      controller.itemEdited();
      jest.advanceTimersByTime(299);
      expect(services.loadMeetingView).not.toHaveBeenCalled();
      controller.itemEdited();
      jest.advanceTimersByTime(300);
      await controller.idle();
      expect(services.loadMeetingView).toHaveBeenCalledTimes(1);
      expect(services.refresh).toHaveBeenCalledTimes(1); // only the start: edits are not committed, nothing to sync
      expect(store.getState().meeting.view?.status).toBe("pending");

      // While one reload runs, further edits queue exactly one more.
      const slow = deferred<ReturnType<typeof view>>();
      services.loadMeetingView.mockClear();
      services.loadMeetingView.mockImplementationOnce(() => slow.promise);
      const flush = async () => {
        for (let i = 0; i < 10; i++) await Promise.resolve();
      };
      controller.itemEdited();
      jest.advanceTimersByTime(300);
      await flush();
      expect(services.loadMeetingView).toHaveBeenCalledTimes(1);
      controller.itemEdited();
      jest.advanceTimersByTime(300);
      await flush();
      controller.itemEdited();
      jest.advanceTimersByTime(300);
      await flush();
      expect(services.loadMeetingView).toHaveBeenCalledTimes(1);
      slow.resolve(services.current);
      await controller.idle();
      expect(services.loadMeetingView).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it("switching items drops the previous item's late answer and loads the new item", async () => {
    const { store, controller, services } = setup();
    await controller.start();
    const late = deferred<ReturnType<typeof view>>();
    services.loadMeetingView.mockImplementationOnce(() => late.promise);
    const oldRefresh = controller.refresh();
    while (services.loadMeetingView.mock.calls.length < 2) await new Promise((r) => setTimeout(r, 0));
    const next = view({ snapshot: { ...view().snapshot, itemId: "item-2", subject: "Globex call" } });
    const switched = controller.itemChanged(true);
    expect(store.getState().meeting.view).toBeNull();
    expect(store.getState().meeting.loading).toBe(true);
    services.current = next;
    late.resolve(view({ snapshot: { ...view().snapshot, subject: "OLD ITEM" } }));
    await oldRefresh;
    expect(store.getState().meeting.view?.snapshot.subject ?? null).not.toBe("OLD ITEM");
    await switched;
    expect(store.getState().meeting.view?.snapshot.subject).toBe("Globex call");
  });

  it("switching to no meeting says so instead of showing the previous one", async () => {
    const { store, controller } = setup();
    await controller.start();
    await controller.itemChanged(false);
    expect(store.getState().meeting.view).toBeNull();
    expect(store.getState().meeting.noItem).toBe(true);
  });

  it("a state change made by another runtime (ribbon Add) reloads the view; an unchanged state reloads nothing", async () => {
    const { store, controller, services } = setup();
    await controller.start();
    services.loadMeetingView.mockClear();
    await controller.checkItem();
    await controller.checkItem();
    expect(services.loadMeetingView).not.toHaveBeenCalled();

    const requested = { ...view().state, addRequested: true };
    services.readState.mockResolvedValue(requested);
    services.current = view({ status: "willAddOnSend", state: requested });
    await controller.checkItem();
    await controller.idle();
    expect(services.loadMeetingView).toHaveBeenCalledTimes(1);
    expect(store.getState().meeting.view?.status).toBe("willAddOnSend");
    await controller.checkItem();
    expect(services.loadMeetingView).toHaveBeenCalledTimes(1);
  });
});
