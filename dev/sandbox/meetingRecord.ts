// A meeting as the contract's MeetingRecord: its shared fields, seen through one of its links (that link's choices)
// by one viewer, who sees only the documents and colleagues' links their visibility lets them see.
import { deliveriesOf, fingerprintOf } from "./deliveries";
import { linksOf, linkVisibleTo, primaryLink, tombstoneVisibility, type Link, type LinkColumns } from "./links";
import { documentsOf, type AttendeeRow, type MeetingRecord, type MeetingRow } from "./meetingRows";
import { domainOf, isFrozen, kindOf, lower, syncUntil, type OrganizerVersion } from "./rules";
import type { S, SqlBase } from "./sqlBase";

/** Who looks at a record: a user and their groups; undefined is the dev web view's open view (everything). */
export interface Viewer {
  id: string;
  groupIds: ReadonlySet<string>;
}

/** The stored Outlook version of the shared fields, if a copy brought one. */
export const storedVersion = (m: MeetingRow): OrganizerVersion | undefined =>
  m.org_sequence !== null && m.org_changed_at !== null
    ? { sequence: m.org_sequence, changedAt: m.org_changed_at }
    : undefined;

/**
 * The sync keys whose documents and links a viewer may see: the link the record is read through, and every link
 * (active or removed) whose visibility lets the viewer see it.
 */
export function visibleLinkKeys(s: SqlBase, m: LinkColumns, through: Link, viewer: Viewer | undefined): Set<string> {
  const all = [...linksOf(s, m), ...tombstoneVisibility(s, m.id).values()];
  return new Set([through.syncKey, ...all.filter((l) => linkVisibleTo(viewer, l)).map((l) => l.syncKey)]);
}

export function record(s: SqlBase, m: MeetingRow, through: Link = primaryLink(m), viewer?: Viewer): MeetingRecord {
  const settings = s.settings();
  const time = { now: s.now(), postMeetingSyncDays: settings.postMeetingSyncDays };
  const firmDomains = new Set(settings.firmDomains.map(lower));
  const attendees = s
    .prepared("SELECT * FROM meeting_attendees WHERE meeting_id = ? ORDER BY position")
    .all(m.id) as AttendeeRow[];
  const contactIds = [...new Set(attendees.map((a) => a.contact_id).filter((id): id is string => Boolean(id)))];
  const contacts = contactIds.map((id) => {
    const c = s.prepared("SELECT id, name, email, company_id FROM contacts WHERE id = ?").get(id) as {
      id: string;
      name: string;
      email: string;
      company_id: string | null;
    };
    return c.company_id
      ? { id: c.id, name: c.name, email: c.email, companyId: c.company_id }
      : { id: c.id, name: c.name, email: c.email };
  });
  const companies = s
    .prepared(
      `SELECT c.id, c.name FROM meeting_companies mc JOIN contacts c ON c.id = mc.company_id
         WHERE mc.meeting_id = ? AND mc.linked = 1 ORDER BY c.name`,
    )
    .all(m.id) as { id: string; name: string }[];
  const seen = new Set<string>();
  const unresolvedAttendees = attendees
    .filter((a) => !a.contact_id && !a.user_id && a.type !== "resource" && !firmDomains.has(domainOf(a.email)))
    .filter((a) => (seen.has(a.email) ? false : (seen.add(a.email), true)))
    .map((a) => ({ email: a.email, name: a.name }));
  const colleagues = s
    .prepared(
      `SELECT u.id, u.email, u.name FROM meeting_colleagues mc JOIN users u ON u.id = mc.user_id
         WHERE mc.meeting_id = ? ORDER BY u.name`,
    )
    .all(m.id) as S["Colleague"][];
  // Only what came through links this viewer may see: a colleague's "only me" link stays theirs.
  const visible = visibleLinkKeys(s, m, through, viewer);
  const others = new Map<string, S["LinkOwner"]>();
  for (const l of linksOf(s, m)) {
    if (l.userId === through.userId || !visible.has(l.syncKey) || others.has(l.userId)) continue;
    const u = s.prepared("SELECT id, email, name FROM users WHERE id = ?").get(l.userId) as S["Colleague"];
    others.set(l.userId, { ...u, addedBy: l.addedBy });
  }
  const deliveries = deliveriesOf(s, through.syncKey);
  const fingerprint = fingerprintOf(s, through.syncKey, through.revision);
  return {
    id: m.id,
    syncKey: through.syncKey,
    kind: kindOf(m, time.now),
    status: m.cancelled ? "cancelled" : "scheduled",
    syncUntil: syncUntil(m, time.postMeetingSyncDays).toISOString(),
    frozen: isFrozen(m, time),
    revision: through.revision,
    contacts,
    companies,
    unresolvedAttendees,
    documents: documentsOf(s, m.id)
      .filter((d) => visible.has(d.linkKey))
      .map(({ linkKey: _, ...d }) => d),
    updatedAt: m.updated_at,
    subject: m.subject,
    start: m.start_at,
    end: m.end_at,
    location: m.location,
    organizerEmail: m.organizer_email,
    addedBy: through.addedBy,
    activityTypeId: through.activityTypeId,
    visibility: through.visibility,
    colleagues,
    ...(m.is_all_day ? { isAllDay: true } : {}),
    ...(m.ical_uid ? { iCalUId: m.ical_uid } : {}),
    ...(through.syncMode ? { syncMode: through.syncMode } : {}),
    ...(through.addContacts !== null ? { addAttendeesAsContacts: through.addContacts } : {}),
    alsoAddedBy: [...others.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    ...(deliveries.length ? { deliveries } : {}),
    ...(fingerprint ? { fingerprint } : {}),
  };
}
