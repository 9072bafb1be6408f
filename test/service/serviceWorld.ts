// The sync service's test world: the local Exchange + Graph (dev/graph, in-process, HTTPS with its CA), the InterAction
// sandbox (in-process), the service's store on embedded PGlite, and the real Graph adapter (msal-node + the Graph SDK
// against the local identity provider). `addThroughAddin` does what the add-in does when a user adds a meeting: plan,
// deliver to InterAction, and save its state in the item's custom properties (the cecp- extended property).
import { randomUUID } from "node:crypto";
import { startGraph, type RunningGraph } from "../../dev/graph/server";
import { withIdentityRead } from "../../src/core/identity";
import { plan } from "../../src/core/plan";
import { encodeState, PROPERTY_NAME } from "../../src/core/stateCodec";
import type { CalendarSyncSettings } from "../../src/core/settings";
import type { SyncState } from "../../src/core/syncState";
import { initialSyncState } from "../../src/core/syncState";
import { GraphCalendar } from "../../src/graph/calendar";
import { snapshotFromGraphEvent } from "../../src/graph/eventSnapshot";
import { graphEvent } from "../../dev/graph/graphEvent";
import { createGraphConnection } from "../../src/graph/graphClient";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "../../src/queue/database";
import { SqlServiceStore } from "../../src/queue/serviceStore";
import { serviceInterAction } from "../../src/service/interactionWriter";
import type { ServiceLog } from "../../src/service/ports";
import type { SyncMailboxDeps } from "../../src/service/syncMailbox";
import { startReliabilitySandbox, type ReliabilitySandbox } from "../support/reliabilitySandbox";

/** The add-in's id (manifest.xml <Id>). */
export const ADDIN_ID = "151a0c77-03ec-4869-b203-858f4ffd332b";

export interface ServiceWorld {
  graph: RunningGraph;
  box: ReliabilitySandbox;
  database: EmbeddedDatabase;
  store: SqlServiceStore;
  calendar: GraphCalendar;
  logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  deps: SyncMailboxDeps;
  /** The add-in adds the meeting (as the mailbox's user) and InterAction confirms it. Returns the sync key. */
  addThroughAddin(
    mailbox: string,
    eventId: string,
    change?: Partial<SyncState>,
    options?: { withoutIdentity?: boolean },
  ): Promise<string>;
  /** The add-in's Add as far as the click: the item's state is saved (the Add owed), the write is not sent yet;
   * `deliver` sends it, as the add-in would next (at `revision`: the item planned again before it was delivered). */
  addInAddinPending(
    mailbox: string,
    eventId: string,
  ): Promise<{ syncKey: string; deliver: (revision?: number) => Promise<void> }>;
  /** Saves a raw add-in state on a copy (as a forward would carry it, or the add-in's "never"). */
  saveAddinState(mailbox: string, eventId: string, state: SyncState): void;
  /** Meeting writes InterAction received (PUT /api/v1/meetings/...), since the last reset. */
  meetingWrites(): Promise<number>;
  close(): Promise<void>;
}

