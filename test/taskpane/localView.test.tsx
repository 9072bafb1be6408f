/** @jest-environment jsdom */
// The first status from the item alone (src/taskpane/local.ts), shown while the network part of the pane loads and
// replaced by the full view once it answers; never over a full view, never for an item the pane has left.
import { act, render, screen } from "@testing-library/react";
import * as React from "react";
import { App } from "../../src/taskpane/components/App";
import { PaneContext } from "../../src/taskpane/components/context";
import { createController } from "../../src/taskpane/controller";
import { setLocaleDefaults } from "../../src/taskpane/format";
import { loadLocalView } from "../../src/taskpane/local";
import { createStore, initialState } from "../../src/taskpane/state";
import type { MeetingView, TaskpaneServices } from "../../src/taskpane/types";
import { createFakeOutlook } from "../support/fakeOutlook";
import { SETTINGS_KEY } from "../../src/sync/settingsCache";
import { createLocalPorts } from "../../src/compose/localPorts";
import { initialSyncState } from "../../src/core/syncState";
import { fakeServices, NOW, settings, view } from "./fixtures";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(local: () => Promise<MeetingView>) {
  const services = fakeServices(view({ status: "willAddOnSend" }));
  const gate = deferred<TaskpaneServices>();
  const store = createStore(initialState());
  const controller = createController({
    store,
    loadServices: () => gate.promise,
    loadLocalView: local,
    now: () => NOW,
  });
  return { store, controller, services, open: () => gate.resolve(services) };
}

describe("the item's own status first", () => {
  it("shows the local view as provisional while the services load, then the full view replaces it", async () => {
    const { store, controller, open } = setup(async () => view({ status: "notAdded", settings: null }));
    const started = controller.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().meeting.view?.status).toBe("notAdded");
    expect(store.getState().meeting.provisional).toBe(true);
    open();
    await started;
    expect(store.getState().meeting.view?.status).toBe("willAddOnSend");
    expect(store.getState().meeting.provisional).toBe(false);
  });

  it("a local view that arrives after the full one is ignored", async () => {
    const late = deferred<MeetingView>();
    const { store, controller, open } = setup(() => late.promise);
    open();
    await controller.start();
    late.resolve(view({ status: "notAdded" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().meeting.view?.status).toBe("willAddOnSend");
    expect(store.getState().meeting.provisional).toBe(false);
  });

  it("a local view of an item the pane has left is dropped", async () => {
    const late = deferred<MeetingView>();
    const { store, controller } = setup(() => late.promise);
    void controller.start();
    await controller.itemChanged(true);
    late.resolve(view({ status: "notAdded" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().meeting.view).toBeNull();
  });

  it("the pane says the status is provisional, offers no action yet and renders the details only after", async () => {
    setLocaleDefaults({ locale: "en-US", timeZone: "UTC" });
    const { store, controller, open } = setup(async () => view({ status: "notAdded", settings: null }));
    render(
      <PaneContext.Provider value={{ store, controller }}>
        <App />
      </PaneContext.Provider>,
    );
    let started!: Promise<void>;
    await act(async () => {
      started = controller.start();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-status", "notAdded");
    expect(screen.getByTestId("status-provisional")).toHaveTextContent("Checking InterAction and your firm's rules");
    expect(screen.getByTestId("add-button")).toBeDisabled();
    expect(screen.queryByTestId("mode-select")).toBeNull();
    await act(async () => {
      open();
      await started;
    });
    expect(await screen.findByTestId("mode-select")).toBeInTheDocument();
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-status", "willAddOnSend");
    expect(screen.queryByTestId("status-provisional")).toBeNull();
  });
});

describe("loadLocalView over Outlook", () => {
  it("a new meeting: not added, from its snapshot and empty sync state, without asking InterAction", async () => {
    const outlook = createFakeOutlook({ meeting: { subject: "Local" } });
    const v = await loadLocalView(outlook.office, NOW);
    expect(v.snapshot.subject).toBe("Local");
    expect(v.status).toBe("notAdded");
    expect(v.settings).toBeNull();
  });

  it("a recurring meeting: can't be added, which the item alone says", async () => {
    const outlook = createFakeOutlook({ meeting: { subject: "Weekly", recurrence: { recurrenceType: "weekly" } } });
    const v = await loadLocalView(outlook.office, NOW);
    expect(v.status).toBe("ineligible");
  });

  it("an attendee's added meeting that has ended: the activity, blocked organizerOnly, so the first line says so", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "read" } }); // an outside organizer's meeting, 2030-03-04
    await createLocalPorts(outlook.office).stateStore.save({
      ...initialSyncState(),
      addRequested: true,
      addedBy: "attendee",
      syncKey: "sk-local",
      revision: 1,
      deliveredRevision: 1,
      syncUntil: "2030-03-18T16:00:00.000Z",
    });
    const v = await loadLocalView(outlook.office, new Date("2030-03-05T09:00:00.000Z"));
    expect(v.status).toBe("activity");
    expect(v.blocked).toBe("organizerOnly");
  });

  it("uses the firm settings this device last had (never asking InterAction): sync turned off says so", async () => {
    localStorage.setItem(
      SETTINGS_KEY,
      JSON.stringify({ fetchedAt: "2020-01-01T00:00:00.000Z", value: { ...settings, enabled: false } }),
    );
    try {
      const outlook = createFakeOutlook({ meeting: { subject: "Off" } });
      const v = await loadLocalView(outlook.office, NOW);
      expect(v.status).toBe("ineligible");
      expect(v.eligibility).toMatchObject({ eligible: false, reason: "syncDisabled" });
      expect(v.settings).toBeNull();
    } finally {
      localStorage.removeItem(SETTINGS_KEY);
    }
  });
});
