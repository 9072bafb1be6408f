// Whether a meeting may be in InterAction at all, and if not, why, in words the user can act on.
import type { MeetingSnapshot } from "./meeting";
import { messages } from "./messages";
import { isFirmAddress } from "./normalize";
import type { CalendarSyncSettings } from "./settings";
import type { SyncState } from "./syncState";

export type IneligibleReason =
  "recurring" | "private" | "internalMeeting" | "notAccepted" | "syncDisabled" | "neverMode";

/** `note`: eligible, but the user should know something first (shown with an explicit Add). */
export type Eligibility =
  { eligible: true; note?: string } | { eligible: false; reason: IneligibleReason; message: string };

const refuse = (reason: IneligibleReason): Eligibility => ({
  eligible: false,
  reason,
  message: messages.eligibility[reason],
});

/**
 * The firm switch comes first (nothing else matters when sync is off), then what InterAction itself refuses
 * (recurring, private), then who may add it, then the user's own opt-out.
 */
export const checkEligibility = (
  snapshot: MeetingSnapshot,
  state: Pick<SyncState, "mode"> | null,
  settings: Pick<CalendarSyncSettings, "enabled" | "firmDomains">,
): Eligibility => {
  if (!settings.enabled) return refuse("syncDisabled");
  if (snapshot.isRecurring) return refuse("recurring");
  if (snapshot.sensitivity === "private") return refuse("private");
  let note: string | undefined;
  if (snapshot.role === "attendee") {
    // A colleague's meeting is theirs to add; an attendee adds only what came from outside the firm.
    if (isFirmAddress(snapshot.organizer.email, settings.firmDomains)) return refuse("internalMeeting");
    // Invited through a distribution list, the user's response cannot be read at all. An attendee's meeting is only
    // ever added by the user's own Add (never by the firm rules), so that choice is trusted, with a word of caution.
    if (snapshot.userResponse === "unknown") note = messages.attendee.responseUnknown;
    else if (snapshot.userResponse !== "accepted" && snapshot.userResponse !== "tentative")
      return refuse("notAccepted");
  }
  if (state?.mode === "never") return refuse("neverMode");
  return note ? { eligible: true, note } : { eligible: true };
};

/** The reasons that stop a meeting that was already added (as opposed to refusing a new one). */
export const stopsSyncing = (
  e: Eligibility,
): e is { eligible: false; reason: "recurring" | "private"; message: string } =>
  !e.eligible && (e.reason === "recurring" || e.reason === "private");
