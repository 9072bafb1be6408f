// What each operation of the contract does, by operationId: the API's (over the store), the dev token routes and the
// /__sandbox controls. The runner has already checked the request against the document and signed the user in.
import { ApiError } from "./apiError";
import { signAccessToken, TOKEN_LIFETIME_SECONDS, type SigningKeys } from "./auth";
import type { FaultInjector, FaultRule } from "./faults";
import type { RequestLog } from "./requestLog";
import type { Ctx, Handler } from "./runner";
import type { Store, UserRow } from "./store";

export interface HandlerDeps {
  store: Store;
  keys: SigningKeys;
  faults: FaultInjector;
  requests: RequestLog;
  /** The sandbox clock: its offset from real time, and setting it (null: real time again). */
  clock: { offsetMs(): number; set(now: string | null): void };
  /** Wipes the database and seeds it again. */
  reseed(): void;
}

const SAFE_CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"]*"|[\w.+-]+))*$/;

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
}

export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  return `${kind}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** X-File-Name: percent-encoded UTF-8, control characters dropped, trimmed; never empty. */
function fileNameOf(header: unknown): string {
  let name: string;
  try {
    name = [...decodeURIComponent(header as string)]
      .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
      .join("")
      .trim();
  } catch {
    throw new ApiError(400, "invalid", "The file name is not valid.", [
      { field: "header.x-file-name", message: "is not percent-encoded UTF-8" },
    ]);
  }
  if (!name) {
    throw new ApiError(400, "invalid", "The file name is empty.", [
      { field: "header.x-file-name", message: "is empty" },
    ]);
  }
  return name;
}

const pageArgs = (q: Record<string, unknown>) => ({ skip: Number(q.skip ?? 0), limit: Number(q.limit ?? 50) });
const requireUser = (ctx: Ctx): UserRow => ctx.user as UserRow;

export function createHandlers(deps: HandlerDeps): Record<string, Handler> {
  const { store, keys, faults } = deps;
  const clockBody = () => ({ now: store.now().toISOString(), offsetMs: deps.clock.offsetMs() });
  const faultsBody = () => ({ rules: faults.list() });
  return {
    getMe: (ctx) => {
      const u = requireUser(ctx);
      return { status: 200, body: { id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin === 1 } };
    },
    getCalendarSyncSettings: () => ({ status: 200, body: store.settings() }),
    putCalendarSyncSettings: (ctx) => ({
      status: 200,
      body: store.putSettings(requireUser(ctx), ctx.body as Parameters<Store["putSettings"]>[1]),
    }),
    listContactTypes: () => ({ status: 200, body: store.contactTypes() }),
    listActivityTypes: () => ({ status: 200, body: store.activityTypes() }),
    listGroups: (ctx) => ({ status: 200, body: store.groupsOf(requireUser(ctx)) }),
    searchContacts: (ctx) => ({
      status: 200,
      body: store.searchContacts({
        q: ctx.query.q as string | undefined,
        email: ctx.query.email as string[] | undefined,
        kind: ctx.query.kind as "person" | "company" | undefined,
        ...pageArgs(ctx.query),
      }),
    }),
    addContact: (ctx) => ({ status: 201, body: store.addContact(ctx.body as Parameters<Store["addContact"]>[0]) }),
    searchCompanyMeetings: (ctx) => ({
      status: 200,
      body: store.companyMeetings(requireUser(ctx), {
        companyId: ctx.query.companyId as string,
        from: ctx.query.from as string | undefined,
        to: ctx.query.to as string | undefined,
        includeCancelled: ctx.query.includeCancelled === true,
        ...pageArgs(ctx.query),
      }),
    }),
    getMeeting: (ctx) => {
      const { record, etag } = store.getMeeting(requireUser(ctx), ctx.params.syncKey as string);
      return { status: 200, body: record, headers: { etag } };
    },
    upsertMeeting: (ctx) => {
      const r = store.upsertMeeting(
        requireUser(ctx),
        ctx.params.syncKey as string,
        ctx.body as Parameters<Store["upsertMeeting"]>[2],
        ctx.headers["if-match"] as string | undefined,
        ctx.headers["if-none-match"] === "*",
      );
      return { status: r.status, body: r.record, headers: { etag: r.etag } };
    },
    removeMeetingLink: (ctx) => ({
      status: 200,
      body: store.removeMeetingLink(
        requireUser(ctx),
        ctx.params.syncKey as string,
        ctx.body as Parameters<Store["removeMeetingLink"]>[2],
      ),
    }),
    mergeDuplicateMeetings: (ctx) => ({
      status: 200,
      body: store.mergeDuplicateMeetings(requireUser(ctx), ctx.body as Parameters<Store["mergeDuplicateMeetings"]>[1]),
    }),
    putDocument: (ctx) => {
      const name = fileNameOf(ctx.headers["x-file-name"]);
      const rawType = String(ctx.headers["content-type"] ?? "").trim();
      const contentType = SAFE_CONTENT_TYPE.test(rawType) ? rawType : "application/octet-stream";
      const r = store.putDocument(requireUser(ctx), ctx.params.syncKey as string, ctx.params.documentKey as string, {
        name,
        contentType,
        bytes: ctx.body as Buffer,
      });
      return { status: r.status, body: r.document };
    },
    getDocumentContent: (ctx) => {
      const d = store.documentContent(requireUser(ctx), ctx.params.id as string);
      return {
        status: 200,
        binary: d.content,
        headers: {
          "content-type": d.contentType,
          "content-disposition": contentDisposition("attachment", d.name),
          "x-content-type-options": "nosniff",
          "content-security-policy": "sandbox",
          etag: `"${d.sha256}"`,
        },
      };
    },
    issueDevToken: async (ctx) => {
      const email = String((ctx.body as { email: string }).email);
      const user = store.userByEmail(email);
      if (!user) {
        throw new ApiError(401, "unauthorized", `${email} is not an InterAction user.`);
      }
      const client = (ctx.body as { client?: "addin" | "syncService" }).client ?? "addin";
      const token = await signAccessToken(keys, { sub: user.id, email: user.email, name: user.name, client });
      return { status: 200, body: { access_token: token, token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS } };
    },
    getDevJwks: () => ({ status: 200, body: { keys: [keys.publicJwk] } }),
    getSandboxClock: () => ({ status: 200, body: clockBody() }),
    setSandboxClock: (ctx) => {
      deps.clock.set((ctx.body as { now: string | null }).now);
      return { status: 200, body: clockBody() };
    },
    getSandboxFaults: () => ({ status: 200, body: faultsBody() }),
    setSandboxFaults: async (ctx) => {
      await faults.replace((ctx.body as { rules: FaultRule[] }).rules);
      return { status: 200, body: faultsBody() };
    },
    getSandboxRequests: () => ({ status: 200, body: { items: deps.requests.items() } }),
    resetSandbox: async () => {
      await faults.releaseHeld();
      deps.reseed();
      faults.clear();
      deps.requests.clear();
      deps.clock.set(null);
      return { status: 204 };
    },
  };
}
