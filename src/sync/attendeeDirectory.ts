// What InterAction knows about a meeting's outside attendees (their contacts, companies and contact types), which the
// firm rules need to decide an automatic add. One question for the sync run and the task pane's view, so both ask
// about the same addresses and read a late or failed answer the same way.
// A run that has to refresh out-of-date firm settings may ask the question ahead (`directoryAhead`), while the
// settings are on their way, when the cached rules would ask it: the lookup is a read, and its answer is used only
// when the settings, once known, ask exactly the same question; otherwise it is dropped and the question asked as
// before. The decision stays the same; the user waits one round trip less.
import { checkEligibility } from "../core/eligibility";
import type { MeetingSnapshot } from "../core/meeting";
import { isFirmAddress } from "../core/normalize";
import { isValidEmail } from "../core/payload";
import { firmRulesDue, needsDirectory } from "../core/rules";
import type { AttendeeDirectory, CalendarSyncSettings } from "../core/settings";
import type { SyncState } from "../core/syncState";
import type { SyncTrigger } from "../core/trigger";
import { TIMED_OUT, type Deadline } from "./deadline";
import type { InterActionApi } from "./ports";

/** A lookup asked before the settings were known: which addresses it asked about, and its answer (null: failed). */
export interface AskedAhead {
  emails: readonly string[];
  answer: Promise<AttendeeDirectory | null>;
}

/** The attendees InterAction is asked about: only outside addresses can be clients. */
const outsideEmails = (snapshot: MeetingSnapshot, firmDomains: readonly string[]): string[] =>
  snapshot.attendees.map((a) => a.email).filter((e) => isValidEmail(e) && !isFirmAddress(e, firmDomains));

const sameQuestion = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((e, i) => e === b[i]);

/**
 * Looks up the meeting's outside attendees within the deadline. Only outside addresses can be clients, so a meeting
 * with none needs no question at all (an empty directory). null when InterAction did not answer in time or failed:
 * the caller decides without the directory (the explicit-add path never depends on it). `ahead`: the same question
 * asked earlier in this run, whose answer is taken instead of asking again.
 */
export const lookupOutsideAttendees = async (
  api: InterActionApi,
  deadline: Deadline,
  snapshot: MeetingSnapshot,
  settings: CalendarSyncSettings,
  ahead: AskedAhead | null = null,
): Promise<AttendeeDirectory | null> => {
  const emails = outsideEmails(snapshot, settings.firmDomains);
  if (emails.length === 0) return { contactTypes: [], contacts: {} };
  try {
    const pending = ahead && sameQuestion(ahead.emails, emails) ? ahead.answer : api.lookupAttendees(emails);
    const answer = await deadline.race(pending);
    return answer === TIMED_OUT ? null : answer;
  } catch {
    return null;
  }
};

/** The lookup the firm rules would ask for with the cached settings, asked now; null when they would ask nothing. */
const askAhead = (
  api: InterActionApi,
  snapshot: MeetingSnapshot,
  state: SyncState,
  trigger: SyncTrigger,
  settings: CalendarSyncSettings,
): AskedAhead | null => {
  if (!firmRulesDue(snapshot, state, trigger)) return null;
  if (!needsDirectory(state, settings) || !checkEligibility(snapshot, state, settings).eligible) return null;
  const emails = outsideEmails(snapshot, settings.firmDomains);
  if (emails.length === 0) return null;
  let answer: Promise<AttendeeDirectory | null>;
  try {
    answer = api.lookupAttendees(emails).then(
      (directory) => directory,
      () => null, // as a lookup that failed; a dropped one must not reject unhandled either
    );
  } catch {
    answer = Promise.resolve(null);
  }
  return { emails, answer };
};

/**
 * Asks the attendee lookup ahead, once all are true: the run is fetching the firm settings and has a cached copy, out
 * of date (`settingsAsked`); it has read the item and its state (`itemRead`); the settings have not arrived yet; and
 * the cached rules would ask. Without a cached copy nothing is asked ahead: whether any rule could add the meeting is
 * not known, and the directory is not asked when none could.
 */
export const directoryAhead = (api: InterActionApi, trigger: SyncTrigger) => {
  let cached: CalendarSyncSettings | null = null;
  let item: { snapshot: MeetingSnapshot; state: SyncState } | undefined;
  let settled = false;
  let question: AskedAhead | null = null;
  const start = () => {
    if (!cached || !item || settled || question) return;
    question = askAhead(api, item.snapshot, item.state, trigger, cached);
  };
  return {
    settingsAsked(copy: CalendarSyncSettings | null): void {
      cached = copy;
      start();
    },
    itemRead(snapshot: MeetingSnapshot, state: SyncState): void {
      item = { snapshot, state };
      start();
    },
    settingsArrived(): void {
      settled = true;
    },
    /** The question asked ahead, if any (lookupOutsideAttendees uses it only when it is the one to ask). */
    question: (): AskedAhead | null => question,
  };
};
