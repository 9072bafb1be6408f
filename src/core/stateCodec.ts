// Pure and shared by every reader of the item state: the add-in (Office.js custom properties) and the sync service
// (the same JSON through the event's cecp- extended property in Microsoft Graph). Hence src/core, not an adapter.
// Compact text encoding of the item's SyncState for Outlook custom properties. Outlook allows 2,500 characters for
// the JSON of ALL of an add-in's custom properties on one item, so the state is written as one short property with
// short field aliases and no characters JSON would escape (a JSON-in-a-string value would double every quote).
//
//   ia1;k=s4f1c…;m=sautomatic;r=n3;d=m<attachmentKey>~<documentKey>,…;vi=seveyone;p=0
//
// Each value starts with a type tag: 1/0 boolean, n number, s string, m map, l list (L empty), j JSON (anything else). Fields
// this version does not know (added later) round-trip under their full name, so an older client never erases them.
//
// Formats it has written, all still decoded (an item keeps its state for years):
// - until 0723cb5 an empty list was "l" with nothing after it (and a list of one empty string was lost the same way);
// - since then an empty list is "L". A list of exactly one empty string is written as JSON ("j"), so "l" alone always
//   means the empty list of the first format.
// Map keys are outside data (document keys from the item, names of other properties): every string is a key, "__proto__"
// and "constructor" included, so maps are built without a prototype and looked up by own property only.
import { initialSyncState, type SyncState } from "./syncState";

export const PROPERTY_NAME = "ia";
export const FORMAT_PREFIX = "ia1";
/** Outlook's limit for the JSON of all custom properties of one add-in on one item. */
export const CUSTOM_PROPERTIES_BUDGET = 2500;

/** An own property of `map` (never one inherited from Object.prototype such as "constructor"). */
export const hasOwn = (map: object, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);
/** A map that holds any string key: no prototype, so "__proto__" is an ordinary key and nothing is inherited. */
export const emptyMap = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
const ownValue = (map: Record<string, string>, key: string): string | undefined =>
  hasOwn(map, key) ? map[key] : undefined;
