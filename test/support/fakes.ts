// In-memory fakes of every port in src/sync/ports.ts, for unit tests of the sync use-cases and of anything built on
// them (handlers, task pane, workbench). They behave like the real thing where it matters to sync:
// - FakeInterActionApi follows the API contract (api/interaction.openapi.yaml): revisions (a revision that is not
//   newer changes nothing), Idempotency-Key repeats, appointment/activity by the clock, the sync window and freezing,
//   organizer-only changes after conversion, recurring/private refused, attendee → contact → company resolution.
//   Failures are injected per method (`fail`, `hang`).
// - MemoryStateStore enforces Outlook's 2,500-character custom-property budget.
// - FixedClock never moves unless told to; SeededRandom is reproducible.
// Usage: `const h = createHarness({ snapshot: { subject: "Kick-off" } }); await runSync({ kind: "add" }, h.deps);`
import { createHash } from "node:crypto";
import type { AttendeeResponse, MeetingSnapshot } from "../../src/core/meeting";
import type { Notice } from "../../src/core/notice";
import type { MeetingPayload } from "../../src/core/operations";
import type { DocumentRecord, LinkedCompany, LinkedContact, MeetingRecord } from "../../src/core/record";
import type {
  ActivityType,
  AttendeeDirectory,
  CalendarSyncSettings,
  ContactType,
  DirectoryContact,
} from "../../src/core/settings";
import type { SyncState } from "../../src/core/syncState";
import type { SyncDeps } from "../../src/sync/deps";
import { InterActionError, type InterActionErrorCode } from "../../src/sync/errors";
import type {
  Clock,
  DocumentUpload,
  InterActionApi,
  KeyValueStorage,
  MailboxItem,
  Notifier,
  OutboxStore,
  Randomness,
  SyncStateStore,
} from "../../src/sync/ports";
import { createStorageOutbox } from "../../src/sync/storageOutbox";

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

// ---------------------------------------------------------------------------------------------------------------
// Demo data (the same world as the sandbox's demo seed)

export const FIRM_DOMAIN = "firm.example";
export const TOP_CLIENT: ContactType = { id: "ct-top-client", name: "Top Client" };
export const PROSPECT: ContactType = { id: "ct-prospect", name: "Prospect" };
export const MEETING_TYPE: ActivityType = { id: "at-meeting", name: "Meeting" };
export const CALL_TYPE: ActivityType = { id: "at-call", name: "Call" };

export const ACME = { id: "co-acme", name: "Acme Corporation", contactTypeIds: [TOP_CLIENT.id] };
export const GLOBEX = { id: "co-globex", name: "Globex", contactTypeIds: [PROSPECT.id] };

export const demoSettings = (overrides: Partial<CalendarSyncSettings> = {}): CalendarSyncSettings => ({
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: [TOP_CLIENT.id],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: MEETING_TYPE.id,
  defaultVisibility: "everyone",
  firmDomains: [FIRM_DOMAIN],
  ...overrides,
});

/** Contacts InterAction knows, by e-mail. */
export const demoContacts = (): Record<string, DirectoryContact> => ({
  "carol@acme.example": { contactId: "c-carol", name: "Carol Jones", contactTypeIds: [], company: clone(ACME) },
  "dave@acme.example": { contactId: "c-dave", name: "Dave Smith", contactTypeIds: [], company: clone(ACME) },
  "erin@globex.example": { contactId: "c-erin", name: "Erin Lee", contactTypeIds: [], company: clone(GLOBEX) },
});

export const demoDirectory = (): AttendeeDirectory => ({
  contactTypes: [TOP_CLIENT, PROSPECT],
  contacts: demoContacts(),
});

export const ALICE = { email: "alice@firm.example", name: "Alice Adams" };
export const BOB = { email: "bob@firm.example", name: "Bob Brown" };
export const CAROL = { email: "carol@acme.example", name: "Carol Jones" };
export const ERIN = { email: "erin@globex.example", name: "Erin Lee" };

