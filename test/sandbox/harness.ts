// Starts a sandbox in-process on an ephemeral port with a temp database, and hands out typed clients per user.
// Every answer those clients (and `h.fetch`) receive is checked against the OpenAPI document by the tests' own
// checker (contractChecker.ts: its own Ajv over the document, no sandbox code), so a bug in the sandbox's validator
// cannot hide a broken answer; `close()` fails the test file when any broke it, even if the test only looked at a field.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import createClient from "openapi-fetch";
import { startSandbox, type RunningSandbox } from "../../dev/sandbox/server";
import type { RateLimit } from "../../dev/sandbox/rateLimit";
import type { SeedName } from "../../dev/sandbox/seed";
import { createInterActionClient, type InterActionClient } from "../../src/interaction";
import type { paths } from "../../src/interaction/schema";
import type { MeetingPayload } from "../../src/core/operations";
import { createContractChecker } from "./contractChecker";

export interface Harness {
  sandbox: RunningSandbox;
  dir: string;
  dbFile: string;
  /** Untyped-auth client for the dev and /__sandbox routes. */
  raw: ReturnType<typeof createClient<paths>>;
  /** fetch, with the answer checked against the contract. */
  fetch: typeof fetch;
  /** "METHOD /path status: field message; ..." for every answer that broke the contract so far. */
  violations: string[];
  tokenFor(email: string): Promise<string>;
  clientFor(email: string, options?: { timeoutMs?: number }): InterActionClient;
  setClock(now: string | Date | null): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

const checker = createContractChecker();

/**
 * Wraps `base` so every answer to an operation of the contract is checked against that operation's documented
 * response for its status; problems are pushed to `violations` (the answer itself is passed on untouched). Routes the
 * contract does not have (the web view, unknown paths) and answers the sandbox deliberately garbled
 * (`x-sandbox-fault: malformed`) are not checked.
 */
export function checkedFetch(base: typeof fetch, violations: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await base(request);
    if (response.headers.get("x-sandbox-fault") === "malformed") return response;
    const pathname = new URL(request.url).pathname;
    const contentType = response.headers.get("content-type");
    // Only JSON is read as text (a document's bytes are not the checker's business, and stay unread here).
    const text = /json/i.test(contentType ?? "") || !contentType ? await response.clone().text() : "";
    const problems = checker.problems(request.method, pathname, response.status, contentType, text);
    if (problems?.length) violations.push(`${request.method} ${pathname} ${response.status}: ${problems.join("; ")}`);
    return response;
  };
}

export async function startHarness(
  options: { seed?: SeedName; controls?: boolean; rateLimit?: RateLimit } = {},
): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), "interaction-sandbox-"));
  const dbFile = path.join(dir, "sandbox.db");
  const start = () =>
    startSandbox({
      port: 0,
      dbFile,
      seed: options.seed ?? "demo",
      controls: options.controls ?? true,
      rateLimit: options.rateLimit,
    });
  const violations: string[] = [];
  const checked = checkedFetch((input, init) => fetch(input, init), violations);
  const rawClient = () => createClient<paths>({ baseUrl: h.sandbox.url, fetch: (request) => checked(request) });
  const h: Harness = {
    sandbox: await start(),
    dir,
    dbFile,
    raw: undefined as unknown as Harness["raw"],
    fetch: checked,
    violations,
    async tokenFor(email) {
      const { data, error } = await h.raw.POST("/dev/token", { body: { email } });
      if (!data) throw new Error(`no token for ${email}: ${JSON.stringify(error)}`);
      return data.access_token;
    },
    clientFor(email, clientOptions = {}) {
      let token: Promise<string> | undefined;
      return createInterActionClient({
        baseUrl: h.sandbox.url,
        timeoutMs: clientOptions.timeoutMs,
        fetch: checked,
        getToken: (o) => {
          if (!token || o?.forceRefresh) token = h.tokenFor(email);
          return token;
        },
      });
    },
    async setClock(now) {
      const value = now === null ? null : new Date(now).toISOString();
      const { error } = await h.raw.PUT("/__sandbox/clock", { body: { now: value } });
      if (error) throw new Error(JSON.stringify(error));
    },
    async restart() {
      await h.sandbox.close();
      h.sandbox = await start();
      h.raw = rawClient();
    },
    async close() {
      await h.sandbox.close();
      rmSync(dir, { recursive: true, force: true });
      if (violations.length) {
        throw new Error(`The sandbox answered outside the API contract:\n${violations.join("\n")}`);
      }
    },
  };
  h.raw = rawClient();
  return h;
}

let counter = 0;
export const newSyncKey = (): string => `sk-${Date.now().toString(36)}-${(counter++).toString(36)}`;

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
export { HOUR, DAY };

/** A meeting organized by `organizer`, starting `startIn` from `now`, with Carol (Acme), Bob and an unknown guest. */
export function meeting(overrides: Partial<MeetingPayload> & { now?: Date; startIn?: number } = {}): MeetingPayload {
  const { now = new Date(), startIn = 2 * DAY, ...rest } = overrides;
  const start = new Date(now.getTime() + startIn);
  return {
    revision: 1,
    source: { itemId: "AAMkAG-item-1", organizerEmail: "alice@firm.example", addedBy: "organizer" },
    subject: "Acme Q3 strategy review",
    location: "Board room 4",
    start: start.toISOString(),
    end: new Date(start.getTime() + HOUR).toISOString(),
    notes: "Agenda: term sheet, timeline.",
    attendees: [
      { email: "alice@firm.example", name: "Alice Archer", type: "required", response: "organizer" },
      { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "accepted" },
      { email: "bob@firm.example", name: "Bob Baker", type: "optional", response: "tentative" },
      { email: "zoe@newco.example", name: "Zoe Zimmer", type: "optional", response: "none" },
      { email: "room4@firm.example", name: "Board room 4", type: "resource", response: "accepted" },
    ],
    visibility: "everyone",
    activityTypeId: "at-meeting",
    cancelled: false,
    isRecurring: false,
    sensitivity: "normal",
    ...rest,
  };
}