/** A field name as the format writes it: the codec's own names, and a later version's fields under their full name. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

const ALIASES: Record<string, string> = {
  v: "v",
  syncKey: "k",
  mode: "m",
  addRequested: "q",
  addedBy: "b",
  revision: "r",
  fingerprint: "f",
  documents: "d",
  visibility: "vi",
  activityTypeId: "t",
  recordId: "i",
  syncUntil: "u",
  lastPlannedAt: "l",
  pendingChanges: "p",
  stoppedReason: "s",
  deliveredRevision: "dr",
  deliveredDocuments: "dd",
  deliveredAt: "da",
  cancelled: "c",
  frozen: "z",
  kind: "kd",
  needsReconcile: "nr",
  autoAddPending: "ap",
  autoAddedBecause: "ab",
  iCalUId: "ic",
  identityAsked: "iq",
  linkRemoved: "lr",
  etag: "e",
};
// Object.keys and plain loops, not Object.entries/fromEntries/values or padStart (ES2017+): this module is in the
// commands bundle, which classic Outlook builds before 2403 run on an ES2016 engine.
const FIELDS = emptyMap<string>();
for (const field of Object.keys(ALIASES)) FIELDS[ALIASES[field] as string] = field;
const hexOf = (code: number, width: number): string => {
  const hex = code.toString(16).toUpperCase();
  return "0000".slice(0, Math.max(0, width - hex.length)) + hex;
};

// Characters with a meaning in the format, plus those JSON would escape, are percent-encoded.
const SPECIAL = new Set(["%", ";", "=", ",", "~", '"', "\\", "\u2028", "\u2029"]);
const escape = (s: string): string => {
  let out = "";
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || SPECIAL.has(c)) {
      out += code > 0xff ? `%u${hexOf(code, 4)}` : `%${hexOf(code, 2)}`;
    } else out += c;
  }
  return out;
};
const unescape = (s: string): string =>
  s.replace(/%u([0-9A-F]{4})|%([0-9A-F]{2})/g, (_m, u: string | undefined, b: string | undefined) =>
    String.fromCharCode(parseInt((u ?? b) as string, 16)),
  );

const encodeValue = (value: unknown): string => {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number" && Number.isFinite(value)) return `n${value}`;
  if (typeof value === "string") return `s${escape(value)}`;
  if (Array.isArray(value) && value.every((x) => typeof x === "string")) {
    // "L" is the empty list; "l" alone is the empty list of the first format, so a list of one empty string is
    // written as JSON (which every version reads) to stay distinguishable from both.
    if (value.length === 1 && value[0] === "") return `j${escape(JSON.stringify(value))}`;
    return value.length === 0 ? "L" : `l${value.map(escape).join(",")}`;
  }
  if (
    value &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).every((k) => typeof (value as Record<string, unknown>)[k] === "string")
  ) {
    // A string map (documents). An empty map stays distinguishable from an absent field.
    const map = value as Record<string, string>;
    return `m${Object.keys(map)
      .map((k) => `${escape(k)}~${escape(map[k] as string)}`)
      .join(",")}`;
  }
  return `j${escape(JSON.stringify(value))}`;
};

const decodeValue = (text: string): unknown => {
  const tag = text.charAt(0);
  const body = text.slice(1);
  switch (tag) {
    case "1":
      return true;
    case "0":
      return false;
    case "n":
      return Number(body);
    case "s":
      return unescape(body);
    case "L":
      return [];
    case "l":
      return body === "" ? [] : body.split(",").map(unescape);
    case "m": {
      const map = emptyMap<string>();
      if (body !== "")
        for (const pair of body.split(",")) {
          const [k, v] = pair.split("~");
          if (k !== undefined && v !== undefined) map[unescape(k)] = unescape(v);
        }
      return map;
    }
    case "j":
      return JSON.parse(unescape(body));
    default:
      throw new Error(`unknown value tag "${tag}"`);
  }
};

export function encodeState(state: SyncState): string {
  const parts = [FORMAT_PREFIX];
  for (const field of Object.keys(state)) {
    const value = (state as unknown as Record<string, unknown>)[field];
    if (value === undefined || field === "v") continue;
    const alias = ownValue(ALIASES, field) ?? (FIELD_NAME.test(field) && !hasOwn(FIELDS, field) ? field : undefined);
    if (!alias) continue;
    parts.push(`${alias}=${encodeValue(value)}`);
  }
  return parts.join(";");
}

/** Decodes what encodeState wrote; null for an absent or foreign value. Unreadable fields are skipped, never fatal. */
export function decodeState(text: unknown): SyncState | null {
  if (typeof text !== "string" || (!text.startsWith(`${FORMAT_PREFIX};`) && text !== FORMAT_PREFIX)) return null;
  const state: Record<string, unknown> = { ...initialSyncState() };
  for (const part of text.split(";").slice(1)) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const alias = part.slice(0, eq);
    // Only names the format can write: a damaged or foreign "__proto__=…" must not reach the state's prototype.
    if (!FIELD_NAME.test(alias)) continue;
    const field = ownValue(FIELDS, alias) ?? alias;
    try {
      state[field] = decodeValue(part.slice(eq + 1));
    } catch {
      // One damaged field must not cost the sync key: keep the rest.
    }
  }
  state.v = 1;
  return state as unknown as SyncState;
}

/** Characters the whole custom-property bag takes, as Outlook counts it (its JSON). */
export const measureProperties = (props: Record<string, unknown>): number => JSON.stringify(props).length;

export class CustomPropertiesBudgetError extends Error {
  constructor(readonly size: number) {
    super(
      `The meeting's InterAction details need ${size} characters, more than the ${CUSTOM_PROPERTIES_BUDGET} Outlook keeps per add-in.`,
    );
    this.name = "CustomPropertiesBudgetError";
  }
}

/**
 * Encodes `state` so that, together with `otherProps` (other custom properties of this add-in on the item), it fits
 * the budget. If it does not, the oldest document entries are dropped first: a dropped entry only means the
 * attachment is planned again, and its stable document key makes InterAction replace, never duplicate, it. The sync
 * key, revision and fingerprint are never dropped; if they alone do not fit, CustomPropertiesBudgetError.
 */
export function encodeWithinBudget(
  state: SyncState,
  otherProps: Record<string, unknown> = {},
  budget: number = CUSTOM_PROPERTIES_BUDGET,
): { encoded: string; state: SyncState; droppedDocuments: number } {
  let current: SyncState = state;
  let dropped = 0;
  for (;;) {
    const encoded = encodeState(current);
    const size = measureProperties({ ...otherProps, [PROPERTY_NAME]: encoded });
    if (size <= budget) return { encoded, state: current, droppedDocuments: dropped };
    const keys = Object.keys(current.documents);
    if (keys.length === 0) throw new CustomPropertiesBudgetError(size);
    const [oldest, ...rest] = keys;
    const droppedKey = ownValue(current.documents, oldest as string);
    const documents = emptyMap<string>();
    for (const k of rest) documents[k] = current.documents[k] as string;
    const deliveredDocuments = current.deliveredDocuments?.filter((d) => d !== droppedKey);
    current = { ...current, documents, ...(deliveredDocuments ? { deliveredDocuments } : {}) };
    dropped++;
  }
}
