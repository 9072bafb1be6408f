import { initialSyncState, type SyncState } from "../../src/core/syncState";
import {
  CUSTOM_PROPERTIES_BUDGET,
  CustomPropertiesBudgetError,
  decodeState,
  encodeState,
  encodeWithinBudget,
  measureProperties,
  PROPERTY_NAME,
} from "../../src/office/stateCodec";
import { createCustomPropertiesStateStore } from "../../src/office/syncStateStore";
import { createFakeOutlook } from "../support/fakeOutlook";
import { meetingSnapshot } from "../support/fakes";
import { OutlookItemStandIn } from "../support/reliabilityOffice";
import fc from "fast-check";

const synced = (over: Partial<SyncState> = {}): SyncState => ({
  ...initialSyncState(),
  syncKey: "0f8fad5b-d9cb-469f-a165-70867728950e",
  addRequested: false,
  addedBy: "organizer",
  revision: 3,
  fingerprint: "9c1185a5c5e9fc54",
  documents: { "att1|Term sheet.pdf|2048": "d-1", "att2|Minutes.docx|512": "d-2" },
  visibility: { groupId: "litigation; team=1" },
  activityTypeId: "meeting",
  recordId: "mtg_42",
  syncUntil: "2030-03-18T16:00:00.000Z",
  lastPlannedAt: "2030-03-01T10:00:00.000Z",
  deliveredRevision: 3,
  deliveredDocuments: ["d-1"],
  kind: "appointment",
  autoAddedBecause: 'Added because carol@acme.example works for "Acme Corporation", a Top Client.',
  ...over,
});

