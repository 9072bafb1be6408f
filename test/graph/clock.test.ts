// One dev clock: the local Exchange reads the sandbox's movable clock (as `npm start` wires it with clockUrl), so
// moving the sandbox's clock moves the times Exchange stamps on every change, and setting it back returns to real time.
import { startSandbox, type RunningSandbox } from "../../dev/sandbox/server";
import { startHarness, type Harness } from "./support";

let sandbox: RunningSandbox;
// Starting the local Graph makes a CA, a TLS certificate and a signing key: seconds on a loaded two-core machine
// (jest's 5 s default for the hook failed 16 tests at load 10). Nothing here measures time.
jest.setTimeout(60_000);
let h: Harness;
beforeAll(async () => {
  sandbox = await startSandbox({ dbFile: ":memory:", seed: "none" });
  h = await startHarness({ clockUrl: `${sandbox.url}/__sandbox/clock` });
});
afterAll(async () => {
  await h.close();
  await sandbox.close();
});

const setSandboxClock = (now: string | null) =>
  fetch(`${sandbox.url}/__sandbox/clock`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ now }),
  });

const saveMeeting = async (subject: string) => {
  const saved = await h.call("POST", "/exchange/mailboxes/alice@firm.example/items", {
    fields: { subject, start: "2031-03-03T10:00:00Z", end: "2031-03-03T11:00:00Z", attendees: [] },
    send: false,
  });
  expect(saved.status).toBe(201);
  return saved.body as { lastModifiedDateTime: string };
};

test("Exchange stamps changes with the sandbox's clock, moved or real", async () => {
  expect((await setSandboxClock("2031-03-01T09:00:00.000Z")).status).toBe(200);
  // The local Graph caches the clock for at most 200 ms: wait it out so the moved clock is read.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const moved = await saveMeeting("Under the moved clock");
  expect(Date.parse(moved.lastModifiedDateTime)).toBeGreaterThanOrEqual(Date.parse("2031-03-01T09:00:00.000Z"));
  expect(Date.parse(moved.lastModifiedDateTime)).toBeLessThan(Date.parse("2031-03-01T10:00:00.000Z"));

  expect((await setSandboxClock(null)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const real = await saveMeeting("Under real time");
  expect(Math.abs(Date.parse(real.lastModifiedDateTime) - Date.now())).toBeLessThan(60_000);
});
