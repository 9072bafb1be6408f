// Which Outlook version of a meeting a copy holds (MeetingPayload.organizerVersion), so that colleagues' copies of one
// meeting can be ordered when nobody in the firm organizes it. Pure.
//
// The rule (README "One meeting, one record"): with no organizer's link, InterAction takes the shared fields from the
// newest version any linked copy delivers, and never from an older or unversioned one once it holds a versioned one.
// What makes a version comparable across mailboxes:
// - `sequence` is the iCalendar SEQUENCE the organizer's update carried (MAPI PidLidAppointmentSequence): the same in
//   every copy that received that update, and higher with every update the organizer sends.
// - `changedAt` is when the organizer sent that update (PidLidOwnerCriticalChange), again the same in every copy.
//   A copy's own lastModifiedDateTime or changeKey are NOT versions: they move when this mailbox accepts, declines,
//   sets a reminder or saves the add-in's state, so the copy whose owner responded last would win, with old fields.
// Who sends one:
// - The sync service reads both from Microsoft Graph with every event and sends them for a meeting organized outside
//   the firm (for a firm organizer their own link rules, so a version would only cost writes).
// - The add-in sends none: Office.js gives no sequence, and a version read from Graph at the Add would go stale on
//   the item while its fields move on. An unversioned copy never replaces a versioned one, so where the service runs
//   its versioned copy wins; without the service, copies are unversioned and the last delivered one shows.
import { isFirmAddress } from "./normalize";

export interface OrganizerVersion {
  /** iCalendar SEQUENCE, 0..2^31-1. */
  sequence: number;
  /** When the organizer sent this version (ISO instant). */
  changedAt: string;
}

const MAX_SEQUENCE = 2147483647;

/**
 * The version read from a copy's two properties, or undefined when either is missing or unreadable (then the copy is
 * sent unversioned rather than with a guessed version that could wrongly win or lose).
 */
export function organizerVersionOf(sequence: unknown, changedAt: unknown): OrganizerVersion | undefined {
  const seq = typeof sequence === "string" && /^\d+$/.test(sequence.trim()) ? Number(sequence) : sequence;
  if (typeof seq !== "number" || !Number.isInteger(seq) || seq < 0 || seq > MAX_SEQUENCE) return undefined;
  if (typeof changedAt !== "string") return undefined;
  const text = changedAt.trim();
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(ms)) return undefined;
  return { sequence: seq, changedAt: new Date(ms).toISOString() };
}

/** Orders two versions by sequence, then by when the organizer sent them; negative when `a` is older. */
export function compareOrganizerVersions(a: OrganizerVersion, b: OrganizerVersion): number {
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return Date.parse(a.changedAt) - Date.parse(b.changedAt);
}

/**
 * The version a write of this copy carries: the copy's own, only when its organizer is outside the firm (the only case
 * InterAction orders copies by it). Undefined from the add-in (its snapshots have none).
 */
export function versionToSend(
  snapshot: { organizer: { email: string }; organizerVersion?: OrganizerVersion },
  firmDomains: readonly string[],
): OrganizerVersion | undefined {
  const version = snapshot.organizerVersion;
  if (!version || isFirmAddress(snapshot.organizer.email, firmDomains)) return undefined;
  return { sequence: version.sequence, changedAt: version.changedAt };
}