describe("the item's sync state encoding", () => {
  it("round-trips every field, including characters the format itself uses", () => {
    const state = synced();
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it("is far shorter than JSON and needs no escaping inside Outlook's JSON", () => {
    const encoded = encodeState(synced());
    expect(encoded.length).toBeLessThan(JSON.stringify(synced()).length);
    expect(JSON.stringify(encoded)).toBe(`"${encoded}"`);
  });

  it("keeps fields added by a newer version, so an older client never erases them", () => {
    const future = { ...synced(), reviewedBy: "dana@firm.example", flags: { a: 1 } } as unknown as SyncState;
    expect(decodeState(encodeState(future))).toEqual(future);
  });

  it("ignores a foreign or damaged value instead of failing, and keeps the readable fields", () => {
    expect(decodeState(undefined)).toBeNull();
    expect(decodeState('{"syncKey":"x"}')).toBeNull();
    const damaged = `${encodeState(synced())};r=qqq;zz=j%7Bnot-json`;
    const decoded = decodeState(damaged);
    expect(decoded?.syncKey).toBe(synced().syncKey);
    expect(decoded?.revision).toBe(3);
  });

  it("round-trips any state (property-based)", () => {
    const text = fc.string({ unit: "binary", maxLength: 20 });
    fc.assert(
      fc.property(
        fc.record({
          syncKey: fc.option(text, { nil: undefined }),
          revision: fc.nat(),
          fingerprint: fc.option(text, { nil: undefined }),
          documents: fc.dictionary(text, text, { maxKeys: 4 }),
          pendingChanges: fc.boolean(),
          addRequested: fc.boolean(),
          mode: fc.constantFrom("never", "manual", "automatic"),
          deliveredDocuments: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
        }),
        (partial) => {
          const state = { ...initialSyncState(), ...partial } as SyncState;
          for (const k of Object.keys(state) as (keyof SyncState)[]) if (state[k] === undefined) delete state[k];
          expect(decodeState(encodeState(state))).toEqual(state);
        },
      ),
    );
  });
});

describe("the 2,500-character custom-property budget", () => {
  /** A state whose encoded property bag is exactly `size` characters. */
  const stateOfSize = (size: number): SyncState => {
    const base = synced({ documents: {}, deliveredDocuments: [], autoAddedBecause: "" });
    const without = measureProperties({ [PROPERTY_NAME]: encodeState(base) });
    return { ...base, autoAddedBecause: "x".repeat(size - without) };
  };

  it("a state of exactly 2,500 characters is kept whole", () => {
    const state = stateOfSize(CUSTOM_PROPERTIES_BUDGET);
    const { encoded, droppedDocuments } = encodeWithinBudget(state);
    expect(measureProperties({ [PROPERTY_NAME]: encoded })).toBe(CUSTOM_PROPERTIES_BUDGET);
    expect(droppedDocuments).toBe(0);
    expect(decodeState(encoded)).toEqual(state);
  });

  it("one character more, with no documents to give up, is refused with a clear error", () => {
    expect(() => encodeWithinBudget(stateOfSize(CUSTOM_PROPERTIES_BUDGET + 1))).toThrow(CustomPropertiesBudgetError);
  });

  it("many documents: the oldest entries give way (their stable keys make a re-upload replace, never duplicate)", () => {
    const documents: Record<string, string> = {};
    for (let i = 0; i < 200; i++) documents[`attachment-${i}|file-${i}.pdf|${1000 + i}`] = `doc-key-${i}`;
    const state = synced({ documents, deliveredDocuments: Object.values(documents) });
    const { encoded, state: kept, droppedDocuments } = encodeWithinBudget(state);
    expect(measureProperties({ [PROPERTY_NAME]: encoded })).toBeLessThanOrEqual(CUSTOM_PROPERTIES_BUDGET);
    expect(droppedDocuments).toBeGreaterThan(0);
    expect(Object.keys(kept.documents)).toContain("attachment-199|file-199.pdf|1199");
    expect(Object.keys(kept.documents)).not.toContain("attachment-0|file-0.pdf|1000");
    expect(kept.deliveredDocuments).not.toContain("doc-key-0");
    expect(kept.syncKey).toBe(state.syncKey);
    expect(kept.revision).toBe(state.revision);
  });

  it("other custom properties of the add-in on the item count against the same budget", () => {
    const state = stateOfSize(CUSTOM_PROPERTIES_BUDGET);
    expect(() => encodeWithinBudget(state, { legacy: "v0" })).toThrow(CustomPropertiesBudgetError);
  });
});

describe("the sync state store on the item's custom properties", () => {
  it("an attendee's state is saved to the item at once (read mode) and read back", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "read" } });
    const store = createCustomPropertiesStateStore(outlook.mailbox);
    expect(await store.load()).toBeNull();
    await store.save(synced({ addedBy: "attendee" }));
    expect(outlook.storedProperties()[PROPERTY_NAME]).toEqual(encodeState(synced({ addedBy: "attendee" })));
    const again = createCustomPropertiesStateStore(outlook.mailbox);
    expect(await again.load()).toEqual(synced({ addedBy: "attendee" }));
  });

  it("an organizer's state is kept with the item only when Outlook commits it (send or save), never by the add-in saving the meeting", async () => {
    const outlook = createFakeOutlook({ meeting: { mode: "compose" } });
    const store = createCustomPropertiesStateStore(outlook.mailbox);
    await store.save(synced());
    expect(outlook.storedProperties()).toEqual({});
    expect(await store.load()).toEqual(synced());
    outlook.commit();
    expect(outlook.storedProperties()[PROPERTY_NAME]).toBe(encodeState(synced()));
    expect(outlook.calls).not.toContain("saveAsync");
  });

  it("a discarded form leaves the item's earlier state untouched", async () => {
    const earlier = encodeState(synced({ revision: 1 }));
    const outlook = createFakeOutlook({ meeting: { mode: "compose", itemId: "x" }, customProperties: { ia: earlier } });
    await createCustomPropertiesStateStore(outlook.mailbox).save(synced({ revision: 2 }));
    outlook.discard();
    expect(outlook.storedProperties()).toEqual({ ia: earlier });
  });

  it("another custom property of the add-in counts against the budget whatever its name, '__proto__' too", async () => {
    // As Outlook hands them over: parsed from JSON, so "__proto__" is an ordinary own property.
    const others = JSON.parse(`{"__proto__":"${"x".repeat(600)}","constructor":"${"y".repeat(600)}"}`) as Record<
      string,
      unknown
    >;
    const outlook = createFakeOutlook({ meeting: { mode: "read" }, customProperties: others });
    const documents: Record<string, string> = {};
    for (let i = 0; i < 80; i++) documents[`d${String(i).padStart(12, "0")}`] = `d${String(i).padStart(12, "0")}`;
    // Outlook refuses a bag over 2,500 characters (the fake does too): counted without "__proto__", the save fails.
    await createCustomPropertiesStateStore(outlook.mailbox).save(synced({ documents, deliveredDocuments: [] }));
    const saved = decodeState(outlook.storedProperties()[PROPERTY_NAME]);
    expect(saved?.syncKey).toBe(synced().syncKey);
    const kept = Object.keys(saved?.documents ?? {});
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(80);
    expect(measureProperties({ ...others, [PROPERTY_NAME]: encodeState(saved as SyncState) })).toBeLessThanOrEqual(
      CUSTOM_PROPERTIES_BUDGET,
    );
  });

  it("new Outlook's failing first save on a new draft (office-js#6624) is retried, so an Add before sending is kept", async () => {
    const snapshot = meetingSnapshot({ itemId: undefined, isNew: true });
    const outlook = new OutlookItemStandIn(() => ({ snapshot, content: {} }), {
      email: "alice@firm.example",
      name: "Alice",
    });
    outlook.firstSaveFails = true;
    await createCustomPropertiesStateStore(outlook.mailbox()).save(synced({ addRequested: true }));
    expect(outlook.failedSaves).toHaveLength(1);
    outlook.commit(); // sent
    expect(decodeState(outlook.current()[PROPERTY_NAME])?.addRequested).toBe(true);
  });

  it("a failed save is a typed error naming what failed", async () => {
    const outlook = createFakeOutlook({
      meeting: { mode: "read" },
      failures: { "customProperties.saveAsync": { name: "NetworkError", message: "offline" } },
    });
    await expect(createCustomPropertiesStateStore(outlook.mailbox).save(synced())).rejects.toMatchObject({
      name: "OfficeApiError",
      operation: "save the meeting's InterAction details",
      code: "NetworkError",
    });
  });
});

