// The thin typed InterAction client: generated types (schema.d.ts, from api/interaction.openapi.yaml) + openapi-fetch.
// Every endpoint is a typed call, never a hand-built URL. A bearer token from a pluggable provider (bearerAuth.ts,
// openapi-fetch middleware, with the 401 retry), a timeout per request, and every failure mapped to InterActionError
// with a readable message and whether a retry can help.
// Runs in browsers and in Outlook's DOM-less event runtime: absolute URLs, fetch only, no Node APIs, no window.
import createClient, { type FetchOptions } from "openapi-fetch";
import type { components, paths } from "./schema";
import { messages } from "../core/messages";
import { InterActionError } from "../sync/errors";
import { bearerAuth, ensureOpenapiFetchGlobals, type TokenGetter } from "./bearerAuth";
import { errorFromResponse, GENERIC_MESSAGES } from "./httpErrors";

export { errorFromResponse, parseRetryAfter } from "./httpErrors";
export type { TokenGetter } from "./bearerAuth";

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
    options?: WriteOptions & { ifMatch?: string },
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

const DEFAULT_TIMEOUT_MS = 15000;

const isAbort = (e: unknown): boolean =>
  typeof e === "object" && e !== null && ((e as Error).name === "AbortError" || (e as Error).name === "TimeoutError");

