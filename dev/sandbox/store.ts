// InterAction's rules, as the sandbox enforces them: appointment vs activity from the (movable) clock, the sync
// window and freezing, who may change a meeting, recurring/private refusal, revision ordering, attendee -> contact ->
// company resolution and the company meeting search. Everything here runs inside SQLite transactions.
import { createHash, randomUUID } from "node:crypto";
import type { components } from "../../src/interaction/schema";
import type Database from "better-sqlite3";
import { type Db, getMeta, setMeta } from "./db";

type S = components["schemas"];
export type Settings = S["CalendarSyncSettings"];
export type MeetingPayload = S["MeetingPayload"];
export type MeetingRecord = S["MeetingRecord"];
export type Contact = S["Contact"];
export type DocumentRecord = S["DocumentRecord"];
export type Visibility = S["Visibility"];

export const MAX_DOCUMENT_BYTES = 30 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { field: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  is_admin: number;
}

interface MeetingRow {
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

export interface SandboxClock {
  now(): Date;
}

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: [],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: "at-meeting",
  defaultVisibility: "everyone",
  firmDomains: [],
};

const iso = (value: string | Date): string => new Date(value).toISOString();
const lower = (s: string): string => s.trim().toLowerCase();
const domainOf = (email: string): string => lower(email.slice(email.lastIndexOf("@") + 1));
export const sha256Hex = (data: Uint8Array | string): string => createHash("sha256").update(data).digest("hex");
export const newId = (prefix: string): string => `${prefix}-${randomUUID()}`;

function visibilityColumns(v: Visibility): { kind: string; groupId: string | null } {
  if (typeof v === "string") return { kind: v, groupId: null };
  return { kind: "group", groupId: v.groupId };
}

