// What InterAction knows about a meeting's outside attendees (their contacts, companies and contact types), which the
// firm rules need to decide an automatic add. One question for the sync run and the task pane's view, so both ask
// about the same addresses and read a late or failed answer the same way.
import type { MeetingSnapshot } from "../core/meeting";
import { isFirmAddress } from "../core/normalize";
import { isValidEmail } from "../core/payload";
import type { AttendeeDirectory, CalendarSyncSettings } from "../core/settings";
import { TIMED_OUT, type Deadline } from "./deadline";
import type { InterActionApi } from "./ports";

/**
 * Looks up the meeting's outside attendees within the deadline. Only outside addresses can be clients, so a meeting
 * with none needs no question at all (an empty directory). null when InterAction did not answer in time or failed:
 * the caller decides without the directory (the explicit-add path never depends on it).
 */
export const lookupOutsideAttendees = async (
  api: InterActionApi,
  deadline: Deadline,
  snapshot: MeetingSnapshot,
  settings: CalendarSyncSettings,
): Promise<AttendeeDirectory | null> => {
  const emails = snapshot.attendees
    .map((a) => a.email)
    .filter((e) => isValidEmail(e) && !isFirmAddress(e, settings.firmDomains));
  if (emails.length === 0) return { contactTypes: [], contacts: {} };
  try {
    const answer = await deadline.race(api.lookupAttendees(emails));
    return answer === TIMED_OUT ? null : answer;
  } catch {
    return null;
  }
};