export function createInterActionClient(options: InterActionClientOptions): InterActionClient {
  if (!/^https?:\/\//i.test(options.baseUrl)) {
    throw new Error(messages.request.relativeAddress(options.baseUrl));
  }
  ensureOpenapiFetchGlobals();
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  // Request and fetch are passed explicitly so openapi-fetch never reaches for globalThis (ES2020).
  const api = createClient<paths>({ baseUrl, Request, fetch: (request: Request) => baseFetch(request) });
  api.use(bearerAuth(options.getToken));

  interface Answer<T> {
    data?: T;
    error?: unknown;
    response: Response;
  }
  type Init = Pick<FetchOptions<unknown>, "fetch" | "middleware"> & {
    headers: Record<string, string>;
    signal: AbortSignal;
  };

  /**
   * Runs one typed call with a timeout and error mapping (the token and the 401 retry are bearerAuth's). `send`
   * receives what to pass on. The timeout runs from the moment a request leaves (after its token: a sign-in takes
   * as long as the user needs) until its answer's body is read; it stops while a refused token is renewed, and the
   * retry gets a timeout of its own. Aborting `caller` (the caller gave up) aborts the request and rethrows the
   * abort as it is: it is neither a timeout nor a failure of InterAction.
   */
  async function call<T>(
    send: (init: Init) => Promise<Answer<T>>,
    extraHeaders: Record<string, string | undefined> = {},
    caller?: AbortSignal,
  ): Promise<{ data: T; response: Response }> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(extraHeaders)) if (v !== undefined) headers[k] = v;
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopClock = () => clearTimeout(timer);
    const startClock = () => {
      stopClock();
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    const callerAborted = () => controller.abort();
    if (caller?.aborted) controller.abort();
    else caller?.addEventListener("abort", callerAborted);
    let answer: Answer<T>;
    try {
      answer = await send({
        headers,
        signal: controller.signal,
        // openapi-fetch hands middleware this fetch too, so bearerAuth's retry starts its own clock.
        fetch: (request: Request) => (startClock(), baseFetch(request)),
        // Runs before bearerAuth's onResponse (request middleware answer first): no clock while a token is renewed.
        middleware: [{ onResponse: ({ response }) => void (response.status === 401 && stopClock()) }],
      });
    } catch (e) {
      if (e instanceof InterActionError) throw e;
      if (caller?.aborted && !timedOut) throw e;
      if (timedOut || isAbort(e)) {
        throw new InterActionError("timeout", messages.request.timedOutAfter(timeoutMs), true);
      }
      // By name: the JSON parser of fetch's Response may live in another realm (instanceof would fail).
      if ((e as Error)?.name === "SyntaxError") {
        throw new InterActionError("badResponse", GENERIC_MESSAGES.badResponse, true);
      }
      throw new InterActionError("network", GENERIC_MESSAGES.network, true);
    } finally {
      stopClock();
      caller?.removeEventListener("abort", callerAborted);
    }
    const { response } = answer;
    if (response.ok) return { data: answer.data as T, response };
    throw errorFromResponse(response.status, answer.error, response.headers.get("Retry-After"));
  }

  const requireData = <T>(data: T | undefined): T => {
    if (data === undefined || data === null) {
      throw new InterActionError("badResponse", GENERIC_MESSAGES.badResponse, true);
    }
    return data;
  };

  const client: InterActionClient = {
    baseUrl,
    async me() {
      const { data } = await call((init) => api.GET("/api/v1/me", init));
      return requireData(data);
    },
    async getSettings() {
      const { data } = await call((init) => api.GET("/api/v1/settings/calendar-sync", init));
      return requireData(data);
    },
    async putSettings(settings, opts = {}) {
      const { data } = await call((init) => api.PUT("/api/v1/settings/calendar-sync", { ...init, body: settings }), {
        "Idempotency-Key": opts.idempotencyKey,
      });
      return requireData(data);
    },
    async contactTypes() {
      const { data } = await call((init) => api.GET("/api/v1/contact-types", init));
      return requireData(data);
    },
    async activityTypes() {
      const { data } = await call((init) => api.GET("/api/v1/activity-types", init));
      return requireData(data);
    },
    async groups() {
      const { data } = await call((init) => api.GET("/api/v1/groups", init));
      return requireData(data);
    },
    async searchContacts(query, opts = {}) {
      const { data } = await call(
        (init) => api.GET("/api/v1/contacts", { ...init, params: { query } }),
        {},
        opts.signal,
      );
      return requireData(data);
    },
    searchCompanies(q, page = {}, opts = {}) {
      return client.searchContacts({ q, kind: "company", ...page }, opts);
    },
    async addContact(contact, opts = {}) {
      const { data } = await call((init) => api.POST("/api/v1/contacts", { ...init, body: contact }), {
        "Idempotency-Key": opts.idempotencyKey,
      });
      return requireData(data);
    },
    async companyMeetings(query, opts = {}) {
      const { data } = await call(
        (init) => api.GET("/api/v1/meetings", { ...init, params: { query } }),
        {},
        opts.signal,
      );
      return requireData(data);
    },
    async getMeeting(syncKey) {
      try {
        const { data, response } = await call((init) =>
          api.GET("/api/v1/meetings/{syncKey}", { ...init, params: { path: { syncKey } } }),
        );
        return { record: requireData(data), etag: response.headers.get("ETag") ?? undefined };
      } catch (e) {
        if (e instanceof InterActionError && e.code === "notFound") return null;
        throw e;
      }
    },
    async upsertMeeting(syncKey, payload, opts = {}) {
      const { data, response } = await call(
        (init) => api.PUT("/api/v1/meetings/{syncKey}", { ...init, params: { path: { syncKey } }, body: payload }),
        { "Idempotency-Key": opts.idempotencyKey, "If-Match": opts.ifMatch },
      );
      return {
        record: requireData(data),
        etag: response.headers.get("ETag") ?? undefined,
        created: response.status === 201,
        replayed: response.headers.get("Idempotent-Replayed") === "true",
      };
    },
    async removeMeetingLink(syncKey, removal, opts = {}) {
      const { data } = await call(
        (init) =>
          api.POST("/api/v1/meetings/{syncKey}/removal", { ...init, params: { path: { syncKey } }, body: removal }),
        { "Idempotency-Key": opts.idempotencyKey },
      );
      return requireData(data);
    },
    async uploadDocument(syncKey, documentKey, file, opts = {}) {
      const { data, response } = await call(
        (init) =>
          api.PUT("/api/v1/meetings/{syncKey}/documents/{documentKey}", {
            ...init,
            params: { path: { syncKey, documentKey }, header: { "X-File-Name": encodeURIComponent(file.name) } },
            // The body is the file's raw bytes; the generated type says "string" for binary content. Sent as a Blob
            // where there is one: Chromium spent seconds inside fetch() itself, blocking the page, on a 25 MB
            // Uint8Array body, and next to nothing on the same bytes as a Blob. The JS-only runtime may lack Blob.
            body: file.bytes as unknown as string,
            bodySerializer: (bytes: unknown) =>
              (typeof Blob === "function" ? new Blob([bytes as Uint8Array<ArrayBuffer>]) : bytes) as NonNullable<
                NonNullable<Parameters<typeof fetch>[1]>["body"]
              >,
          }),
        {
          "Content-Type": file.contentType || "application/octet-stream",
          "Idempotency-Key": opts.idempotencyKey,
        },
      );
      return { document: requireData(data), created: response.status === 201 };
    },
    async documentContent(documentId) {
      const { data, response } = await call((init) =>
        api.GET("/api/v1/documents/{id}/content", {
          ...init,
          params: { path: { id: documentId } },
          parseAs: "arrayBuffer",
        }),
      );
      return {
        bytes: new Uint8Array(requireData(data as unknown as ArrayBuffer)),
        contentType: response.headers.get("Content-Type") ?? "application/octet-stream",
      };
    },
  };
  return client;
}
