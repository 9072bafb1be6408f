// The built commands bundle (dist/commands.js) in a DOM-less node:vm context, the way classic Outlook on Windows runs
// it: only Office, OfficeRuntime, fetch and timers exist. Same harness as test/commands/domless.test.ts (the fake
// Outlook item is the team's test/support/fakeOutlook.ts), packaged for repeated use: one runtime can serve many items
// (Outlook reuses the runtime between events), and OfficeRuntime.storage outlives runtimes (it is persisted).
import vm from "node:vm";
import type { createFakeOutlook } from "../test/support/fakeOutlook";

export type FakeOutlook = ReturnType<typeof createFakeOutlook>;
type Handler = (event: unknown) => unknown;

export interface CommandsRuntime {
  /** Points Office.context at another item (the user opened another meeting form). */
  use(outlook: FakeOutlook): void;
  /** Fires a handler and resolves when it calls event.completed, with the time that took (ms). */
  fire(name: string, type?: string): Promise<{ ms: number; completion: unknown; started: number; ended: number }>;
  fetches: string[];
  /** Every fetch the bundle made, with when it started and ended (performance.now()). */
  timings: { url: string; start: number; end: number }[];
}

export function loadCommandsRuntime(
  source: string,
  options: { sandboxUrl: string; storage: Map<string, string>; outlook: FakeOutlook },
): CommandsRuntime {
  let current = options.outlook;
  const associated = new Map<string, Handler>();
  const actions = { associate: (name: string, fn: Handler) => associated.set(name, fn) };
  // Office as the bundle sees it: the current item's Office mock, plus Office.actions.
  const office = new Proxy(
    {},
    {
      get: (_t, key) =>
        key === "actions" ? actions : (current.office as unknown as Record<PropertyKey, unknown>)[key],
      has: (_t, key) => key === "actions" || key in (current.office as object),
    },
  );
  const fetches: string[] = [];
  const timings: { url: string; start: number; end: number }[] = [];
  const config = JSON.stringify({ apiBaseUrl: options.sandboxUrl, auth: { mode: "dev" } });
  const context = vm.createContext({
    Office: office,
    OfficeRuntime: {
      storage: {
        getItem: async (k: string) => options.storage.get(k) ?? null,
        setItem: async (k: string, v: string) => void options.storage.set(k, v),
        removeItem: async (k: string) => void options.storage.delete(k),
      },
    },
    // The add-in's host serves addin-config.json (at the origin baked into the build); the rest goes to the sandbox.
    fetch: async (input: unknown, init?: unknown) => {
      const url = typeof input === "string" ? input : (input as { url: string }).url;
      fetches.push(url);
      const start = performance.now();
      const answer =
        !url.startsWith(options.sandboxUrl) && url.endsWith("/addin-config.json")
          ? new Response(config, { headers: { "content-type": "application/json" } })
          : await fetch(input as string, init as Parameters<typeof fetch>[1]);
      timings.push({ url, start, end: performance.now() });
      return answer;
    },
    setTimeout,
    clearTimeout,
  });
  const dom = vm.runInContext("typeof window + typeof document + typeof localStorage", context) as string;
  if (dom !== "undefinedundefinedundefined") throw new Error("the vm context is not DOM-less");
  vm.runInContext(source, context, { filename: "commands.js" });

  return {
    fetches,
    timings,
    use: (outlook) => {
      current = outlook;
    },
    fire: (name, type = name === "onAppointmentSend" ? "appointmentSend" : name) =>
      new Promise((resolve, reject) => {
        const handler = associated.get(name);
        if (!handler) return reject(new Error(`commands.js did not associate ${name}`));
        const timer = setTimeout(() => reject(new Error(`${name}: event.completed was never called`)), 15_000);
        const started = performance.now();
        handler({
          type,
          completed: (completion?: unknown) => {
            const ended = performance.now();
            clearTimeout(timer);
            resolve({ ms: ended - started, completion: completion ?? "completed", started, ended });
          },
        });
      }),
  };
}
