// Where the add-in shows in Outlook's window: its ribbon group (from the manifest) and its task pane.
import type { Dispatcher } from "./dispatch";
import type { Frames } from "./frames";
import { themeColors } from "./itemData";
import type { Form } from "./model";
import type { AddinManifest } from "../manifest";

export interface PaneState {
  url: string;
  pinned: boolean;
  pinnable: boolean;
  frameId?: string;
  nonce: number;
}

/** What the add-in's surface needs from the simulated Outlook. */
export interface SurfaceHost {
  readonly manifest: AddinManifest;
  readonly form: Form | null;
  readonly frames: Frames;
  readonly dispatcher: Dispatcher;
  readonly theme: "light" | "dark";
  changed(): void;
}

export class AddinSurface {
  pane: PaneState | null = null;
  private nonce = 0;

  constructor(private readonly host: SurfaceHost) {}

  openTaskPane(url?: string, pinnable = false): void {
    if (this.host.dispatcher.client === "mobile") throw new Error("No add-in runs in Outlook mobile");
    if (!this.host.form) throw new Error("Open a meeting first: the task pane belongs to an item");
    const target = url ?? this.paneButton()?.url;
    if (!target) throw new Error("The manifest declares no task pane for this surface");
    if (this.pane && this.pane.url === target) return;
    this.forgetPane();
    this.pane = { url: target, pinned: false, pinnable, nonce: ++this.nonce };
    this.host.changed();
  }

  closeTaskPane(): void {
    this.forgetPane();
    this.host.changed();
  }

  /** Closing the pane removes its frame (see Frames.forget). */
  forgetPane(): void {
    if (!this.pane) return;
    this.host.frames.forget(this.pane.frameId ?? `pane-${this.pane.nonce}`);
    this.pane = null;
  }

  emitToPane(type: string, args: Record<string, unknown>): void {
    this.host.frames.get(this.pane?.frameId)?.sink?.emit(type, args);
  }

  emitTheme(): void {
    this.emitToPane("officeThemeChanged", { officeTheme: themeColors(this.host.theme) });
  }

  paneButton(): { url: string; pinnable: boolean } | undefined {
    for (const g of this.ribbonGroups()) {
      for (const b of g.buttons)
        if (b.action.kind === "taskpane") return { url: b.action.url, pinnable: b.action.pinnable };
    }
    return undefined;
  }

  ribbonGroups() {
    const form = this.host.form;
    if (!form || this.host.dispatcher.client === "mobile") return [];
    return form.mode === "compose" ? this.host.manifest.organizer : this.host.manifest.attendee;
  }

  /** A ribbon button of the add-in, by label: a function command runs in the commands runtime; a pane opens. */
  async clickRibbon(label: string): Promise<void> {
    const button = this.ribbonGroups()
      .flatMap((g) => g.buttons)
      .find((b) => b.label === label);
    if (!button) throw new Error(`No add-in button "${label}" on this surface`);
    if (button.action.kind === "taskpane") {
      this.openTaskPane(button.action.url, button.action.pinnable);
      return;
    }
    await this.host.dispatcher.invoke(
      button.action.functionName,
      `Ribbon:${button.label}`,
      this.host.form!,
      { source: { id: button.id } },
      this.host.manifest.functionFileUrl,
    );
  }
}
