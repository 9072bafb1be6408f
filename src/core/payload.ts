// Builds the body InterAction stores from a normalized snapshot. The limits mirror the API contract
// (api/interaction.openapi.yaml), so a meeting Outlook accepts is never refused by InterAction for its size or for
// one malformed address: such an address is left out rather than blocking the whole meeting.
import { isICalUId } from "./identity";
import type { Attendee, MeetingSnapshot } from "./meeting";
import type { MeetingPayload } from "./operations";
import { versionToSend } from "./organizerVersion";
import { effectiveActivityTypeId, effectiveVisibility } from "./rules";
import type { CalendarSyncSettings } from "./settings";
import type { SyncState } from "./syncState";

export const PAYLOAD_LIMITS = {
  subject: 1000,
  location: 1000,
  notes: 200000,
  attendees: 1000,
  name: 400,
  itemId: 1024,
};

const VALID_EMAIL = /^[^\s@]+@[^\s@]+$/;
export const isValidEmail = (email: string): boolean =>
  email.length >= 3 && email.length <= 320 && VALID_EMAIL.test(email);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An all-day meeting is stored as its dates (midnight UTC of each), not as the organizer's local midnights: read in
 * another zone, 23:00Z–23:00Z would show as the wrong day. Only with dates the adapter read in Outlook's zone.
 */
export const allDaySpan = (snapshot: MeetingSnapshot): { start: string; end: string } | undefined => {
  const dates = snapshot.isAllDay ? snapshot.allDayDates : undefined;
  if (!dates || !DATE.test(dates.start) || !DATE.test(dates.end) || dates.end < dates.start) return undefined;
  return { start: `${dates.start}T00:00:00.000Z`, end: `${dates.end}T00:00:00.000Z` };
};

const clip = (text: string, max: number): string => (text.length <= max ? text : text.slice(0, max));

// Required attendees first, so that if a meeting exceeds the limit it is the optional and resource entries that go.
const rank = (a: Attendee): number => (a.type === "required" ? 0 : a.type === "optional" ? 1 : 2);

export const payloadAttendees = (attendees: readonly Attendee[]): MeetingPayload["attendees"] =>
  attendees
    .filter((a) => isValidEmail(a.email))
    .map((a, index) => ({ a, index }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.index - y.index)
    .slice(0, PAYLOAD_LIMITS.attendees)
    .map(({ a }) => ({ email: a.email, name: clip(a.name, PAYLOAD_LIMITS.name), type: a.type, response: a.response }));

/** The payload for `revision`; `snapshot` must be normalized (normalize.ts). */
export const buildPayload = (
  snapshot: MeetingSnapshot,
  state: Pick<SyncState, "addedBy" | "visibility" | "activityTypeId" | "iCalUId">,
  settings: Pick<CalendarSyncSettings, "defaultVisibility" | "defaultActivityTypeId" | "firmDomains">,
  revision: number,
  cancelled: boolean,
): MeetingPayload => ({
  revision,
  source: {
    ...(snapshot.itemId && snapshot.itemId.length <= PAYLOAD_LIMITS.itemId ? { itemId: snapshot.itemId } : {}),
    organizerEmail: snapshot.organizer.email,
    addedBy: state.addedBy ?? snapshot.role,
  },
  subject: clip(snapshot.subject, PAYLOAD_LIMITS.subject),
  location: clip(snapshot.location, PAYLOAD_LIMITS.location),
  start: allDaySpan(snapshot)?.start ?? snapshot.start,
  end: allDaySpan(snapshot)?.end ?? snapshot.end,
  notes: clip(snapshot.notes, PAYLOAD_LIMITS.notes),
  attendees: payloadAttendees(snapshot.attendees),
  visibility: effectiveVisibility(state, settings),
  activityTypeId: effectiveActivityTypeId(state, settings),
  cancelled,
  isRecurring: snapshot.isRecurring,
  sensitivity: snapshot.sensitivity,
  // Absent for timed meetings, so their payloads (and fingerprints) are what they were before the field existed.
  ...(allDaySpan(snapshot) ? { isAllDay: true } : {}),
  // Absent until known, so meetings without one keep the payloads (and fingerprints) they had. Once known it is part
  // of the fingerprint: the one write that brings it is how a record made before it was known gets linked.
  ...(isICalUId(state.iCalUId) ? { iCalUId: state.iCalUId } : {}),
  // Absent from the add-in's writes and for a firm organizer's meeting; part of the fingerprint, so the service's
  // first versioned write of a copy the add-in wrote unversioned is made (an unversioned copy cannot win later).
  ...withVersion(versionToSend(snapshot, settings.firmDomains)),
});

const withVersion = (v: MeetingPayload["organizerVersion"]) => (v ? { organizerVersion: v } : {});
