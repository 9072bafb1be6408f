// Outbox durability: a change InterAction could not take stays queued in the runtime's durable storage
// (OfficeRuntime.storage in classic Outlook's event runtime, localStorage in browser runtimes and the task pane) and
// survives the event runtime ending, Outlook restarting and the task pane closing; when the outbox itself is lost or
// damaged, the item's own state (custom properties) still knows, and the next open or refresh delivers. Every case
// builds a NEW set of ports over the same durable stores (nothing survives in memory) and checks the sandbox.
import { createRuntimeStorage, fromWebStorage } from "../../src/office/storage";
import { deliverOutbox } from "../../src/sync/deliverOutbox";
import type { SyncDeps } from "../../src/sync/deps";
import type { KeyValueStorage } from "../../src/sync/ports";
import { runSync } from "../../src/sync/runSync";
import { createStorageOutbox, OUTBOX_KEY } from "../../src/sync/storageOutbox";
import type { SyncState } from "../../src/core/syncState";
import type { MeetingSnapshot } from "../../src/core/meeting";
import {
  FakeMailboxItem,
  FakeNotifier,
  FixedClock,
  meetingSnapshot,
  MemoryStateStore,
  SeededRandom,
} from "../support/fakes";
import { useReliabilitySandbox } from "../support/reliabilitySandbox";

const NOW = "2026-11-25T09:00:00.000Z";
const box = useReliabilitySandbox({ clock: NOW });

/** What outlives a runtime: the backing of OfficeRuntime.storage / localStorage, and the item's custom properties. */
interface Durable {
  backing: Map<string, string>;
  itemState: SyncState | null;
  snapshot: MeetingSnapshot;
  attachments: Record<string, { base64: string; contentType: string }>;
}

const durable = (snapshot: Partial<MeetingSnapshot> = {}): Durable => ({
  backing: new Map(),
  itemState: null,
  snapshot: meetingSnapshot({
    isNew: false,
    itemId: "AAMk-durable",
    start: "2026-11-27T10:00:00.000Z",
    end: "2026-11-27T11:00:00.000Z",
    ...snapshot,
  }),
  attachments: {},
});

/** OfficeRuntime.storage of classic Outlook (async API) over the durable backing. */
const officeRuntimeScope = (d: Durable) => ({
  OfficeRuntime: {
    storage: {
      getItem: async (k: string) => d.backing.get(k) ?? null,
      setItem: async (k: string, v: string) => void d.backing.set(k, v),
      removeItem: async (k: string) => void d.backing.delete(k),
    },
  },
});

/** window.localStorage (sync API) over the durable backing. */
const localStorageOf = (d: Durable) => ({
  getItem: (k: string) => d.backing.get(k) ?? null,
  setItem: (k: string, v: string) => void d.backing.set(k, v),
  removeItem: (k: string) => void d.backing.delete(k),
});

/** A runtime starting from nothing but the durable stores: new item adapter, storage adapter, client, clock. */
function runtime(d: Durable, kind: "event" | "taskpane", now: string = NOW) {
  const storage: KeyValueStorage =
    kind === "event" ? createRuntimeStorage(officeRuntimeScope(d)).storage : fromWebStorage(localStorageOf(d));
  if (kind === "event") expect(createRuntimeStorage(officeRuntimeScope(d)).kind).toBe("OfficeRuntime.storage");
  const item = new FakeMailboxItem(d.snapshot);
  item.content = d.attachments;
  const stateStore = new MemoryStateStore(d.itemState);
  const notifier = new FakeNotifier();
  const deps: SyncDeps = {
    item,
    stateStore,
    outbox: createStorageOutbox(storage),
    api: box.api("alice@firm.example", { timeoutMs: 500 }),
    clock: new FixedClock(now),
    notifier,
    random: new SeededRandom(Date.parse(now) % 1000),
    storage,
  };
  /** The runtime ends: what it leaves behind is what Outlook keeps. */
  const end = () => {
    d.itemState = stateStore.state;
  };
  return { deps, end, notifier, stateStore };
}

const stored = (syncKey: string | undefined) => box.meetings(syncKey ? [syncKey] : []);
const queuedOps = (d: Durable) =>
  (JSON.parse(d.backing.get(OUTBOX_KEY) ?? "[]") as { op: { revision?: number } }[]).length;

