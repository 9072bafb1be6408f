// A short per-meeting sync history (what was sent, when, with what result) in the runtime's storage, so the task
// pane can answer "did my change reach InterAction?". History is a convenience: a storage failure never fails a sync.
import { messages } from "../core/messages";
import type { QueuedOperation } from "../core/operations";
import type { HistoryEntry, HistoryResult } from "./deps";
import type { KeyValueStorage } from "./ports";

export const HISTORY_LIMIT = 20;
export const historyKey = (syncKey: string): string => `interaction-sync:history:${syncKey}`;

export const readHistory = async (storage: KeyValueStorage, syncKey: string | undefined): Promise<HistoryEntry[]> => {
  if (!syncKey) return [];
  try {
    const parsed: unknown = JSON.parse((await storage.getItem(historyKey(syncKey))) ?? "[]");
    return Array.isArray(parsed) ? (parsed as HistoryEntry[]) : [];
  } catch {
    return [];
  }
};

/** Appends entries and keeps the newest HISTORY_LIMIT, oldest first. */
export const appendHistory = async (
  storage: KeyValueStorage,
  syncKey: string,
  entries: readonly HistoryEntry[],
): Promise<void> => {
  if (entries.length === 0) return;
  try {
    const all = [...(await readHistory(storage, syncKey)), ...entries].slice(-HISTORY_LIMIT);
    await storage.setItem(historyKey(syncKey), JSON.stringify(all));
  } catch {
    // see file comment
  }
};

/** One history line for an operation and its result. */
export const historyEntry = (op: QueuedOperation, result: HistoryResult, at: Date, detail?: string): HistoryEntry => {
  if (op.kind === "uploadDocument") {
    const message = messages.history.document(op.name, result, detail);
    return { at: at.toISOString(), action: "document", documentName: op.name, result, message };
  }
  if (op.kind === "removeMeetingLink") {
    // Shown as an update of the link (its revision); the words say it is the removal.
    const message = messages.history.removal(result, detail);
    return { at: at.toISOString(), action: "update", revision: op.revision, result, message };
  }
  const action = op.payload.cancelled ? "cancel" : op.revision === 1 ? "create" : "update";
  const message = messages.history.meeting(action, op.revision, result, detail);
  return { at: at.toISOString(), action, revision: op.revision, result, message };
};
