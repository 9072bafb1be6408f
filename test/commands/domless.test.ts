// Classic Outlook on Windows runs commands.js in a JavaScript-only runtime: no window, no document, no
// localStorage; only Office, OfficeRuntime, fetch and timers. This test loads the real production bundle in exactly
// such a context (node:vm) and sends a meeting through the OnAppointmentSend handler against an in-process
// InterAction sandbox.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { startSandbox } from "../../dev/sandbox/server";
import { PROPERTY_NAME, decodeState } from "../../src/office/stateCodec";
import { createFakeOutlook } from "../office/fakeOutlook";
import { commandsBundle } from "./bundle";

const DEV_ORIGIN = "https://localhost:3000";

let source = "";
let sandbox: { url: string; close(): Promise<void> };
let dir = "";

beforeAll(async () => {
  source = await commandsBundle();
  dir = mkdtempSync(path.join(os.tmpdir(), "ia-domless-"));
  sandbox = await startSandbox({ port: 0, dbFile: path.join(dir, "sandbox.db"), seed: "demo", controls: true });
}, 180_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
}

async function requestLog(): Promise<RequestLogEntry[]> {
  const res = await fetch(`${sandbox.url}/__sandbox/requests`);
  const body = (await res.json()) as { items: RequestLogEntry[] };
  return body.items;
}

/** Loads commands.js the way classic Outlook does and returns the handlers it associated. */
function loadBundle(outlook: ReturnType<typeof createFakeOutlook>, runtimeStorage: Map<string, string>) {
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
        return new Response(JSON.stringify({ apiBaseUrl: sandbox.url, auth: { mode: "dev" } }), {
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
  vm.runInContext(source, context, { filename: "commands.js" });
  return { associated, fetchLog };
}

const runEvent = (handler: ((event: unknown) => unknown) | undefined) =>
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

describe("the commands bundle in a DOM-less runtime (classic Outlook on Windows)", () => {
  it("sending a new meeting with a Top Client attendee adds it to InterAction with exactly one write", async () => {
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" });
    const outlook = createFakeOutlook({
      meeting: {
        mode: "compose",
        itemId: undefined,
        subject: "Acme pricing review",
        requiredAttendees: [{ emailAddress: "carol@acme.example", displayName: "Carol Chen" }],
      },
    });
    const runtimeStorage = new Map<string, string>();
    const { associated, fetchLog } = loadBundle(outlook, runtimeStorage);

    const completion = await runEvent(associated.get("onAppointmentSend"));
    expect(completion).toEqual({ allowEvent: true });

    const writes = (await requestLog()).filter((r) => r.method === "PUT" && /^\/api\/v1\/meetings\//.test(r.path));
    expect(writes).toHaveLength(1);
    expect(writes[0]?.status).toBe(201);

    // The meeting is in InterAction, under the sync key the item now carries.
    outlook.commit();
    const state = decodeState(outlook.storedProperties()[PROPERTY_NAME]);
    expect(state?.syncKey).toBeTruthy();
    expect(state?.revision).toBe(1);
    expect(state?.deliveredRevision).toBe(1);
    const token = await fetch(`${sandbox.url}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "alice@firm.example" }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const record = await fetch(`${sandbox.url}/api/v1/meetings/${state?.syncKey}`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    }).then((r) => r.json() as Promise<{ kind: string; status: string; contacts: { email: string }[] }>);
    expect(record).toMatchObject({ kind: "appointment", status: "scheduled" });
    expect(record.contacts.map((c) => c.email)).toContain("carol@acme.example");

    // The config came from the baked add-in origin; nothing else was asked of the add-in's host.
    expect(fetchLog[0]).toBe(`${DEV_ORIGIN}/addin-config.json`);

    // No token anywhere it could leak: the item, its notifications, the runtime's storage.
    const everywhere = JSON.stringify({
      item: outlook.storedProperties(),
      notifications: [...outlook.notifications.values()],
      storage: [...runtimeStorage.entries()],
    });
    expect(everywhere).not.toContain(token.access_token.split(".")[0]);
    expect(everywhere).not.toMatch(/Bearer|access_token/);
  }, 30_000);

  it("with InterAction down the send still goes through, the change is queued in OfficeRuntime.storage", async () => {
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" });
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: [{ method: "PUT", path: "^/api/v1/meetings/", status: 503, times: 100 }] }),
    });
    try {
      const outlook = createFakeOutlook({
        meeting: {
          mode: "compose",
          itemId: undefined,
          requiredAttendees: [{ emailAddress: "carol@acme.example", displayName: "Carol Chen" }],
        },
      });
      const runtimeStorage = new Map<string, string>();
      const { associated } = loadBundle(outlook, runtimeStorage);
      expect(await runEvent(associated.get("onAppointmentSend"))).toEqual({ allowEvent: true });
      const queued = [...runtimeStorage.entries()].find(([k]) => /outbox/i.test(k));
      expect(queued).toBeDefined();
      expect(JSON.parse(queued?.[1] ?? "[]")).toEqual([
        expect.objectContaining({ op: expect.objectContaining({ kind: "upsertMeeting", revision: 1 }) }),
      ]);
      const notices = [...outlook.notifications.values()].map((n) => n.message).join(" ");
      expect(notices).toMatch(/InterAction/);
    } finally {
      await fetch(`${sandbox.url}/__sandbox/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rules: [] }),
      });
    }
  }, 30_000);
});
