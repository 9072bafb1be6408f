// The SQL of a meeting: reading its row, writing it with its attendees resolved to colleagues, contacts and
// companies, and keeping the search tables in step with its attendees and links (links.ts). meetingRecord.ts turns
// a row into the contract's MeetingRecord.
import { linksOf, type Link } from "./links";
import { lower, searchVisibility } from "./rules";
import { iso, type S, type SqlBase } from "./sqlBase";

export type MeetingPayload = S["MeetingPayload"];
export type MeetingRecord = S["MeetingRecord"];
export type DocumentRecord = S["DocumentRecord"];
export type Visibility = S["Visibility"];

export interface MeetingRow {
  id: string;
  sync_key: string;
  owner_id: string;
  organizer_email: string;
  added_by: "organizer" | "attendee";
  item_id: string | null;
  subject: string;
  location: string;
  start_at: string;
  end_at: string;
  notes: string;
  visibility: string;
  activity_type_id: string;
  cancelled: number;
  is_recurring: number;
  sensitivity: string;
  is_all_day: number;
  ical_uid: string | null;
  sync_mode: "manual" | "automatic" | null;
  add_contacts: number | null;
  org_sequence: number | null;
  org_changed_at: string | null;
  revision: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AttendeeRow {
  position: number;
  email: string;
  name: string;
  type: string;
  response: string;
  contact_id: string | null;
  user_id: string | null;
}

export function visibilityColumns(v: Visibility): { kind: string; groupId: string | null } {
  if (typeof v === "string") return { kind: v, groupId: null };
  return { kind: "group", groupId: v.groupId };
}

export function meetingRowByKey(s: SqlBase, syncKey: string): MeetingRow | undefined {
  return s.prepared("SELECT * FROM meetings WHERE sync_key = ?").get(syncKey) as MeetingRow | undefined;
}

export function meetingRowById(s: SqlBase, id: string): MeetingRow | undefined {
  return s.prepared("SELECT * FROM meetings WHERE id = ?").get(id) as MeetingRow | undefined;
}

/** The meeting's documents, each with the sync key of the link it came through. */
export function documentsOf(s: SqlBase, meetingId: string): (DocumentRecord & { linkKey: string })[] {
  const rows = s
    .prepared(
      `SELECT id, link_key, document_key, name, size, sha256, content_type FROM documents WHERE meeting_id = ?
         ORDER BY created_at, id`,
    )
    .all(meetingId) as {
    id: string;
    link_key: string;
    document_key: string;
    name: string;
    size: number;
    sha256: string;
    content_type: string;
  }[];
  return rows.map((d) => ({
    id: d.id,
    documentKey: d.document_key,
    name: d.name,
    size: d.size,
    sha256: d.sha256,
    contentType: d.content_type,
    linkKey: d.link_key,
  }));
}

/** A new meeting whose first link is `link` (its choices from the payload), with the payload's shared fields. */
export function insertMeeting(s: SqlBase, link: Link, p: MeetingPayload): void {
  const now = s.now().toISOString();
  s.prepared(
    `INSERT INTO meetings (id, sync_key, owner_id, organizer_email, added_by, item_id, subject, location, start_at,
         end_at, notes, visibility, activity_type_id, cancelled, is_recurring, sensitivity, is_all_day, revision,
         version, created_at, updated_at, ical_uid, sync_mode, add_contacts)
       VALUES (@id, @sync_key, @owner_id, @organizer_email, @added_by, @item_id, '', '', '', '', '', @visibility,
         @activity_type_id, 0, 0, 'normal', 0, @revision, 1, @now, @now, @ical_uid, @sync_mode, @add_contacts)`,
  ).run({
    id: link.meetingId,
    sync_key: link.syncKey,
    owner_id: link.userId,
    organizer_email: lower(p.source.organizerEmail),
    added_by: link.addedBy,
    item_id: link.itemId,
    visibility: JSON.stringify(link.visibility),
    activity_type_id: link.activityTypeId,
    revision: link.revision,
    now,
    ical_uid: p.iCalUId ?? null,
    sync_mode: link.syncMode,
    add_contacts: link.addContacts === null ? null : link.addContacts ? 1 : 0,
  });
  writeShared(s, link.meetingId, p);
}

/** Replaces the shared fields (and attendees) with the payload's, and records its Outlook version if it has one. */
export function writeShared(s: SqlBase, meetingId: string, p: MeetingPayload): void {
  s.prepared(
    `UPDATE meetings SET organizer_email = @organizer_email, subject = @subject, location = @location,
         start_at = @start_at, end_at = @end_at, notes = @notes, cancelled = @cancelled, is_recurring = @is_recurring,
         sensitivity = @sensitivity, is_all_day = @is_all_day,
         org_sequence = COALESCE(@org_sequence, org_sequence), org_changed_at = COALESCE(@org_changed_at, org_changed_at)
       WHERE id = @id`,
  ).run({
    id: meetingId,
    organizer_email: lower(p.source.organizerEmail),
    subject: p.subject,
    location: p.location,
    start_at: iso(p.start),
    end_at: iso(p.end),
    notes: p.notes,
    cancelled: p.cancelled ? 1 : 0,
    is_recurring: p.isRecurring ? 1 : 0,
    sensitivity: p.sensitivity,
    is_all_day: p.isAllDay ? 1 : 0,
    org_sequence: p.organizerVersion?.sequence ?? null,
    org_changed_at: p.organizerVersion ? iso(p.organizerVersion.changedAt) : null,
  });
  resolveAttendees(s, meetingId, p);
}

/** Every change of a meeting (shared fields, a link, a document) is a new version: a new ETag. */
export function touch(s: SqlBase, meetingId: string): void {
  s.prepared("UPDATE meetings SET version = version + 1, updated_at = ? WHERE id = ?").run(
    s.now().toISOString(),
    meetingId,
  );
}

/** Attendees -> firm users or contacts (the rest stays unresolved); the organizer is always one of them. */
function resolveAttendees(s: SqlBase, meetingId: string, p: MeetingPayload): void {
  s.prepared("DELETE FROM meeting_attendees WHERE meeting_id = ?").run(meetingId);
  const list = [...p.attendees];
  const organizer = lower(p.source.organizerEmail);
  if (!list.some((a) => lower(a.email) === organizer)) {
    list.unshift({ email: organizer, name: organizer, type: "required", response: "organizer" });
  }
  const insertAttendee = s.prepared(
    `INSERT INTO meeting_attendees (meeting_id, position, email, name, type, response, contact_id, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const userByEmail = s.prepared("SELECT id FROM users WHERE email = ?");
  const contactByEmail = s.prepared("SELECT id FROM contacts WHERE email = ? AND kind = 'person'");
  list.forEach((a, position) => {
    const email = lower(a.email);
    // A room or other resource is never a colleague or a contact, whatever mailbox it has.
    const user = a.type === "resource" ? undefined : (userByEmail.get(email) as { id: string } | undefined);
    const contact =
      a.type === "resource" || user ? undefined : (contactByEmail.get(email) as { id: string } | undefined);
    insertAttendee.run(meetingId, position, email, a.name, a.type, a.response, contact?.id ?? null, user?.id ?? null);
  });
}

/**
 * Rebuilds what the client search reads of a meeting from its attendees and links: its colleagues (attending firm
 * users, declined excluded, and every colleague with a link), its companies, and who may see it (meeting_viewers,
 * only needed when its links disagree).
 */
export function refreshIndexes(s: SqlBase, meetingId: string): void {
  for (const table of ["meeting_companies", "meeting_colleagues", "company_colleagues", "meeting_viewers"]) {
    s.prepared(`DELETE FROM ${table} WHERE meeting_id = ?`).run(meetingId);
  }
  const m = meetingRowById(s, meetingId) as MeetingRow;
  const links = linksOf(s, m);
  const attending = s
    .prepared("SELECT user_id FROM meeting_attendees WHERE meeting_id = ? AND user_id IS NOT NULL AND response != ?")
    .all(meetingId, "declined") as { user_id: string }[];
  const insertColleague = s.prepared("INSERT OR IGNORE INTO meeting_colleagues (meeting_id, user_id) VALUES (?, ?)");
  for (const id of new Set([...links.map((l) => l.userId), ...attending.map((a) => a.user_id)])) {
    insertColleague.run(meetingId, id);
  }
  if (searchVisibility(links).kind === "links") {
    const insertViewer = s.prepared("INSERT OR IGNORE INTO meeting_viewers (meeting_id, viewer) VALUES (?, ?)");
    for (const l of links) {
      insertViewer.run(meetingId, `u:${l.userId}`);
      if (typeof l.visibility === "object") insertViewer.run(meetingId, `g:${l.visibility.groupId}`);
    }
  }
  const companies = s
    .prepared(
      `SELECT DISTINCT c.company_id FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
         WHERE a.meeting_id = ? AND c.company_id IS NOT NULL`,
    )
    .all(meetingId) as { company_id: string }[];
  for (const c of companies) insertCompanyLink(s, m, c.company_id);
}

/** Lists the meeting under a company in the search tables (with its colleagues), as its links' visibility says. */
export function insertCompanyLink(s: SqlBase, m: MeetingRow, companyId: string): void {
  const vis = searchVisibility(linksOf(s, m));
  s.prepared(
    `INSERT OR IGNORE INTO meeting_companies
         (company_id, start_at, meeting_id, linked, cancelled, visibility_kind, group_id, owner_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    companyId,
    m.start_at,
    m.id,
    s.settings().includeAssociatedCompanies ? 1 : 0,
    m.cancelled,
    vis.kind,
    vis.groupId,
    m.owner_id,
  );
  s.prepared(
    `INSERT OR IGNORE INTO company_colleagues
         (company_id, user_id, start_at, meeting_id, cancelled, visibility_kind, group_id, owner_id)
       SELECT ?, mc.user_id, ?, ?, ?, ?, ?, ? FROM meeting_colleagues mc WHERE mc.meeting_id = ?`,
  ).run(companyId, m.start_at, m.id, m.cancelled, vis.kind, vis.groupId, m.owner_id, m.id);
}
