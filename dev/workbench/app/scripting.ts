// window.workbench: every action of the simulated Outlook for scripts and browser tests. Each call resolves once the
// add-in has finished reacting: every dispatched event completed, no add-in fetch or Office call in flight, and the
// task pane's DOM quiet.
import type { Outlook, MeetingFields, CalendarItem } from "./outlook";
import type { OutlookClient } from "./outlook/dispatch";
import { personFor } from "./outlook";
import type { AuthMode } from "./outlook/nestedAppAuth";

const QUIET_MS = 400;
const SETTLE_TIMEOUT_MS = 45_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface MeetingSummary {
  meetingId: string;
  subject: string;
  start: string;
  end: string;
  location: string;
  organizer: string;
  isOrganizer: boolean;
  requiredAttendees: string[];
  optionalAttendees: string[];
  responses: Record<string, string>;
  myResponse: string;
  notes: string;
  attachments: { id: string; name: string; size: number; contentType: string }[];
  recurrence: string | null;
  isPrivate: boolean;
  isCancelled: boolean;
  sent: boolean;
  customProperties: Record<string, unknown>;
}

const summary = (m: CalendarItem): MeetingSummary => ({
  meetingId: m.itemId,
  subject: m.subject,
  start: m.start,
  end: m.end,
  location: m.location,
  organizer: m.organizer.email,
  isOrganizer: m.isOrganizer,
  requiredAttendees: m.required.map((a) => a.email),
  optionalAttendees: m.optional.map((a) => a.email),
  responses: Object.fromEntries([...m.required, ...m.optional].map((a) => [a.email, a.response])),
  myResponse: m.myResponse,
  notes: m.notes,
  attachments: m.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, contentType: a.contentType })),
  recurrence: m.recurrence,
  isPrivate: m.isPrivate,
  isCancelled: m.isCancelled,
  sent: m.sent,
  customProperties: m.customProperties,
});

/** The local Graph as a server sees it (dev only): base URL (…/v1.0), token endpoint, the demo app's credentials. */
export interface GraphInfo {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export function createWorkbenchApi(outlook: Outlook, graph: GraphInfo | null = null) {
  let lastPaneActivity = Date.now();
  let paneObserver: MutationObserver | null = null;

  const paneFrame = () => document.querySelector<HTMLIFrameElement>("iframe[data-wb-pane]");

  /** Watches the task pane's DOM, so "settled" includes "the pane stopped rendering". */
  const watchPane = (frame: HTMLIFrameElement) => {
    lastPaneActivity = Date.now();
    paneObserver?.disconnect();
    const doc = frame.contentDocument;
    if (!doc) return;
    paneObserver = new MutationObserver(() => {
      lastPaneActivity = Date.now();
    });
    paneObserver.observe(doc, { subtree: true, childList: true, characterData: true, attributes: true });
  };

  async function settle(): Promise<void> {
    const started = Date.now();
    let quietSince = Date.now();
    for (;;) {
      await sleep(50);
      const frame = paneFrame();
      const paneLoading = Boolean(
        frame &&
        (!frame.contentDocument ||
          frame.contentDocument.readyState !== "complete" ||
          frame.contentWindow?.location.href === "about:blank"),
      );
      if (outlook.busy > 0 || paneLoading || outlook.commandFrames.length > 0) quietSince = Date.now();
      if (lastPaneActivity > quietSince) quietSince = lastPaneActivity;
      // An open Smart Alerts dialog waits for the user: that is a settled state too.
      if (Date.now() - quietSince >= QUIET_MS) return;
      if (Date.now() - started > SETTLE_TIMEOUT_MS) {
        throw new Error(
          `The add-in did not settle within ${SETTLE_TIMEOUT_MS / 1000} s (busy=${outlook.busy}, runtimes=${outlook.commandFrames.length})`,
        );
      }
    }
  }

  const act = async <T>(fn: () => T | Promise<T>): Promise<Awaited<T>> => {
    const value = await fn();
    await settle();
    return value as Awaited<T>;
  };

