// The DOM-less runtime of classic Outlook on Windows, for tests: the real production commands.js loaded in node:vm
// with only Office, OfficeRuntime, fetch and timers, against an in-process InterAction sandbox. `prepare` runs in the
// fresh context before the bundle (e.g. to take away built-ins an older engine lacks).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { startSandbox } from "../../dev/sandbox/server";
import { createFakeOutlook } from "../support/fakeOutlook";
import { commandsBundle } from "./bundle";

export const DEV_ORIGIN = "https://localhost:3000";

export interface DomlessRuntime {
  source: string;
  sandbox: { url: string; close(): Promise<void> };
  requestLog(): Promise<{ method: string; path: string; status: number }[]>;
  loadBundle(
    outlook: ReturnType<typeof createFakeOutlook>,
    runtimeStorage: Map<string, string>,
    options?: {
      prepare?: string;
      configHangs?: boolean;
      /** What the add-in's host publishes as addin-config.json (default: the sandbox with dev tokens). */
      addinConfig?: unknown;
      /** Globals the host provides besides Office and OfficeRuntime (classic Outlook's `window` with NAA's bridge). */
      globals?: Record<string, unknown>;
    },
  ): { associated: Map<string, (event: unknown) => unknown>; fetchLog: string[]; context: vm.Context };
}

/** Registers beforeAll/afterAll that build the bundle and start a sandbox; the returned object is filled by then. */
export function useDomlessRuntime(): DomlessRuntime {
  let dir = "";
  const rt = { source: "" } as DomlessRuntime;

  beforeAll(async () => {
    rt.source = await commandsBundle();
    dir = mkdtempSync(path.join(os.tmpdir(), "ia-domless-"));
    rt.sandbox = await startSandbox({ port: 0, dbFile: path.join(dir, "sandbox.db"), seed: "demo", controls: true });
  }, 180_000);

  afterAll(async () => {
    await rt.sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  rt.requestLog = async () => {
    const res = await fetch(`${rt.sandbox.url}/__sandbox/requests`);
    return ((await res.json()) as { items: { method: string; path: string; status: number }[] }).items;
  };

  rt.loadBundle = (outlook, runtimeStorage, options = {}) => {
    const associated = new Map<string, (event: unknown) => unknown>();
    const fetchLog: string[] = [];
    const office = Object.assign(outlook.office, {
      actions: { associate: (name: string, fn: (event: unknown) => unknown) => associated.set(name, fn) },
    });
    const context = vm.createContext({
      Office: office,
      OfficeRuntime: {
        storage: {
          getItem: async (k: string) => runtimeStorage.get(k) ?? null,
          setItem: async (k: string, v: string) => void runtimeStorage.set(k, v),
          removeItem: async (k: string) => void runtimeStorage.delete(k),
        },
      },
      // The add-in's host serves addin-config.json; everything else goes to the sandbox for real.
      fetch: async (input: unknown, init?: unknown) => {
        const url = typeof input === "string" ? input : (input as { url: string }).url;
        fetchLog.push(url);
        if (url === `${DEV_ORIGIN}/addin-config.json`) {
          if (options.configHangs) return new Promise<never>(() => undefined);
          const config = options.addinConfig ?? { apiBaseUrl: rt.sandbox.url, auth: { mode: "dev" } };
          return new Response(JSON.stringify(config), {
            headers: { "content-type": "application/json" },
          });
        }
        return fetch(input as string, init as Parameters<typeof fetch>[1]);
      },
      setTimeout,
      clearTimeout,
      ...(process.env.DEBUG_DOMLESS ? { console } : {}),
    });
    expect(vm.runInContext("typeof window + typeof document + typeof localStorage", context)).toBe(
      "undefinedundefinedundefined",
    );
    Object.assign(context, options.globals ?? {});
    if (options.prepare) vm.runInContext(options.prepare, context);
    vm.runInContext(rt.source, context, { filename: "commands.js" });
    return { associated, fetchLog, context };
  };

  return rt;
}

/** Fires a launch event the way Outlook does and resolves with what event.completed was given. */
/** A new, unsent meeting as its organizer composes it, with a Top Client attendee: the firm rules add it on send. */
export const newTopClientMeeting = () =>
  createFakeOutlook({
    meeting: {
      mode: "compose",
      itemId: undefined,
      subject: "Acme pricing review",
      requiredAttendees: [{ emailAddress: "carol@acme.example", displayName: "Carol Chen" }],
    },
  });

export const runEvent = (handler: ((event: unknown) => unknown) | undefined) =>
  new Promise<unknown>((resolve, reject) => {
    if (!handler) return reject(new Error("handler not associated"));
    const timer = setTimeout(() => reject(new Error("event.completed was never called")), 10_000);
    handler({
      type: "appointmentSend",
      completed: (options?: unknown) => {
        clearTimeout(timer);
        resolve(options ?? "completed");
      },
    });
  });
