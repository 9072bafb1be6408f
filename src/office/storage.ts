// Durable string storage of the runtime: OfficeRuntime.storage where the host has it (classic Outlook on Windows,
// whose JS-only event runtime has no localStorage), else the page's localStorage (Outlook on the web, new Outlook,
// Mac, the task pane), else memory (nothing durable available: still correct, just forgets on reload).
import type { KeyValueStorage } from "../sync/ports";

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface RuntimeStorageLike {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export const fromOfficeRuntimeStorage = (s: RuntimeStorageLike): KeyValueStorage => ({
  getItem: async (key) => (await s.getItem(key)) ?? null,
  setItem: (key, value) => s.setItem(key, value),
  removeItem: (key) => s.removeItem(key),
});

export const fromWebStorage = (s: StorageLike): KeyValueStorage => ({
  getItem: async (key) => s.getItem(key),
  setItem: async (key, value) => s.setItem(key, value),
  removeItem: async (key) => s.removeItem(key),
});

export const memoryStorage = (initial: Record<string, string> = {}): KeyValueStorage => {
  const map = new Map(Object.entries(initial));
  return {
    getItem: async (key) => map.get(key) ?? null,
    setItem: async (key, value) => void map.set(key, value),
    removeItem: async (key) => void map.delete(key),
  };
};

/**
 * Uses `primary` until one of its calls fails (a host that declares OfficeRuntime.storage without supporting it),
 * then `fallback` for good. The switch is remembered, so one runtime never splits its data across the two.
 */
export function withFallback(
  primary: KeyValueStorage,
  fallback: KeyValueStorage,
): KeyValueStorage & { usingFallback(): boolean } {
  let current = primary;
  const run = async <T>(op: (s: KeyValueStorage) => Promise<T>): Promise<T> => {
    if (current === fallback) return op(fallback);
    try {
      return await op(primary);
    } catch {
      current = fallback;
      return op(fallback);
    }
  };
  return {
    getItem: (key) => run((s) => s.getItem(key)),
    setItem: (key, value) => run((s) => s.setItem(key, value)),
    removeItem: (key) => run((s) => s.removeItem(key)),
    usingFallback: () => current === fallback,
  };
}

function webStorageOf(scope: Record<string, unknown>): KeyValueStorage | undefined {
  try {
    // Reading localStorage can throw (storage disabled, sandboxed frame).
    const local = scope.localStorage as StorageLike | undefined;
    if (local && typeof local.getItem === "function") {
      local.getItem("interaction.probe");
      return fromWebStorage(local);
    }
  } catch {
    /* not usable */
  }
  return undefined;
}

/** The best durable storage of this runtime. `scope` is what the globals are read from (tests pass their own). */
export function createRuntimeStorage(
  scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): {
  storage: KeyValueStorage;
  kind: "OfficeRuntime.storage" | "localStorage" | "memory";
} {
  const runtime = scope.OfficeRuntime as { storage?: RuntimeStorageLike } | undefined;
  const web = webStorageOf(scope);
  if (runtime && runtime.storage && typeof runtime.storage.getItem === "function") {
    return {
      storage: withFallback(fromOfficeRuntimeStorage(runtime.storage), web ?? memoryStorage()),
      kind: "OfficeRuntime.storage",
    };
  }
  if (web) return { storage: web, kind: "localStorage" };
  return { storage: memoryStorage(), kind: "memory" };
}
