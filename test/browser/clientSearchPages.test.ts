// The client search over more than one page, in real Chromium: a company with more upcoming meetings than the first
// page holds (src/taskpane/meetingPages.ts: 50 first, then pages of 200). The sandbox holds the second page back
// (a `hold` fault) until the test has seen the first on screen, so "the first page before the rest" is a state the
// test waits for, not a moment it hopes to catch; then the held page lands and the whole window is listed once.
import { browserSuite, startStack, taskPane, workbench, type Stack } from "./support/stack";

jest.setTimeout(180_000);

const NOW = "2026-12-01T09:00:00.000Z";
const ALICE = "alice@firm.example";
/** More than the first page's 50, and fewer than the 250 two pages reach, so the pane asks exactly two pages. */
const MEETINGS = 120;
const FIRST_PAGE = 50;
/** Initech has no meeting in the demo seed: every meeting the pane lists for it is one seeded here. */
const INITECH_CONTACT = { email: "frank@initech.example", name: "Frank Foster" };

/** Meeting i of the seed: its own subject and hour, between 8 and 23 December (inside the pane's next 30 days). */
function seededMeeting(i: number) {
  const start = new Date(Date.UTC(2026, 11, 8 + Math.floor(i / 8), 8 + (i % 8)));
  return {
    revision: 1,
    source: { organizerEmail: ALICE, addedBy: "organizer" },
    subject: `Initech planning ${String(i + 1).padStart(3, "0")}`,
    location: "",
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    notes: "",
    attendees: [
      { email: ALICE, name: "Alice Archer", type: "required", response: "organizer" },
      { ...INITECH_CONTACT, type: "required", response: "accepted" },
    ],
    visibility: "everyone",
    activityTypeId: "at-meeting",
    cancelled: false,
    isRecurring: false,
    sensitivity: "normal",
  };
}

/** Alice's meetings with Initech, written through the sandbox's API as the add-in would write them. */
async function seedInitechMeetings(stack: Stack): Promise<string[]> {
  const token = await stack.api.token(ALICE);
  const subjects: string[] = [];
  for (let i = 0; i < MEETINGS; i++) {
    const body = seededMeeting(i);
    const key = `sk-pages-${i}`;
    const res = await fetch(`${stack.sandboxUrl}/api/v1/meetings/${key}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `${key}:r1` },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`seeding ${key}: ${res.status} ${await res.text()}`);
    subjects.push(body.subject);
  }
  return subjects;
}

browserSuite("client search, page by page (workbench, real bundles, sandbox)", () => {
  let stack: Stack;
  let wb: ReturnType<typeof workbench>;

  beforeAll(async () => {
    stack = await startStack();
    wb = workbench(stack.page);
    await wb.setNow(NOW);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  test("a company with 120 upcoming meetings: the first 50 show while the rest load, then all 120, each once", async () => {
    const seeded = await seedInitechMeetings(stack);
    await wb.signIn(ALICE);
    await wb.newMeeting({ subject: "scratch", start: "2026-12-20T09:00:00.000Z", end: "2026-12-20T10:00:00.000Z" });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    await pane.getByRole("tab", { name: "Client meetings" }).click();
    const search = pane.getByRole("combobox", { name: /Search InterAction companies/ });
    await search.click();
    await search.pressSequentially("Initech");
    const option = pane.getByRole("option", { name: "Initech (initech.example)" });
    await option.waitFor({ state: "visible" });

    // The company's first page passes (the 1 ms delay rule only counts it); every later page waits in the sandbox.
    const list = "^/api/v1/meetings$";
    await stack.api.faults([
      { method: "GET", path: list, delayMs: 1, times: 1 },
      { method: "GET", path: list, hold: true },
    ]);
    await option.click();

    const shown = () =>
      pane.evaluate(() => ({
        subjects: [...document.querySelectorAll('[data-testid="company-meeting"] strong')].map((e) => e.textContent),
        loadingMore: document.querySelector('[data-testid="loading-more"]') !== null,
      }));
    const countIs = (text: string) =>
      pane.waitForFunction((t) => document.querySelector('[data-testid="meeting-count"]')?.textContent === t, text, {
        timeout: 60_000,
      });

    // The first page is on screen while the second is still held: InterAction's total, and "Loading more…".
    await countIs(`${FIRST_PAGE} of ${MEETINGS} meetings loaded. Loading more…`);
    const first = await shown();
    expect(first.subjects).toEqual(seeded.slice(0, FIRST_PAGE));
    expect(first.loadingMore).toBe(true);
    expect(await pane.getByRole("alert").count()).toBe(0);

    // The held page lands (this PUT answers once it has run); the rest is appended after the first page.
    await stack.api.faults([]);
    await countIs(`${MEETINGS} meetings`);
    const all = await shown();
    expect(all.subjects).toEqual(seeded);
    expect(new Set(all.subjects).size).toBe(MEETINGS);
    expect(all.loadingMore).toBe(false);
    expect(await pane.getByRole("alert").count()).toBe(0);

    // Two page requests for the window, the second the one held: no page asked twice, none after the last.
    const pages = (await stack.api.requests()).filter((r) => r.method === "GET" && r.path === "/api/v1/meetings");
    expect(pages.map((r) => [r.status, r.fault ?? null])).toEqual([
      [200, "delay 1ms"],
      [200, "hold"],
    ]);
    expect(stack.consoleErrors).toEqual([]);
    await wb.discard();
  });
});
