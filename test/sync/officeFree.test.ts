// src/sync assumes nothing about Office: a process with no Office at all (no Office or OfficeRuntime globals, no item,
// no custom properties, no runtime storage) runs the same use-cases with adapters of its own, as the sync service
// will: a meeting read from a plain record (as from Microsoft Graph), its state in a table, storage in a map, a
// notifier that logs. Any touch of an Office global during the runs is recorded and fails the test.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { MeetingPayload } from "../../src/core/operations";
import type { MeetingRecord } from "../../src/core/record";
import type { Notice } from "../../src/core/notice";
import type { SyncState } from "../../src/core/syncState";
import { deliverOutbox } from "../../src/sync/deliverOutbox";
import type { SyncDeps } from "../../src/sync/deps";
import type { InterActionApi, KeyValueStorage } from "../../src/sync/ports";
import { runSync } from "../../src/sync/runSync";
import { createStorageOutbox } from "../../src/sync/storageOutbox";
import { createTurns } from "../../src/sync/turns";

const OFFICE_GLOBALS = ["Office", "OfficeRuntime", "Outlook"] as const;
const touched: string[] = [];
const scope = globalThis as Record<string, unknown>;

beforeAll(() => {
  for (const name of OFFICE_GLOBALS) {
    expect(name in scope).toBe(false); // this process really has no Office
    Object.defineProperty(scope, name, {
      configurable: true,
      get: () => {
        touched.push(name);
        return undefined;
      },
    });
  }
});
afterAll(() => {
  for (const name of OFFICE_GLOBALS) delete scope[name];
});

/** A meeting as a server reads it (Graph event mapped to the domain): committed, no form, nothing new. */
const fromExchange = (over: Partial<MeetingSnapshot> = {}): MeetingSnapshot => ({
  itemId: "AAMkAD-exchange-1",
  subject: "Acme quarterly review",
  start: "2026-11-26T10:00:00.000Z",
  end: "2026-11-26T11:00:00.000Z",
  location: "Room 4",
  organizer: { email: "alice@firm.example", name: "Alice Adams" },
  attendees: [
    { email: "alice@firm.example", name: "Alice Adams", type: "required", response: "organizer" },
    { email: "carol@acme.example", name: "Carol Jones", type: "required", response: "accepted" },
  ],
  notes: "Agenda.",
  attachments: [],
  isRecurring: false,
  sensitivity: "normal",
  isCancelled: false,
  role: "organizer",
  user: { email: "alice@firm.example", name: "Alice Adams" },
  userResponse: "organizer",
  isNew: false,
  ...over,
});

/** InterAction as a server-side adapter would see it: an in-memory table of meetings. */
const interAction = () => {
  const meetings = new Map<string, { payload: MeetingPayload; revision: number }>();
  const record = (syncKey: string, revision: number): MeetingRecord => ({
    id: `m-${syncKey}`,
    syncKey,
    kind: "appointment",
    status: "scheduled",
    syncUntil: "2026-12-26T11:00:00.000Z",
    frozen: false,
    revision,
    contacts: [],
    companies: [],
    unresolvedAttendees: [],
    documents: [],
    updatedAt: "2026-11-25T09:00:00.000Z",
  });
  const api: InterActionApi = {
    getSettings: async () => ({
      enabled: true,
      postMeetingSyncDays: 30,
      autoAddContactTypeIds: ["ct-top-client"],
      includeAssociatedCompanies: true,
      defaultActivityTypeId: "at-meeting",
      defaultVisibility: "everyone",
      firmDomains: ["firm.example"],
    }),
    getActivityTypes: async () => [{ id: "at-meeting", name: "Meeting" }],
    lookupAttendees: async () => ({
      contactTypes: [{ id: "ct-top-client", name: "Top Client" }],
      contacts: {
        "carol@acme.example": {
          contactId: "c-carol",
          name: "Carol Jones",
          contactTypeIds: [],
          company: { id: "co-acme", name: "Acme Corporation", contactTypeIds: ["ct-top-client"] },
        },
      },
    }),
    upsertMeeting: async (syncKey, payload) => {
      const known = meetings.get(syncKey);
      if (!known || payload.revision > known.revision) meetings.set(syncKey, { payload, revision: payload.revision });
      return record(syncKey, meetings.get(syncKey)!.revision);
    },
    getMeeting: async (syncKey) => {
      const known = meetings.get(syncKey);
      return known ? record(syncKey, known.revision) : null;
    },
    uploadDocument: async () => {
      throw new Error("no documents in this test");
    },
  };
  return { api, meetings };
};

/** One mailbox's adapters: no Office anywhere. */
const serverDeps = (snapshot: () => MeetingSnapshot, api: InterActionApi) => {
  const rows = new Map<string, SyncState>();
  const kv = new Map<string, string>();
  const storage: KeyValueStorage = {
    getItem: async (k) => kv.get(k) ?? null,
    setItem: async (k, v) => void kv.set(k, v),
    removeItem: async (k) => void kv.delete(k),
  };
  const log: Notice[] = [];
  let n = 0;
  const deps: SyncDeps = {
    item: {
      read: async () => snapshot(),
      readAttachment: async () => {
        throw new Error("no attachments in this test");
      },
    },
    stateStore: {
      load: async () => rows.get(snapshot().itemId ?? "") ?? null,
      save: async (state) => void rows.set(snapshot().itemId ?? "", state),
    },
    outbox: createStorageOutbox(storage),
    api,
    clock: { now: () => new Date("2026-11-25T09:00:00.000Z") },
    notifier: { show: async (notice) => void log.push(notice), clear: async () => undefined },
    random: { newSyncKey: () => `server-key-${++n}`, next: () => 0.5 },
    storage,
    turns: createTurns(),
  };
  return { deps, rows, log };
};

describe("the sync use-cases in a process without Office", () => {
  test("the firm rules add a committed meeting, a later change updates it, and no Office global is touched", async () => {
    const { api, meetings } = interAction();
    let meeting = fromExchange();
    const { deps, log } = serverDeps(() => meeting, api);

    const sent = await runSync({ kind: "send" }, deps);
    expect(sent.status).toBe("synced");
    expect(sent.autoAdd?.add).toBe(true);
    expect(meetings.get("server-key-1")?.payload.subject).toBe("Acme quarterly review");
    expect(log.at(-1)?.message).toMatch(/Added because carol@acme\.example works for Acme Corporation/);

    meeting = fromExchange({ location: "Room 5" });
    const reconciled = await runSync({ kind: "open" }, deps);
    expect(reconciled.status).toBe("synced");
    expect(meetings.get("server-key-1")).toMatchObject({ revision: 2, payload: { location: "Room 5" } });
    expect(await deliverOutbox(deps)).toEqual({ delivered: 0, remaining: 0 });

    expect(touched).toEqual([]);
  });

  test("two mailboxes with their own turns never wait for each other", async () => {
    const slow = interAction();
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const hanging: InterActionApi = {
      ...slow.api,
      upsertMeeting: (...a) => held.then(() => slow.api.upsertMeeting(...a)),
    };
    const first = serverDeps(() => fromExchange(), hanging);
    const second = serverDeps(() => fromExchange({ itemId: "AAMkAD-exchange-2" }), interAction().api);

    const waiting = runSync({ kind: "send" }, first.deps, { deadlineMs: 60_000 });
    const other = await runSync({ kind: "send" }, second.deps, { deadlineMs: 60_000 });
    expect(other.status).toBe("synced"); // done while the first mailbox's InterAction still hangs
    answer();
    expect((await waiting).status).toBe("synced");
    expect(touched).toEqual([]);
  });
});
