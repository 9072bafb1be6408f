// The add-in's frames (the task pane and each commands runtime) as the page knows them: which frame is which, the
// work it has in flight, the functions it associated, and its sink for pushing events into it.
import type { FrameSink } from "../../shared/bridge";

export interface FrameRecord {
  id: string;
  kind: "taskpane" | "commands" | "dialog";
  /** The form a commands runtime was started for (a task pane follows whatever form is open). */
  formId?: string;
  sink?: FrameSink;
  busy: number;
  associated: Set<string>;
  onAssociated?: () => void;
}

export class Frames {
  private byWindow = new Map<Window, FrameRecord>();
  private byId = new Map<string, FrameRecord>();

  /** In-flight work of every frame (fetches, Office calls). */
  get busy(): number {
    let n = 0;
    for (const f of this.byWindow.values()) n += f.busy;
    return n;
  }

  get(id: string | undefined): FrameRecord | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  add(record: FrameRecord): void {
    this.byId.set(record.id, record);
  }

  /** The frame a window belongs to (a task pane frame is registered on first attach). */
  attach(win: Window, frameId: string): { record: FrameRecord; isNew: boolean } {
    let record = this.byId.get(frameId);
    const isNew = !record;
    if (!record) {
      record = { id: frameId, kind: "taskpane", busy: 0, associated: new Set() };
      this.byId.set(frameId, record);
    }
    this.byWindow.set(win, record);
    return { record, isNew };
  }

  /**
   * A removed frame takes the callbacks of its in-flight work with it (its timers never run, so they never report
   * done): forget it, or its unfinished work would keep the workbench "busy" forever.
   */
  forget(id: string): void {
    const record = this.byId.get(id);
    if (!record) return;
    this.byId.delete(id);
    for (const [win, rec] of this.byWindow) if (rec === record) this.byWindow.delete(win);
  }
}
