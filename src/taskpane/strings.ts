// Every user-visible string of the task pane, in one place, ready for translation. Functions take the values they
// interpolate; dates arrive already formatted for the user's locale and time zone (see format.ts).
import type { EligibilityReason, MeetingStatus } from "./types";

const plural = (n: number, one: string, other: string): string =>
  new Intl.PluralRules("en").select(n) === "one" ? one : other;

export const strings = {
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
  /** Why an added meeting stopped syncing, as the sentence under "Sync stopped". */
  stoppedReason: {
    recurring: "The meeting became recurring. InterAction keeps its last synced version.",
    private: "The meeting was marked private. InterAction keeps its last synced version.",
    neverMode: "You chose never to sync it. InterAction keeps the last version it received.",
    declined: "You declined the meeting. InterAction keeps its last synced version.",
    notAccepted: "You no longer accept the meeting. InterAction keeps its last synced version.",
    internalMeeting: "The meeting now comes from a colleague, who decides. InterAction keeps its last synced version.",
    syncDisabled: "Your firm has turned calendar sync off. InterAction keeps its last synced version.",
  },
  preferences: {
    heading: "Sync settings for this meeting",
    mode: "Sync this meeting",
    modes: {
      automatic: "Automatically (firm rules)",
      manual: "Only when I add it",
      never: "Never",
    },
    visibility: "Who can see it in InterAction",
    visibilities: { everyone: "Everyone", onlyMe: "Only me", group: "A group" },
    group: "Group id",
    groupSelect: "Group",
    chooseGroup: "Choose a group…",
    groupHint: "The InterAction group that may see this meeting. Press Enter to apply.",
    activityType: "Meeting type",
    firmDefault: (name: string) => `${name} (firm default)`,
    saving: "Saving…",
    saved: "Saved",
  },
  rules: {
    heading: "Firm rules",
    // Before the send the decision is in the future tense, and the matching attendees are listed once.
    added: "Firm rules will add this meeting when it is sent, because:",
    notAdded: "Firm rules don't add this meeting",
    unchecked: "Firm rules couldn't be checked",
    uncheckedWhy:
      "InterAction can't be reached, so the firm's rules couldn't be checked. They are checked again when it is back.",
    /** After the send: why they added it (`why` is the core's "Added because …" sentence). */
    addedBecause: (why: string) =>
      /^Added because /.test(why)
        ? `The firm rules added this meeting when it was sent, because ${why.replace(/^Added because /, "")}`
        : `The firm rules added this meeting when it was sent. ${why}`,
    match: (email: string, contactName: string, companyName: string | undefined, type: string) =>
      companyName
        ? `${contactName} (${email}) works for ${companyName}, a ${type}`
        : `${contactName} (${email}) is a ${type}`,
  },
  attendees: {
    heading: "Attendees in InterAction",
    contacts: "Contacts",
    colleagues: "Colleagues",
    companies: "Companies",
    unresolved: "Not in InterAction",
    /** Outside attendees InterAction could not be asked about (it was unreachable). */
    unknown: "Not looked up yet",
    none: "No attendees yet.",
    noneResolved: "No attendee is an InterAction contact yet.",
    colleague: "Colleague",
    addContact: "Add as contact",
    /** Starts with the visible text ("Add as contact"), as WCAG 2.5.3 (label in name) asks. */
    addContactLabel: (who: string) => `Add as contact: ${who}`,
    addingContact: "Adding…",
    contactAdded: "Added as contact",
    contactFailed: (reason: string) => `Couldn't add: ${reason}`,
    worksFor: (company: string) => `works for ${company}`,
    lookupFailed: "Attendees couldn't be looked up in InterAction right now.",
  },
  documents: {
    heading: "Documents",
    none: "No attachments.",
    progressLabel: "Uploading documents",
    progress: (done: number, total: number) => `${done} of ${total} ${plural(total, "document", "documents")} uploaded`,
    state: {
      notAdded: "Uploaded when the meeting is added",
      planned: "Waiting to upload",
      reading: "Reading from Outlook…",
      uploading: "Uploading…",
      uploaded: "In InterAction",
      failed: "Upload failed",
      skipped: "Not uploaded (not a file)",
      tooLarge: "Too large to upload",
    },
  },
  history: {
    heading: "Sync history",
    none: "Nothing sent to InterAction yet.",
    result: { delivered: "sent", queued: "queued", failed: "failed" },
    action: (action: "create" | "update" | "cancel" | "document", revision?: number, documentName?: string) => {
      const rev = revision !== undefined ? ` (revision ${revision})` : "";
      switch (action) {
        case "create":
          return `Meeting added${rev}`;
        case "update":
          return `Meeting updated${rev}`;
        case "cancel":
          return `Cancellation${rev}`;
        case "document":
          return documentName ? `Document “${documentName}”` : "Document";
      }
    },
  },
  clients: {
    regionLabel: "Client meetings",
    heading: "Who meets a client",
    search: "Search InterAction companies",
    searchPlaceholder: "Company name, e.g. Acme",
    searching: "Searching…",
    noResults: (q: string) => `No company matches “${q}”.`,
    typeMore: "Type at least 2 letters to search.",
    searchFailed: (reason: string) => `Search failed: ${reason}`,
    range: "Period",
    rangeOption: (days: number) => `Next ${days} days`,
    loading: (company: string) => `Loading meetings with ${company}…`,
    none: (company: string, days: number) => `No upcoming meetings with ${company} in the next ${days} days.`,
    colleagueCount: (n: number, company: string, days: number) =>
      `${n} ${plural(n, "colleague meets", "colleagues meet")} ${company} in the next ${days} days`,
    meetingCount: (n: number) => `${n} ${plural(n, "meeting", "meetings")}`,
    colleagues: "Colleagues",
    clientContacts: "Client contacts",
    noColleagues: "No colleague from the firm",
    loadFailed: (reason: string) => `Meetings couldn't be loaded: ${reason}`,
    retry: "Try again",
    /** InterAction's kind of a meeting in words; one the pane doesn't know is shown as InterAction sent it. */
    kindName: (kind: string) => (kind === "appointment" ? "Appointment" : kind === "activity" ? "Activity" : kind),
    cancelled: "Cancelled",
  },
  errors: {
    unknown: "Something went wrong.",
  },
};

export type Strings = typeof strings;
