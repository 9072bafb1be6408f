// Every sentence the add-in's sync tells a user, in one place (the core decides, the shells and adapters only pass
// these on), so wording stays consistent across the notification bar, the task pane and the sync history, and so
// translation has one file to start from. Outlook refuses notification messages longer than 150 characters: every
// composed message goes through `fit` (the notifier fits the rest).

export const MAX_NOTICE_LENGTH = 150;

/** Shortens text to `max` characters, ending with an ellipsis when something was cut. */
export const fit = (text: string, max: number = MAX_NOTICE_LENGTH): string =>
  text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;

/** "a Top Client", "an Important Client". */
const withArticle = (noun: string): string => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;

/** Ends text with a full stop unless it already ends a sentence. */
const sentence = (text: string): string => (/[.!?…]$/.test(text) ? text : `${text}.`);

/** YYYY-MM-DD of an ISO instant: the core has no locale; the task pane formats dates for the user. */
const day = (iso: string): string => iso.slice(0, 10);

export const messages = {
  eligibility: {
    recurring: "Recurring meetings can't be added to InterAction.",
    private: "Private meetings can't be added to InterAction.",
    internalMeeting:
      "This meeting was organized inside the firm; its organizer decides whether it goes to InterAction.",
    notAccepted: "Accept or tentatively accept this meeting before adding it to InterAction.",
    syncDisabled: "Calendar sync with InterAction is turned off for the firm.",
    neverMode: "You chose never to sync this meeting with InterAction.",
  },
  attendee: {
    responseUnknown:
      "Outlook doesn't show your response to this meeting (you were likely invited through a group). Add it only if you attend.",
  },
  stopped: {
    recurring:
      "This meeting is now recurring, so it no longer syncs with InterAction. InterAction keeps the last version.",
    private: "This meeting is now private, so it no longer syncs with InterAction. InterAction keeps the last version.",
    neverMode: "You chose never to sync this meeting; InterAction keeps the last version it received.",
    /** An attendee who added the meeting and then declined it ("accept it first" would read as an instruction). */
    notAttending:
      "You no longer attend this meeting, so it no longer syncs with InterAction. InterAction keeps the last version.",
  },
  /** One meeting, one record: this colleague's link to the shared InterAction meeting goes (linkRemoval.ts). */
  linkRemoval: {
    never:
      "You chose never to sync this meeting, so it is removed from InterAction for you; colleagues who added it keep it.",
    left: "You declined this meeting, so it is removed from InterAction for you; colleagues who added it keep it.",
  },
  add: {
    willAddOnSend: "This meeting will be added to InterAction when you send it.",
    added: "Added to InterAction.",
    addedAsActivity: (syncUntil: string): string =>
      fit(`Added to InterAction as an activity (the meeting has ended); it keeps syncing until ${day(syncUntil)}.`),
    updated: "InterAction has been updated with this meeting's changes.",
    cancelled: "The meeting is marked cancelled in InterAction.",
    upToDate: "InterAction already has the latest version of this meeting.",
    documentsUploaded: (count: number): string =>
      fit(`${count} document${count === 1 ? "" : "s"} added to InterAction.`),
  },
  pending: {
    uncommitted: "Your changes will reach InterAction when you send the update.",
    queued: "InterAction can't be reached right now. Your changes are saved and will be sent automatically.",
    queuedBecause: (reason: string): string =>
      fit(`Not sent to InterAction yet (${reason}). Your changes are saved and will be retried automatically.`),
    settingsUnavailable: "InterAction can't be reached. This meeting will sync as soon as it's back.",
    documentWaitsForMeeting: "InterAction doesn't have the meeting yet; its documents follow once it does.",
  },
  lifecycle: {
    frozen: (syncUntil: string): string =>
      fit(`This InterAction activity stopped syncing on ${day(syncUntil)}; later changes stay in Outlook only.`),
    organizerOnly: "This meeting is now an InterAction activity; only its organizer's changes are synced.",
    tooOld: "This meeting ended too long ago to be added to InterAction (its sync window has closed).",
    activity: (syncUntil: string): string =>
      fit(`This meeting is now an InterAction activity and keeps syncing until ${day(syncUntil)}.`),
  },
  failure: {
    parked: (reason: string): string => fit(`InterAction refused the change: ${reason} Press Retry to try again.`),
    attachmentUnreadable: (name: string): string => fit(`The attachment "${name}" could not be read from Outlook.`),
    outlookUnreadable: "This meeting could not be read from Outlook. Please try again.",
    itemNotSaved:
      "Outlook could not save this meeting's InterAction details, so it was not added yet. Please try again.",
    unexpected: "Something went wrong while syncing with InterAction. Your changes will be retried.",
    timeout: "InterAction did not answer in time.",
    badSettings: "InterAction answered with settings this add-in cannot read.",
    attachmentRemoved: "The attachment was removed from the meeting before it could be uploaded.",
  },
  /** Said by the Outlook event handlers when the use-case could not run or not finish (the send always goes out). */
  event: {
    sendQueued:
      "InterAction can't be reached right now. Your meeting was sent; InterAction will be updated automatically.",
    sendFailed:
      "InterAction could not be updated while sending. Your meeting was sent; InterAction is updated when you next open it.",
    addFailed: "The meeting could not be added to InterAction right now. Try again from the InterAction pane.",
  },
  /** InterAction's failures in the user's words, when its answer carries no message of its own (by error code). */
  interaction: {
    network: "InterAction could not be reached. Check the connection; the change will be sent later.",
    timeout: "InterAction did not answer in time; the change will be sent later.",
    server: "InterAction had a problem handling the request; it will be tried again later.",
    rateLimited: "InterAction is busy; the change will be sent again shortly.",
    unauthorized: "InterAction did not accept your sign-in. Sign in again.",
    forbidden: "You are not allowed to change this meeting in InterAction.",
    notFound: "InterAction does not have this item.",
    frozen: "This activity no longer follows Outlook; InterAction does not accept changes to it anymore.",
    conflict: "The item changed in InterAction in the meantime.",
    tooLarge: "The file is too large for InterAction (at most 30 MB).",
    ineligible: "Recurring and private meetings cannot be added to InterAction.",
    invalid: "InterAction rejected the request as invalid.",
    badResponse: "InterAction sent an answer that could not be read; it will be tried again later.",
    /** A gateway in front of InterAction hides the ETag (src/sync/compareAndSetWrite.ts etagHidden): within 150. */
    etagHidden:
      "InterAction's gateway does not pass on the meeting's version (ETag), so changes can't be sent safely. " +
      "Your changes are kept; ask your administrator.",
  },
  /**
   * Signing in to InterAction with Microsoft (nested app authentication, or the sign-in dialog where the host has
   * none). An event never shows a sign-in: its work waits in the outbox and the user is sent to the pane.
   */
  signIn: {
    openPane: "Open the InterAction pane to sign in.",
    windowClosed: "The sign-in window was closed. Nothing was lost: press Retry to sign in.",
    adminConsent: (...permissions: readonly string[]): string =>
      fit(
        `Your administrator must grant admin consent in Microsoft Entra ID for ${permissions.join(", ")}. ` +
          "Your changes are kept until then.",
      ),
    failed: "Signing in to InterAction failed; it will be tried again.",
    unavailable: "Sign-in with Microsoft is not available here.",
    dialogBlocked: "The InterAction sign-in window could not open.",
    dialogIncomplete: "Signing in to InterAction did not complete.",
  },
  /** The InterAction client's own failures (a request that never got an answer, a sign-in, the configuration). */
  request: {
    timedOutAfter: (ms: number): string =>
      fit(`InterAction did not answer within ${Math.round(ms / 1000)} s; the change will be sent later.`),
    signInFailed: (reason: string): string => fit(`Signing in to InterAction failed: ${reason}`),
    relativeAddress: (address: string): string =>
      fit(`The InterAction API address must be absolute (got "${address}").`),
    attachmentNotBase64: (name: string): string =>
      fit(`Outlook handed over "${name}" in a form that could not be read, so it was not uploaded.`),
  },
  history: {
    meeting: (action: "create" | "update" | "cancel", revision: number, result: HistoryWord, detail?: string): string =>
      fit(
        sentence(
          `${action === "cancel" ? "Cancellation" : action === "create" ? "New meeting" : `Update ${revision}`} ` +
            `${historyWords[result]}${detail ? `: ${detail}` : ""}`,
        ),
      ),
    removal: (result: HistoryWord, detail?: string): string =>
      fit(sentence(`Removal of your link ${historyWords[result]}${detail ? `: ${detail}` : ""}`)),
    document: (name: string, result: HistoryWord, detail?: string): string =>
      fit(sentence(`Document "${name}" ${historyWords[result]}${detail ? `: ${detail}` : ""}`)),
    /** A write of the firm's sync service (InterAction's record says so; the service never writes to the item). */
    serviceDelivery: (revision: number): string =>
      fit(`Meeting updated (revision ${revision}) by your firm's sync service.`),
  },
  /**
   * Who keeps the meeting in step, from InterAction's record: the sync service follows changes no add-in event
   * reports (a move, a phone, a cancellation in new Outlook). `time` is the last change, formatted by the shell.
   */
  keptInStep: {
    byService: (time: string): string => fit(`Kept in step by your firm's sync service, last change at ${time}.`),
  },
  adjusted: {
    attendeesUnreadable: (count: number, examples: readonly string[]): string =>
      fit(
        `${count} attendee ${count === 1 ? "address" : "addresses"} could not be read and ` +
          `${count === 1 ? "was" : "were"} left out${examples.length > 0 ? `: ${examples.join(", ")}` : ""}.`,
      ),
    attendeesOverLimit: (count: number, limit: number): string =>
      fit(
        `${thousands(count)} ${count === 1 ? "attendee was" : "attendees were"} left out: InterAction takes at most ` +
          `${thousands(limit)} (optional ones go first).`,
      ),
    fieldShortened: (field: string, to: number): string =>
      fit(
        `The ${field} ${field === "notes" ? "were" : "was"} shortened to ${thousands(to)} characters for InterAction.`,
      ),
  },
  /** One meeting, one record: the colleagues who added the same meeting (the shared InterAction record). */
  shared: {
    alsoAddedBy: (names: readonly string[]): string => fit(`Also added by ${nameList(names)}.`),
  },
  autoAdd: {
    becauseCompany: (email: string, company: string, type: string, more: number): string =>
      fit(`Added because ${email} works for ${company}, ${withArticle(type)}${moreText(more)}.`),
    becauseContact: (email: string, type: string, more: number): string =>
      fit(`Added because ${email} is ${withArticle(type)}${moreText(more)}.`),
    noMatch: "Not added automatically: no attendee matches the firm's rules.",
    noRules: "The firm has no rules that add meetings automatically.",
    neverMode: "Not added: you chose never to sync this meeting.",
    manualMode: "Not added automatically: this meeting is set to manual.",
    disabled: "Not added: calendar sync is turned off for the firm.",
    unchecked: "The firm's rules could not be checked because InterAction was unreachable; they'll be checked again.",
    alreadyAdded: "This meeting is already in InterAction.",
  },
} as const;

/** 1000 -> "1,000": the core has no locale, and these counts are only ever shown in English sentences. */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

const moreText = (more: number): string => (more > 0 ? ` (and ${more} more)` : "");

/** "Bob Lee", "Bob Lee and Dana Kim", "Bob Lee, Dana Kim and 3 others" (at most two names, so the line stays short). */
const nameList = (names: readonly string[]): string => {
  if (names.length <= 2) return names.join(" and ");
  const rest = names.length - 2;
  return `${names[0]}, ${names[1]} and ${rest} ${rest === 1 ? "other" : "others"}`;
};

type HistoryWord = "delivered" | "queued" | "failed";
const historyWords: Record<HistoryWord, string> = {
  delivered: "confirmed by InterAction",
  queued: "waiting to be sent",
  failed: "refused by InterAction",
};
