// The add-in's dialogs (Office dialog API), as Outlook on the web opens them: a window of its own at a page of the
// add-in's origin (the manifest's origin is the workbench's here, as for every add-in URL), whose Office.js talks to
// the same simulated Outlook. messageParent reaches the task pane that opened it; a window the user closes answers
// dialogEventReceived 12006. Only the task pane may open one: event-based activation has no dialog API.
import { OfficeErrors, OfficeFailure } from "../../shared/bridge";
import type { FrameRecord, Frames } from "./frames";

interface OpenDialog {
  win: Window;
  owner: FrameRecord;
  url: string;
  closedByAddin: boolean;
}

export class AddinDialogs {
  private readonly dialogs = new Map<string, OpenDialog>();
  private seq = 0;

  constructor(
    private readonly frames: Frames,
    private readonly changed: () => void,
  ) {}

  /** The dialogs open now (scripts and tests). */
  get open(): { id: string; url: string }[] {
    return [...this.dialogs].map(([id, d]) => ({ id, url: d.url }));
  }

  windowOf(id: string): Window | undefined {
    return this.dialogs.get(id)?.win;
  }

  openFor(owner: FrameRecord, url: string): string {
    if (owner.kind !== "taskpane") throw OfficeErrors.notSupported("the dialog API in an event-based runtime");
    if (this.dialogs.size > 0)
      throw new OfficeFailure(12007, "DialogAlreadyOpened", "A dialog box is already opened from this host window.");
    const target = new URL(url, location.href);
    const mapped = `${location.origin}${target.pathname}${target.search}${target.hash}`;
    const id = `dialog-${++this.seq}`;
    this.frames.add({ id, kind: "dialog", busy: 0, associated: new Set() });
    const win = window.open(mapped, id, "popup,width=500,height=640");
    if (!win) throw new OfficeFailure(12009, "DialogBlocked", "The browser blocked the dialog window.");
    const dialog: OpenDialog = { win, owner, url: mapped, closedByAddin: false };
    this.dialogs.set(id, dialog);
    const watch = setInterval(() => {
      if (!win.closed) return;
      clearInterval(watch);
      this.dialogs.delete(id);
      this.frames.forget(id);
      if (!dialog.closedByAddin) owner.sink?.dialogEvent(id, { type: "dialogEventReceived", error: 12006 });
      this.changed();
    }, 200);
    this.changed();
    return id;
  }

  close(id: string): void {
    const dialog = this.dialogs.get(id);
    if (!dialog) return;
    dialog.closedByAddin = true;
    dialog.win.close();
  }

  /** The dialog a window attaching to the bridge is, if it is one. */
  idOf(win: Window): string | undefined {
    for (const [id, d] of this.dialogs) if (d.win === win) return id;
    return undefined;
  }

  messageParent(record: FrameRecord, message: string): void {
    this.dialogs.get(record.id)?.owner.sink?.dialogEvent(record.id, {
      type: "dialogMessageReceived",
      message,
      origin: location.origin,
    });
  }
}
