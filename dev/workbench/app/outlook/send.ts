// Send and Smart Alerts: OnAppointmentSend runs first; the send goes through when the handler allows it, or when the
// user chooses "Send Anyway" in the Smart Alerts dialog the send mode allows. Cancelling a sent meeting turns the form
// into a cancellation and sends it.
import type { Dispatcher } from "./dispatch";
import type { MailboxStore } from "./mailboxes";
import type { Form, Invocation, SmartAlert } from "./model";

export type SmartAlertChoice = "sendAnyway" | "dontSend";
/** Outlook shows "taking longer than expected" when the send handler has not completed after 5 seconds. */
export const SLOW_HANDLER_MS = 5_000;
export interface SendResult {
  meetingId?: string;
  sent: boolean;
  smartAlert: SmartAlert | null;
}

/** What the send flow needs from the simulated Outlook. */
export interface SendHost {
  readonly dispatcher: Dispatcher;
  readonly store: MailboxStore;
  readonly displayName: string;
  form: Form | null;
  lastSmartAlert: SmartAlert | null;
  statusLine: string;
  /** Shows the dialog and waits for the user's choice. */
  askSmartAlert(alert: SmartAlert): Promise<SmartAlertChoice>;
  /** Closes a dialog the user has not answered (the slow handler completed meanwhile). */
  dismissSmartAlert(): void;
  requireCompose(): Form;
  closeForm(): void;
  changed(): void;
}

/** The Smart Alerts dialog Outlook shows for the handler's outcome, or null when the send goes ahead. */
export function alertFor(
  result: Invocation | undefined,
  manifestSendMode: string | undefined,
  name: string,
): SmartAlert | null {
  if (!result) return null;
  const sendMode = String(result.options?.sendModeOverride ?? manifestSendMode ?? "SoftBlock");
  const prompt = sendMode.toLowerCase() === "promptuser";
  if (result.outcome !== "completed") {
    // The add-in is unavailable or ran out of time: PromptUser and SoftBlock let the user send; Block does not.
    if (result.outcome === "timeout" && prompt) {
      return {
        message: `${name} is taking longer than expected.`,
        sendMode,
        actions: ["sendAnyway", "dontSend"],
        reason: "timeout",
      };
    }
    return sendMode.toLowerCase() === "block"
      ? {
          message: `${name} couldn't check this meeting. Try again later.`,
          sendMode,
          actions: ["dontSend"],
          reason: "error",
        }
      : null;
  }
  if (result.options?.allowEvent !== false) return null;
  return {
    message: String(result.options.errorMessage ?? result.options.errorMessageMarkdown ?? `${name} stopped the send.`),
    sendMode,
    actions: prompt ? ["sendAnyway", "dontSend"] : ["dontSend"],
    cancelLabel: typeof result.options.cancelLabel === "string" ? result.options.cancelLabel : undefined,
    reason: "addin",
  };
}

export async function send(host: SendHost, options: { smartAlert?: SmartAlertChoice } = {}): Promise<SendResult> {
  const form = host.requireCompose();
  if (form.state === "sending") throw new Error("The form is already sending");
  form.state = "sending";
  host.lastSmartAlert = null;
  host.changed();
  const decl = host.dispatcher.raisesSendEvent(form) ? host.dispatcher.launchEvent("OnAppointmentSend") : undefined;
  let alert: SmartAlert | null = null;
  let answered: SmartAlert | null = null;
  if (decl) {
    const outcome = await runSendHandler(host, form, decl.sendMode);
    if (outcome === "dontSend") {
      form.state = "open";
      host.changed();
      return { meetingId: form.itemId, sent: false, smartAlert: host.lastSmartAlert };
    }
    if (outcome === "sendAnyway") answered = host.lastSmartAlert;
    else alert = alertFor(outcome, decl.sendMode, host.displayName);
  }
  if (alert) {
    host.lastSmartAlert = alert;
    const choice = options.smartAlert ?? (await host.askSmartAlert(alert));
    if (choice !== "sendAnyway" || !alert.actions.includes("sendAnyway")) {
      form.state = "open";
      host.changed();
      return { meetingId: form.itemId, sent: false, smartAlert: alert };
    }
  }
  const item = await host.store.send(form.owner, form.itemId, form.draft, form.customProperties);
  form.itemId = item.itemId;
  form.draft.sent = true;
  host.statusLine = item.isCancelled ? "Cancellation sent" : "Sent";
  host.closeForm();
  host.changed();
  return { meetingId: item.itemId, sent: true, smartAlert: alert ?? answered };
}

/**
 * Runs OnAppointmentSend. After 5 s without event.completed Outlook shows "taking longer than expected"; the dialog
 * closes itself when the handler completes, or the user sends anyway (where the send mode allows) or does not send.
 */
async function runSendHandler(
  host: SendHost,
  form: Form,
  manifestSendMode: string | undefined,
): Promise<Invocation | undefined | SmartAlertChoice> {
  const running = host.dispatcher.launch("OnAppointmentSend", form, {});
  let answered: Promise<SmartAlertChoice> | undefined;
  const slow = new Promise<SmartAlertChoice>((resolve) => {
    const timer = setTimeout(() => {
      const sendMode = manifestSendMode ?? "SoftBlock";
      const alert: SmartAlert = {
        message: `${host.displayName} is taking longer than expected.`,
        sendMode,
        actions: sendMode.toLowerCase() === "block" ? ["dontSend"] : ["sendAnyway", "dontSend"],
        reason: "slow",
      };
      host.lastSmartAlert = alert;
      answered = host.askSmartAlert(alert);
      void answered.then(resolve);
    }, SLOW_HANDLER_MS);
    void running.finally(() => clearTimeout(timer));
  });
  const first = await Promise.race([running, slow]);
  if (typeof first === "string") return first;
  if (answered) host.dismissSmartAlert();
  return first;
}

/** The organizer cancels the meeting: Outlook turns the form into a cancellation and sends it. */
export async function cancelMeeting(
  host: SendHost,
  options: { smartAlert?: SmartAlertChoice } = {},
): Promise<SendResult> {
  const form = host.requireCompose();
  if (!form.itemId || !form.draft.sent) {
    // Never sent: "cancel" is just deleting the draft.
    if (form.itemId) await host.store.remove(form.owner, form.itemId);
    host.closeForm();
    host.changed();
    return { meetingId: form.itemId, sent: false, smartAlert: null };
  }
  // Outlook turns the form into a cancellation: the subject reads "Canceled: ..." and sending it cancels the meeting.
  const before = structuredClone(form.draft);
  form.draft.isCancelled = true;
  if (!/^\s*cancell?ed\s*:/i.test(form.draft.subject)) form.draft.subject = `Canceled: ${form.draft.subject}`;
  host.changed();
  const result = await send(host, options);
  if (!result.sent && host.form === form) {
    form.draft = before;
    host.changed();
  }
  return result;
}
