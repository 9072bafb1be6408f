// Helpers for the reliability and security suites: in-process sandboxes (ephemeral port, temp database), the REAL
// typed client and InterActionApi adapter against them, tokens minted with the sandbox's own signing keys (so a fault
// rule on /dev/token never gets in the way), fault rules, the sandbox clock, and direct reads of the sandbox's tables
// for the oracle ("what does InterAction hold").
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { signAccessToken } from "../../dev/sandbox/auth";
import { startSandbox, type FaultRule, type RunningSandbox } from "../../dev/sandbox/server";
import { createInterActionApi, createInterActionClient, type InterActionClient } from "../../src/interaction";
import type { InterActionApi } from "../../src/sync/ports";

export interface ReliabilitySandbox {
  sandbox: RunningSandbox;
  url: string;
  /** A bearer token for a seeded user, signed with the sandbox's own keys (the same as POST /dev/token). */
  tokenFor(email: string): Promise<string>;
  client(email: string, options?: { timeoutMs?: number; fetch?: typeof fetch }): InterActionClient;
  api(email: string, options?: { timeoutMs?: number; fetch?: typeof fetch }): InterActionApi;
  control(method: "GET" | "PUT" | "POST", route: string, body?: unknown): Promise<unknown>;
  setFaults(rules: FaultRule[]): Promise<void>;
  setClock(now: Date | string | null): Promise<void>;
  reset(): Promise<void>;
  /** Rows of the meetings table (what InterAction holds), optionally for the given sync keys only. */
  meetings(syncKeys?: readonly string[]): StoredMeetingRow[];
  /** A colleague's link (issue 14, one meeting per iCalUId): the meeting it is on and the link's own revision; null
   * when there is no link with this key or it was removed. */
  linkOf(syncKey: string): { meetingId: string; revision: number } | null;
  /** How many meetings InterAction holds for one iCalUId (one, or a duplicate). */
  meetingsWithICalUId(iCalUId: string): number;
  attendeesOf(meetingId: string): { email: string; name: string; type: string; response: string }[];
  documentsOf(meetingId: string): { document_key: string; name: string; size: number; sha256: string }[];
  /** The meeting as InterAction answers it (kind, frozen, visibility, ...), read as `email`. */
  recordOf(email: string, syncKey: string): MeetingRecordView | null;
  /** Revisions the sandbox actually wrote (created or overwrote the meeting), in order, since the last reset. */
  appliedRevisions(syncKey: string): number[];
  /** GET /__sandbox/requests: the request log since the last reset (at most 1,000). */
  requests(): Promise<RequestLogEntry[]>;
  close(): Promise<void>;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  idempotencyKey?: string;
  fault?: string;
}

export interface MeetingRecordView {
  kind: string;
  status: string;
  frozen: boolean;
  revision: number;
  /** What the write of that revision carried (payloadFingerprint): whether it holds what the item planned. */
  fingerprint?: string;
  visibility: unknown;
  activityTypeId: string;
  addedBy: string;
}

export interface StoredMeetingRow {
  id: string;
  sync_key: string;
  owner_id: string;
  organizer_email: string;
  added_by: string;
  subject: string;
  location: string;
  start_at: string;
  end_at: string;
  notes: string;
  cancelled: number;
  revision: number;
}

/**
 * One sandbox for a test file: started before its tests, closed after them, reset (and its clock set, if asked) before
 * each test so every test starts from the demo seed. The returned object is filled in by `beforeAll`, so the file can
 * hold it in a const; it has no getters or `this`, so copying its members is all that is needed.
 */
export function useReliabilitySandbox(options: { clock?: Date | string } = {}): ReliabilitySandbox {
  const box = {} as ReliabilitySandbox;
  beforeAll(async () => {
    Object.assign(box, await startReliabilitySandbox());
  }, 60_000);
  afterAll(async () => {
    await box.close?.();
  });
  beforeEach(async () => {
    await box.reset();
    if (options.clock !== undefined) await box.setClock(options.clock);
  });
  return box;
}

