// Task pane entry. Renders at once (a skeleton that says what it is doing), then waits for Office, then shows the
// item's own status from a small chunk ("local": Office adapter + core) while the rest — configuration, sign-in,
// the InterAction client and the sync use-cases ("runtime"; MSAL only on the first NAA token) — loads and refines
// it, so the JS needed before the status is visible stays small.
import * as React from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/App";
import { PaneContext } from "./components/context";
import { createController } from "./controller";
import { setLocaleDefaults, usableTimeZone } from "./format";
import { createStore, initialState } from "./state";
import { watchMeetingItem, type OfficeLike } from "./liveItem";
import { paneStrings as strings } from "./paneStrings";
import { currentOfficeTheme, watchOfficeTheme } from "./theme";

const store = createStore(initialState("light"));
const controller = createController({
  store,
  // The item's own status first (a small chunk: Office adapter + core), refined once the network part has loaded.
  loadLocalView: async () => (await import(/* webpackChunkName: "local" */ "./local")).loadLocalView(),
  loadServices: async () => (await import(/* webpackChunkName: "runtime" */ "./bootstrap")).createOutlookServices(),
});

declare global {
  interface Window {
    /** For the workbench and browser tests: resolves once the pane has settled. */
    interactionTaskpane?: { idle(): Promise<void>; state(): unknown };
  }
}
window.interactionTaskpane = { idle: () => controller.idle(), state: () => store.getState() };

const container = document.getElementById("root");
if (container) {
  createRoot(container).render(
    <PaneContext.Provider value={{ store, controller }}>
      <App />
    </PaneContext.Provider>,
  );
}

if (typeof Office === "undefined" || typeof Office.onReady !== "function") {
  store.dispatch({ type: "boot", phase: "failed", message: strings.boot.notInOutlook });
} else {
  store.dispatch({ type: "boot", phase: "waitingForOutlook" });
  void Office.onReady((info) => {
    store.dispatch({ type: "theme", theme: currentOfficeTheme() });
    watchOfficeTheme((theme) => store.dispatch({ type: "theme", theme }));
    const language = Office.context?.displayLanguage;
    // The mailbox's zone when it is an IANA name Intl knows; otherwise the browser's (format.ts says why).
    const timeZone = usableTimeZone(Office.context?.mailbox?.userProfile?.timeZone);
    if (language || timeZone) setLocaleDefaults({ locale: language || undefined, timeZone });
    if (info.host !== Office.HostType.Outlook || !Office.context.mailbox?.item) {
      store.dispatch({ type: "boot", phase: "failed", message: strings.boot.noMeeting });
      return;
    }
    void controller.start();
    // A pinnable pane stays open while the item changes under it; keep what it shows true (liveItem.ts says how).
    const stop = watchMeetingItem(
      Office as unknown as OfficeLike,
      {
        itemChanged: (hasItem) => void controller.itemChanged(hasItem),
        itemEdited: () => controller.itemEdited(),
        check: () => void controller.checkItem(),
      },
      window,
      { setInterval: (fn, ms) => setInterval(fn, ms), clearInterval: (h) => clearInterval(h as number) },
    );
    window.addEventListener("pagehide", stop, { once: true });
  });
}
