// The SQL of a meeting: reading its row, writing it with its attendees resolved to colleagues, contacts and
// companies (and the search tables kept in step), and turning a row into the contract's MeetingRecord.
import { domainOf, isFrozen, kindOf, lower, syncUntil } from "./rules";
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
  revision: number;
  version: number;
  created_at: string;
  updated_at: string;
}

interface AttendeeRow {
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

export function documentsOf(s: SqlBase, meetingId: string): DocumentRecord[] {
  const rows = s
    .prepared(
      `SELECT id, document_key, name, size, sha256, content_type FROM documents WHERE meeting_id = ?
         ORDER BY created_at, id`,
    )
    .all(meetingId) as {
    id: string;
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
  }));
}

export function record(s: SqlBase, m: MeetingRow): MeetingRecord {
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
  return {
    id: m.id,
    syncKey: m.sync_key,
    kind: kindOf(m, time.now),
    status: m.cancelled ? "cancelled" : "scheduled",
    syncUntil: syncUntil(m, time.postMeetingSyncDays).toISOString(),
    frozen: isFrozen(m, time),
    revision: m.revision,
    contacts,
    companies,
    unresolvedAttendees,
    documents: documentsOf(s, m.id),
    updatedAt: m.updated_at,
    subject: m.subject,
    start: m.start_at,
    end: m.end_at,
    location: m.location,
    organizerEmail: m.organizer_email,
    addedBy: m.added_by,
    activityTypeId: m.activity_type_id,
    visibility: JSON.parse(m.visibility) as Visibility,
    colleagues,
    ...(m.is_all_day ? { isAllDay: true } : {}),
  };
}

export function writeMeeting(
  s: SqlBase,
  target: { id: string; syncKey: string; ownerId: string; version: number; create: boolean },
  p: MeetingPayload,
): void {
  const now = s.now().toISOString();
  const row = {
    id: target.id,
    sync_key: target.syncKey,
    owner_id: target.ownerId,
    organizer_email: lower(p.source.organizerEmail),
    added_by: p.source.addedBy,
    item_id: p.source.itemId ?? null,
    subject: p.subject,
    location: p.location,
    start_at: iso(p.start),
    end_at: iso(p.end),
    notes: p.notes,
    visibility: JSON.stringify(p.visibility),
    activity_type_id: p.activityTypeId,
    cancelled: p.cancelled ? 1 : 0,
    is_recurring: p.isRecurring ? 1 : 0,
    sensitivity: p.sensitivity,
    is_all_day: p.isAllDay ? 1 : 0,
    revision: p.revision,
    version: target.version,
    now,
  };
  if (target.create) {
    s.prepared(
      `INSERT INTO meetings (id, sync_key, owner_id, organizer_email, added_by, item_id, subject, location, start_at,
           end_at, notes, visibility, activity_type_id, cancelled, is_recurring, sensitivity, is_all_day, revision,
           version, created_at, updated_at)
         VALUES (@id, @sync_key, @owner_id, @organizer_email, @added_by, @item_id, @subject, @location, @start_at,
           @end_at, @notes, @visibility, @activity_type_id, @cancelled, @is_recurring, @sensitivity, @is_all_day,
           @revision, @version, @now, @now)`,
    ).run(row);
  } else {
    s.prepared(
      `UPDATE meetings SET item_id = COALESCE(@item_id, item_id), subject = @subject, location = @location,
           start_at = @start_at, end_at = @end_at, notes = @notes, visibility = @visibility,
           activity_type_id = @activity_type_id, cancelled = @cancelled, is_recurring = @is_recurring,
           sensitivity = @sensitivity, is_all_day = @is_all_day, revision = @revision, version = @version,
           updated_at = @now
         WHERE id = @id`,
    ).run(row);
  }
  resolveAttendees(s, target.id, target.ownerId, p);
}

/** Attendees -> firm users (colleagues) or contacts (and their companies); the rest stays unresolved. */
function resolveAttendees(s: SqlBase, meetingId: string, ownerId: string, p: MeetingPayload): void {
  const db = s.db;
  db.prepare("DELETE FROM meeting_attendees WHERE meeting_id = ?").run(meetingId);
  db.prepare("DELETE FROM meeting_companies WHERE meeting_id = ?").run(meetingId);
  db.prepare("DELETE FROM meeting_colleagues WHERE meeting_id = ?").run(meetingId);
  db.prepare("DELETE FROM company_colleagues WHERE meeting_id = ?").run(meetingId);
  const list = [...p.attendees];
  const organizer = lower(p.source.organizerEmail);
  if (!list.some((a) => lower(a.email) === organizer)) {
    list.unshift({ email: organizer, name: organizer, type: "required", response: "organizer" });
  }
  const insertAttendee = db.prepare(
    `INSERT INTO meeting_attendees (meeting_id, position, email, name, type, response, contact_id, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const userByEmail = s.prepared("SELECT * FROM users WHERE email = ?");
  const colleagues = new Set<string>([ownerId]);
  const companies = new Set<string>();
  list.forEach((a, position) => {
    const email = lower(a.email);
    const user = a.type === "resource" ? undefined : (userByEmail.get(email) as { id: string } | undefined);
    const contact =
      a.type === "resource" || user
        ? undefined
        : (db.prepare("SELECT id, company_id FROM contacts WHERE email = ? AND kind = 'person'").get(email) as
            { id: string; company_id: string | null } | undefined);
    insertAttendee.run(meetingId, position, email, a.name, a.type, a.response, contact?.id ?? null, user?.id ?? null);
    if (user && a.response !== "declined") colleagues.add(user.id);
    if (contact?.company_id) companies.add(contact.company_id);
  });
  const insertColleague = db.prepare("INSERT INTO meeting_colleagues (meeting_id, user_id) VALUES (?, ?)");
  for (const userId of colleagues) insertColleague.run(meetingId, userId);
  const m = meetingRowById(s, meetingId) as MeetingRow;
  for (const companyId of companies) insertCompanyLink(s, m, companyId);
}

/** Lists the meeting under a company in the search tables (with its colleagues), as the meeting's visibility says. */
export function insertCompanyLink(s: SqlBase, m: MeetingRow, companyId: string): void {
  const vis = visibilityColumns(JSON.parse(m.visibility) as Visibility);
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
