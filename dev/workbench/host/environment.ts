// What the add-in's frame gets besides Office.js: the workbench clock, a per-user localStorage, and tracking of its
// network work (so the page knows when the add-in settled).
import { RealDate, realm, session } from "./realm";

// ---------------------------------------------------------------------------------------------------------------
// The simulated "now": Date in the add-in's frames follows the workbench clock (and so does the sandbox).
export function installClock(): void {
  const offset = () => session.clockOffsetMs();
  function WorkbenchDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(RealDate.now() + offset()).toString();
    if (args.length === 0) return new RealDate(RealDate.now() + offset());
    return new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  WorkbenchDate.prototype = RealDate.prototype;
  const patched = WorkbenchDate as unknown as DateConstructor & { now(): number };
  Object.setPrototypeOf(patched, RealDate);
  patched.now = () => RealDate.now() + offset();
  patched.parse = RealDate.parse;
  patched.UTC = RealDate.UTC;
  (realm as unknown as { Date: DateConstructor }).Date = patched;
}

// ---------------------------------------------------------------------------------------------------------------
// Each signed-in user has their own browser profile in real life: give the add-in a per-user localStorage.
export function installPerUserStorage(): void {
  const real = realm.localStorage;
  const prefix = `wb-user:${session.user().email}:`;
  const keys = () => {
    const out: string[] = [];
    for (let i = 0; i < real.length; i++) {
      const k = real.key(i);
      if (k && k.startsWith(prefix)) out.push(k.slice(prefix.length));
    }
    return out;
  };
  const storage: Storage = {
    get length() {
      return keys().length;
    },
    key: (i: number) => keys()[i] ?? null,
    getItem: (k: string) => real.getItem(prefix + k),
    setItem: (k: string, v: string) => real.setItem(prefix + k, String(v)),
    removeItem: (k: string) => real.removeItem(prefix + k),
    clear: () => keys().forEach((k) => real.removeItem(prefix + k)),
  };
  Object.defineProperty(realm, "localStorage", { configurable: true, get: () => storage });
}

// ---------------------------------------------------------------------------------------------------------------
// Settle tracking: the page waits until the add-in's fetches and Office calls are done.
export function installNetworkTracking(): void {
  const realFetch = realm.fetch.bind(realm);
  realm.fetch = (async (...args: Parameters<typeof fetch>) => {
    session.busy(1);
    try {
      return await realFetch(...args);
    } finally {
      session.busy(-1);
    }
  }) as typeof fetch;
  const open = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function send(this: XMLHttpRequest, body?: Parameters<XMLHttpRequest["send"]>[0]) {
    session.busy(1);
    this.addEventListener("loadend", () => session.busy(-1), { once: true });
    return open.call(this, body);
  };
}
