// The outbox and the per-device state backup live in the runtime's storage under keys and with operations keyed by
// outside data (sync keys read from the item, document keys, attachment names). Whatever they are called, the outbox
// reads back what was saved and keeps one meeting's operations apart from another's. fast-check prints the seed and
// path of a failure; replay with FC_SEED/FC_PATH (test/support/setup.ts).
import fc from "fast-check";
import type { Operation } from "../../src/core/operations";
import { dueEntries, enqueue } from "../../src/core/outboxQueue";
import { memoryStorage } from "../../src/office/storage";
import { createStorageOutbox } from "../../src/sync/storageOutbox";

const OBJECT_MEMBERS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];
const key = fc.oneof(fc.constantFrom(...OBJECT_MEMBERS), fc.string({ minLength: 1, maxLength: 10 }));
const now = new Date("2030-03-01T10:00:00.000Z");

const operation = fc.oneof(
  fc.record({ syncKey: key, revision: fc.integer({ min: 1, max: 5 }) }).map(
    ({ syncKey, revision }): Operation =>
      ({
        kind: "upsertMeeting",
        idempotencyKey: `${syncKey}:r${revision}`,
        syncKey,
        revision,
        payload: { revision, subject: syncKey },
      }) as unknown as Operation,
  ),
  fc.record({ syncKey: key, documentKey: key, name: key }).map(({ syncKey, documentKey, name }): Operation => ({
    kind: "uploadDocument",
    idempotencyKey: `${syncKey}:d:${documentKey}`,
    syncKey,
    documentKey,
    attachmentId: name,
    name,
    contentType: "application/pdf",
    size: 1,
  })),
);

describe("the outbox in runtime storage, with outside keys", () => {
  it("reads back exactly what was saved, and is due one entry per meeting", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 8 }), key, async (ops, storageKey) => {
        const storage = memoryStorage();
        const outbox = createStorageOutbox(storage, storageKey);
        const entries = enqueue([], ops, now);
        await outbox.save(entries);
        expect(await outbox.load()).toEqual(entries);
        const due = dueEntries(entries, now);
        expect(due.map((e) => e.op.syncKey)).toEqual([...new Set(entries.map((e) => e.op.syncKey))]);
      }),
      { numRuns: 200 },
    );
  });

  it("a storage seeded from JSON keeps a '__proto__' key as an ordinary key", async () => {
    const initial = JSON.parse('{"__proto__":"[]","constructor":"x"}') as Record<string, string>;
    const storage = memoryStorage(initial);
    expect(await storage.getItem("__proto__")).toBe("[]");
    expect(await storage.getItem("constructor")).toBe("x");
    expect(await storage.getItem("toString")).toBeNull();
  });
});
