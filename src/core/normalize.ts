// Normalization of meeting snapshots. Outlook hands us the same person in different spellings (case, stray spaces,
// duplicates between required and optional), and notes with platform line endings. Normalizing once, before any
// rule or fingerprint looks at the snapshot, keeps "the same meeting" equal on every client.
import type { Attendee, AttendeeResponse, AttendeeType, AttachmentInfo, MeetingSnapshot, Person } from "./meeting";

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** The domain of an address, lower case ("" when there is none). */
export const emailDomain = (email: string): string => {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : normalizeEmail(email.slice(at + 1));
};

/** Whether an address belongs to the firm (one of its domains, or a subdomain of one). */
export const isFirmAddress = (email: string, firmDomains: readonly string[]): boolean => {
  const domain = emailDomain(email);
  if (!domain) return false;
  return firmDomains.some((d) => {
    const firm = normalizeEmail(d);
    return firm !== "" && (domain === firm || domain.endsWith(`.${firm}`));
  });
};

const collapseSpaces = (text: string): string => text.replace(/\s+/g, " ").trim();

const normalizePerson = (p: Person): Person => ({ email: normalizeEmail(p.email), name: collapseSpaces(p.name) });

// When one address appears twice (e.g. as required and optional), the stronger role and the more informative
// response win, so merging never loses what Outlook knows.
const typeRank: Record<AttendeeType, number> = { required: 2, optional: 1, resource: 0 };
const responseRank: Record<AttendeeResponse, number> = {
  organizer: 4,
  accepted: 3,
  tentative: 2,
  declined: 1,
  none: 0,
};

// The choice between two names must not depend on the order Outlook lists them in (or the fingerprint would change
// with the order): a real name beats the bare address, then the longer, then the alphabetically first.
const betterName = (x: string, y: string, email: string): string => {
  const real = (n: string) => (n !== email && n !== "" ? 1 : 0);
  if (real(x) !== real(y)) return real(x) > real(y) ? x : y;
  if (x.length !== y.length) return x.length > y.length ? x : y;
  return x < y ? x : y;
};

export const dedupeAttendees = (attendees: readonly Attendee[]): Attendee[] => {
  const byEmail = new Map<string, Attendee>();
  for (const raw of attendees) {
    const email = normalizeEmail(raw.email);
    if (!email) continue; // an entry without an address cannot be matched to a contact
    const a: Attendee = { email, name: collapseSpaces(raw.name) || email, type: raw.type, response: raw.response };
    const seen = byEmail.get(email);
    if (!seen) {
      byEmail.set(email, a);
      continue;
    }
    byEmail.set(email, {
      email,
      name: betterName(seen.name, a.name, email),
      type: typeRank[a.type] > typeRank[seen.type] ? a.type : seen.type,
      response: responseRank[a.response] > responseRank[seen.response] ? a.response : seen.response,
    });
  }
  return [...byEmail.values()];
};

// Attachments in a canonical order (by id, then name and size), deduplicated by id: the order Outlook lists them in
// carries no meaning for InterAction, and must not decide which of two entries with one id survives.
const compareAttachments = (a: AttachmentInfo, b: AttachmentInfo): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.size - b.size;

const dedupeAttachments = (attachments: readonly AttachmentInfo[]): AttachmentInfo[] => {
  const seen = new Set<string>();
  return [...attachments].sort(compareAttachments).filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
};

/** Plain-text notes with one line-ending style and no trailing blank space. */
export const normalizeNotes = (notes: string): string =>
  notes
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""))
    .join("\n")
    .trim();

/** ISO instants in one canonical form (UTC, milliseconds), so "same time" compares equal as text. */
export const normalizeInstant = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
};

export const normalizeSnapshot = (s: MeetingSnapshot): MeetingSnapshot => ({
  ...s,
  subject: collapseSpaces(s.subject),
  location: collapseSpaces(s.location),
  start: normalizeInstant(s.start),
  end: normalizeInstant(s.end),
  organizer: normalizePerson(s.organizer),
  user: normalizePerson(s.user),
  attendees: dedupeAttendees(s.attendees),
  notes: normalizeNotes(s.notes),
  attachments: dedupeAttachments(s.attachments),
});
