import { describe, expect, test } from "@jest/globals";
import { enqueue } from "../../src/core/outboxQueue";
import { buildPayload } from "../../src/core/payload";
import { appendHistory, HISTORY_LIMIT, historyEntry, readHistory } from "../../src/sync/history";
import { createStorageOutbox, OUTBOX_KEY, parseOutbox } from "../../src/sync/storageOutbox";
import { demoSettings, meetingSnapshot, MemoryStorage } from "../support/fakes";

const now = new Date("2026-11-25T09:00:00.000Z");
const op = (revision: number) => ({
  kind: "upsertMeeting" as const,
  idempotencyKey: `k:r${revision}`,
  syncKey: "k",
  revision,
  payload: buildPayload(meetingSnapshot(), {}, demoSettings(), revision, false),
});

describe("the storage-backed outbox", () => {
  test("entries survive a new runtime reading the same storage", async () => {
    const storage = new MemoryStorage();
    await createStorageOutbox(storage).save(enqueue([], [op(1)], now));
    const reloaded = await createStorageOutbox(storage).load();
    expect(reloaded).toHaveLength(1);
    expect(reloaded[0]?.op).toEqual(op(1));
  });

  test("an empty outbox leaves nothing behind in storage", async () => {
    const storage = new MemoryStorage();
    const outbox = createStorageOutbox(storage);
    await outbox.save(enqueue([], [op(1)], now));
    await outbox.save([]);
    expect(storage.data.has(OUTBOX_KEY)).toBe(false);
  });

  test("damaged storage yields the readable entries, never an exception", () => {
    expect(parseOutbox("{oops")).toEqual([]);
    expect(parseOutbox('{"not":"an array"}')).toEqual([]);
    const good = enqueue([], [op(1)], now)[0];
    expect(parseOutbox(JSON.stringify([good, { op: null }, 42]))).toEqual([good]);
  });
});

describe("the sync history of a meeting", () => {
  test("keeps the newest entries, oldest first", async () => {
    const storage = new MemoryStorage();
    for (let r = 1; r <= HISTORY_LIMIT + 5; r++)
      await appendHistory(storage, "k", [historyEntry(op(r), "delivered", now)]);
    const history = await readHistory(storage, "k");
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]?.revision).toBe(6);
    expect(history[HISTORY_LIMIT - 1]?.message).toBe(`Update ${HISTORY_LIMIT + 5} confirmed by InterAction.`);
  });

  test("describes creation, cancellation and documents in words", () => {
    expect(historyEntry(op(1), "delivered", now).message).toBe("New meeting confirmed by InterAction.");
    const cancelled = { ...op(4), payload: { ...op(4).payload, cancelled: true } };
    expect(historyEntry(cancelled, "queued", now)).toMatchObject({
      action: "cancel",
      message: "Cancellation waiting to be sent.",
    });
  });

  test("a storage failure never breaks a sync", async () => {
    const storage = new MemoryStorage();
    storage.failWrites = 1;
    await expect(appendHistory(storage, "k", [historyEntry(op(1), "delivered", now)])).resolves.toBeUndefined();
    expect(await readHistory(storage, undefined)).toEqual([]);
  });
});
