// The add-in inside Outlook's window: its ribbon group, its notification messages, its task pane and the hidden
// frames its commands runtime runs in.
import React from "react";
import type { Outlook } from "../outlook";

export function AddinGroup({ outlook }: { outlook: Outlook }) {
  return (
    <>
      {outlook.ribbonGroups().map((g) => (
        <div key={g.id} className="ribbon-group" role="group" aria-label={g.label}>
          {g.buttons.map((b) => (
            <button
              key={b.id}
              title={b.tip}
              onClick={() => void outlook.clickRibbon(b.label).catch((e: Error) => alert(e.message))}
            >
              {b.icon && <img src={b.icon} alt="" width={16} height={16} />}
              {b.label}
            </button>
          ))}
          <span className="ribbon-group-label">{g.label}</span>
        </div>
      ))}
    </>
  );
}

export function Notifications({ outlook }: { outlook: Outlook }) {
  const list = outlook.form?.notifications ?? [];
  if (list.length === 0) return null;
  return (
    <ul className="infobar" aria-label="Notifications">
      {list.map((n) => (
        <li key={n.key} className={`infobar-item ${n.type}`}>
          <span className="infobar-icon" aria-hidden="true">
            {n.type === "errorMessage" ? "!" : n.type === "progressIndicator" ? "…" : "i"}
          </span>
          <span className="infobar-source">{outlook.manifest.displayName}:</span> {n.message}
        </li>
      ))}
    </ul>
  );
}

/** Called with the task pane's iframe once its document loaded. */
export type PaneLoaded = (iframe: HTMLIFrameElement) => void; // eslint-disable-line no-unused-vars
export function TaskPane({ outlook, onLoad }: { outlook: Outlook; onLoad: PaneLoaded }) {
  const pane = outlook.pane;
  if (!pane) return null;
  return (
    <aside className="taskpane" aria-label={`${outlook.manifest.displayName} task pane`}>
      <div className="taskpane-head">
        <span>{outlook.manifest.displayName}</span>
        <button aria-label="Close task pane" onClick={() => outlook.closeTaskPane()}>
          ✕
        </button>
      </div>
      <iframe
        key={pane.nonce}
        data-wb-frame={`pane-${pane.nonce}`}
        data-wb-pane="true"
        title={`${outlook.manifest.displayName} task pane`}
        src={pane.url}
        onLoad={(e) => onLoad(e.currentTarget)}
      />
    </aside>
  );
}

export function Runtimes({ outlook }: { outlook: Outlook }) {
  return (
    <div className="runtimes" aria-hidden="true">
      {outlook.commandFrames.map((f) => (
        <iframe key={`${f.id}:${f.attempt}`} data-wb-frame={f.id} src={f.url} title="Add-in runtime" tabIndex={-1} />
      ))}
    </div>
  );
}
