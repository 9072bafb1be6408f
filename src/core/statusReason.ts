// When a meeting's status word alone would mislead, the lifecycle's own sentence says what is true instead. One pure
// choice for the task pane's status line and the view's notice (src/sync/loadMeetingView.ts); it is the sentence the
// planner gives when it refuses the write (plan.ts), which the commands bundle shows as a notification.
import type { WriteBlock } from "./lifecycle";
import { messages } from "./messages";
import type { MeetingStatus } from "./status";

/**
 * The sentence that replaces the status's own words, or null when those are true. `blocked` is what the lifecycle
 * says of this copy at the status's time (core/lifecycle.ts blockedForGood).
 * - "activity" blocked organizerOnly: an attendee's copy of a meeting that is now an activity. "Syncing until …" would
 *   be untrue for this user: InterAction takes only the organizer's changes from now on, not theirs.
 * - Everything else keeps its words: the organizer's activity does sync until its window ends, and a frozen meeting
 *   already says it no longer syncs.
 */
export const statusReason = (status: MeetingStatus, blocked: WriteBlock | undefined): string | null =>
  status === "activity" && blocked === "organizerOnly" ? messages.lifecycle.organizerOnly : null;