  const openItem = () => {
    const form = outlook.form;
    if (!form) return null;
    const d = form.draft;
    return {
      mode: form.mode,
      meetingId: form.itemId ?? null,
      subject: d.subject,
      start: d.start,
      end: d.end,
      location: d.location,
      organizer: d.organizer.email,
      requiredAttendees: d.required.map((a) => a.email),
      optionalAttendees: d.optional.map((a) => a.email),
      notes: d.notes,
      attachments: d.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, contentType: a.contentType })),
      recurrence: d.recurrence,
      isPrivate: d.isPrivate,
      isCancelled: d.isCancelled,
      myResponse: d.myResponse,
      state: form.state,
      notifications: form.notifications.map((n) => ({ ...n })),
      taskPaneOpen: Boolean(outlook.pane),
    };
  };

  return {
    watchPane,
    settle,
    /** Signs in to Outlook; the add-in's permissions are consented unless `consent` says otherwise (auth naa/dialog). */
    signIn: (email: string, options: { consent?: "granted" | "userConsentRequired" | "adminConsentRequired" } = {}) =>
      act(async () => {
        outlook.signIn(email);
        await outlook.auth.userSignedIn(outlook.user.email, options.consent);
        // What other clients and Exchange changed meanwhile shows in the calendar.
        await outlook.store.refresh();
      }),
    useClient: (client: OutlookClient) => act(() => outlook.useClient(client)),
    /** The Outlook host's sign-in for the add-in: "naa" (nested app authentication), "dialog" (no NAA), "dev". */
    setAuth: (mode: AuthMode) => act(() => outlook.auth.setMode(mode)),
    /** Answers the sign-in window the add-in's popup opened ("accept": sign in and consent; "close"). */
    answerSignIn: (choice: "accept" | "close") => act(() => outlook.auth.answerSignIn(choice)),
    /** An administrator revokes the signed-in user's sessions (silent sign-in fails until they sign in again). */
    revokeSignIn: () => act(() => outlook.auth.revokeSessions(outlook.user.email)),
    drag: (meetingId: string, to: { start: string; end: string }) => act(() => outlook.drag(meetingId, to)),
    updateFromOutside: (meetingId: string, fields: Partial<MeetingFields>) =>
      act(() => outlook.updateFromOutside(meetingId, fields)),
    cancelFromOutside: (meetingId: string) => act(() => outlook.cancelFromOutside(meetingId)),
    setNow: (iso: string) => act(() => outlook.setNow(iso)),
    newMeeting: (fields: Partial<MeetingFields> = {}) => act(() => outlook.newMeeting(fields)),
    edit: (fields: Partial<MeetingFields>) => act(() => outlook.edit(fields)),
    addAttachment: (file: { name: string; contentType: string; base64: string }) =>
      act(() => outlook.addAttachment(file)),
    removeAttachment: (name: string) => act(() => outlook.removeAttachment(name)),
    send: (options: { smartAlert?: "sendAnyway" | "dontSend" } = {}) => {
      // The Smart Alerts dialog waits for the user: resolve as soon as it shows (or the send finished).
      const sending = outlook.send(options);
      return Promise.race([
        sending,
        new Promise<Awaited<typeof sending>>((resolve) => {
          const stop = outlook.subscribe(() => {
            // "Taking longer than expected" closes itself when the handler completes: keep waiting, as a user would.
            if (outlook.smartAlert && outlook.smartAlert.reason !== "slow") {
              stop();
              resolve({ meetingId: outlook.form?.itemId, sent: false, smartAlert: outlook.lastSmartAlert });
            }
          });
          void sending.finally(stop);
        }),
      ]).then(async (r) => {
        await settle();
        return r;
      });
    },
    answerSmartAlert: (choice: "sendAnyway" | "dontSend") => act(() => outlook.answerSmartAlert(choice)),
    save: () => act(async () => ({ meetingId: await outlook.save() })),
    discard: () => act(() => outlook.discard()),
    cancelMeeting: (options: { smartAlert?: "sendAnyway" | "dontSend" } = {}) =>
      act(() => outlook.cancelMeeting(options)),
    open: (meetingId: string) => act(() => outlook.open(meetingId)),
    close: () => act(() => outlook.closeForm()),
    invite: ({
      from,
      to,
      fields,
    }: {
      from: string | { email: string; name?: string };
      to: string[];
      fields: Partial<MeetingFields>;
    }) =>
      act(async () => {
        const organizer =
          typeof from === "string"
            ? personFor(from)
            : { email: from.email, name: from.name ?? personFor(from.email).name };
        const ids = await outlook.invite(organizer, to, fields);
        const mine = ids[outlook.user.email] ?? ids[to[0]!.toLowerCase()];
        return { meetingId: mine, meetingIds: ids };
      }),
    respond: (response: "accept" | "tentative" | "decline") => act(() => outlook.respond(response)),
    clickRibbon: (label: string) => act(() => outlook.clickRibbon(label)),
    openTaskPane: () => act(() => outlook.openTaskPane()),
    closeTaskPane: () => act(() => outlook.closeTaskPane()),
    setTheme: (theme: "light" | "dark") => act(() => outlook.setTheme(theme)),
    state: () => ({
      user: outlook.user.email,
      client: outlook.client,
      graph,
      now: outlook.now().toISOString(),
      sandboxUrl: outlook.sandboxUrl,
      openItem: openItem(),
      meetings: outlook.calendar().map(summary),
      notifications: outlook.form?.notifications.map((n) => ({ ...n })) ?? [],
      notificationLog: outlook.notificationLog.map((n) => ({ ...n })),
      lastSmartAlert: outlook.lastSmartAlert,
      invocations: outlook.invocations.map((i) => ({ ...i })),
      ribbon: outlook.ribbonGroups().map((g) => ({ group: g.label, buttons: g.buttons.map((b) => b.label) })),
      launchEvents: outlook.manifest.launchEvents.map((e) => ({ ...e })),
      auth: {
        mode: outlook.auth.mode,
        signInWindowOpen: Boolean(outlook.auth.signInWindow),
        bridgeLog: outlook.auth.log.map((e) => ({ ...e })),
      },
    }),
  };
}
