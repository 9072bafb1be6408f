// InterAction's data as the sandbox keeps it in SQLite: settings, users and reference data, meetings, documents, the
// client search and the idempotency records. The rules (appointment or activity, freezing, who may change what,
// eligibility, revision order) are decided in rules.ts; this file runs them inside SQLite transactions.
import { ApiError } from "./apiError";
import * as companySearch from "./companySearch";
import * as contacts from "./contacts";
import * as documents from "./documents";
import { setMeta } from "./db";
import { findKey } from "./links";
import { recordDelivery } from "./deliveries";
import { record } from "./meetingRecord";
import type { DocumentRecord, MeetingPayload, MeetingRecord, MeetingRow } from "./meetingRows";
import { factsOf, removeLink, upsertLink, viewerOf } from "./meetingWrites";
import { mergeDuplicates } from "./merge";
import { assertMayRead, etagOf, lower } from "./rules";
import { SqlBase, type S, type Settings } from "./sqlBase";

export { ApiError } from "./apiError";
export { MAX_DOCUMENT_BYTES } from "./documents";
export { DEFAULT_SETTINGS, newId, sha256Hex, type SandboxClock, type Settings } from "./sqlBase";
export type { Contact } from "./contacts";
export type { DocumentRecord, MeetingPayload, MeetingRecord, Visibility } from "./meetingRows";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  is_admin: number;
}

/** An answer to a write made with an Idempotency-Key (only 2xx JSON answers are recorded). */
export interface IdempotentWrite {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  binary?: Buffer;
}

export class Store extends SqlBase {
  // ---- settings, users, reference data ----

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

  // ---- contacts and the client search (contacts.ts, companySearch.ts) ----

  searchContacts(query: contacts.ContactQuery): ReturnType<typeof contacts.searchContacts> {
    return contacts.searchContacts(this, query);
  }

  contactById(id: string): contacts.Contact | undefined {
    return contacts.contactById(this, id);
  }

  addContact(input: S["NewContact"]): contacts.Contact {
    return contacts.addContact(this, input);
  }

  companyMeetings(user: { id: string } | undefined, q: companySearch.CompanyMeetingQuery): S["CompanyMeetingPage"] {
    return companySearch.companyMeetings(this, user, q);
  }

  // ---- meetings ----

  etagOf(m: { revision: number; version: number }): string {
    return etagOf(m);
  }

  /** The record as its first link shows it to everyone (the dev web view's open view). */
  record(m: MeetingRow): MeetingRecord {
    return record(this, m);
  }

  /** The link `syncKey`, readable by its owner and the meeting's organizer (403 otherwise). */
  private readLink(user: UserRow, syncKey: string) {
    const found = findKey(this, syncKey);
    if (found?.kind !== "link") throw new ApiError(404, "notFound", "This meeting is not in InterAction.");
    assertMayRead(user, factsOf(found.meeting, found.link));
    return found;
  }

  getMeeting(user: UserRow, syncKey: string): { record: MeetingRecord; etag: string } {
    const { meeting: m, link } = this.readLink(user, syncKey);
    return {
      record: record(this, m, link, viewerOf(this, user)),
      etag: etagOf({ revision: link.revision, version: m.version }),
    };
  }

  /** What InterAction checks against its own data (the rules check the rest). */
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

  upsertMeeting(
    user: UserRow,
    syncKey: string,
    payload: MeetingPayload,
    ifMatch?: string,
    createOnly = false,
  ): { status: 200 | 201; record: MeetingRecord; etag: string } {
    return this.db.transaction(() => {
      this.validatePayload(payload);
      const written = upsertLink(this, user, syncKey, payload, ifMatch, createOnly);
      const { status, meeting: m, link } = written;
      // The write's fingerprint only when this write is the one that brought the link's revision (not a no-op), and
      // only when the record holds its content: a write whose shared fields the lifecycle refused (kept as a link to
      // an activity or a frozen meeting) keeps none, else its writer would read that InterAction holds its content.
      const applied = link.revision === payload.revision && !written.fieldsRefused;
      recordDelivery(this, link.syncKey, link.revision, user, applied ? payload.fingerprint : undefined);
      const answer = record(this, m, link, viewerOf(this, user));
      return {
        status,
        // Said on this write's answer only (an Idempotency-Key replay repeats it), never on a read: the writer must
        // not count the content as delivered although its link and revision were kept.
        record: written.fieldsRefused ? { ...answer, fieldsRefused: written.fieldsRefused } : answer,
        etag: etagOf({ revision: link.revision, version: m.version }),
      };
    })();
  }

  removeMeetingLink(user: UserRow, syncKey: string, request: S["LinkRemovalRequest"]): S["LinkRemoval"] {
    return this.db.transaction(() => removeLink(this, user, syncKey, request))();
  }

  mergeDuplicateMeetings(user: UserRow, request: S["MergeRequest"]): S["MergeReport"] {
    return mergeDuplicates(this, user, request, (syncKey) => {
      const found = findKey(this, syncKey);
      return found?.kind === "link" ? found.meeting : undefined;
    });
  }

  // ---- documents (documents.ts) ----

  putDocument(
    user: UserRow,
    syncKey: string,
    documentKey: string,
    file: documents.DocumentFile,
  ): { status: 200 | 201; document: DocumentRecord } {
    documents.assertDocumentSize(file);
    return this.db.transaction(() =>
      documents.putDocument(this, user, this.readLink(user, syncKey), documentKey, file),
    )();
  }

  /** The document's bytes, for a user who may read its meeting through the API. */
  documentContent(user: UserRow, id: string): { name: string; contentType: string; content: Buffer; sha256: string } {
    return documents.documentContent(this, user, id);
  }

  // ---- idempotency records (one per user and Idempotency-Key) ----

  /**
   * Runs `write` at most once per user and Idempotency-Key. The key's record is read and written in the same
   * transaction as the write, which takes the write lock first (BEGIN IMMEDIATE): a concurrent request with the same
   * key, from this process or another on the same database, waits and then finds the record. A repeat of the request
   * answers the recorded answer (`replayed`); another request with the key is refused (409). Only 2xx JSON answers
   * are recorded, so a refusal can be retried. `write` runs synchronously inside the transaction.
   */
  once<A extends IdempotentWrite>(
    userId: string,
    key: string,
    requestHash: string,
    write: () => A,
  ): { answer: A | IdempotentWrite; replayed: boolean } {
    return this.db
      .transaction(() => {
        const row = this.prepared(
          "SELECT request_hash, status, headers, body FROM idempotency WHERE user_id = ? AND key = ?",
        ).get(userId, key) as { request_hash: string; status: number; headers: string; body: string } | undefined;
        if (row) {
          if (row.request_hash !== requestHash) {
            throw new ApiError(
              409,
              "idempotencyKeyReused",
              "This Idempotency-Key was already used for a different request.",
            );
          }
          const headers = JSON.parse(row.headers) as Record<string, string>;
          return { answer: { status: row.status, body: JSON.parse(row.body) as unknown, headers }, replayed: true };
        }
        const answer = write();
        if (answer.status >= 200 && answer.status < 300 && answer.body !== undefined && !answer.binary) {
          this.prepared(
            `INSERT INTO idempotency (user_id, key, request_hash, status, headers, body, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            userId,
            key,
            requestHash,
            answer.status,
            JSON.stringify(answer.headers ?? {}),
            JSON.stringify(answer.body),
            this.now().toISOString(),
          );
        }
        return { answer, replayed: false };
      })
      .immediate();
  }
}
