// FakeInterActionApi follows the API contract (api/interaction.openapi.yaml): revisions (a revision that is not newer
// changes nothing), Idempotency-Key repeats, appointment/activity by the clock, the sync window and freezing,
// organizer-only changes after conversion, recurring/private refused, attendee → contact → company resolution, and a
// link's removal (removeMeetingLink: never/left remove the link and refuse its writes up to the removal's revision,
// cancelled is the organizer's). Each syncKey is its own record here; links sharing an iCalUId only decide whether a
// removal keeps the meeting. Failures are injected per method (`fail`, `hang`).
import { createHash } from "node:crypto";
import type { MeetingPayload } from "../../src/core/operations";
import type { DocumentRecord, LinkedCompany, LinkedContact, MeetingRecord } from "../../src/core/record";
import type {
  ActivityType,
  AttendeeDirectory,
  CalendarSyncSettings,
  ContactType,
  DirectoryContact,
} from "../../src/core/settings";
import { InterActionError, type InterActionErrorCode } from "../../src/sync/errors";
import type { Clock, DocumentUpload, InterActionApi } from "../../src/sync/ports";
import { clone } from "./clone";
import { ALICE, CALL_TYPE, demoContacts, demoSettings, MEETING_TYPE, PROSPECT, TOP_CLIENT } from "./demoWorld";
import { FixedClock } from "./fakeTime";
import { applyMeetingWrite, etagOf } from "./fakeMeetingWrites";
import { removeLink, type LinkRemovalReason, type RemovalAnswer, type RemovedLink } from "./fakeRemovedLinks";

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

export interface StoredMeeting {
  payload: MeetingPayload;
  /** The fingerprint the write of the stored revision carried (as the real adapter sends it). */
  fingerprint?: string;
  /** Goes up with every change (a write, a document): the ETag is the revision and this. */
  version?: number;
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
  /** Links removed with removeMeetingLink (never, left), by syncKey. */
  readonly removedLinks = new Map<string, RemovedLink>();
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
      ...(m.fingerprint ? { fingerprint: m.fingerprint } : {}),
      etag: etagOf(m),
    };
  }

  /** The meeting's ETag now (what a GET would answer), for tests that write as another writer. */
  etag(syncKey: string): string | undefined {
    const m = this.meetings.get(syncKey);
    return m ? etagOf(m) : undefined;
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

  async upsertMeeting(
    syncKey: string,
    payload: MeetingPayload,
    idempotencyKey: string,
    ifMatch?: string,
  ): Promise<MeetingRecord> {
    const args =
      ifMatch === undefined ? [syncKey, payload, idempotencyKey] : [syncKey, payload, idempotencyKey, ifMatch];
    return this.call("upsertMeeting", args, () =>
      this.idempotent(idempotencyKey, { syncKey, payload, ifMatch }, () =>
        applyMeetingWrite(this, syncKey, payload, ifMatch, {
          view: () => this.view(syncKey),
          applied: () => this.noteApplied(syncKey, payload.revision),
        }),
      ),
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
      const meeting = this.meetings.get(syncKey);
      if (meeting) meeting.version = (meeting.version ?? 0) + 1;
      return document;
    });
  }

  async removeMeetingLink(
    syncKey: string,
    removal: { reason: LinkRemovalReason | "cancelled"; revision: number },
    idempotencyKey: string,
  ): Promise<RemovalAnswer> {
    return this.call("removeMeetingLink", [syncKey, removal, idempotencyKey], () =>
      this.idempotent(idempotencyKey, { syncKey, removal }, () =>
        removeLink(this, syncKey, removal, () => this.view(syncKey).frozen),
      ),
    );
  }

  /** The stored payload of a meeting (what InterAction holds), for assertions. */
  stored(syncKey: string): MeetingPayload | undefined {
    return clone(this.meetings.get(syncKey)?.payload);
  }
}
