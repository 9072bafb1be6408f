// A send that refreshes out-of-date firm settings asks about the attendees while the settings are on their way
// (src/sync/attendeeDirectory.ts, directoryAhead): one round trip less, the same decision. Proven with InterAction's
// settings answer held back until the test releases it, so no timing is involved.
import { runSync } from "../../src/sync/runSync";
import { SETTINGS_KEY, SETTINGS_TTL_MS } from "../../src/sync/settingsCache";
import type { CalendarSyncSettings } from "../../src/core/settings";
import { createHarness, demoSettings, meetingSnapshot, type Harness } from "../support/fakes";

const NOW = "2026-11-20T09:00:00.000Z";

/** A copy of the settings cached longer ago than their time to live: the run refreshes it. */
const cacheStale = async (h: Harness, settings: CalendarSyncSettings) => {
  const fetchedAt = new Date(Date.parse(NOW) - SETTINGS_TTL_MS - 60_000).toISOString();
  await h.storage.setItem(SETTINGS_KEY, JSON.stringify({ fetchedAt, value: settings }));
};

/** Holds InterAction's settings answer until `release()`; `asked` resolves once the run asked for them. */
const holdSettings = (h: Harness) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let markAsked!: () => void;
  const asked = new Promise<void>((resolve) => (markAsked = resolve));
  const answer = h.api.getSettings.bind(h.api);
  h.api.getSettings = async () => {
    markAsked();
    await released;
    return answer();
  };
  return { asked, release };
};

/** Lets every pending promise callback run (no timers: each turn is a macrotask of Node's own queue). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("send: the attendee lookup goes out with the settings refresh", () => {
  test("with out-of-date settings whose rules need the directory, it is asked before the settings answer", async () => {
    const h = createHarness({ now: NOW });
    await cacheStale(h, demoSettings());
    const held = holdSettings(h);
    const sent = runSync({ kind: "send" }, h.deps);
    await held.asked;
    await settle();
    // The settings have not answered, and InterAction was already asked about the outside attendee.
    expect(h.api.callsOf("lookupAttendees").map((c) => c.args)).toEqual([[["carol@acme.example"]]]);
    held.release();
    const outcome = await sent;
    expect(outcome.autoAdd?.add).toBe(true);
    expect(outcome.status).toBe("synced");
    expect(h.api.meetings.size).toBe(1);
    // Asked once: the answer given ahead is the one the rules used.
    expect(h.api.callsOf("lookupAttendees")).toHaveLength(1);
  });

  test("when the fresh settings ask another question, the early answer is dropped and theirs asked", async () => {
    const snapshot = meetingSnapshot();
    snapshot.attendees.push({ email: "erin@globex.example", name: "Erin Lee", type: "required", response: "none" });
    const h = createHarness({ now: NOW, snapshot, settings: { firmDomains: ["firm.example", "globex.example"] } });
    // The cached copy does not know globex.example is the firm's: it asks about Carol and Erin.
    await cacheStale(h, demoSettings());
    const held = holdSettings(h);
    const sent = runSync({ kind: "send" }, h.deps);
    await held.asked;
    await settle();
    expect(h.api.callsOf("lookupAttendees").map((c) => c.args)).toEqual([
      [["carol@acme.example", "erin@globex.example"]],
    ]);
    held.release();
    const outcome = await sent;
    // The rules decide on the question the fresh settings ask: Carol alone.
    expect(h.api.callsOf("lookupAttendees").map((c) => c.args)).toEqual([
      [["carol@acme.example", "erin@globex.example"]],
      [["carol@acme.example"]],
    ]);
    expect(outcome.autoAdd?.add).toBe(true);
    expect(h.api.meetings.size).toBe(1);
  });

  test("without any cached settings nothing is asked before they answer (no rule may exist)", async () => {
    const h = createHarness({ now: NOW });
    const held = holdSettings(h);
    const sent = runSync({ kind: "send" }, h.deps);
    await held.asked;
    await settle();
    expect(h.api.callsOf("lookupAttendees")).toHaveLength(0);
    held.release();
    const outcome = await sent;
    expect(h.api.callsOf("lookupAttendees")).toHaveLength(1);
    expect(outcome.autoAdd?.add).toBe(true);
    expect(h.api.meetings.size).toBe(1);
  });

  test("cached settings whose rules cannot add ask nothing ahead, and fresh ones that can ask after", async () => {
    const h = createHarness({ now: NOW });
    await cacheStale(h, demoSettings({ autoAddContactTypeIds: [] }));
    const held = holdSettings(h);
    const sent = runSync({ kind: "send" }, h.deps);
    await held.asked;
    await settle();
    expect(h.api.callsOf("lookupAttendees")).toHaveLength(0);
    held.release();
    const outcome = await sent;
    expect(h.api.callsOf("lookupAttendees")).toHaveLength(1);
    expect(outcome.autoAdd?.add).toBe(true);
  });
});
