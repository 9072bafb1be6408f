// The InterActionApi port (src/sync/ports.ts) over the typed client: what the sync use-cases need, in the domain's
// types. Failures are InterActionError from the client.
import { payloadFingerprint } from "../core/fingerprint";
import { messages } from "../core/messages";
import type { MeetingPayload } from "../core/operations";
import type { DocumentRecord, MeetingDelivery, MeetingRecord } from "../core/record";
import type { ActivityType, AttendeeDirectory, CalendarSyncSettings, DirectoryContact } from "../core/settings";
import type { DocumentUpload, InterActionApi } from "../sync/ports";
import type { ApiDocument, ApiMeetingRecord, InterActionClient } from "./client";
import { decodeBase64Chunked } from "./base64";
import { InterActionError } from "../sync/errors";

/** The largest number of e-mail addresses looked up in one request (the contract allows 100). */
const LOOKUP_BATCH = 100;

const isString = (v: unknown): v is string => typeof v === "string";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A 2xx answer whose body is not the contract's shape (a proxy page, a half-written body): retry later. */
const unreadable = (): InterActionError => new InterActionError("badResponse", messages.interaction.badResponse, true);

const isDocument = (d: unknown): boolean =>
  isObject(d) && isString(d.id) && isString(d.documentKey) && isString(d.name) && typeof d.size === "number";

/** Checks the fields the sync relies on, so a malformed answer is a readable, retryable error, not a TypeError. */
function assertMeetingRecord(r: unknown): asserts r is ApiMeetingRecord {
  const ok =
    isObject(r) &&
    isString(r.id) &&
    isString(r.syncKey) &&
    (r.kind === "appointment" || r.kind === "activity") &&
    isString(r.syncUntil) &&
    typeof r.frozen === "boolean" &&
    typeof r.revision === "number" &&
    Array.isArray(r.contacts) &&
    r.contacts.every((c) => isObject(c) && isString(c.id)) &&
    Array.isArray(r.companies) &&
    r.companies.every((c) => isObject(c) && isString(c.id)) &&
    Array.isArray(r.unresolvedAttendees) &&
    r.unresolvedAttendees.every((a) => isObject(a) && isString(a.email)) &&
    Array.isArray(r.documents) &&
    r.documents.every(isDocument);
  if (!ok) throw unreadable();
}

/** Who wrote the record is shown, never acted on: an entry that cannot be read is left out, the rest is kept. */
const toDeliveries = (list: readonly unknown[]): MeetingDelivery[] =>
  list.flatMap((d) =>
    isObject(d) && isString(d.at) && Number.isInteger(d.revision) && (d.by === "addin" || d.by === "syncService")
      ? [{ at: d.at, revision: d.revision as number, by: d.by }]
      : [],
  );

export function toMeetingRecord(r: ApiMeetingRecord): MeetingRecord {
  assertMeetingRecord(r);
  return {
    id: r.id,
    syncKey: r.syncKey,
    kind: r.kind,
    status: r.status,
    syncUntil: r.syncUntil,
    frozen: r.frozen,
    ...(Array.isArray(r.alsoAddedBy) ? { alsoAddedBy: toLinkOwners(r.alsoAddedBy) } : {}),
    revision: r.revision,
    contacts: r.contacts.map((c) =>
      c.companyId
        ? { id: c.id, name: c.name, email: c.email, companyId: c.companyId }
        : { id: c.id, name: c.name, email: c.email },
    ),
    companies: r.companies.map((c) => ({ id: c.id, name: c.name })),
    unresolvedAttendees: r.unresolvedAttendees.map((a) => ({ email: a.email, name: a.name })),
    documents: r.documents.map(toDocumentRecord),
    updatedAt: r.updatedAt,
    ...(Array.isArray(r.deliveries) ? { deliveries: toDeliveries(r.deliveries) } : {}),
    ...(isString(r.fingerprint) ? { fingerprint: r.fingerprint } : {}),
    ...(r.fieldsRefused === "organizerOnly" || r.fieldsRefused === "frozen" ? { fieldsRefused: r.fieldsRefused } : {}),
    ...(isString(r.iCalUId) ? { iCalUId: r.iCalUId } : {}),
  };
}

/** The record with the ETag its answer carried (the version a compare-and-set write sends back in If-Match). */
const withEtag = (record: MeetingRecord, etag: string | undefined): MeetingRecord =>
  etag ? { ...record, etag } : record;

/** The body of a meeting write: the payload and the writer's fingerprint of it, which InterAction keeps with the
 * revision and answers back (MeetingRecord.fingerprint), so a writer that lost a compare-and-set can tell whether
 * the record already holds its content (core/compareAndSet.ts). */
