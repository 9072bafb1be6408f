// InterAction's rules for one meeting, exactly as the sandbox enforces them and api/interaction.openapi.yaml states
// them: appointment or activity, the sync window and freezing, who may read and who may change it, eligibility and
// the order of revisions. Pure (no SQL, no clock reads: the caller passes `now` and the firm's sync window), so the
// store and the tests that check InterAction's outcome share this one copy.
import { ApiError } from "./apiError";

export const DAY_MS = 24 * 60 * 60 * 1000;

export const lower = (s: string): string => s.trim().toLowerCase();
export const domainOf = (email: string): string => lower(email.slice(email.lastIndexOf("@") + 1));

/** What the rules look at in a stored meeting (the columns of the `meetings` table). */
export interface MeetingFacts {
  end_at: string;
  owner_id: string;
  organizer_email: string;
  added_by: "organizer" | "attendee";
  revision: number;
  version: number;
}

/** What the rules look at in a user. */
export interface Person {
  id: string;
  email: string;
}

/** What the rules look at in a written meeting. */
export interface PayloadFacts {
  revision: number;
  isRecurring: boolean;
  sensitivity: string;
  source: { organizerEmail: string; addedBy: "organizer" | "attendee" };
}

/** "Now" and the firm's window (CalendarSyncSettings.postMeetingSyncDays). */
export interface RuleTime {
  now: Date;
  postMeetingSyncDays: number;
}

/** The meeting follows Outlook until its end plus the firm's window. */
export function syncUntil(m: { end_at: string }, postMeetingSyncDays: number): Date {
  return new Date(Date.parse(m.end_at) + postMeetingSyncDays * DAY_MS);
}

/** A meeting whose end is past is an activity; rescheduled into the future it is an appointment again. */
export function kindOf(m: { end_at: string }, now: Date): "appointment" | "activity" {
  return Date.parse(m.end_at) <= now.getTime() ? "activity" : "appointment";
}

/** Past its sync window a meeting is frozen: InterAction takes no more changes to it. */
export function isFrozen(m: { end_at: string }, t: RuleTime): boolean {
  return t.now.getTime() > syncUntil(m, t.postMeetingSyncDays).getTime();
}

/** The entity tag of a stored meeting: its revision and every other change (documents, linked contacts). */
export function etagOf(m: { revision: number; version: number }): string {
  return `"r${m.revision}.v${m.version}"`;
}

export function isOrganizer(user: Person, m: { organizer_email: string }): boolean {
  return lower(m.organizer_email) === lower(user.email);
}

/** Through the API a meeting belongs to the user who added it and to its organizer; everyone else gets 403. */
export function assertMayRead(user: Person, m: MeetingFacts): void {
  if (m.owner_id !== user.id && !isOrganizer(user, m)) {
    throw new ApiError(403, "notYours", "This meeting was added to InterAction by another user.");
  }
}

/**
 * Who sees a meeting in InterAction (its web client, the client search): everyone, only the user who added it, or
 * the members of a group, as its `visibility` says; the user who added it always does.
 */
export function isVisibleTo(
  viewer: { id: string; groupIds: ReadonlySet<string> },
  m: { owner_id: string; visibility: "everyone" | "onlyMe" | { groupId: string } },
): boolean {
  if (m.owner_id === viewer.id || m.visibility === "everyone") return true;
  return typeof m.visibility === "object" && viewer.groupIds.has(m.visibility.groupId);
}

/** Who may change it: whoever may read it, except that an attendee-added activity only takes its organizer's. */
export function assertMayChange(user: Person, m: MeetingFacts, now: Date): void {
  assertMayRead(user, m);
  if (m.added_by === "attendee" && kindOf(m, now) === "activity" && !isOrganizer(user, m)) {
    throw new ApiError(
      403,
      "organizerOnly",
      "This meeting is now an activity in InterAction; only its organizer's changes are synchronized.",
    );
  }
}

export function assertNotFrozen(m: MeetingFacts, t: RuleTime): void {
  if (isFrozen(m, t)) {
    throw new ApiError(
      409,
      "frozen",
      `This activity stopped following Outlook on ${syncUntil(m, t.postMeetingSyncDays).toISOString().slice(0, 10)}; InterAction no longer accepts changes to it.`,
    );
  }
}

/** Recurring and private meetings never enter InterAction (422). */
export function assertEligible(p: Pick<PayloadFacts, "isRecurring" | "sensitivity">): void {
  if (p.isRecurring) {
    throw new ApiError(422, "ineligible", "Recurring meetings cannot be added to InterAction.", [
      { field: "body.isRecurring", message: "recurring" },
    ]);
  }
  if (p.sensitivity === "private") {
    throw new ApiError(422, "ineligible", "Private meetings cannot be added to InterAction.", [
      { field: "body.sensitivity", message: "private" },
    ]);
  }
}