/** A new meeting Alice is organizing with Bob and Carol (Acme, a Top Client), tomorrow 10:00–11:00 UTC. */
export const meetingSnapshot = (overrides: Partial<MeetingSnapshot> = {}): MeetingSnapshot => ({
  subject: "Acme quarterly review",
  start: "2026-11-26T10:00:00.000Z",
  end: "2026-11-26T11:00:00.000Z",
  location: "Room 4",
  organizer: { ...ALICE },
  attendees: [
    { ...ALICE, type: "required", response: "organizer" },
    { ...BOB, type: "required", response: "none" },
    { ...CAROL, type: "required", response: "none" },
  ],
  notes: "Agenda: results, next steps.",
  attachments: [],
  isRecurring: false,
  sensitivity: "normal",
  isCancelled: false,
  role: "organizer",
  user: { ...ALICE },
  userResponse: "organizer",
  isNew: true,
  ...overrides,
});

/** The same world seen by Alice as an attendee of Erin's (external) meeting that she accepted. */
export const externalInvitation = (overrides: Partial<MeetingSnapshot> = {}): MeetingSnapshot =>
  meetingSnapshot({
    itemId: "item-external-1",
    subject: "Globex introduction",
    organizer: { ...ERIN },
    attendees: [
      { ...ERIN, type: "required", response: "organizer" },
      { ...ALICE, type: "required", response: "accepted" },
    ],
    role: "attendee",
    userResponse: "accepted" as AttendeeResponse,
    isNew: false,
    ...overrides,
  });

// ---------------------------------------------------------------------------------------------------------------
// Clock and randomness

export class FixedClock implements Clock {
  private ms: number;
  constructor(iso: string = "2026-11-25T09:00:00.000Z") {
    this.ms = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** mulberry32: small, fast, reproducible. */
export class SeededRandom implements Randomness {
  private state: number;
  readonly issuedKeys: string[] = [];
  constructor(seed: number = 42) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  newSyncKey(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16)).join("");
    const key = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    this.issuedKeys.push(key);
    return key;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outlook side

/** The open item over a mutable snapshot. Edit `snapshot` (or call `update`) to play the user. */
export class FakeMailboxItem implements MailboxItem {
  snapshot: MeetingSnapshot;
  /** Attachment bytes by attachment id (base64). Missing ids read as a small text file. */
  content: Record<string, { base64: string; contentType: string }> = {};
  reads = 0;
  /** Number of next read() calls that fail. */
  failReads = 0;
  /** Number of next readAttachment() calls that fail. */
  failAttachmentReads = 0;

  constructor(snapshot: MeetingSnapshot = meetingSnapshot()) {
    this.snapshot = clone(snapshot);
  }
  update(patch: Partial<MeetingSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...clone(patch) };
  }
  async read(): Promise<MeetingSnapshot> {
    this.reads++;
    if (this.failReads > 0) {
      this.failReads--;
      throw new Error("Outlook could not read the item.");
    }
    return clone(this.snapshot);
  }
  async readAttachment(attachmentId: string): Promise<{ base64: string; contentType: string }> {
    if (this.failAttachmentReads > 0) {
      this.failAttachmentReads--;
      throw new Error("Outlook could not read the attachment.");
    }
    const a = this.snapshot.attachments.find((x) => x.id === attachmentId);
    if (!a) throw new Error(`No attachment ${attachmentId}.`);
    return (
      this.content[attachmentId] ?? {
        base64: Buffer.from(`contents of ${a.name}`).toString("base64"),
        contentType: a.contentType,
      }
    );
  }
}

/** The item's custom properties: JSON within Outlook's 2,500-character budget. */
export class MemoryStateStore implements SyncStateStore {
  private json: string | null;
  saves = 0;
  failSaves = 0;
  failLoads = 0;
  constructor(
    state: SyncState | null = null,
    readonly maxChars = 2500,
  ) {
    this.json = state ? JSON.stringify(state) : null;
  }
  get state(): SyncState | null {
    return this.json ? (JSON.parse(this.json) as SyncState) : null;
  }
  set state(value: SyncState | null) {
    this.json = value ? JSON.stringify(value) : null;
  }
  async load(): Promise<SyncState | null> {
    if (this.failLoads > 0) {
      this.failLoads--;
      throw new Error("Custom properties could not be loaded.");
    }
    return this.state;
  }
  async save(state: SyncState): Promise<void> {
    if (this.failSaves > 0) {
      this.failSaves--;
      throw new Error("Custom properties could not be saved.");
    }
    const json = JSON.stringify(state);
    if (json.length > this.maxChars) throw new Error(`Sync state of ${json.length} characters exceeds the budget.`);
    this.saves++;
    this.json = json;
  }
}

/** OfficeRuntime.storage / localStorage stand-in. `failWrites` makes the next writes throw (quota, storage gone). */
export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  failWrites = 0;
  async getItem(key: string): Promise<string | null> {
    return this.data.get(key) ?? null;
  }
  async setItem(key: string, value: string): Promise<void> {
    if (this.failWrites > 0) {
      this.failWrites--;
      throw new Error("Storage is full.");
    }
    this.data.set(key, value);
  }
  async removeItem(key: string): Promise<void> {
    this.data.delete(key);
  }
}

