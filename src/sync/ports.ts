// The ports the sync use-cases need. Adapters (src/office, src/interaction, src/auth, browser storage) and test
// fakes implement them; the use-cases never know which.
import type { MeetingSnapshot } from "../core/meeting";
import type { MeetingPayload } from "../core/operations";
import type { OutboxEntry } from "../core/outbox";
import type { DocumentRecord, MeetingRecord } from "../core/record";
import type { AttendeeDirectory, CalendarSyncSettings, ActivityType } from "../core/settings";
import type { Notice } from "../core/notice";
import type { SyncState } from "../core/syncState";

/** The open Outlook item. */
export interface MailboxItem {
  /** Reads the committed-or-current values of the item into a snapshot (compose or read mode). */
  read(): Promise<MeetingSnapshot>;
  /** Reads one attachment's bytes (base64), for uploading it as a document. */
  readAttachment(attachmentId: string): Promise<{ base64: string; contentType: string }>;
}

/** What a save of the item's state could not make last (nothing, or void, when it was kept for good). */
export interface StateKept {
  /** Only the open form holds it: compose mode keeps custom properties only when the user sends or saves, and this
   * device's backup of a saved item's state (src/office/syncStateStore.ts) was refused, so closing the form without
   * saving forgets it. */
  onlyInForm: boolean;
}

/** The item's own sync state (custom properties). */
export interface SyncStateStore {
  load(): Promise<SyncState | null>;
  save(state: SyncState): Promise<StateKept | void>;
}

/** Durable string storage of the runtime: OfficeRuntime.storage, localStorage, or memory in tests. */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** Undelivered operations of every meeting. */
export interface OutboxStore {
  load(): Promise<OutboxEntry[]>;
  save(entries: OutboxEntry[]): Promise<void>;
}

export interface DocumentUpload {
  name: string;
  contentType: string;
  base64: string;
}

/** InterAction, as the use-cases need it. Failures throw InterActionError (src/sync/errors.ts). */
export interface InterActionApi {
  getSettings(): Promise<CalendarSyncSettings>;
  getActivityTypes(): Promise<ActivityType[]>;
  /** Looks up the attendees' contacts, their companies and contact types. */
  lookupAttendees(emails: string[]): Promise<AttendeeDirectory>;
  /** With `ifMatch` (the record's ETag the write was planned against) InterAction applies it only if nobody wrote
   * since; otherwise InterActionError with status 412. The answer carries the record's new ETag. */
  upsertMeeting(
    syncKey: string,
    payload: MeetingPayload,
    idempotencyKey: string,
    ifMatch?: string,
  ): Promise<MeetingRecord>;
  getMeeting(syncKey: string): Promise<MeetingRecord | null>;
  uploadDocument(syncKey: string, documentKey: string, doc: DocumentUpload): Promise<DocumentRecord>;
  /**
   * Removes this user's link to the meeting (POST /api/v1/meetings/{syncKey}/removal, core/linkRemoval.ts). Optional
   * only for test doubles written before it; without it a removal stays queued and is retried.
   */
  removeMeetingLink?(
    syncKey: string,
    removal: { reason: "never" | "left"; revision: number },
    idempotencyKey: string,
  ): Promise<{ meeting: "kept" | "deleted" | "cancelled" }>;
}

export interface Clock {
  now(): Date;
}

export interface Notifier {
  show(notice: Notice): Promise<void>;
  clear(key: Notice["key"]): Promise<void>;
}

/** Randomness is a port too, so tests are deterministic. */
export interface Randomness {
  /** A new sync key (UUID v4 or similar, at most 40 characters). */
  newSyncKey(): string;
  /** Uniform in [0, 1), for backoff jitter. */
  next(): number;
}