/**
 * What a write of `payload` to a meeting does, in the order InterAction checks (a refusal throws): "create" a new
 * meeting, leave it "unchanged" (a revision that is not newer answers the current state, so late and repeated
 * deliveries are harmless), or "update" it. `currentEtag` is the stored meeting's entity tag, for If-Match.
 */
export function decideWrite(
  user: Person,
  existing: MeetingFacts | undefined,
  payload: PayloadFacts,
  ifMatch: string | undefined,
  t: RuleTime,
): "create" | "unchanged" | "update" {
  if (!existing) {
    if (ifMatch !== undefined) {
      throw new ApiError(412, "preconditionFailed", "This meeting is not in InterAction yet (If-Match).");
    }
    assertEligible(payload);
    if (payload.source.addedBy === "organizer" && lower(payload.source.organizerEmail) !== lower(user.email)) {
      throw new ApiError(403, "organizerOnly", "Only the organizer can add a meeting as its organizer.");
    }
    return "create";
  }
  assertMayRead(user, existing);
  if (ifMatch !== undefined && ifMatch !== "*" && ifMatch !== etagOf(existing)) {
    throw new ApiError(
      412,
      "preconditionFailed",
      "The meeting changed in InterAction since it was read; read it again before changing it.",
    );
  }
  if (payload.revision <= existing.revision) return "unchanged";
  assertEligible(payload);
  assertNotFrozen(existing, t);
  assertMayChange(user, existing, t.now);
  return "update";
}

/** A document may be added or replaced only on a meeting the user may change that still follows Outlook. */
export function assertMayAddDocument(user: Person, m: MeetingFacts, t: RuleTime): void {
  assertMayRead(user, m);
  assertNotFrozen(m, t);
  assertMayChange(user, m, t.now);
}

// ---- one meeting, one record (issue 14): links of several colleagues to one meeting ----

/** Who a meeting's stored or written attendee list names; resources (rooms, equipment) never count. */
export interface Invitation {
  organizerEmail: string;
  attendees: readonly { email: string; type: string }[];
}

/** Only the organizer or an attendee may link themselves to a meeting: knowing its iCalUId is not enough. */
export function assertInvited(user: Person, meeting: Invitation): void {
  const email = lower(user.email);
  const invited =
    lower(meeting.organizerEmail) === email ||
    meeting.attendees.some((a) => a.type !== "resource" && lower(a.email) === email);
  if (!invited) {
    throw new ApiError(
      403,
      "notInvited",
      "You are neither the organizer nor an attendee of this meeting, so you cannot add it to InterAction.",
    );
  }
}

/** The Outlook version of a copy (MeetingPayload.organizerVersion), as stored. */
export interface OrganizerVersion {
  sequence: number;
  changedAt: string;
}

/** Orders two versions by sequence, then by when the organizer sent the update; negative when a is older. */
export function compareVersions(a: OrganizerVersion, b: OrganizerVersion): number {
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return Date.parse(a.changedAt) - Date.parse(b.changedAt);
}

/**
 * Whether a write's shared fields (time, place, subject, attendees, notes, cancelled) replace the stored ones. The
 * organizer's writes rule, and no other colleague's count while the organizer has a link; otherwise any linked
 * colleague's copy may, if it is not an older Outlook version. An older version never rolls them back, and a copy
 * without a version never replaces a versioned one (except the organizer's: their own add-in knows no version at
 * send, and what they send is the newest there is).
 */
export function sharedFieldsWin(w: {
  writerIsOrganizer: boolean;
  organizerLinked: boolean;
  written?: OrganizerVersion;
  stored?: OrganizerVersion;
}): boolean {
  if (!w.writerIsOrganizer && w.organizerLinked) return false;
  if (w.written && w.stored) return compareVersions(w.written, w.stored) >= 0;
  if (!w.written && w.stored) return w.writerIsOrganizer;
  return true;
}

/** A link's visibility, as the search tables keep it: a kind, the group and the link's owner. */
export interface LinkVisibility {
  userId: string;
  visibility: "everyone" | "onlyMe" | { groupId: string };
}

/**
 * How the client search filters a meeting: as its one link says; visible to everyone when any link is; otherwise
 * "links" (the search then asks meeting_viewers, one row per link owner and per group a link is visible to).
 */
export function searchVisibility(links: readonly LinkVisibility[]): { kind: string; groupId: string | null } {
  if (links.some((l) => l.visibility === "everyone")) return { kind: "everyone", groupId: null };
  const [only] = links;
  if (links.length === 1 && only) {
    return typeof only.visibility === "object"
      ? { kind: "group", groupId: only.visibility.groupId }
      : { kind: only.visibility, groupId: null };
  }
  return { kind: "links", groupId: null };
}
