// What started a sync run. Every entry point (ribbon, launch events, task pane, retry) maps to one of these, so
// every entry point goes through the same planner.
export type ChangeWhat = "time" | "attendees" | "recurrence" | "attachments";

export type SyncTrigger =
  /** The user clicked "Add to InterAction" (ribbon or task pane). */
  | { kind: "add" }
  /** OnAppointmentSend: the values being sent are committed. */
  | { kind: "send" }
  /** An existing item was opened: reconcile what was committed since the last sync. */
  | { kind: "open" }
  /** A form value changed: only marks the meeting pending, never writes uncommitted values. */
  | { kind: "change"; what: ChangeWhat }
  /** The organizer cancelled the meeting. */
  | { kind: "cancel" }
  /** The task pane opened or refreshed: reconcile when committed, deliver the outbox. */
  | { kind: "refresh" }
  /** The user pressed Retry. */
  | { kind: "retry" }
  /** The sync service read the meeting through Microsoft Graph: what Exchange committed, no form open, no user. */
  | { kind: "server" };

export type TriggerKind = SyncTrigger["kind"];

/**
 * Triggers whose snapshot holds committed values: what Outlook itself keeps. "add", "refresh" and "retry" read the
 * open form, which is committed only while no change event marked it pending (see plan.ts); "change" never is.
 */
export const isCommitTrigger = (t: SyncTrigger): boolean =>
  t.kind === "send" || t.kind === "open" || t.kind === "cancel" || t.kind === "server";

/**
 * Triggers that reconcile the item with InterAction: they repair a lost outbox and run the firm rules a send could
 * not check.
 */
export const isReconcileTrigger = (t: SyncTrigger): boolean =>
  t.kind === "open" || t.kind === "refresh" || t.kind === "retry";
