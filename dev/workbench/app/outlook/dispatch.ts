// Outlook's dispatch of launch events and function commands to the add-in: each invocation loads the runtime page
// (commands.html) in its own hidden frame, calls the function the bundle associated under that name with an event
// object, and removes the frame as soon as the handler calls event.completed (or the time runs out): Outlook on the
// web and new Outlook end the event runtime there, so work an add-in leaves running after completed is lost, here too.
// Invocations overlap, as in Outlook: a change event raised while another event's handler runs gets its own runtime.
//
// Which events an add-in sees depends on the Outlook client (Microsoft's event-based activation docs):
// - classic (Windows): every event the manifest declares; "Send Cancellation" raises OnAppointmentSend;
// - new (new Outlook, Outlook on the web): the same events, but a cancellation raises none (office-js#4091);
// - mobile: no add-in runs at all (no appointment events, no ribbon, no task pane).
// In every client a calendar drag-and-drop move raises nothing.
import type { AddinManifest, LaunchEventDecl } from "../manifest";
import type { FrameRecord, Frames } from "./frames";
import type { Form, Invocation } from "./model";

export type OutlookClient = "classic" | "new" | "mobile";
export const OUTLOOK_CLIENTS: OutlookClient[] = ["classic", "new", "mobile"];

export class Dispatcher {
  client: OutlookClient = "classic";
  invocations: Invocation[] = [];
  /** The runtime frames the page renders (a frame whose load was lost is rendered again with the next attempt). */
  commandFrames: { id: string; url: string; attempt: number }[] = [];
  /** Milliseconds Outlook waits for an event handler before giving up on it. */
  eventTimeoutMs = 60_000;
  /** Invocations not finished yet. */
  work = 0;

  private pending = new Map<string, (options: Record<string, unknown>) => void>();
  private seq = 0;

  constructor(
    private readonly manifest: AddinManifest,
    private readonly frames: Frames,
    private readonly changed: () => void,
  ) {}

  /** The launch event as the manifest declares it, if the current client runs add-ins at all. */
  launchEvent(type: string): LaunchEventDecl | undefined {
    if (this.client === "mobile") return undefined;
    return this.manifest.launchEvents.find((e) => e.type === type);
  }

  /** Whether sending this form raises OnAppointmentSend in the current client. */
  raisesSendEvent(form: Form): boolean {
    if (this.client === "mobile") return false;
    return !form.draft.isCancelled || this.client === "classic";
  }

  /** Raises a launch event the manifest declares (nothing happens for one it does not). */
  async launch(type: string, form: Form, args: Record<string, unknown>): Promise<Invocation | undefined> {
    const decl = this.launchEvent(type);
    if (!decl) return undefined;
    return this.invoke(decl.functionName, type, form, args, this.manifest.runtimeUrl ?? this.manifest.functionFileUrl);
  }

  /** The handler of an invocation called event.completed. */
  completed(invocationId: string, options: Record<string, unknown>): void {
    this.pending.get(invocationId)?.(options);
  }

  /** Runs one function of the add-in the way Outlook on the web does. */
  async invoke(
    functionName: string,
    eventType: string,
    form: Form,
    args: Record<string, unknown>,
    url?: string,
  ): Promise<Invocation> {
    if (this.client === "mobile") throw new Error("No add-in runs in Outlook mobile");
    this.work++;
    try {
      return await this.run(functionName, eventType, form, args, url);
    } finally {
      this.work--;
    }
  }

  private async run(
    functionName: string,
    eventType: string,
    form: Form,
    args: Record<string, unknown>,
    url?: string,
  ): Promise<Invocation> {
    const invocation: Invocation = {
      id: `inv-${++this.seq}`,
      functionName,
      eventType,
      client: this.client,
      formId: form.id,
      itemId: form.itemId,
      startedAt: Date.now(),
    };
    this.invocations.push(invocation);
    if (this.invocations.length > 200) this.invocations.splice(0, this.invocations.length - 200);
    if (!url) {
      invocation.outcome = "loadFailed";
      return invocation;
    }
    const frameId = `cmd-${++this.seq}`;
    const record: FrameRecord = { id: frameId, kind: "commands", formId: form.id, busy: 0, associated: new Set() };
    this.frames.add(record);
    this.commandFrames.push({ id: frameId, url, attempt: 0 });
    this.changed();
    const deadline = Date.now() + this.eventTimeoutMs;
    try {
      if (!(await this.associated(record, functionName))) {
        invocation.outcome = "notAssociated";
        console.error(
          `[workbench] ${functionName} was never associated by the commands runtime (${eventType}; host connected: ${Boolean(record.sink)}; associated: ${[...record.associated].join(", ") || "nothing"})`,
        );
        return invocation;
      }
      const options = await new Promise<Record<string, unknown> | null>((resolve) => {
        this.pending.set(invocation.id, resolve);
        record.sink!.invoke(functionName, invocation.id, args);
        setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
      });
      invocation.outcome = options ? "completed" : "timeout";
      invocation.options = options ?? undefined;
      return invocation;
    } finally {
      this.pending.delete(invocation.id);
      invocation.finishedAt = Date.now();
      this.commandFrames = this.commandFrames.filter((f) => f.id !== frameId);
      this.frames.forget(frameId);
      this.changed();
    }
  }

  /** Waits until the runtime page connected and associated the function (false when it never does). */
  private associated(record: FrameRecord, functionName: string): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const check = () => record.associated.has(functionName) && record.sink;
      if (check()) return resolve(true);
      record.onAssociated = () => check() && resolve(true);
      // A runtime page that never connected (its load was lost) is loaded once more, as Outlook retries activation;
      // a page that connected but did not associate the function is the add-in's problem.
      setTimeout(() => {
        if (record.sink || check()) return;
        console.warn(`[workbench] the runtime page for ${functionName} did not load; loading it again`);
        this.commandFrames = this.commandFrames.map((f) => (f.id === record.id ? { ...f, attempt: f.attempt + 1 } : f));
        this.changed();
      }, 5_000);
      setTimeout(() => resolve(Boolean(check())), Math.min(this.eventTimeoutMs, 15_000));
    });
  }
}
