// The workbench page: a simulated Outlook (calendar, meeting form, read surface, ribbon, task pane, Smart Alerts)
// around the real built add-in, plus window.workbench, the same actions for scripts and tests.
import React, { useState } from "react";
import { createRoot } from "react-dom/client";
import { parseManifest } from "./manifest";
import { Outlook } from "./outlook";
import { ExchangeMailboxes } from "./outlook/exchangeMailboxes";
import { createWorkbenchApi, type GraphInfo } from "./scripting";
import { Runtimes, TaskPane, type PaneLoaded } from "./ui/AddinParts";
import { Calendar } from "./ui/Calendar";
import { ComposeForm } from "./ui/ComposeForm";
import { InviteDialog, SmartAlertDialog } from "./ui/Dialogs";
import { useOutlook } from "./ui/format";
import { Header } from "./ui/Header";
import { ReadSurface } from "./ui/ReadSurface";

declare global {
  interface Window {
    workbench?: ReturnType<typeof createWorkbenchApi>;
  }
}

function App({ outlook, onPaneLoad }: { outlook: Outlook; onPaneLoad: PaneLoaded }) {
  useOutlook(outlook);
  const [inviting, setInviting] = useState(false);
  return (
    <div className={`app theme-${outlook.theme}`}>
      <Header outlook={outlook} />
      <div className="main">
        <main className="content">
          {outlook.form ? (
            outlook.form.mode === "compose" ? (
              <ComposeForm outlook={outlook} />
            ) : (
              <ReadSurface outlook={outlook} />
            )
          ) : (
            <Calendar outlook={outlook} onInvite={() => setInviting(true)} />
          )}
        </main>
        <TaskPane outlook={outlook} onLoad={onPaneLoad} />
      </div>
      <footer className="statusbar" role="status">
        {outlook.statusLine}
      </footer>
      <Runtimes outlook={outlook} />
      <SmartAlertDialog outlook={outlook} />
      {inviting && <InviteDialog outlook={outlook} onClose={() => setInviting(false)} />}
    </div>
  );
}

async function boot() {
  const config = (await (await fetch("/__workbench/config.json")).json()) as {
    sandboxUrl: string;
    manifestUrl: string;
    graph: GraphInfo | null;
  };
  const xml = await (await fetch(config.manifestUrl)).text();
  const manifest = parseManifest(xml, location.origin);
  // With a local Exchange the mailboxes live there; without one (the bench) they stay in the page.
  const exchange = config.graph ? new ExchangeMailboxes(manifest.id) : undefined;
  await exchange?.refresh();
  const outlook = new Outlook(manifest, config.sandboxUrl, exchange);
  window.__workbenchBridge = outlook;
  await outlook.loadClock().catch((e: Error) => console.error("[workbench] could not read the sandbox clock", e));
  await outlook.auth.load().catch((e: Error) => console.error("[workbench] could not read the auth mode", e));
  const api = createWorkbenchApi(outlook, config.graph);
  window.workbench = api;
  createRoot(document.getElementById("root")!).render(<App outlook={outlook} onPaneLoad={api.watchPane} />);
  document.documentElement.dataset.workbenchReady = "true";
}

boot().catch((e: Error) => {
  document.getElementById("root")!.textContent = `The workbench could not start: ${e.message}`;
  console.error(e);
});