async function addWhileHealthy(d: Durable) {
  const first = runtime(d, "event");
  expect((await runSync({ kind: "add" }, first.deps)).status).toBe("synced");
  first.end();
  return d.itemState!.syncKey!;
}

describe("undelivered changes survive the runtime that queued them", () => {
  test("the event runtime ends after a failed send; the next event in a new runtime delivers the change", async () => {
    const d = durable();
    const key = await addWhileHealthy(d);
    d.snapshot = {
      ...d.snapshot,
      subject: "Moved to Friday",
      start: "2026-11-28T10:00:00.000Z",
      end: "2026-11-28T11:00:00.000Z",
    };
    await box.setFaults([{ method: "PUT", path: "^/api/v1/meetings/", status: 503, retryAfterSeconds: 1, times: 50 }]);
    const sending = runtime(d, "event");
    const sent = await runSync({ kind: "send" }, sending.deps);
    expect(sent.status).toBe("pending");
    expect(sending.notifier.last?.kind).toBe("warning");
    sending.end(); // the JS-only runtime is torn down: nothing in memory survives
    expect(queuedOps(d)).toBe(1);
    await box.setFaults([]);
    const next = runtime(d, "event", "2026-11-25T09:05:00.000Z");
    const outcome = await runSync({ kind: "open" }, next.deps);
    expect(outcome.status).toBe("synced");
    next.end();
    expect(stored(key)).toEqual([expect.objectContaining({ subject: "Moved to Friday", revision: 2 })]);
    expect(queuedOps(d)).toBe(0);
    expect(box.meetings()).toHaveLength(1);
  });

  test("Outlook restarts (new process, later clock) and the queued change is delivered by background delivery", async () => {
    const d = durable();
    const key = await addWhileHealthy(d);
    d.snapshot = { ...d.snapshot, notes: "Agenda v2: pricing" };
    await box.setFaults([{ path: "^/api/v1/meetings/", reset: true, times: 50 }]);
    const before = runtime(d, "event");
    await runSync({ kind: "send" }, before.deps);
    before.end();
    await box.setFaults([]);
    // After the restart a different meeting is open; delivery still sends every meeting's queued write.
    const other = durable({ itemId: "AAMk-other", subject: "Unrelated" });
    other.backing = d.backing;
    const after = runtime(other, "event", "2026-11-25T12:00:00.000Z");
    expect(await deliverOutbox(after.deps)).toEqual({ delivered: 1, remaining: 0 });
    expect(box.sandbox.db.prepare("SELECT notes, revision FROM meetings WHERE sync_key = ?").get(key)).toEqual({
      notes: "Agenda v2: pricing",
      revision: 2,
    });
  });

  test("the task pane closes after a failed Retry; the next task pane delivers the change from localStorage", async () => {
    const d = durable();
    const key = await addWhileHealthy(d);
    d.snapshot = { ...d.snapshot, location: "Client site" };
    await box.setFaults([{ path: "^/api/v1/", status: 500, times: 50 }]);
    const pane = runtime(d, "taskpane");
    await runSync({ kind: "open" }, pane.deps); // committed edit picked up by the open reconcile
    const retried = await runSync({ kind: "retry" }, pane.deps);
    expect(retried.status).toBe("pending");
    pane.end(); // the pane closes
    await box.setFaults([]);
    const reopened = runtime(d, "taskpane", "2026-11-25T09:10:00.000Z");
    expect((await runSync({ kind: "refresh" }, reopened.deps)).status).toBe("synced");
    expect(stored(key)[0]).toMatchObject({ location: "Client site", revision: 2 });
  });

  test("a change queued by the task pane is delivered by the next launch event of the same browser runtime", async () => {
    const d = durable();
    const key = await addWhileHealthy(d);
    d.snapshot = { ...d.snapshot, subject: "Renamed in the pane's runtime" };
    await box.setFaults([{ path: "^/api/v1/meetings/", status: 502, times: 50 }]);
    const pane = runtime(d, "taskpane");
    await runSync({ kind: "open" }, pane.deps);
    pane.end();
    await box.setFaults([]);
    const event = runtime(d, "taskpane", "2026-11-25T09:30:00.000Z"); // web Outlook's event runtime: localStorage too
    await runSync({ kind: "open" }, event.deps);
    expect(stored(key)[0]).toMatchObject({ subject: "Renamed in the pane's runtime", revision: 2 });
  });
});

