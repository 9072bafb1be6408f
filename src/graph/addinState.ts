// The add-in's SyncState as the sync service reads it: Outlook keeps an add-in's custom properties as one JSON string in
// a single-value extended property (property set PublicStrings, name cecp-<add-in id>), on the mailbox copy whose
// add-in saved them only. Decoded with the add-in's own codec (src/core/stateCodec.ts), never a copy of it.
import type * as Graph from "@microsoft/microsoft-graph-types";
import { decodeState, PROPERTY_NAME } from "../core/stateCodec";
import type { SyncState } from "../core/syncState";

export const PUBLIC_STRINGS = "{00020329-0000-0000-C000-000000000046}";

/** The extended property id of an add-in's custom properties (add-in id lower case, without braces). */
export const customPropertiesId = (addinId: string): string =>
  `String ${PUBLIC_STRINGS} Name cecp-${addinId.trim().toLowerCase().replace(/[{}]/g, "")}`;

/** `$expand` that brings exactly that property with an event. */
export const customPropertiesExpand = (addinId: string): string =>
  `singleValueExtendedProperties($filter=id eq '${customPropertiesId(addinId)}')`;

/**
 * The add-in's state on this copy, or null when the add-in never saved one here (or it is not readable: a damaged
 * value is treated like none, which makes the service leave the meeting alone, never guess).
 */
export function addinStateOf(
  event: Pick<Graph.Event, "singleValueExtendedProperties">,
  addinId: string,
): SyncState | null {
  const wanted = customPropertiesId(addinId).toLowerCase();
  const property = (event.singleValueExtendedProperties ?? []).find((p) => (p.id ?? "").toLowerCase() === wanted);
  if (!property?.value) return null;
  let bag: unknown;
  try {
    bag = JSON.parse(property.value);
  } catch {
    return null;
  }
  if (typeof bag !== "object" || bag === null) return null;
  return decodeState((bag as Record<string, unknown>)[PROPERTY_NAME]);
}
