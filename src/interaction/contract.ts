// What the typed InterAction client offers its callers: the contract's schemas under short names and the
// operations, one per endpoint. The implementation is client.ts; the timeout and error mapping, timedCall.ts.
import type { components } from "./schema";
import type { TokenGetter } from "./bearerAuth";

export type Schemas = components["schemas"];
export type ApiUser = Schemas["User"];
export type ApiSettings = Schemas["CalendarSyncSettings"];
export type ApiContact = Schemas["Contact"];
export type ApiContactPage = Schemas["ContactPage"];
export type ApiNewContact = Schemas["NewContact"];
export type ApiMeetingPayload = Schemas["MeetingPayload"];
export type ApiMeetingRecord = Schemas["MeetingRecord"];
export type ApiDocument = Schemas["DocumentRecord"];
export type ApiCompanyMeetingPage = Schemas["CompanyMeetingPage"];
export type ApiCompanyMeeting = Schemas["CompanyMeeting"];
export type ApiContactType = Schemas["ContactType"];
export type ApiActivityType = Schemas["ActivityType"];
export type ApiGroup = Schemas["Group"];
export type ApiErrorBody = Schemas["Error"];

export interface InterActionClientOptions {
  /** Absolute, e.g. "https://interaction.firm.example" or "http://127.0.0.1:4010". */
  baseUrl: string;
  getToken: TokenGetter;
  /** Per request, default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface WriteOptions {
  idempotencyKey?: string;
}

/** For reads a caller may give up on (the task pane's search): aborting `signal` aborts the HTTP request. */
export interface ReadOptions {
  signal?: AbortSignal;
}

export interface InterActionClient {
  readonly baseUrl: string;
  me(): Promise<ApiUser>;
  getSettings(): Promise<ApiSettings>;
  putSettings(settings: ApiSettings, options?: WriteOptions): Promise<ApiSettings>;
  contactTypes(): Promise<ApiContactType[]>;
  activityTypes(): Promise<ApiActivityType[]>;
  groups(): Promise<ApiGroup[]>;
  searchContacts(
    query: {
      q?: string;
      email?: string[];
      kind?: "person" | "company";
      skip?: number;
      limit?: number;
    },
    options?: ReadOptions,
  ): Promise<ApiContactPage>;
  /** Companies whose name or domain contains `q`. */
  searchCompanies(q: string, page?: { skip?: number; limit?: number }, options?: ReadOptions): Promise<ApiContactPage>;
  addContact(contact: ApiNewContact, options?: WriteOptions): Promise<ApiContact>;
  companyMeetings(
    query: {
      companyId: string;
      from?: string;
      to?: string;
      includeCancelled?: boolean;
      skip?: number;
      limit?: number;
    },
    options?: ReadOptions,
  ): Promise<ApiCompanyMeetingPage>;
  /** null when the meeting is not in InterAction. */
  getMeeting(syncKey: string): Promise<{ record: ApiMeetingRecord; etag?: string } | null>;
  upsertMeeting(
    syncKey: string,
    payload: ApiMeetingPayload,
    /** ifMatch: only if the record is still that version; createOnly: only if there is no record (If-None-Match). */
    options?: WriteOptions & { ifMatch?: string; createOnly?: boolean },
  ): Promise<{ record: ApiMeetingRecord; etag?: string; created: boolean; replayed: boolean }>;
  /** Removes this link (never, left) or cancels the meeting (cancelled), without the meeting's fields. */
  removeMeetingLink(
    syncKey: string,
    removal: Schemas["LinkRemovalRequest"],
    options?: WriteOptions,
  ): Promise<Schemas["LinkRemoval"]>;
  uploadDocument(
    syncKey: string,
    documentKey: string,
    file: { name: string; contentType: string; bytes: Uint8Array },
    options?: WriteOptions,
  ): Promise<{ document: ApiDocument; created: boolean }>;
  documentContent(documentId: string): Promise<{ bytes: Uint8Array; contentType: string }>;
}
