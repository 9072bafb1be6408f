// The item-state codec moved to src/core/stateCodec.ts (the sync service decodes the same custom property through
// Microsoft Graph, and adapters may not import each other); this path stays for the Office adapter and its tests.
export * from "../core/stateCodec";