export class Store {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly db: Db,
    readonly clock: SandboxClock,
  ) {}

  /** Prepared once per SQL text (compiling a statement costs more than running a small one). */
  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size > 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  now(): Date {
    return this.clock.now();
  }

  // ---- settings, users, reference data ----

  settings(): Settings {
    const raw = getMeta(this.db, "settings");
    return raw ? (JSON.parse(raw) as Settings) : DEFAULT_SETTINGS;
  }

  putSettings(user: UserRow, next: Settings): Settings {
    if (!user.is_admin) {
      throw new ApiError(403, "adminOnly", "Only an InterAction administrator can change the calendar sync settings.");
    }
    const details: { field: string; message: string }[] = [];
    if (!this.prepared("SELECT 1 FROM activity_types WHERE id = ?").get(next.defaultActivityTypeId)) {
      details.push({ field: "body.defaultActivityTypeId", message: "is not an activity type" });
    }
    next.autoAddContactTypeIds.forEach((id, i) => {
      if (!this.prepared("SELECT 1 FROM contact_types WHERE id = ?").get(id)) {
        details.push({ field: `body.autoAddContactTypeIds.${i}`, message: "is not a contact type" });
      }
    });
    if (typeof next.defaultVisibility === "object" && !this.groupExists(next.defaultVisibility.groupId)) {
      details.push({ field: "body.defaultVisibility.groupId", message: "is not a group" });
    }
    if (details.length) throw new ApiError(400, "invalid", "The settings are not valid.", details);
    const stored: Settings = { ...next, firmDomains: next.firmDomains.map(lower) };
    setMeta(this.db, "settings", JSON.stringify(stored));
    return stored;
  }

  userByEmail(email: string): UserRow | undefined {
    return this.prepared("SELECT * FROM users WHERE email = ?").get(lower(email)) as UserRow | undefined;
  }

  userById(id: string): UserRow | undefined {
    return this.prepared("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
  }

  private groupExists(id: string): boolean {
    return Boolean(this.prepared("SELECT 1 FROM user_groups WHERE id = ?").get(id));
  }

  groupsOf(user: UserRow): S["Group"][] {
    return this.prepared(
      `SELECT g.id, g.name FROM user_groups g JOIN group_members m ON m.group_id = g.id
         WHERE m.user_id = ? ORDER BY g.name`,
    ).all(user.id) as S["Group"][];
  }

  contactTypes(): S["ContactType"][] {
    return this.prepared("SELECT id, name FROM contact_types ORDER BY name").all() as S["ContactType"][];
  }

  activityTypes(): S["ActivityType"][] {
    const rows = this.prepared("SELECT id, name, is_default FROM activity_types ORDER BY name").all() as {
      id: string;
      name: string;
      is_default: number;
    }[];
    return rows.map((r) => ({ id: r.id, name: r.name, isDefault: r.is_default === 1 }));
  }

  // ---- contacts ----

  private typeIdsOf(ids: string[]): Map<string, string[]> {
    const map = new Map<string, string[]>();
    if (!ids.length) return map;
    const rows = this.prepared(
      `SELECT contact_id, type_id FROM contact_contact_types WHERE contact_id IN (${ids.map(() => "?").join(",")})
         ORDER BY type_id`,
    ).all(...ids) as { contact_id: string; type_id: string }[];
    for (const r of rows) map.set(r.contact_id, [...(map.get(r.contact_id) ?? []), r.type_id]);
    return map;
  }

  private toContacts(
    rows: {
      id: string;
      kind: "person" | "company";
      name: string;
      email: string | null;
      job_title: string | null;
      domain: string | null;
      company_id: string | null;
      company_name: string | null;
    }[],
  ): Contact[] {
    const types = this.typeIdsOf([...new Set(rows.flatMap((r) => (r.company_id ? [r.id, r.company_id] : [r.id])))]);
    return rows.map((r) => {
      const c: Contact = { id: r.id, kind: r.kind, name: r.name, contactTypeIds: types.get(r.id) ?? [] };
      if (r.email) c.email = r.email;
      if (r.job_title) c.jobTitle = r.job_title;
      if (r.domain) c.domain = r.domain;
      if (r.company_id && r.company_name !== null) {
        c.company = { id: r.company_id, name: r.company_name, contactTypeIds: types.get(r.company_id) ?? [] };
      }
      return c;
    });
  }

  searchContacts(query: { q?: string; email?: string[]; kind?: "person" | "company"; skip: number; limit: number }): {
    skip: number;
    limit: number;
    total: number;
    items: Contact[];
  } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.kind) {
      where.push("c.kind = ?");
      args.push(query.kind);
    }
    if (query.email && query.email.length) {
      where.push(`c.email IN (${query.email.map(() => "?").join(",")})`);
      args.push(...query.email.map(lower));
    }
    const q = query.q?.trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.push("(c.name LIKE ? ESCAPE '\\' OR c.domain LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\')");
      args.push(like, like, like);
    }
    const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const total = (this.prepared(`SELECT COUNT(*) AS n FROM contacts c ${whereSql}`).get(...args) as { n: number }).n;
    const rows = this.prepared(
      `SELECT c.id, c.kind, c.name, c.email, c.job_title, c.domain, c.company_id, co.name AS company_name
         FROM contacts c LEFT JOIN contacts co ON co.id = c.company_id ${whereSql}
         ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?`,
    ).all(...args, query.limit, query.skip) as Parameters<Store["toContacts"]>[0];
    return { skip: query.skip, limit: query.limit, total, items: this.toContacts(rows) };
  }

  contactById(id: string): Contact | undefined {
    const rows = this.prepared(
      `SELECT c.id, c.kind, c.name, c.email, c.job_title, c.domain, c.company_id, co.name AS company_name
         FROM contacts c LEFT JOIN contacts co ON co.id = c.company_id WHERE c.id = ?`,
    ).all(id) as Parameters<Store["toContacts"]>[0];
    return this.toContacts(rows)[0];
  }

  addContact(input: S["NewContact"]): Contact {
    const email = lower(input.email);
    return this.db.transaction(() => {
      const details: { field: string; message: string }[] = [];
      if (this.userByEmail(email)) {
        details.push({ field: "body.email", message: "belongs to a firm user, not a contact" });
      }
      let companyId = input.companyId;
      if (companyId) {
        const company = this.prepared("SELECT kind FROM contacts WHERE id = ?").get(companyId) as
          { kind: string } | undefined;
        if (!company || company.kind !== "company")
          details.push({ field: "body.companyId", message: "is not a company" });
      } else {
        const byDomain = this.prepared(
          "SELECT id FROM contacts WHERE kind = 'company' AND domain = ? ORDER BY id LIMIT 1",
        ).get(domainOf(email)) as { id: string } | undefined;
        companyId = byDomain?.id;
      }
      (input.contactTypeIds ?? []).forEach((id, i) => {
        if (!this.prepared("SELECT 1 FROM contact_types WHERE id = ?").get(id)) {
          details.push({ field: `body.contactTypeIds.${i}`, message: "is not a contact type" });
        }
      });
      if (details.length) throw new ApiError(400, "invalid", "The contact is not valid.", details);
      if (this.prepared("SELECT 1 FROM contacts WHERE email = ?").get(email)) {
        throw new ApiError(409, "duplicate", `${email} is already a contact in InterAction.`);
      }
      const id = newId("p");
      this.prepared(
        `INSERT INTO contacts (id, kind, name, email, job_title, company_id, created_at)
           VALUES (?, 'person', ?, ?, ?, ?, ?)`,
      ).run(id, input.name.trim(), email, input.jobTitle ?? null, companyId ?? null, this.now().toISOString());
      for (const typeId of new Set(input.contactTypeIds ?? [])) {
        this.prepared("INSERT INTO contact_contact_types (contact_id, type_id) VALUES (?, ?)").run(id, typeId);
      }
      this.linkNewContact(id, email, companyId);
      return this.contactById(id) as Contact;
    })();
  }

  /** Meetings that listed the address as unresolved (and still follow Outlook) now link the new contact. */
  private linkNewContact(contactId: string, email: string, companyId: string | undefined): void {
    const rows = this.prepared(
      `SELECT meeting_id, position FROM meeting_attendees WHERE email = ? AND contact_id IS NULL AND user_id IS NULL`,
    ).all(email) as { meeting_id: string; position: number }[];
    for (const r of rows) {
      const m = this.meetingRowById(r.meeting_id);
      if (!m || this.isFrozen(m)) continue;
      this.prepared("UPDATE meeting_attendees SET contact_id = ? WHERE meeting_id = ? AND position = ?").run(
        contactId,
        r.meeting_id,
        r.position,
      );
      if (companyId) this.insertCompanyLink(m, companyId);
      this.prepared("UPDATE meetings SET version = version + 1, updated_at = ? WHERE id = ?").run(
        this.now().toISOString(),
        m.id,
      );
    }
  }

  // ---- meetings ----

  private meetingRowByKey(syncKey: string): MeetingRow | undefined {
    return this.prepared("SELECT * FROM meetings WHERE sync_key = ?").get(syncKey) as MeetingRow | undefined;
  }

  private meetingRowById(id: string): MeetingRow | undefined {
    return this.prepared("SELECT * FROM meetings WHERE id = ?").get(id) as MeetingRow | undefined;
  }

  private syncUntil(m: { end_at: string }): Date {
    return new Date(Date.parse(m.end_at) + this.settings().postMeetingSyncDays * DAY_MS);
  }

  private kindOf(m: { end_at: string }): "appointment" | "activity" {
    return Date.parse(m.end_at) <= this.now().getTime() ? "activity" : "appointment";
  }

  private isFrozen(m: { end_at: string }): boolean {
    return this.now().getTime() > this.syncUntil(m).getTime();
  }

  etagOf(m: { revision: number; version: number }): string {
    return `"r${m.revision}.v${m.version}"`;
  }

  private isOrganizer(user: UserRow, m: MeetingRow): boolean {
    return lower(m.organizer_email) === lower(user.email);
  }

  private assertMayRead(user: UserRow, m: MeetingRow): void {
    if (m.owner_id !== user.id && !this.isOrganizer(user, m)) {
      throw new ApiError(403, "notYours", "This meeting was added to InterAction by another user.");
    }
  }

  private assertMayChange(user: UserRow, m: MeetingRow): void {
    this.assertMayRead(user, m);
    if (m.added_by === "attendee" && this.kindOf(m) === "activity" && !this.isOrganizer(user, m)) {
      throw new ApiError(
        403,
        "organizerOnly",
        "This meeting is now an activity in InterAction; only its organizer's changes are synchronized.",
      );
    }
  }

  private assertNotFrozen(m: MeetingRow): void {
    if (this.isFrozen(m)) {
      throw new ApiError(
        409,
        "frozen",
        `This activity stopped following Outlook on ${this.syncUntil(m).toISOString().slice(0, 10)}; InterAction no longer accepts changes to it.`,
      );
    }
  }

  record(m: MeetingRow): MeetingRecord {
    const settings = this.settings();
    const firmDomains = new Set(settings.firmDomains.map(lower));
    const attendees = this.prepared("SELECT * FROM meeting_attendees WHERE meeting_id = ? ORDER BY position").all(
      m.id,
    ) as AttendeeRow[];
    const contactIds = [...new Set(attendees.map((a) => a.contact_id).filter((id): id is string => Boolean(id)))];
    const contacts = contactIds.map((id) => {
      const c = this.prepared("SELECT id, name, email, company_id FROM contacts WHERE id = ?").get(id) as {
        id: string;
        name: string;
        email: string;
        company_id: string | null;
      };
      return c.company_id
        ? { id: c.id, name: c.name, email: c.email, companyId: c.company_id }
        : { id: c.id, name: c.name, email: c.email };
    });
    const companies = this.prepared(
      `SELECT c.id, c.name FROM meeting_companies mc JOIN contacts c ON c.id = mc.company_id
         WHERE mc.meeting_id = ? AND mc.linked = 1 ORDER BY c.name`,
    ).all(m.id) as { id: string; name: string }[];
    const seen = new Set<string>();
    const unresolvedAttendees = attendees
      .filter((a) => !a.contact_id && !a.user_id && a.type !== "resource" && !firmDomains.has(domainOf(a.email)))
      .filter((a) => (seen.has(a.email) ? false : (seen.add(a.email), true)))
      .map((a) => ({ email: a.email, name: a.name }));
    const colleagues = this.prepared(
      `SELECT u.id, u.email, u.name FROM meeting_colleagues mc JOIN users u ON u.id = mc.user_id
         WHERE mc.meeting_id = ? ORDER BY u.name`,
    ).all(m.id) as S["Colleague"][];
    return {
      id: m.id,
      syncKey: m.sync_key,
      kind: this.kindOf(m),
      status: m.cancelled ? "cancelled" : "scheduled",
      syncUntil: this.syncUntil(m).toISOString(),
      frozen: this.isFrozen(m),
      revision: m.revision,
      contacts,
      companies,
      unresolvedAttendees,
      documents: this.documentsOf(m.id),
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

  private documentsOf(meetingId: string): DocumentRecord[] {
    const rows = this.prepared(
      `SELECT id, document_key, name, size, sha256, content_type FROM documents WHERE meeting_id = ?
         ORDER BY created_at, id`,
    ).all(meetingId) as {
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

  getMeeting(user: UserRow, syncKey: string): { record: MeetingRecord; etag: string } {
    const m = this.meetingRowByKey(syncKey);
    if (!m) throw new ApiError(404, "notFound", "This meeting is not in InterAction.");
    this.assertMayRead(user, m);
    return { record: this.record(m), etag: this.etagOf(m) };
  }

  private validatePayload(p: MeetingPayload): void {
    const details: { field: string; message: string }[] = [];
    if (Date.parse(p.end) < Date.parse(p.start)) details.push({ field: "body.end", message: "is before start" });
    if (!this.prepared("SELECT 1 FROM activity_types WHERE id = ?").get(p.activityTypeId)) {
      details.push({ field: "body.activityTypeId", message: "is not an activity type" });
    }
    if (typeof p.visibility === "object" && !this.groupExists(p.visibility.groupId)) {
      details.push({ field: "body.visibility.groupId", message: "is not a group" });
    }
    if (details.length) throw new ApiError(400, "invalid", "The meeting is not valid.", details);
  }

  private assertEligible(p: MeetingPayload): void {
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

  upsertMeeting(
    user: UserRow,
    syncKey: string,
    payload: MeetingPayload,
    ifMatch?: string,
  ): { status: 200 | 201; record: MeetingRecord; etag: string } {
    return this.db.transaction(() => {
      this.validatePayload(payload);
      const existing = this.meetingRowByKey(syncKey);
      if (!existing) {
        if (ifMatch !== undefined) {
          throw new ApiError(412, "preconditionFailed", "This meeting is not in InterAction yet (If-Match).");
        }
        this.assertEligible(payload);
        if (payload.source.addedBy === "organizer" && lower(payload.source.organizerEmail) !== lower(user.email)) {
          throw new ApiError(403, "organizerOnly", "Only the organizer can add a meeting as its organizer.");
        }
        const id = newId("m");
        this.writeMeeting(id, syncKey, user.id, payload, 1, true);
        const m = this.meetingRowById(id) as MeetingRow;
        return { status: 201 as const, record: this.record(m), etag: this.etagOf(m) };
      }
      this.assertMayRead(user, existing);
      if (ifMatch !== undefined && ifMatch !== "*" && ifMatch !== this.etagOf(existing)) {
        throw new ApiError(
          412,
          "preconditionFailed",
          "The meeting changed in InterAction since it was read; read it again before changing it.",
        );
      }
      if (payload.revision <= existing.revision) {
        return { status: 200 as const, record: this.record(existing), etag: this.etagOf(existing) };
      }
      this.assertEligible(payload);
      this.assertNotFrozen(existing);
      this.assertMayChange(user, existing);
      this.writeMeeting(existing.id, syncKey, existing.owner_id, payload, existing.version + 1, false);
      const m = this.meetingRowById(existing.id) as MeetingRow;
      return { status: 200 as const, record: this.record(m), etag: this.etagOf(m) };
    })();
  }

  private writeMeeting(
    id: string,
    syncKey: string,
    ownerId: string,
    p: MeetingPayload,
    version: number,
    create: boolean,
  ): void {
    const now = this.now().toISOString();
    const start = iso(p.start);
    const end = iso(p.end);
    const row = {
      id,
      sync_key: syncKey,
      owner_id: ownerId,
      organizer_email: lower(p.source.organizerEmail),
      added_by: p.source.addedBy,
      item_id: p.source.itemId ?? null,
      subject: p.subject,
      location: p.location,
      start_at: start,
      end_at: end,
      notes: p.notes,
      visibility: JSON.stringify(p.visibility),
      activity_type_id: p.activityTypeId,
      cancelled: p.cancelled ? 1 : 0,
      is_recurring: p.isRecurring ? 1 : 0,
      sensitivity: p.sensitivity,
      is_all_day: p.isAllDay ? 1 : 0,
      revision: p.revision,
      version,
      now,
    };
    if (create) {
      this.prepared(
        `INSERT INTO meetings (id, sync_key, owner_id, organizer_email, added_by, item_id, subject, location, start_at,
             end_at, notes, visibility, activity_type_id, cancelled, is_recurring, sensitivity, is_all_day, revision,
             version, created_at, updated_at)
           VALUES (@id, @sync_key, @owner_id, @organizer_email, @added_by, @item_id, @subject, @location, @start_at,
             @end_at, @notes, @visibility, @activity_type_id, @cancelled, @is_recurring, @sensitivity, @is_all_day,
             @revision, @version, @now, @now)`,
      ).run(row);
    } else {
      this.prepared(
        `UPDATE meetings SET item_id = COALESCE(@item_id, item_id), subject = @subject, location = @location,
             start_at = @start_at, end_at = @end_at, notes = @notes, visibility = @visibility,
             activity_type_id = @activity_type_id, cancelled = @cancelled, is_recurring = @is_recurring,
             sensitivity = @sensitivity, is_all_day = @is_all_day, revision = @revision, version = @version,
             updated_at = @now
           WHERE id = @id`,
      ).run(row);
    }
    this.resolveAttendees(id, ownerId, p);
  }

  /** Attendees -> firm users (colleagues) or contacts (and their companies); the rest stays unresolved. */
  private resolveAttendees(meetingId: string, ownerId: string, p: MeetingPayload): void {
    const db = this.db;
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
    const colleagues = new Set<string>([ownerId]);
    const companies = new Set<string>();
    list.forEach((a, position) => {
      const email = lower(a.email);
      const user = a.type === "resource" ? undefined : this.userByEmail(email);
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
    const m = this.meetingRowById(meetingId) as MeetingRow;
    for (const companyId of companies) this.insertCompanyLink(m, companyId);
  }

  private insertCompanyLink(m: MeetingRow, companyId: string): void {
    const vis = visibilityColumns(JSON.parse(m.visibility) as Visibility);
    this.prepared(
      `INSERT OR IGNORE INTO meeting_companies
           (company_id, start_at, meeting_id, linked, cancelled, visibility_kind, group_id, owner_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      companyId,
      m.start_at,
      m.id,
      this.settings().includeAssociatedCompanies ? 1 : 0,
      m.cancelled,
      vis.kind,
      vis.groupId,
      m.owner_id,
    );
    this.prepared(
      `INSERT OR IGNORE INTO company_colleagues
           (company_id, user_id, start_at, meeting_id, cancelled, visibility_kind, group_id, owner_id)
         SELECT ?, mc.user_id, ?, ?, ?, ?, ?, ? FROM meeting_colleagues mc WHERE mc.meeting_id = ?`,
    ).run(companyId, m.start_at, m.id, m.cancelled, vis.kind, vis.groupId, m.owner_id, m.id);
  }

  // ---- documents ----

  putDocument(
    user: UserRow,
    syncKey: string,
    documentKey: string,
    file: { name: string; contentType: string; bytes: Buffer },
  ): { status: 200 | 201; document: DocumentRecord } {
    if (file.bytes.length > MAX_DOCUMENT_BYTES) {
      throw new ApiError(413, "tooLarge", "Documents larger than 30 MB cannot be added to InterAction.");
    }
    return this.db.transaction(() => {
      const m = this.meetingRowByKey(syncKey);
      if (!m) throw new ApiError(404, "notFound", "This meeting is not in InterAction.");
      this.assertMayRead(user, m);
      this.assertNotFrozen(m);
      this.assertMayChange(user, m);
      const sha256 = sha256Hex(file.bytes);
      const now = this.now().toISOString();
      const existing = this.prepared(
        "SELECT id, sha256, name, content_type FROM documents WHERE meeting_id = ? AND document_key = ?",
      ).get(m.id, documentKey) as { id: string; sha256: string; name: string; content_type: string } | undefined;
      let status: 200 | 201 = 200;
      if (!existing) {
        status = 201;
        this.prepared(
          `INSERT INTO documents (id, meeting_id, document_key, name, content_type, size, sha256, content, created_at,
               updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          newId("d"),
          m.id,
          documentKey,
          file.name,
          file.contentType,
          file.bytes.length,
          sha256,
          file.bytes,
          now,
          now,
        );
      } else if (
        existing.sha256 !== sha256 ||
        existing.name !== file.name ||
        existing.content_type !== file.contentType
      ) {
        this.prepared(
          `UPDATE documents SET name = ?, content_type = ?, size = ?, sha256 = ?, content = ?, updated_at = ?
             WHERE id = ?`,
        ).run(file.name, file.contentType, file.bytes.length, sha256, file.bytes, now, existing.id);
      }
      if (status === 201 || existing?.sha256 !== sha256) {
        this.prepared("UPDATE meetings SET version = version + 1, updated_at = ? WHERE id = ?").run(now, m.id);
      }
      const doc = this.documentsOf(m.id).find((d) => d.documentKey === documentKey) as DocumentRecord;
      return { status, document: doc };
    })();
  }

  /** The document's bytes; `user` undefined is the (unauthenticated, dev-only) web view. */
  documentContent(
    user: UserRow | undefined,
    id: string,
  ): { name: string; contentType: string; content: Buffer; sha256: string } {
    const d = this.prepared("SELECT meeting_id, name, content_type, content, sha256 FROM documents WHERE id = ?").get(
      id,
    ) as { meeting_id: string; name: string; content_type: string; content: Buffer; sha256: string } | undefined;
    if (!d) throw new ApiError(404, "notFound", "This document is not in InterAction.");
    if (user) this.assertMayRead(user, this.meetingRowById(d.meeting_id) as MeetingRow);
    return { name: d.name, contentType: d.content_type, content: d.content, sha256: d.sha256 };
  }

  // ---- company meeting search ----

  companyMeetings(
    user: UserRow | undefined,
    q: { companyId: string; from?: string; to?: string; includeCancelled?: boolean; skip: number; limit: number },
  ): S["CompanyMeetingPage"] {
    const company = this.prepared("SELECT id, name FROM contacts WHERE id = ? AND kind = 'company'").get(
      q.companyId,
    ) as { id: string; name: string } | undefined;
    if (!company) throw new ApiError(404, "notFound", "This company is not in InterAction.");
    // The same filters over the search table (alias i) and the colleague table (alias cc).
    const filters = (a: string) => {
      const where = [`${a}.company_id = @companyId`, `${a}.start_at >= @from`, `${a}.start_at < @to`];
      if (!q.includeCancelled) where.push(`${a}.cancelled = 0`);
      where.push(
        user
          ? `(${a}.visibility_kind = 'everyone' OR ${a}.owner_id = @userId OR (${a}.visibility_kind = 'group' AND
             ${a}.group_id IN (SELECT group_id FROM group_members WHERE user_id = @userId)))`
          : `${a}.visibility_kind = 'everyone'`,
      );
      return where.join(" AND ");
    };
    const args = {
      companyId: company.id,
      from: q.from ? iso(q.from) : "0000",
      to: q.to ? iso(q.to) : "9999",
      userId: user?.id ?? "",
      limit: q.limit,
      skip: q.skip,
    };
    const whereSql = filters("i");
    const total = (
      this.prepared(`SELECT COUNT(*) AS n FROM meeting_companies i WHERE ${whereSql}`).get(args) as { n: number }
    ).n;
    // One index probe per firm user (bounded by the size of the firm, not by the number of meetings).
    const colleagueCount = (
      this.prepared(
        `SELECT COUNT(*) AS n FROM users u WHERE EXISTS (
             SELECT 1 FROM company_colleagues cc WHERE cc.user_id = u.id AND ${filters("cc")})`,
      ).get(args) as { n: number }
    ).n;
    // One query per kind of data for the whole page (not per meeting).
    const rows = this.prepared(
      `SELECT m.* FROM (SELECT i.meeting_id, i.start_at FROM meeting_companies i WHERE ${whereSql}
         ORDER BY i.start_at, i.meeting_id LIMIT @limit OFFSET @skip) p
       JOIN meetings m ON m.id = p.meeting_id ORDER BY p.start_at, p.meeting_id`,
    ).all(args) as MeetingRow[];
    const ids = rows.map((m) => m.id);
    const byMeeting = <T>(list: (T & { meeting_id: string })[]) => {
      const map = new Map<string, T[]>();
      for (const { meeting_id, ...rest } of list) map.set(meeting_id, [...(map.get(meeting_id) ?? []), rest as T]);
      return map;
    };
    const inIds = ids.map(() => "?").join(",");
    const colleagues = ids.length
      ? byMeeting(
          this.prepared(
            `SELECT mc.meeting_id, u.id, u.email, u.name FROM meeting_colleagues mc JOIN users u ON u.id = mc.user_id
             WHERE mc.meeting_id IN (${inIds}) ORDER BY u.name, u.id`,
          ).all(...ids) as (S["Colleague"] & { meeting_id: string })[],
        )
      : new Map<string, S["Colleague"][]>();
    const contacts = ids.length
      ? byMeeting(
          this.prepared(
            `SELECT DISTINCT a.meeting_id, c.id, c.name, c.email, c.company_id AS companyId
             FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
             WHERE a.meeting_id IN (${inIds}) AND c.company_id = ? ORDER BY c.name, c.id`,
          ).all(...ids, company.id) as (S["LinkedContact"] & { meeting_id: string })[],
        )
      : new Map<string, S["LinkedContact"][]>();
    const documentCounts = new Map(
      ids.length
        ? (
            this.prepared(
              `SELECT meeting_id, COUNT(*) AS n FROM documents WHERE meeting_id IN (${inIds}) GROUP BY meeting_id`,
            ).all(...ids) as { meeting_id: string; n: number }[]
          ).map((r) => [r.meeting_id, r.n])
        : [],
    );
    const items = rows.map((m) => ({
      id: m.id,
      syncKey: m.sync_key,
      subject: m.subject,
      start: m.start_at,
      end: m.end_at,
      location: m.location,
      kind: this.kindOf(m),
      status: m.cancelled ? ("cancelled" as const) : ("scheduled" as const),
      organizerEmail: m.organizer_email,
      colleagues: colleagues.get(m.id) ?? [],
      contacts: contacts.get(m.id) ?? [],
      documentCount: documentCounts.get(m.id) ?? 0,
    }));
    return { company, skip: q.skip, limit: q.limit, total, colleagueCount, items };
  }

  // ---- web view ----

  recentMeetings(limit: number): MeetingRecord[] {
    const rows = this.prepared("SELECT * FROM meetings ORDER BY start_at DESC, id LIMIT ?").all(limit) as MeetingRow[];
    return rows.map((m) => this.record(m));
  }

  getMeetingForWeb(syncKey: string): MeetingRecord | undefined {
    const m = this.meetingRowByKey(syncKey);
    return m ? this.record(m) : undefined;
  }

  companies(): { id: string; name: string; domain: string | null }[] {
    return this.prepared(
      "SELECT id, name, domain FROM contacts WHERE kind = 'company' ORDER BY name COLLATE NOCASE LIMIT 500",
    ).all() as { id: string; name: string; domain: string | null }[];
  }

  ownerOf(record: MeetingRecord): UserRow | undefined {
    const m = this.meetingRowById(record.id);
    return m ? this.userById(m.owner_id) : undefined;
  }
}