describe("the same-device safety net for an organizer's unsaved form", () => {
  const backupStorage = () => {
    const map = new Map<string, string>();
    return {
      map,
      getItem: async (k: string) => map.get(k) ?? null,
      setItem: async (k: string, v: string) => void map.set(k, v),
      removeItem: async (k: string) => void map.delete(k),
    };
  };

  it("a saved meeting whose form was closed without saving gets its state back from this device", async () => {
    const backup = backupStorage();
    const first = createFakeOutlook({ meeting: { mode: "compose", itemId: "AAMkSaved" } });
    await createCustomPropertiesStateStore(first.mailbox, { backup }).save(synced());
    first.discard();
    expect(first.storedProperties()).toEqual({});
    const reopened = createFakeOutlook({ meeting: { mode: "compose", itemId: "AAMkSaved" } });
    expect(await createCustomPropertiesStateStore(reopened.mailbox, { backup }).load()).toEqual(synced());
  });

  it("a meeting that was never saved leaves nothing behind (a discarded new meeting is gone)", async () => {
    const backup = backupStorage();
    const outlook = createFakeOutlook({ meeting: { mode: "compose", itemId: undefined } });
    await createCustomPropertiesStateStore(outlook.mailbox, { backup }).save(synced());
    expect(backup.map.size).toBe(0);
  });

  it("the copy that is further along wins: the item's own, when another device moved it on", async () => {
    const backup = backupStorage();
    backup.map.set("interaction.itemState.v1:AAMkBoth", encodeState(synced({ revision: 2, deliveredRevision: 2 })));
    const outlook = createFakeOutlook({
      meeting: { mode: "compose", itemId: "AAMkBoth" },
      customProperties: { [PROPERTY_NAME]: encodeState(synced({ revision: 5, deliveredRevision: 5 })) },
    });
    expect((await createCustomPropertiesStateStore(outlook.mailbox, { backup }).load())?.revision).toBe(5);
    backup.map.set("interaction.itemState.v1:AAMkBoth", encodeState(synced({ revision: 6, deliveredRevision: 6 })));
    expect((await createCustomPropertiesStateStore(outlook.mailbox, { backup }).load())?.revision).toBe(6);
  });

  // Fresh seed 63810566 of the fault schedules: a sent meeting (its committed copy never added, revision 0), edits left
  // unsent, Add (its write waits for the update's send, revision still 0), the form closed without saving. Both copies
  // had revision 0 and nothing delivered, so the item's own keyless copy won and the Add vanished on the next open.
  it("an Add waiting for the send survives a form closed without saving (the keyless copy is not further along)", async () => {
    const backup = backupStorage();
    const neverAdded = { ...initialSyncState(), pendingChanges: false };
    const waiting = { ...initialSyncState(), addRequested: true, addedBy: "organizer" as const, pendingChanges: true };
    const added = { ...waiting, syncKey: "6d4773a0-a06c-4017-ae02-031c88fa4b34" };
    const stored = { [PROPERTY_NAME]: encodeState(neverAdded) };
    const form = createFakeOutlook({ meeting: { mode: "compose", itemId: "AAMkSent" }, customProperties: stored });
    await createCustomPropertiesStateStore(form.mailbox, { backup }).save(added);
    form.discard();
    const reopened = createFakeOutlook({ meeting: { mode: "compose", itemId: "AAMkSent" }, customProperties: stored });
    const loaded = await createCustomPropertiesStateStore(reopened.mailbox, { backup }).load();
    expect(loaded).toMatchObject({ syncKey: added.syncKey, addRequested: true, revision: 0 });
  });

  it("remembers a bounded number of meetings, forgetting the oldest", async () => {
    const backup = backupStorage();
    for (let i = 0; i < 302; i++) {
      const outlook = createFakeOutlook({ meeting: { mode: "read", itemId: `AAMk${i}` } });
      await createCustomPropertiesStateStore(outlook.mailbox, { backup }).save(synced());
    }
    expect(backup.map.has("interaction.itemState.v1:AAMk0")).toBe(false);
    expect(backup.map.has("interaction.itemState.v1:AAMk301")).toBe(true);
    expect(JSON.parse(backup.map.get("interaction.itemState.v1.index") ?? "[]")).toHaveLength(300);
  });
});
