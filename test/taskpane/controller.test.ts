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
    services.companyMeetings.mockResolvedValue({ items: [], colleagueCount: 0 });
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
