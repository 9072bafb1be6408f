// The task pane's strings the pane needs before its first status (the shell, boot, the meeting's status, its
// eligibility and sign-in): part of the pane's first script, so kept apart from the strings of the sections below the
// status and the client search (sectionStrings.ts, in the chunks those load). strings.ts joins both for the rest.
import { plural } from "./plural";
import type { EligibilityReason, MeetingStatus } from "./types";

export const paneStrings = {
  appTitle: "InterAction Meeting Sync",
  boot: {
    starting: "Starting InterAction Meeting Sync…",
    waitingForOutlook: "Connecting to Outlook…",
    connecting: "Connecting to InterAction…",
    loadingMeeting: "Reading this meeting and its InterAction status…",
    notInOutlook: "Open this pane from an Outlook meeting to add it to InterAction.",
    noMeeting: "Open a meeting in Outlook to see its InterAction status.",
  },
  tabs: {
    label: "InterAction views",
    meeting: "This meeting",
    clients: "Client meetings",
    /** Shown while the client search's chunk loads (the search's own "searching" wording). */
    clientsLoading: "Searching…",
  },
  unreachable: {
    title: "InterAction can't be reached",
    body: "Your meeting in Outlook is not affected. Changes are kept and sent to InterAction when it is back.",
    retry: "Try again",
  },
  configError: (detail: string) => `The add-in configuration could not be loaded: ${detail}`,
  signInError: (detail: string) => `Signing in to InterAction failed: ${detail}`,
  signIn: {
    title: "Sign in to InterAction",
    /** core's sign-in sentences say "press Retry". */
    action: "Retry",
  },
  meeting: {
    regionLabel: "Meeting sync",
    untitled: "(no subject)",
    when: (range: string) => range,
    statusLabel: "InterAction status",
    add: "Add to InterAction",
    adding: "Adding…",
    added: "Added to InterAction",
    willAdd: "Will be added on send",
    addHint: {
      newMeeting: "It is added when you send the meeting. If you discard it, nothing reaches InterAction.",
    },
    retry: "Retry",
    retrying: "Retrying…",
    refresh: "Refresh",
    errorTitle: "Sync failed",
    queued: (n: number) => `${n} ${plural(n, "change is", "changes are")} waiting to be sent to InterAction.`,
    eligibleTitle: "Can be added to InterAction",
    waiting: "Waiting for InterAction",
    undeliveredTitle: "Not in InterAction yet",
    undeliveredBecause: (reason: string) => `The last attempt failed: ${reason}`,
    ineligibleTitle: "Can't be added to InterAction",
    stoppedTitle: "Sync stopped",
  },
  status: {
    notAdded: "Not added to InterAction",
    willAddOnSend: "Will be added to InterAction when you send the meeting",
    /** Only for edits not committed yet; committed changes still on their way say `undelivered`. */
    pending: "Pending changes: they reach InterAction when you save or send the meeting",
    undelivered: "Waiting to reach InterAction: the change is kept and retried automatically",
    synced: (when: string | null) => (when ? `Synced with InterAction ${when}` : "Synced with InterAction"),
    /** The organizer's activity (or a copy InterAction still takes); an attendee's says core's organizerOnly. */
    activity: (until: string | null) =>
      until ? `Activity in InterAction, syncing until ${until}` : "Activity in InterAction",
    frozen: (since: string | null) =>
      since ? `Frozen in InterAction: its sync window ended ${since}` : "Frozen in InterAction: no longer synced",
    cancelled: "Cancelled in InterAction",
    // The reason of these three is in the message bar right below (shown once, not twice).
    error: "Sync error: InterAction refused the change",
    ineligible: "Can't be added to InterAction",
    stopped: "Sync stopped",
    loading: "Checking InterAction…",
    /** Under a status read from the item alone (before InterAction answered). */
    provisional: "From the meeting itself. Checking InterAction and your firm's rules…",
    localOnly: "From the meeting itself: InterAction and your firm's rules could not be checked.",
  } satisfies Record<MeetingStatus | "loading" | "undelivered" | "provisional" | "localOnly", unknown>,
  eligibility: {
    recurring: "Recurring meetings can't be added to InterAction. Add a single occurrence instead.",
    private: "Private meetings can't be added to InterAction.",
    internalMeeting:
      "This meeting comes from a colleague inside the firm. Only its organizer can add it to InterAction.",
    notAccepted: "Accept or tentatively accept this meeting first, then you can add it to InterAction.",
    syncDisabled: "Your firm has turned calendar sync off in InterAction.",
    neverMode: "You chose never to sync this meeting. Change “Sync this meeting” to add it.",
  } satisfies Record<EligibilityReason, string>,
  /** Why an added meeting stopped syncing, as the sentence under "Sync stopped", when InterAction keeps its last
   * version. A colleague whose link goes ("never", or a decline: core/linkRemoval.ts) is told in core's own words
   * (messages.linkRemoval, statusView.ts stoppedText), the same the notification says. */
  stoppedReason: {
    recurring: "The meeting became recurring. InterAction keeps its last synced version.",
    private: "The meeting was marked private. InterAction keeps its last synced version.",
    neverMode: "You chose never to sync it. InterAction keeps the last version it received.",
    declined: "You declined the meeting. InterAction keeps its last synced version.",
    notAccepted: "You no longer accept the meeting. InterAction keeps its last synced version.",
    internalMeeting: "The meeting now comes from a colleague, who decides. InterAction keeps its last synced version.",
    syncDisabled: "Your firm has turned calendar sync off. InterAction keeps its last synced version.",
  },
  errors: {
    unknown: "Something went wrong.",
  },
};
