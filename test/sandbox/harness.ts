// Starts a sandbox in-process on an ephemeral port with a temp database, and hands out typed clients per user.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import createClient from "openapi-fetch";
import { startSandbox, type RunningSandbox } from "../../dev/sandbox/server";
import type { SeedName } from "../../dev/sandbox/seed";
import { createInterActionClient, type InterActionClient } from "../../src/interaction";
import type { paths } from "../../src/interaction/schema";
import type { MeetingPayload } from "../../src/core/operations";

export interface Harness {
  sandbox: RunningSandbox;
  dir: string;
  dbFile: string;
  /** Untyped-auth client for the dev and /__sandbox routes. */
  raw: ReturnType<typeof createClient<paths>>;
  tokenFor(email: string): Promise<string>;
  clientFor(email: string, options?: { timeoutMs?: number }): InterActionClient;
  setClock(now: string | Date | null): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: { seed?: SeedName; controls?: boolean } = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), "interaction-sandbox-"));
  const dbFile = path.join(dir, "sandbox.db");
  const start = () =>
    startSandbox({ port: 0, dbFile, seed: options.seed ?? "demo", controls: options.controls ?? true });
  const h: Harness = {
    sandbox: await start(),
    dir,
    dbFile,
    raw: undefined as unknown as Harness["raw"],
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
      h.raw = createClient<paths>({ baseUrl: h.sandbox.url });
    },
    async close() {
      await h.sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  h.raw = createClient<paths>({ baseUrl: h.sandbox.url });
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