export async function startReliabilitySandbox(): Promise<ReliabilitySandbox> {
  const dir = mkdtempSync(path.join(tmpdir(), "interaction-reliability-"));
  const sandbox = await startSandbox({ port: 0, dbFile: path.join(dir, "sandbox.db"), seed: "demo", controls: true });
  // Every applied write of a meeting is recorded on this connection: the oracle checks that applied revisions only
  // ever go up. A create is the INSERT; an update (or cancellation) stores the link's revision once, in a statement
  // that names `revision` (the shared fields and the version bump are separate statements, and document uploads or
  // resolved contacts bump only the version, so neither is counted).
  sandbox.db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS applied_revisions (seq INTEGER PRIMARY KEY, sync_key TEXT, revision INTEGER);
    CREATE TEMP TRIGGER IF NOT EXISTS applied_insert AFTER INSERT ON meetings
      BEGIN INSERT INTO applied_revisions (sync_key, revision) VALUES (NEW.sync_key, NEW.revision); END;
    CREATE TEMP TRIGGER IF NOT EXISTS applied_update AFTER UPDATE OF revision ON meetings
      BEGIN INSERT INTO applied_revisions (sync_key, revision) VALUES (NEW.sync_key, NEW.revision); END;
  `);
  const tokenFor = async (email: string) => {
    const user = sandbox.store.userByEmail(email);
    if (!user) throw new Error(`${email} is not a sandbox user`);
    return signAccessToken(sandbox.keys, { sub: user.id, email: user.email, name: user.name });
  };
  const client = (email: string, options: { timeoutMs?: number; fetch?: typeof fetch } = {}) =>
    createInterActionClient({
      baseUrl: sandbox.url,
      getToken: () => tokenFor(email),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  const control = async (method: "GET" | "PUT" | "POST", route: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
  return {
    sandbox,
    url: sandbox.url,
    tokenFor,
    client,
    api: (email, options) => createInterActionApi(client(email, options)),
    control,
    async setFaults(rules) {
      await control("PUT", "/__sandbox/faults", { rules });
    },
    async setClock(now) {
      await control("PUT", "/__sandbox/clock", { now: now === null ? null : new Date(now).toISOString() });
    },
    async reset() {
      await control("POST", "/__sandbox/reset");
      sandbox.db.exec("DELETE FROM applied_revisions");
    },
    meetings(syncKeys) {
      const rows = sandbox.db.prepare("SELECT * FROM meetings ORDER BY created_at, id").all() as StoredMeetingRow[];
      return syncKeys ? rows.filter((r) => syncKeys.includes(r.sync_key)) : rows;
    },
    linkOf(syncKey) {
      // A colleague's link is a row of meeting_links; the primary one (the first to add it) is the meeting itself.
      const row = sandbox.db
        .prepare("SELECT meeting_id, revision, removed_revision FROM meeting_links WHERE sync_key = ?")
        .get(syncKey) as { meeting_id: string | null; revision: number; removed_revision: number | null } | undefined;
      if (row)
        return row.meeting_id && row.removed_revision === null
          ? { meetingId: row.meeting_id, revision: row.revision }
          : null;
      const primary = sandbox.db.prepare("SELECT id, revision FROM meetings WHERE sync_key = ?").get(syncKey) as
        { id: string; revision: number } | undefined;
      return primary ? { meetingId: primary.id, revision: primary.revision } : null;
    },
    meetingsWithICalUId(iCalUId) {
      return (sandbox.db.prepare("SELECT COUNT(*) AS n FROM meetings WHERE ical_uid = ?").get(iCalUId) as { n: number })
        .n;
    },
    attendeesOf(meetingId) {
      return sandbox.db
        .prepare("SELECT email, name, type, response FROM meeting_attendees WHERE meeting_id = ? ORDER BY position")
        .all(meetingId) as { email: string; name: string; type: string; response: string }[];
    },
    documentsOf(meetingId) {
      return sandbox.db
        .prepare("SELECT document_key, name, size, sha256 FROM documents WHERE meeting_id = ? ORDER BY created_at, id")
        .all(meetingId) as { document_key: string; name: string; size: number; sha256: string }[];
    },
    recordOf(email, syncKey) {
      const user = sandbox.store.userByEmail(email);
      if (!user) throw new Error(`${email} is not a sandbox user`);
      try {
        return sandbox.store.getMeeting(user, syncKey).record as MeetingRecordView;
      } catch {
        return null;
      }
    },
    appliedRevisions(syncKey) {
      return (
        sandbox.db.prepare("SELECT revision FROM applied_revisions WHERE sync_key = ? ORDER BY seq").all(syncKey) as {
          revision: number;
        }[]
      ).map((r) => r.revision);
    },
    async requests() {
      return ((await control("GET", "/__sandbox/requests")) as { items: RequestLogEntry[] }).items;
    },
    async close() {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** mulberry32: the schedules' own seeded PRNG (independent of the product's randomness port). */
export class ReliabilityRng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}
