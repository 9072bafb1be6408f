// Classic Outlook on Windows runs commands.js in a JavaScript-only runtime: no window, no document, no
// localStorage; only Office, OfficeRuntime, fetch and timers. This test loads the real production bundle in exactly
// such a context (node:vm) and sends a meeting through the OnAppointmentSend handler against an in-process
// InterAction sandbox.
import { PROPERTY_NAME, decodeState } from "../../src/office/stateCodec";
import { createFakeOutlook } from "../support/fakeOutlook";
import { DEV_ORIGIN, newTopClientMeeting, runEvent, useDomlessRuntime } from "./domlessRuntime";

const rt = useDomlessRuntime();
const requestLog = () => rt.requestLog();
const loadBundle = (...args: Parameters<typeof rt.loadBundle>) => rt.loadBundle(...args);

describe("the commands bundle in a DOM-less runtime (classic Outlook on Windows)", () => {
  it("sending a new meeting with a Top Client attendee adds it to InterAction with exactly one write", async () => {
    await fetch(`${rt.sandbox.url}/__sandbox/reset`, { method: "POST" });
    const outlook = newTopClientMeeting();
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
    const token = await fetch(`${rt.sandbox.url}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "alice@firm.example" }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const record = await fetch(`${rt.sandbox.url}/api/v1/meetings/${state?.syncKey}`, {
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

  it("the add-in's host not answering costs a send nothing when a last good configuration is cached", async () => {
    await fetch(`${rt.sandbox.url}/__sandbox/reset`, { method: "POST" });
    const outlook = createFakeOutlook({
      meeting: {
        mode: "compose",
        itemId: undefined,
        requiredAttendees: [{ emailAddress: "carol@acme.example", displayName: "Carol Chen" }],
      },
    });
    const cached = JSON.stringify({ apiBaseUrl: rt.sandbox.url, auth: { mode: "dev" } });
    const runtimeStorage = new Map([["interaction.addinConfig", cached]]);
    const { associated } = loadBundle(outlook, runtimeStorage, { configHangs: true });
    const started = Date.now();
    expect(await runEvent(associated.get("onAppointmentSend"))).toEqual({ allowEvent: true });
    // Fetching the file first would have waited out its 2.5 s timeout before anything else.
    expect(Date.now() - started).toBeLessThan(2400);
    const writes = (await requestLog()).filter((r) => r.method === "PUT" && /^\/api\/v1\/meetings\//.test(r.path));
    expect(writes.map((w) => w.status)).toEqual([201]);
  }, 30_000);

  it("with InterAction down the send still goes through, the change is queued in OfficeRuntime.storage", async () => {
    await fetch(`${rt.sandbox.url}/__sandbox/reset`, { method: "POST" });
    await fetch(`${rt.sandbox.url}/__sandbox/faults`, {
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
      await fetch(`${rt.sandbox.url}/__sandbox/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rules: [] }),
      });
    }
  }, 30_000);
});
