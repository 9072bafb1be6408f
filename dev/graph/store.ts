// The mailbox store: rows of mailboxes and of each mailbox's copy of a calendar item, and the change log every write
// appends to. Exchange semantics (who gets a copy, what an update touches) live in exchange.ts; this file only keeps
// rows consistent: every change moves changeKey, lastModifiedDateTime and seq, and is logged for delta/notifications.
import type { Db } from "./db";
import { contentParams, fromRow, type EventRow } from "./eventRows";
import { newChangeKey } from "./ids";

import type { Mailbox, EventRecord, EventContent, AttachmentRecord, ChangeKind, Change } from "./model";

export type {
  MailboxKind,
  Mailbox,
  AttendeeType,
  ResponseKind,
  Sensitivity,
  StoredAttendee,
  Recurrence,
  EventRecord,
  EventContent,
  AttachmentRecord,
  ChangeKind,
  Change,
} from "./model";

export type ChangeListener = (change: Change) => void;

export class Store {
  private listeners: ChangeListener[] = [];
  /** Changes committed inside the current transaction, announced once it commits. */
  private pending: Change[] = [];

  constructor(
    readonly db: Db,
    readonly now: () => Date,
  ) {}

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Runs `work` in one transaction; listeners hear its changes only after the commit. */
  transaction<T>(work: () => T): T {
    const result = this.db.transaction(work)();
    const done = this.pending;
    this.pending = [];
    for (const change of done) for (const l of this.listeners) l(change);
    return result;
  }

  // ---- mailboxes
  mailboxes(): Mailbox[] {
    return this.db.prepare("SELECT id, email, name, kind FROM mailboxes ORDER BY email").all() as Mailbox[];
  }
  /** By id (GUID) or e-mail address, as Graph's /users/{id | userPrincipalName}. */
  mailbox(idOrEmail: string): Mailbox | undefined {
    return this.db
      .prepare("SELECT id, email, name, kind FROM mailboxes WHERE id = ? OR email = ? COLLATE NOCASE")
      .get(idOrEmail, idOrEmail) as Mailbox | undefined;
  }
  addMailbox(m: Mailbox): void {
    this.db.prepare("INSERT INTO mailboxes (id, email, name, kind) VALUES (@id, @email, @name, @kind)").run(m);
  }
  deltaEpoch(mailboxId: string): number {
    const row = this.db.prepare("SELECT delta_epoch FROM mailboxes WHERE id = ?").get(mailboxId) as
      { delta_epoch: number } | undefined;
    return row?.delta_epoch ?? 0;
  }
  /** Invalidates every delta token of the mailbox (or of all mailboxes): their next use answers 410 Gone. */
  expireDeltaTokens(mailboxId?: string): void {
    if (mailboxId) this.db.prepare("UPDATE mailboxes SET delta_epoch = delta_epoch + 1 WHERE id = ?").run(mailboxId);
    else this.db.exec("UPDATE mailboxes SET delta_epoch = delta_epoch + 1");
  }

  // ---- events
  event(id: string): EventRecord | undefined {
    const row = this.db.prepare("SELECT * FROM events WHERE id = ?").get(id) as EventRow | undefined;
    return row && fromRow(row);
  }
  eventsByICalUId(iCalUId: string): EventRecord[] {
    return (this.db.prepare("SELECT * FROM events WHERE ical_uid = ?").all(iCalUId) as EventRow[]).map(fromRow);
  }
  /** Items of a mailbox overlapping [start, end) (every item when no window is given), by start. */
  eventsOf(mailboxId: string, window?: { start: string; end: string }): EventRecord[] {
    const rows = window
      ? this.db
          .prepare("SELECT * FROM events WHERE mailbox_id = ? AND start_at < ? AND end_at > ? ORDER BY start_at, id")
          .all(mailboxId, window.end, window.start)
      : this.db.prepare("SELECT * FROM events WHERE mailbox_id = ? ORDER BY start_at, id").all(mailboxId);
    return (rows as EventRow[]).map(fromRow);
  }

  insertEvent(id: string, mailboxId: string, content: EventContent): EventRecord {
    const at = this.now().toISOString();
    const seq = this.log(id, mailboxId, "created", content.start, content.end, at);
    this.db
      .prepare(
        `INSERT INTO events VALUES (@id, @mailbox_id, @ical_uid, @change_key, @at, @at, @subject, @body_html, @start_at,
         @end_at, @time_zone, @is_all_day, @location, @sensitivity, @recurrence, @organizer_email, @organizer_name,
         @attendees, @is_organizer, @is_draft, @is_cancelled, @response, @response_time, @seq)`,
      )
      .run({ ...contentParams(content), id, mailbox_id: mailboxId, change_key: newChangeKey(), at, seq });
    return this.event(id) as EventRecord;
  }