export class FakeNotifier implements Notifier {
  readonly shown: Notice[] = [];
  readonly current = new Map<Notice["key"], Notice>();
  async show(notice: Notice): Promise<void> {
    if (notice.message.length > 150) throw new Error(`Notification longer than 150 characters: ${notice.message}`);
    this.shown.push(notice);
    this.current.set(notice.key, notice);
  }
  async clear(key: Notice["key"]): Promise<void> {
    this.current.delete(key);
  }
  get last(): Notice | undefined {
    return this.shown[this.shown.length - 1];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// InterAction side

const STATUS: Record<InterActionErrorCode, number | undefined> = {
  network: undefined,
  timeout: undefined,
  server: 503,
  rateLimited: 429,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  frozen: 409,
  conflict: 409,
  tooLarge: 413,
  ineligible: 422,
  invalid: 400,
  badResponse: undefined,
};
const RETRYABLE = new Set<InterActionErrorCode>(["network", "timeout", "server", "rateLimited", "badResponse"]);

/** An error as the real client raises it for `code`. */
export const apiError = (code: InterActionErrorCode, message?: string, retryAfterMs?: number): InterActionError =>
  new InterActionError(code, message ?? `InterAction error: ${code}.`, RETRYABLE.has(code), STATUS[code], retryAfterMs);

type ApiMethod = keyof InterActionApi;

interface Fault {
  method: ApiMethod | "*";
  times: number;
  /** Throw this error (a function makes a fresh one per call). */
  error?: InterActionError | (() => Error);
  /** Never answer (until `releaseHangs`). */
  hang?: boolean;
  /** Apply the call, then fail the answer (the request reached InterAction, the response was lost). */
  afterApply?: boolean;
}

interface StoredMeeting {
  payload: MeetingPayload;
  ownerEmail: string;
  createdAt: string;
  updatedAt: string;
}

export interface ApiCall {
  method: ApiMethod;
  args: unknown[];
  outcome: "ok" | "error" | "hang";
}

const DAY_MS = 86_400_000;

export class FakeInterActionApi implements InterActionApi {
  settings: CalendarSyncSettings = demoSettings();
  activityTypes: ActivityType[] = [MEETING_TYPE, CALL_TYPE];
  contactTypes: ContactType[] = [TOP_CLIENT, PROSPECT];
  contacts: Record<string, DirectoryContact> = demoContacts();
  /** The signed-in user making the calls (the token's subject). */
  callerEmail = ALICE.email;
  readonly meetings = new Map<string, StoredMeeting>();
  readonly documents = new Map<string, Map<string, DocumentRecord>>();
  readonly calls: ApiCall[] = [];
  private readonly faults: Fault[] = [];
  private readonly idempotency = new Map<string, { request: string; response: unknown }>();
  private readonly hanging: (() => void)[] = [];
  private nextId = 1;

  constructor(readonly clock: Clock = new FixedClock()) {}

  /** The next `times` calls of `method` ("*": any) throw `error`. */
  fail(method: ApiMethod | "*", error: InterActionError | (() => Error), times = 1): this {
    this.faults.push({ method, error, times });
    return this;
  }
  /** The next `times` calls of `method` apply on the server but the answer is lost (the client sees `error`). */
  failAfterApply(method: ApiMethod, error: InterActionError, times = 1): this {
    this.faults.push({ method, error, times, afterApply: true });
    return this;
  }
  /** The next `times` calls of `method` never answer. */
  hang(method: ApiMethod | "*", times = 1): this {
    this.faults.push({ method, hang: true, times });
    return this;
  }
  clearFaults(): void {
    this.faults.length = 0;
  }
  /** Lets hanging calls fail now (so a test leaves nothing pending). */
  releaseHangs(): void {
    this.hanging.splice(0).forEach((release) => release());
  }
  callsOf(method: ApiMethod): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }
  /** Meeting writes that changed something (not repeats, not stale revisions). */
  get appliedWrites(): number {
    return this.applied;
  }
  private applied = 0;
  /** Every revision applied, per meeting, in the order InterAction applied them. */
  readonly appliedRevisions = new Map<string, number[]>();
  private noteApplied(syncKey: string, revision: number): void {
    this.applied++;
    this.appliedRevisions.set(syncKey, [...(this.appliedRevisions.get(syncKey) ?? []), revision]);
  }

  private async call<T>(method: ApiMethod, args: unknown[], body: () => T): Promise<T> {
    const fault = this.faults.find((f) => f.times > 0 && (f.method === method || f.method === "*"));
    if (fault) fault.times--;
    if (fault?.hang) {
      this.calls.push({ method, args: clone(args), outcome: "hang" });
      return new Promise<T>((_, reject) => this.hanging.push(() => reject(apiError("timeout"))));
    }
    const error = fault?.error ? (typeof fault.error === "function" ? fault.error() : fault.error) : undefined;
    if (error && !fault?.afterApply) {
      this.calls.push({ method, args: clone(args), outcome: "error" });
      throw error;
    }
    try {
      const result = clone(body());
      if (error) throw error;
      this.calls.push({ method, args: clone(args), outcome: "ok" });
      return result;
    } catch (e) {
      this.calls.push({ method, args: clone(args), outcome: "error" });
      throw e;
    }
  }

  async getSettings(): Promise<CalendarSyncSettings> {
    return this.call("getSettings", [], () => this.settings);
  }
  async getActivityTypes(): Promise<ActivityType[]> {
    return this.call("getActivityTypes", [], () => this.activityTypes);
  }
  async lookupAttendees(emails: string[]): Promise<AttendeeDirectory> {
    return this.call("lookupAttendees", [emails], () => {
      const contacts: Record<string, DirectoryContact> = {};
      for (const email of emails) {
        const c = this.contacts[email.toLowerCase()];
        if (c) contacts[email.toLowerCase()] = c;
      }
      return { contactTypes: this.contactTypes, contacts };
    });
  }

  /** InterAction's view of a stored meeting at the current time. */
  private view(syncKey: string): MeetingRecord {
    const m = this.meetings.get(syncKey);
    if (!m) throw apiError("notFound", "This meeting is not in InterAction.");
    const now = this.clock.now().getTime();
    const endMs = Date.parse(m.payload.end);
    const syncUntil = new Date(endMs + this.settings.postMeetingSyncDays * DAY_MS).toISOString();
    const contacts: LinkedContact[] = [];
    const companies = new Map<string, LinkedCompany>();
    const unresolved: { email: string; name: string }[] = [];
    for (const a of m.payload.attendees) {
      const c = this.contacts[a.email];
      if (c) {
        contacts.push({
          id: c.contactId,
          name: c.name,
          email: a.email,
          ...(c.company ? { companyId: c.company.id } : {}),
        });
        if (c.company && this.settings.includeAssociatedCompanies)
          companies.set(c.company.id, { id: c.company.id, name: c.company.name });
      } else if (!this.settings.firmDomains.some((d) => a.email.endsWith(`@${d}`))) {
        unresolved.push({ email: a.email, name: a.name });
      }
    }
    return {
      id: `m-${syncKey}`,
      syncKey,
      kind: endMs > now ? "appointment" : "activity",
      status: m.payload.cancelled ? "cancelled" : "scheduled",
      syncUntil,
      frozen: now > Date.parse(syncUntil),
      revision: m.payload.revision,
      contacts,
      companies: [...companies.values()],
      unresolvedAttendees: unresolved,
      documents: [...(this.documents.get(syncKey)?.values() ?? [])],
      updatedAt: m.updatedAt,
    };
  }

  private idempotent<T>(key: string | undefined, request: unknown, apply: () => T): T {
    if (!key) return apply();
    const scoped = `${this.callerEmail}|${key}`;
    const text = JSON.stringify(request);
    const seen = this.idempotency.get(scoped);
    if (seen) {
      if (seen.request !== text) throw apiError("conflict", "This Idempotency-Key was used for a different request.");
      return clone(seen.response) as T;
    }
    const response = apply();
    this.idempotency.set(scoped, { request: text, response: clone(response) });
    return response;
  }

  async upsertMeeting(syncKey: string, payload: MeetingPayload, idempotencyKey: string): Promise<MeetingRecord> {
    return this.call("upsertMeeting", [syncKey, payload, idempotencyKey], () =>
      this.idempotent(idempotencyKey, { syncKey, payload }, () => {
        if (payload.isRecurring || payload.sensitivity === "private")
          throw apiError("ineligible", "Recurring and private meetings can't be added to InterAction.");
        const now = this.clock.now().toISOString();
        const existing = this.meetings.get(syncKey);
        if (!existing) {
          this.meetings.set(syncKey, {
            payload: clone(payload),
            ownerEmail: this.callerEmail,
            createdAt: now,
            updatedAt: now,
          });
          this.noteApplied(syncKey, payload.revision);
          return this.view(syncKey);
        }
        if (payload.revision <= existing.payload.revision) return this.view(syncKey);
        const current = this.view(syncKey);
        if (current.frozen)
          throw apiError("frozen", "This InterAction activity is frozen: its sync window has closed.");
        const organizer = existing.payload.source.organizerEmail;
        const mayChange = this.callerEmail === existing.ownerEmail || this.callerEmail === organizer;
        const organizerOnly = current.kind === "activity" && existing.payload.source.addedBy === "attendee";
        if (!mayChange || (organizerOnly && this.callerEmail !== organizer))
          throw apiError("forbidden", "Only the organizer's changes count for this activity.");
        existing.payload = clone(payload);
        existing.updatedAt = now;
        this.noteApplied(syncKey, payload.revision);
        return this.view(syncKey);
      }),
    );
  }

  async getMeeting(syncKey: string): Promise<MeetingRecord | null> {
    return this.call("getMeeting", [syncKey], () => (this.meetings.has(syncKey) ? this.view(syncKey) : null));
  }

  async uploadDocument(syncKey: string, documentKey: string, doc: DocumentUpload): Promise<DocumentRecord> {
    return this.call("uploadDocument", [syncKey, documentKey, { name: doc.name, contentType: doc.contentType }], () => {
      const record = this.view(syncKey);
      if (record.frozen) throw apiError("frozen", "This InterAction activity is frozen: its sync window has closed.");
      const bytes = Buffer.from(doc.base64, "base64");
      const docs = this.documents.get(syncKey) ?? new Map<string, DocumentRecord>();
      const existing = docs.get(documentKey);
      const document: DocumentRecord = {
        id: existing?.id ?? `doc-${this.nextId++}`,
        documentKey,
        name: doc.name,
        size: bytes.length,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        contentType: doc.contentType,
      };
      docs.set(documentKey, document);
      this.documents.set(syncKey, docs);
      return document;
    });
  }

  /** The stored payload of a meeting (what InterAction holds), for assertions. */
  stored(syncKey: string): MeetingPayload | undefined {
    return clone(this.meetings.get(syncKey)?.payload);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Wiring

export interface Harness {
  deps: SyncDeps;
  item: FakeMailboxItem;
  stateStore: MemoryStateStore;
  storage: MemoryStorage;
  outbox: OutboxStore;
  api: FakeInterActionApi;
  clock: FixedClock;
  notifier: FakeNotifier;
  random: SeededRandom;
}

export interface HarnessOptions {
  snapshot?: Partial<MeetingSnapshot> | MeetingSnapshot;
  state?: SyncState | null;
  now?: string;
  seed?: number;
  settings?: Partial<CalendarSyncSettings>;
  /** Share InterAction, storage or clock between harnesses (two items, two devices). */
  api?: FakeInterActionApi;
  storage?: MemoryStorage;
  clock?: FixedClock;
}

/** Every port wired to a fake; the outbox is the real storage-backed one over the memory storage. */
export const createHarness = (options: HarnessOptions = {}): Harness => {
  const clock = options.clock ?? new FixedClock(options.now);
  const api = options.api ?? new FakeInterActionApi(clock);
  if (options.settings) api.settings = demoSettings(options.settings);
  const storage = options.storage ?? new MemoryStorage();
  const item = new FakeMailboxItem(meetingSnapshot(options.snapshot));
  const stateStore = new MemoryStateStore(options.state ?? null);
  const outbox = createStorageOutbox(storage);
  const notifier = new FakeNotifier();
  const random = new SeededRandom(options.seed);
  return {
    deps: { item, stateStore, outbox, api, clock, notifier, random, storage },
    item,
    stateStore,
    storage,
    outbox,
    api,
    clock,
    notifier,
    random,
  };
};
