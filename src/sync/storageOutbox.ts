// The outbox kept in the runtime's durable key-value storage: OfficeRuntime.storage in classic Outlook's event
// runtime, localStorage in browser runtimes and the task pane, memory in tests. The shells pick the storage; this
// file owns the format.
import type { OutboxEntry } from "../core/outbox";
import type { KeyValueStorage, OutboxStore } from "./ports";

export const OUTBOX_KEY = "interaction-sync:outbox:v1";

const isEntry = (value: unknown): value is OutboxEntry => {
  if (!value || typeof value !== "object") return false;
  const e = value as Partial<OutboxEntry>;
  return (
    typeof e.op === "object" &&
    e.op !== null &&
    typeof e.op.syncKey === "string" &&
    typeof e.op.idempotencyKey === "string" &&
    (e.op.kind === "upsertMeeting" ||
      e.op.kind === "uploadDocument" ||
      (e.op.kind === "removeMeetingLink" &&
        typeof e.op.revision === "number" &&
        (e.op.reason === "never" || e.op.reason === "left"))) &&
    typeof e.notBefore === "string" &&
    typeof e.attempts === "number"
  );
};

/** Reads what is readable: a damaged store yields the entries that survived (the item's own state repairs the rest). */
export const parseOutbox = (text: string | null): OutboxEntry[] => {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter(isEntry).map((e) => ({ ...e, parked: Boolean(e.parked) })) : [];
  } catch {
    return [];
  }
};

export const createStorageOutbox = (storage: KeyValueStorage, key: string = OUTBOX_KEY): OutboxStore => ({
  async load() {
    return parseOutbox(await storage.getItem(key));
  },
  async save(entries) {
    if (entries.length === 0) await storage.removeItem(key);
    else await storage.setItem(key, JSON.stringify(entries));
  },
});