describe("a lost or damaged outbox is repaired from the item's own state", () => {
  test.each(["open", "refresh"] as const)(
    "the outbox is wiped after a failed send; the next %s delivers from what the item remembers",
    async (trigger) => {
      const d = durable();
      const key = await addWhileHealthy(d);
      d.snapshot = { ...d.snapshot, subject: "Only the item remembers this" };
      await box.setFaults([{ path: "^/api/v1/meetings/", status: 500, times: 50 }]);
      const sending = runtime(d, "event");
      await runSync({ kind: "send" }, sending.deps);
      sending.end();
      expect(d.itemState).toMatchObject({ revision: 2, deliveredRevision: 1 });
      d.backing.clear(); // OfficeRuntime.storage cleared (or the next event runs on another device)
      await box.setFaults([]);
      const next = runtime(d, "event", "2026-11-25T09:20:00.000Z");
      expect((await runSync({ kind: trigger }, next.deps)).status).toBe("synced");
      next.end();
      expect(stored(key)[0]).toMatchObject({ subject: "Only the item remembers this" });
      expect(d.itemState!.deliveredRevision).toBe(d.itemState!.revision);
      expect(box.meetings()).toHaveLength(1);
    },
  );

  test("the lost write had in fact reached InterAction (answer lost): the repair neither duplicates nor goes back", async () => {
    const d = durable();
    const key = await addWhileHealthy(d);
    d.snapshot = { ...d.snapshot, subject: "Arrived, answer lost" };
    await box.setFaults([{ method: "PUT", path: "^/api/v1/meetings/", malformed: true, times: 1 }]);
    const sending = runtime(d, "event");
    await runSync({ kind: "send" }, sending.deps);
    sending.end();
    expect(stored(key)[0]).toMatchObject({ subject: "Arrived, answer lost", revision: 2 });
    d.backing.clear();
    const next = runtime(d, "event", "2026-11-25T09:20:00.000Z");
    expect((await runSync({ kind: "open" }, next.deps)).status).toBe("synced");
    next.end();
    expect(stored(key)[0]).toMatchObject({ subject: "Arrived, answer lost" });
    expect(stored(key)[0]!.revision).toBeGreaterThanOrEqual(2);
    expect(box.meetings()).toHaveLength(1);
  });

  test("a lost document upload is uploaded again from the item, once", async () => {
    const d = durable();
    const key = await addWhileHealthy(d);
    d.snapshot = {
      ...d.snapshot,
      attachments: [
        { id: "a1", name: "Term sheet.pdf", size: 9, contentType: "application/pdf", isInline: false, kind: "file" },
      ],
    };
    d.attachments = { a1: { base64: Buffer.from("term data").toString("base64"), contentType: "application/pdf" } };
    await box.setFaults([{ method: "PUT", path: "/documents/", status: 503, times: 50 }]);
    const sending = runtime(d, "event");
    await runSync({ kind: "send" }, sending.deps);
    sending.end();
    d.backing.clear();
    await box.setFaults([]);
    const next = runtime(d, "event", "2026-11-25T09:20:00.000Z");
    expect((await runSync({ kind: "open" }, next.deps)).status).toBe("synced");
    const docs = box.documentsOf(stored(key)[0]!.id);
    expect(docs.map((x) => [x.name, x.size])).toEqual([["Term sheet.pdf", 9]]);
  });

  test("a damaged outbox (unreadable JSON) does not stop the next open from delivering", async () => {
    const d = durable();
    const key = await addWhileHealthy(d);
    d.snapshot = { ...d.snapshot, subject: "Behind a damaged outbox" };
    await box.setFaults([{ path: "^/api/v1/meetings/", status: 500, times: 50 }]);
    const sending = runtime(d, "event");
    await runSync({ kind: "send" }, sending.deps);
    sending.end();
    d.backing.set(OUTBOX_KEY, '[{"op": {"kind": "upsertMeeting"'); // truncated write
    await box.setFaults([]);
    const next = runtime(d, "event", "2026-11-25T09:20:00.000Z");
    expect((await runSync({ kind: "open" }, next.deps)).status).toBe("synced");
    expect(stored(key)[0]).toMatchObject({ subject: "Behind a damaged outbox" });
  });
});