export const meetingWriteBody = (payload: MeetingPayload) => ({ ...payload, fingerprint: payloadFingerprint(payload) });

/** The colleagues who also added the meeting are shown, never acted on: an unreadable entry is left out. */
const toLinkOwners = (list: readonly unknown[]): NonNullable<MeetingRecord["alsoAddedBy"]> =>
  list.flatMap((o) =>
    isObject(o) && isString(o.email) && isString(o.name) && (o.addedBy === "organizer" || o.addedBy === "attendee")
      ? [{ email: o.email, name: o.name, addedBy: o.addedBy }]
      : [],
  );

export function toDocumentRecord(d: ApiDocument): DocumentRecord {
  if (!isDocument(d)) throw unreadable();
  return {
    id: d.id,
    documentKey: d.documentKey,
    name: d.name,
    size: d.size,
    sha256: d.sha256,
    contentType: d.contentType,
  };
}

export function createInterActionApi(client: InterActionClient): InterActionApi {
  return {
    async getSettings(): Promise<CalendarSyncSettings> {
      const s = await client.getSettings();
      return {
        enabled: s.enabled,
        postMeetingSyncDays: s.postMeetingSyncDays,
        autoAddContactTypeIds: [...s.autoAddContactTypeIds],
        includeAssociatedCompanies: s.includeAssociatedCompanies,
        defaultActivityTypeId: s.defaultActivityTypeId,
        defaultVisibility: s.defaultVisibility,
        firmDomains: s.firmDomains.map((d) => d.toLowerCase()),
      };
    },

    async getActivityTypes(): Promise<ActivityType[]> {
      return (await client.activityTypes()).map((t) => ({ id: t.id, name: t.name }));
    },

    async lookupAttendees(emails: string[]): Promise<AttendeeDirectory> {
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes("@")))];
      const batches: string[][] = [];
      for (let i = 0; i < wanted.length; i += LOOKUP_BATCH) batches.push(wanted.slice(i, i + LOOKUP_BATCH));
      const [contactTypes, pages] = await Promise.all([
        client.contactTypes(),
        Promise.all(batches.map((email) => client.searchContacts({ email, kind: "person", limit: 200 }))),
      ]);
      const contacts: Record<string, DirectoryContact> = {};
      for (const page of pages) {
        for (const c of page.items) {
          if (!c.email) continue;
          const entry: DirectoryContact = { contactId: c.id, name: c.name, contactTypeIds: [...c.contactTypeIds] };
          if (c.company) {
            entry.company = { id: c.company.id, name: c.company.name, contactTypeIds: [...c.company.contactTypeIds] };
          }
          contacts[c.email.toLowerCase()] = entry;
        }
      }
      return { contactTypes: contactTypes.map((t) => ({ id: t.id, name: t.name })), contacts };
    },

    async upsertMeeting(
      syncKey: string,
      payload: MeetingPayload,
      idempotencyKey: string,
      ifMatch?: string,
    ): Promise<MeetingRecord> {
      const { record, etag } = await client.upsertMeeting(syncKey, meetingWriteBody(payload), {
        idempotencyKey,
        ...(ifMatch ? { ifMatch } : {}),
      });
      return withEtag(toMeetingRecord(record), etag);
    },

    async getMeeting(syncKey: string): Promise<MeetingRecord | null> {
      const found = await client.getMeeting(syncKey);
      return found ? withEtag(toMeetingRecord(found.record), found.etag) : null;
    },

    async uploadDocument(syncKey: string, documentKey: string, doc: DocumentUpload): Promise<DocumentRecord> {
      // Decoded in slices with yields between them: a 25 MB attachment must not freeze the pane (see ./base64).
      let bytes: Uint8Array;
      try {
        bytes = await decodeBase64Chunked(doc.base64);
      } catch {
        // Outlook handed over bytes that are not base64: asking again later gets the same bytes, so say so and stop
        // (the task pane shows it with Retry) instead of retrying the same unreadable file forever.
        throw new InterActionError("invalid", messages.request.attachmentNotBase64(doc.name), false);
      }
      const { document } = await client.uploadDocument(syncKey, documentKey, {
        name: doc.name,
        contentType: doc.contentType,
        bytes,
      });
      return toDocumentRecord(document);
    },

    async removeMeetingLink(syncKey, removal, idempotencyKey) {
      const answer = await client.removeMeetingLink(syncKey, removal, { idempotencyKey });
      return { meeting: answer.meeting };
    },
  };
}
