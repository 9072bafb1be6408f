// The thin typed InterAction client: generated types (schema.d.ts, from api/interaction.openapi.yaml) + openapi-fetch.
// Every endpoint is a typed call, never a hand-built URL. A bearer token from a pluggable provider (bearerAuth.ts,
// openapi-fetch middleware, with the 401 retry); a timeout per request and every failure mapped to InterActionError
// with a readable message and whether a retry can help (timedCall.ts). The operations' types are in contract.ts.
// Runs in browsers and in Outlook's DOM-less event runtime: absolute URLs, fetch only, no Node APIs, no window.
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { messages } from "../core/messages";
import { InterActionError } from "../sync/errors";
import { bearerAuth, ensureOpenapiFetchGlobals } from "./bearerAuth";
import type { InterActionClient, InterActionClientOptions } from "./contract";
import { requireData, timedCall } from "./timedCall";

export { errorFromResponse, parseRetryAfter } from "./httpErrors";
export type { TokenGetter } from "./bearerAuth";
export type {
  Schemas,
  ApiUser,
  ApiSettings,
  ApiContact,
  ApiContactPage,
  ApiNewContact,
  ApiMeetingPayload,
  ApiMeetingRecord,
  ApiDocument,
  ApiCompanyMeetingPage,
  ApiCompanyMeeting,
  ApiContactType,
  ApiActivityType,
  ApiGroup,
  ApiErrorBody,
  InterActionClientOptions,
  WriteOptions,
  ReadOptions,
  InterActionClient,
} from "./contract";

const DEFAULT_TIMEOUT_MS = 15000;

/** The data of an answer that must carry a body (most calls; those that read headers too take it themselves). */
const dataOf = <T>(answer: Promise<{ data: T }>): Promise<T> => answer.then(({ data }) => requireData(data));

export function createInterActionClient(options: InterActionClientOptions): InterActionClient {
  if (!/^https?:\/\//i.test(options.baseUrl)) {
    throw new Error(messages.request.relativeAddress(options.baseUrl));
  }
  ensureOpenapiFetchGlobals();
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  // Request and fetch are passed explicitly so openapi-fetch never reaches for globalThis (ES2020).
  const api = createClient<paths>({ baseUrl, Request, fetch: (request: Request) => baseFetch(request) });
  api.use(bearerAuth(options.getToken));
  const call = timedCall(baseFetch, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  const client: InterActionClient = {
    baseUrl,
    me: () => dataOf(call((init) => api.GET("/api/v1/me", init))),
    getSettings: () => dataOf(call((init) => api.GET("/api/v1/settings/calendar-sync", init))),
    putSettings: (settings, opts = {}) =>
      dataOf(
        call((init) => api.PUT("/api/v1/settings/calendar-sync", { ...init, body: settings }), {
          "Idempotency-Key": opts.idempotencyKey,
        }),
      ),
    contactTypes: () => dataOf(call((init) => api.GET("/api/v1/contact-types", init))),
    activityTypes: () => dataOf(call((init) => api.GET("/api/v1/activity-types", init))),
    groups: () => dataOf(call((init) => api.GET("/api/v1/groups", init))),
    searchContacts: (query, opts = {}) =>
      dataOf(call((init) => api.GET("/api/v1/contacts", { ...init, params: { query } }), {}, opts.signal)),
    searchCompanies(q, page = {}, opts = {}) {
      return client.searchContacts({ q, kind: "company", ...page }, opts);
    },
    addContact: (contact, opts = {}) =>
      dataOf(
        call((init) => api.POST("/api/v1/contacts", { ...init, body: contact }), {
          "Idempotency-Key": opts.idempotencyKey,
        }),
      ),
    companyMeetings: (query, opts = {}) =>
      dataOf(call((init) => api.GET("/api/v1/meetings", { ...init, params: { query } }), {}, opts.signal)),
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
        {
          "Idempotency-Key": opts.idempotencyKey,
          "If-Match": opts.ifMatch,
          "If-None-Match": opts.createOnly ? "*" : undefined,
        },
      );
      return {
        record: requireData(data),
        etag: response.headers.get("ETag") ?? undefined,
        created: response.status === 201,
        replayed: response.headers.get("Idempotent-Replayed") === "true",
      };
    },
    removeMeetingLink: (syncKey, removal, opts = {}) =>
      dataOf(
        call(
          (init) =>
            api.POST("/api/v1/meetings/{syncKey}/removal", { ...init, params: { path: { syncKey } }, body: removal }),
          { "Idempotency-Key": opts.idempotencyKey },
        ),
      ),
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