  /** Writes the item's new content; changeKey, lastModifiedDateTime and seq move even when nothing else did. */
  updateEvent(id: string, change: (current: EventContent) => EventContent): EventRecord {
    const current = this.event(id);
    if (!current) throw new Error(`No item ${id}`);
    const next = change(current);
    const at = this.now().toISOString();
    const seq = this.log(id, current.mailboxId, "updated", next.start, next.end, at);
    const sets = Object.keys(contentParams(next))
      .map((k) => `${k} = @${k}`)
      .join(", ");
    this.db
      .prepare(`UPDATE events SET ${sets}, change_key = @change_key, modified_at = @at, seq = @seq WHERE id = @id`)
      .run({ ...contentParams(next), id, change_key: newChangeKey(), at, seq });
    return this.event(id) as EventRecord;
  }

  /** Marks the item changed (an extended property or attachment changed, which is a change of the item). */
  touchEvent(id: string): EventRecord {
    return this.updateEvent(id, (c) => c);
  }

  deleteEvent(id: string): void {
    const current = this.event(id);
    if (!current) return;
    this.log(id, current.mailboxId, "deleted", current.start, current.end, this.now().toISOString());
    this.db.prepare("DELETE FROM events WHERE id = ?").run(id);
  }

  private log(eventId: string, mailboxId: string, kind: ChangeKind, start: string, end: string, at: string): number {
    const info = this.db
      .prepare("INSERT INTO changes (event_id, mailbox_id, kind, start_at, end_at, at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(eventId, mailboxId, kind, start, end, at);
    const seq = Number(info.lastInsertRowid);
    this.pending.push({ seq, eventId, mailboxId, kind, start, end });
    return seq;
  }

  // ---- change log (delta)
  lastSeq(): number {
    const row = this.db.prepare("SELECT MAX(seq) AS seq FROM changes").get() as { seq: number | null };
    return row.seq ?? 0;
  }
  /** Distinct items of a mailbox changed in (afterSeq, uptoSeq], ordered by their last change. */
  changedEventIds(mailboxId: string, afterSeq: number, uptoSeq: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT event_id, MAX(seq) AS last FROM changes WHERE mailbox_id = ? AND seq > ? AND seq <= ?
         GROUP BY event_id ORDER BY last`,
      )
      .all(mailboxId, afterSeq, uptoSeq) as { event_id: string }[];
    return rows.map((r) => r.event_id);
  }
  /** Where an item was at `seq` and at every change after it (for "was it ever in the window?"). */
  positionsSince(eventId: string, afterSeq: number): { start: string; end: string; kind: ChangeKind }[] {
    const before = this.db
      .prepare("SELECT start_at, end_at, kind FROM changes WHERE event_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1")
      .all(eventId, afterSeq);
    const after = this.db
      .prepare("SELECT start_at, end_at, kind FROM changes WHERE event_id = ? AND seq > ? ORDER BY seq")
      .all(eventId, afterSeq);
    return ([...before, ...after] as { start_at: string; end_at: string; kind: ChangeKind }[]).map((r) => ({
      start: r.start_at,
      end: r.end_at,
      kind: r.kind,
    }));
  }

  // ---- extended properties (per copy)
  extendedProperties(eventId: string): { id: string; value: string }[] {
    return this.db
      .prepare("SELECT property_id AS id, value FROM extended_properties WHERE event_id = ? ORDER BY property_id")
      .all(eventId) as { id: string; value: string }[];
  }
  setExtendedProperty(eventId: string, propertyId: string, value: string | null): void {
    if (value === null) {
      this.db
        .prepare("DELETE FROM extended_properties WHERE event_id = ? AND property_id = ?")
        .run(eventId, propertyId);
    } else {
      this.db
        .prepare(
          `INSERT INTO extended_properties (event_id, property_id, value) VALUES (?, ?, ?)
           ON CONFLICT(event_id, property_id) DO UPDATE SET value = excluded.value`,
        )
        .run(eventId, propertyId, value);
    }
  }

  // ---- attachments (per copy)
  attachments(eventId: string): AttachmentRecord[] {
    return this.db
      .prepare(
        `SELECT id, event_id AS eventId, name, content_type AS contentType, size, is_inline AS isInline,
         modified_at AS modifiedAt FROM attachments WHERE event_id = ? ORDER BY rowid`,
      )
      .all(eventId)
      .map((r) => ({ ...(r as AttachmentRecord), isInline: (r as { isInline: number }).isInline === 1 }));
  }
  attachmentContent(eventId: string, attachmentId: string): Buffer | undefined {
    const row = this.db
      .prepare("SELECT content FROM attachments WHERE event_id = ? AND id = ?")
      .get(eventId, attachmentId) as { content: Buffer } | undefined;
    return row?.content;
  }
  addAttachment(a: Omit<AttachmentRecord, "modifiedAt" | "size">, content: Buffer): AttachmentRecord {
    const modifiedAt = this.now().toISOString();
    this.db
      .prepare("INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(a.id, a.eventId, a.name, a.contentType, content.length, a.isInline ? 1 : 0, modifiedAt, content);
    return { ...a, size: content.length, modifiedAt };
  }
  removeAttachment(eventId: string, attachmentId: string): boolean {
    return (
      this.db.prepare("DELETE FROM attachments WHERE event_id = ? AND id = ?").run(eventId, attachmentId).changes > 0
    );
  }
}
