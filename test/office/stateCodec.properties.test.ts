// The item-state codec holds outside data as map keys: document keys read back from the item, the names of other
// custom properties, fields written by a later version. Every string must survive, including the names of
// Object.prototype's members, and the text must survive Outlook's JSON. fast-check prints the seed and path of a
// failure; replay it with FC_SEED=<seed> FC_PATH=<path> (test/support/setup.ts).
import fc from "fast-check";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import {
  CUSTOM_PROPERTIES_BUDGET,
  decodeState,
  encodeState,
  encodeWithinBudget,
  measureProperties,
  PROPERTY_NAME,
} from "../../src/office/stateCodec";

/** Keys an object-as-map gets wrong, mixed with any string. */
const OBJECT_BUILTINS = [
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupGetter__",
] as const;
const FUTURE_FIELDS = [...OBJECT_BUILTINS.filter((k) => /^[A-Za-z]/.test(k)), "reviewedBy", "flags"];
const text = fc.string({ unit: "binary", maxLength: 16 });
const anyKey = fc.oneof(fc.constantFrom(...OBJECT_BUILTINS, "", "d", "k", "v", "~", ","), text);

/** A map as JSON.parse (or fast-check) makes it: own properties only, "__proto__" as a plain key. */
const mapOf = (entries: readonly (readonly [string, string])[]): Record<string, string> => {
  const map: Record<string, string> = {};
  for (const [k, v] of entries)
    Object.defineProperty(map, k, { value: v, enumerable: true, writable: true, configurable: true });
  return map;
};
const anyMap = fc.array(fc.tuple(anyKey, text), { maxLength: 6 }).map(mapOf);

const stateArb = fc
  .record({
    syncKey: fc.option(text, { nil: undefined }),
    revision: fc.nat(),
    fingerprint: fc.option(text, { nil: undefined }),
    documents: anyMap,
    pendingChanges: fc.boolean(),
    addRequested: fc.boolean(),
    mode: fc.constantFrom("never", "manual", "automatic"),
    deliveredDocuments: fc.option(fc.array(fc.oneof(fc.constant(""), text), { maxLength: 3 }), { nil: undefined }),
    visibility: fc.option(fc.oneof(fc.constantFrom("everyone", "onlyMe"), anyMap), { nil: undefined }),
    // Fields a later version adds round-trip under their own names (identifiers, as the format writes them).
    future: fc.array(fc.tuple(fc.constantFrom(...FUTURE_FIELDS), fc.oneof(text, anyMap)), { maxLength: 3 }),
  })
  .map(({ future, ...partial }) => {
    const state = { ...initialSyncState(), ...partial } as Record<string, unknown>;
    for (const k of Object.keys(state)) if (state[k] === undefined) delete state[k];
    for (const [k, v] of future)
      Object.defineProperty(state, k, { value: v, enumerable: true, writable: true, configurable: true });
    return state as unknown as SyncState;
  });

describe("the item-state codec holds any string as a key", () => {
  it("round-trips any state, map keys named like Object's members included", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(decodeState(encodeState(state))).toEqual(state);
      }),
      { numRuns: 500 },
    );
  });

  it("every document key, in order, each under its own key (a decoded map inherits nothing)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyKey, text), { maxLength: 8 }).map(mapOf), (documents) => {
        const decoded = decodeState(encodeState({ ...initialSyncState(), documents }));
        expect(Object.keys(decoded?.documents ?? {})).toEqual(Object.keys(documents));
        for (const k of OBJECT_BUILTINS) {
          expect(Object.prototype.hasOwnProperty.call(decoded?.documents, k)).toBe(
            Object.prototype.hasOwnProperty.call(documents, k),
          );
        }
        for (const k of Object.keys(documents)) expect(decoded?.documents[k]).toBe(documents[k]);
      }),
      { numRuns: 300 },
    );
  });

  it("survives Outlook's JSON of the property bag unchanged, and so does the decoded state's JSON", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const encoded = encodeState(state);
        expect(
          (JSON.parse(JSON.stringify({ [PROPERTY_NAME]: encoded })) as Record<string, string>)[PROPERTY_NAME],
        ).toBe(encoded);
        const decoded = decodeState(encoded);
        expect(JSON.parse(JSON.stringify(decoded))).toEqual(JSON.parse(JSON.stringify(state)));
      }),
      { numRuns: 300 },
    );
  });

  it("the budget counts other custom properties whatever their names, and keeps the newest documents' keys", () => {
    const docs = fc.array(fc.tuple(anyKey, fc.string({ maxLength: 40 })), { minLength: 1, maxLength: 80 }).map(mapOf);
    const others = fc.array(fc.tuple(fc.constantFrom(...OBJECT_BUILTINS, "legacy"), fc.string({ maxLength: 300 })), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(docs, others, (documents, otherEntries) => {
        const otherProps = mapOf(otherEntries);
        const state = { ...initialSyncState(), syncKey: "k", revision: 1, documents };
        const { encoded, state: kept } = encodeWithinBudget(state, otherProps);
        // Measured as Outlook measures it: the JSON of every property, "__proto__" included.
        const bag = JSON.parse(JSON.stringify({ ...otherProps, [PROPERTY_NAME]: encoded })) as Record<string, unknown>;
        expect(Object.keys(bag).sort()).toEqual([...Object.keys(otherProps), PROPERTY_NAME].sort());
        expect(measureProperties(bag)).toBeLessThanOrEqual(CUSTOM_PROPERTIES_BUDGET);
        const keptKeys = Object.keys(kept.documents);
        expect(keptKeys).toEqual(Object.keys(documents).slice(Object.keys(documents).length - keptKeys.length));
        for (const k of keptKeys) expect(kept.documents[k]).toBe(documents[k]);
        expect(decodeState(encoded)).toEqual(kept);
      }),
      { numRuns: 200 },
    );
  });

  it("a damaged or foreign field named __proto__ or constructor neither changes the state's prototype nor anyone else's", () => {
    const decoded = decodeState(
      'ia1;k=sabc;__proto__=j{"polluted":true};constructor=sX;d=m__proto__~x',
    ) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decoded.syncKey).toBe("abc");
    expect(decoded.constructor).toBe("X");
    expect(Object.keys(decoded.documents as object)).toEqual(["__proto__"]);
  });
});