export async function startServiceWorld(): Promise<ServiceWorld> {
  const graph = await startGraph({ dbFile: ":memory:", port: 0 });
  const box = await startReliabilitySandbox();
  const database = await openEmbeddedDatabase();
  const store = new SqlServiceStore(database.db);
  await store.migrate();
  const connection = createGraphConnection({
    graphBaseUrl: graph.url,
    authority: graph.authority,
    clientId: graph.demoApp.clientId,
    clientSecret: graph.demoApp.clientSecret,
    caPem: graph.caPem,
    maxRetries: 2,
  });
  const calendar = new GraphCalendar(connection.client, { addinId: ADDIN_ID });
  const logs: ServiceWorld["logs"] = [];
  const log: ServiceLog = {
    info: (message, fields) => logs.push({ level: "info", message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) => logs.push({ level: "warn", message, ...(fields ? { fields } : {}) }),
  };
  const deps: SyncMailboxDeps = {
    calendar,
    store,
    interactionFor: (mailbox) => serviceInterAction(box.client(mailbox, { timeoutMs: 5000 })),
    clock: { now: () => new Date() },
    log,
    newSyncKey: () => randomUUID(),
  };

  const saveAddinState = (mailbox: string, eventId: string, state: SyncState) => {
    graph.exchange.setCustomProperties(
      mailbox,
      eventId,
      ADDIN_ID,
      JSON.stringify({ [PROPERTY_NAME]: encodeState(state) }),
    );
  };

  const planAdd = (eventId: string, settings: CalendarSyncSettings, withoutIdentity = false) => {
    const e = graph.store.event(eventId)!;
    const m = graph.store.mailbox(e.mailboxId)!;
    // What the add-in reads is what Graph reads (test/service/readers.test.ts proves the fingerprints agree).
    const snapshot = snapshotFromGraphEvent(JSON.parse(JSON.stringify(graphEvent(graph.store, e))), {
      email: m.email,
      name: m.name,
    });
    return plan({
      snapshot,
      // The user's Add of an existing item reads its iCalUId from Graph first (core/identity.ts), as the pane does;
      // `withoutIdentity` is the Add whose Graph read failed (the service links that one later).
      state: withIdentityRead({ ...initialSyncState(), mode: "manual" }, withoutIdentity ? null : e.iCalUId),
      settings,
      directory: null,
      now: new Date(),
      trigger: { kind: "add" },
      ids: { newSyncKey: () => randomUUID() },
    });
  };

  const addThroughAddin = async (
    mailbox: string,
    eventId: string,
    change: Partial<SyncState> = {},
    options: { withoutIdentity?: boolean } = {},
  ) => {
    const api = box.api(mailbox);
    const planned = planAdd(eventId, await api.getSettings(), options.withoutIdentity);
    let state = planned.nextState;
    for (const op of planned.operations) {
      if (op.kind !== "upsertMeeting") continue;
      const record = await api.upsertMeeting(op.syncKey, op.payload, op.idempotencyKey);
      state = { ...state, deliveredRevision: record.revision, recordId: record.id, syncUntil: record.syncUntil };
    }
    if (!state.syncKey) throw new Error(`The add-in did not add the meeting: ${JSON.stringify(planned.notice)}`);
    saveAddinState(mailbox, eventId, { ...state, ...change });
    return state.syncKey;
  };

  const addInAddinPending = async (mailbox: string, eventId: string) => {
    const api = box.api(mailbox);
    const planned = planAdd(eventId, await api.getSettings());
    const syncKey = planned.nextState.syncKey;
    if (!syncKey) throw new Error(`The add-in did not add the meeting: ${JSON.stringify(planned.notice)}`);
    saveAddinState(mailbox, eventId, planned.nextState);
    const deliver = async (revision?: number) => {
      for (const op of planned.operations) {
        if (op.kind !== "upsertMeeting") continue;
        const payload = revision ? { ...op.payload, revision } : op.payload;
        await api.upsertMeeting(op.syncKey, payload, `${op.syncKey}:r${payload.revision}`);
      }
    };
    return { syncKey, deliver };
  };

  return {
    graph,
    box,
    database,
    store,
    calendar,
    logs,
    deps,
    addThroughAddin,
    addInAddinPending,
    saveAddinState,
    async meetingWrites() {
      return (await box.requests()).filter((r) => r.method === "PUT" && r.path.startsWith("/api/v1/meetings/")).length;
    },
    async close() {
      await graph.close();
      await box.close();
      await database.close();
    },
  };
}

/** One service world for a test file: started before its tests, closed after; the getter reads it in a test. */
export function serviceWorldForFile(): () => ServiceWorld {
  let world: ServiceWorld | undefined;
  beforeAll(async () => {
    world = await startServiceWorld();
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error("the service world did not start");
    return world;
  };
}
