// The strings of the sections below the meeting's status (settings, rules, attendees, documents, history) and of the
// client search: loaded with those sections' chunks, never before the pane's first status (paneStrings.ts says why).
import { paneStrings } from "./paneStrings";
import { plural } from "./plural";

export const sectionStrings = {
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
    searching: paneStrings.tabs.clientsLoading,
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
    /** While later pages load; `total` is InterAction's count of the whole window, not what is loaded. */
    loadingMore: (loaded: number, total: number) =>
      `${loaded} of ${total} ${plural(total, "meeting", "meetings")} loaded. Loading more…`,
    /** Some pages shown, the rest not (failed, stopped by a new search, or beyond what one load reads). */
    partlyLoaded: (loaded: number, total: number) =>
      `${loaded} of ${total} ${plural(total, "meeting", "meetings")} loaded`,
    colleagues: "Colleagues",
    clientContacts: "Client contacts",
    noColleagues: "No colleague from the firm",
    loadFailed: (reason: string) => `Meetings couldn't be loaded: ${reason}`,
    /** A later page failed: the meetings shown stay, Retry loads the rest. */
    moreFailed: (reason: string) => `The rest of the meetings couldn't be loaded: ${reason}`,
    retry: "Try again",
    /** InterAction's kind of a meeting in words; one the pane doesn't know is shown as InterAction sent it. */
    kindName: (kind: string) => (kind === "appointment" ? "Appointment" : kind === "activity" ? "Activity" : kind),
    cancelled: "Cancelled",
  },
};
