// The product story of "InterAction Meeting Sync for Outlook", step by step, in real Chromium: the simulated Outlook
// (dev/workbench) runs the real built task pane and commands bundle against a fresh InterAction sandbox. Every step
// checks what InterAction stored (the sandbox's API and request log) and what the user sees (Outlook's notification
// bar, the task pane), runs axe-core on the task pane states and keeps screenshots under test-artifacts/.
import {
  axeViolations,
  base64,
  browserSuite,
  eventually,
  paneText,
  screenshot,
  startStack,
  taskPane,
  workbench,
  type Stack,
} from "./support/stack";

jest.setTimeout(180_000);

const NOW = "2026-12-01T09:00:00.000Z";
const at = (day: number, hour: number, minutes = 0) => new Date(Date.UTC(2026, 11, day, hour, minutes)).toISOString();

browserSuite("InterAction Meeting Sync in Outlook (workbench, real bundles, sandbox)", () => {
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

  // Every step starts from the calendar, signed in as Alice, with InterAction up.
  beforeEach(async () => {
    await wb.close();
    await wb.signIn("alice@firm.example");
    await stack.api.faults([]);
  });

  const writes = () => stack.api.meetingWrites();
  const successfulWrites = async () => (await writes()).filter((w) => w.status === 200 || w.status === 201);
  /** The sync keys written to since `before` (the meetings this step put into InterAction). */
  const newKeys = async (before: number) => [
    ...new Set((await successfulWrites()).slice(before).map((w) => w.syncKey)),
  ];
  /** What the sandbox stored for a meeting, with the add-in's side of the story when it is not what the test expects. */
  const expectStored = async (syncKey: string, expected: { notes?: string }) => {
    const stored = stack.stored(syncKey);
    if (!stored || (expected.notes !== undefined && stored.notes !== expected.notes)) {
      const st = await wb.state();
      const context = {
        stored,
        notifications: st.notificationLog.slice(-4),
        invocations: st.invocations.slice(-4),
        writes: (await writes()).slice(-4),
      };
      throw new Error(
        `InterAction stored ${JSON.stringify(stored)}, expected ${JSON.stringify(expected)}\n${JSON.stringify(context, null, 1)}`,
      );
    }
  };
  const lastNotice = async () => {
    const log = (await wb.state()).notificationLog.filter((n) => n.op !== "remove");
    return log[log.length - 1]?.message ?? "";
  };
  /** axe-core runs on each task pane state the story reaches; the accessibility test below reports them all. */
  const axeFindings: { state: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];
  const expectNoAxeViolations = async (state: string) => {
    axeFindings.push({ state, violations: await axeViolations(stack.page) });
  };
  /** Waits until the open task pane shows `text` (the pane follows the item by itself; nobody reloads it). */
  const paneShows = (text: string | RegExp) =>
    eventually(
      async () => {
        const now = await paneText(stack.page);
        return typeof text === "string" ? now.includes(text) : text.test(now);
      },
      `the task pane to show ${String(text)}`,
    );

  test("a new meeting added from the ribbon is added to InterAction when it is sent, not before", async () => {
    const before = (await successfulWrites()).length;
    await wb.newMeeting({
      subject: "Globex pitch preparation",
      start: at(3, 10),
      end: at(3, 11),
      location: "Room 4",
      requiredAttendees: ["erin@globex.example", "bob@firm.example"],
    });
    await wb.clickRibbon("Add to InterAction");
    expect(await lastNotice()).toMatch(/send/i);
    expect(await successfulWrites()).toHaveLength(before);

    await wb.openTaskPane();
    expect(await paneText(stack.page)).toContain("Will be added");
    await screenshot(stack.page, "01-new-meeting-will-be-added-on-send");
    await expectNoAxeViolations("will be added on send");

    const sent = await wb.send();
    expect(sent).toMatchObject({ sent: true, smartAlert: null });
    const keys = await newKeys(before);
    expect(keys).toHaveLength(1);
    const record = await stack.api.meeting(keys[0]!);
    expect(record).toMatchObject({
      kind: "appointment",
      status: "scheduled",
      subject: "Globex pitch preparation",
      location: "Room 4",
    });
    expect(record.companies.map((c) => c.name)).toContain("Globex");
    expect(record.contacts.map((c) => c.email)).toContain("erin@globex.example");
  });

  test("a new meeting that was added and then discarded never reaches InterAction", async () => {
    const before = (await writes()).length;
    await wb.newMeeting({
      subject: "Draft: Globex follow-up",
      start: at(4, 14),
      end: at(4, 15),
      requiredAttendees: ["erin@globex.example"],
    });
    await wb.clickRibbon("Add to InterAction");
    await wb.discard();
    expect(await writes()).toHaveLength(before);
    expect((await wb.state()).meetings.map((m) => m.subject)).not.toContain("Draft: Globex follow-up");
  });

  test("a meeting with a Top Client attendee is added on send by the firm rule, and the task pane says why", async () => {
    const before = (await successfulWrites()).length;
    await wb.newMeeting({
      subject: "Acme quarterly review",
      start: at(7, 15),
      end: at(7, 16),
      requiredAttendees: ["carol@acme.example"],
    });
    await wb.openTaskPane();
    const text = await paneText(stack.page);
    expect(text).toContain("Firm rules will add this meeting when it is sent");
    expect(text).toContain("Will be added to InterAction when you send the meeting");
    expect(text).toContain("Acme Corporation, a Top Client");
    await screenshot(stack.page, "02-firm-rule-explains-auto-add");
    await expectNoAxeViolations("firm rule adds on send");

    const sent = await wb.send();
    expect(sent.sent).toBe(true);
    const keys = await newKeys(before);
    expect(keys).toHaveLength(1);
    const record = await stack.api.meeting(keys[0]!);
    expect(record.subject).toBe("Acme quarterly review");
    expect(record.companies.map((c) => c.name)).toContain("Acme Corporation");
    expect(await lastNotice()).toMatch(/Top Client/);
  });

  test("a user who opts out keeps a Top Client meeting out of InterAction", async () => {
    const before = (await writes()).length;
    await wb.newMeeting({
      subject: "Acme: personal lunch",
      start: at(8, 12),
      end: at(8, 13),
      requiredAttendees: ["carol@acme.example"],
    });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    await pane.getByLabel("Sync this meeting").selectOption({ label: "Never" });
    await wb.settle();
    await screenshot(stack.page, "03-opted-out");
    await expectNoAxeViolations("opted out");
    const sent = await wb.send();
    expect(sent.sent).toBe(true);
    expect(await writes()).toHaveLength(before);
  });

  test("an organizer adds an existing meeting to InterAction", async () => {
    const before = (await successfulWrites()).length;
    await wb.newMeeting({
      subject: "Globex contract call",
      start: at(9, 9),
      end: at(9, 10),
      requiredAttendees: ["erin@globex.example"],
    });
    const { meetingId } = await wb.send();
    expect(await successfulWrites()).toHaveLength(before);

    await wb.open(meetingId);
    await wb.clickRibbon("Add to InterAction");
    const keys = await newKeys(before);
    expect(keys).toHaveLength(1);
    expect(await stack.api.meeting(keys[0]!)).toMatchObject({ subject: "Globex contract call", kind: "appointment" });
    await wb.close();
  });

  test("with the task pane open, the ribbon's Add makes the pane say 'will be added on send' without reopening it", async () => {
    await wb.newMeeting({
      subject: "Globex sourcing call",
      start: at(9, 14),
      end: at(9, 15),
      requiredAttendees: ["erin@globex.example"],
    });
    await wb.openTaskPane();
    await paneShows("Not added to InterAction");
    // The ribbon's function runs in the commands runtime; Outlook raises no event the pane could hear.
    await wb.clickRibbon("Add to InterAction");
    await paneShows("Will be added to InterAction when you send the meeting");
    const pane = await taskPane(stack.page);
    expect(await pane.getByTestId("add-button").textContent()).toBe("Will be added on send");
    await wb.discard();
  });

  let globexCall = { meetingId: "", syncKey: "" };

  test("the pane's own Add: a refusal shows the reason with Retry, and Retry delivers once InterAction accepts", async () => {
    const before = (await successfulWrites()).length;
    await wb.newMeeting({
      subject: "Globex licensing call",
      start: at(11, 9),
      end: at(11, 10),
      requiredAttendees: ["erin@globex.example", "zoe.new@globex.example"],
    });
    const { meetingId } = await wb.send();
    expect(await successfulWrites()).toHaveLength(before);
    await wb.open(meetingId);
    await wb.openTaskPane();
    await paneShows("Not added to InterAction");
    await stack.api.faults([{ method: "PUT", path: "^/api/v1/meetings/", status: 403 }]);
    const pane = await taskPane(stack.page);
    await pane.getByRole("button", { name: "Add to InterAction" }).click();
    await wb.settle();
    await paneShows("Sync failed");
    expect(await pane.getByTestId("sync-error").innerText()).toMatch(/\S/);
    await screenshot(stack.page, "04a-pane-add-refused-with-retry");
    await expectNoAxeViolations("sync error with Retry");

    await stack.api.faults([]);
    await pane.getByRole("button", { name: "Retry" }).click();
    await wb.settle();
    await paneShows("Synced with InterAction");
    expect(await pane.getByTestId("sync-error").count()).toBe(0);
    const keys = await newKeys(before);
    expect(keys).toHaveLength(1);
    globexCall = { meetingId, syncKey: keys[0]! };
    expect(await stack.api.meeting(keys[0]!)).toMatchObject({ subject: "Globex licensing call" });
  });

  test("with the task pane open, an edit shows 'Pending changes'; an attendee unknown to InterAction is added as a contact", async () => {
    await wb.open(globexCall.meetingId);
    await wb.openTaskPane();
    await paneShows("Synced with InterAction");
    await wb.edit({ start: at(11, 11), end: at(11, 12) });
    await paneShows("Pending changes: they reach InterAction when you save or send the meeting");
    await screenshot(stack.page, "04b-pane-open-edit-pending");

    const pane = await taskPane(stack.page);
    const contactsBefore = (await stack.api.requests()).filter(
      (r) => r.method === "POST" && /^\/api\/v1\/contacts/.test(r.path),
    ).length;
    await pane.getByRole("button", { name: /^Add as contact: .*zoe\.new@globex\.example/ }).click();
    await wb.settle();
    await paneShows("Added as contact");
    const created = (await stack.api.requests()).filter(
      (r) => r.method === "POST" && /^\/api\/v1\/contacts/.test(r.path),
    );
    expect(created.length).toBeGreaterThan(contactsBefore);
    expect(created[created.length - 1]!.status).toBeLessThan(300);

    // The real pane in Outlook's dark theme: axe (contrast included) and a screenshot.
    await stack.page.evaluate(() =>
      (window as unknown as { workbench: { setTheme(t: string): Promise<void> } }).workbench.setTheme("dark"),
    );
    await eventually(
      async () => (await pane.locator("[data-theme]").first().getAttribute("data-theme")) === "dark",
      "the task pane to turn dark",
    );
    await screenshot(stack.page, "04c-pane-dark-theme");
    await expectNoAxeViolations("dark theme");
    await stack.page.evaluate(() =>
      (window as unknown as { workbench: { setTheme(t: string): Promise<void> } }).workbench.setTheme("light"),
    );
    await wb.discard();
  });

  test("an attendee adds a meeting from outside the firm once they have accepted it", async () => {
    const before = (await successfulWrites()).length;
    const { meetingIds } = await wb.invite({
      from: "erin@globex.example",
      to: ["bob@firm.example"],
      fields: { subject: "Globex introduces its new CFO", start: at(10, 16), end: at(10, 17), location: "Globex HQ" },
    });
    await wb.signIn("bob@firm.example");
    await wb.open(meetingIds["bob@firm.example"]!);
    await wb.openTaskPane();
    expect(await paneText(stack.page)).toMatch(/Accept or tentatively accept this meeting first/);
    await screenshot(stack.page, "04-attendee-must-accept-first");
    await expectNoAxeViolations("attendee not accepted yet");
    expect(await successfulWrites()).toHaveLength(before);

    await wb.respond("accept");
    // The attendee surface shows the outside organizer and the answer just given.
    const surface = await stack.page.getByRole("region", { name: "Meeting" }).innerText();
    expect(surface).toContain("Organizer: Erin Evans");
    expect(surface).toContain("Your response: accepted");
    await wb.clickRibbon("Add to InterAction");
    const keys = await newKeys(before);
    expect(keys).toHaveLength(1);
    const record = await stack.api.meeting(keys[0]!, "bob@firm.example");
    expect(record.subject).toBe("Globex introduces its new CFO");
    expect(record.companies.map((c) => c.name)).toContain("Globex");

    // Bob declines later, with the pane open: syncing stops, and the pane says why.
    await wb.openTaskPane();
    await paneShows("Synced with InterAction");
    await wb.respond("decline");
    await paneShows("Sync stopped");
    await paneShows("You declined the meeting");
    await screenshot(stack.page, "04d-attendee-declined-sync-stopped");
    await expectNoAxeViolations("attendee declined");
    await wb.close();
    await wb.signIn("alice@firm.example");
  });

  test("recurring and private meetings are refused, with the reason shown", async () => {
    const before = (await writes()).length;
    await wb.newMeeting({
      subject: "Acme weekly sync",
      start: at(14, 9),
      end: at(14, 10),
      requiredAttendees: ["carol@acme.example"],
      recurrence: "weekly",
    });
    await wb.openTaskPane();
    expect(await paneText(stack.page)).toContain("Recurring meetings can't be added to InterAction");
    await screenshot(stack.page, "05-recurring-refused");
    await expectNoAxeViolations("recurring refused");
    await wb.clickRibbon("Add to InterAction");
    expect(await lastNotice()).toMatch(/recurring/i);
    await wb.send();

    await wb.newMeeting({
      subject: "Acme: confidential",
      start: at(15, 9),
      end: at(15, 10),
      requiredAttendees: ["carol@acme.example"],
      isPrivate: true,
    });
    await wb.openTaskPane();
    expect(await paneText(stack.page)).toContain("Private meetings can't be added to InterAction");
    await screenshot(stack.page, "06-private-refused");
    await expectNoAxeViolations("private refused");
    await wb.send();
    expect(await writes()).toHaveLength(before);
  });

  let acmeReview = { meetingId: "", syncKey: "" };

  test("time, location, attendee and notes changes reach InterAction only when they are sent; a discarded edit leaks nothing", async () => {
    const before = (await successfulWrites()).length;
    await wb.newMeeting({
      subject: "Acme settlement talks",
      start: at(16, 10),
      end: at(16, 11),
      location: "Room 1",
      requiredAttendees: ["carol@acme.example"],
    });
    const { meetingId } = await wb.send();
    const [syncKey] = await newKeys(before);
    acmeReview = { meetingId, syncKey: syncKey! };
    const first = await stack.api.meeting(syncKey!);
    const afterFirst = (await writes()).length;

    await wb.open(meetingId);
    await wb.edit({
      start: at(16, 14),
      end: at(16, 15),
      location: "Room 9",
      requiredAttendees: ["carol@acme.example", "dave@acme.example"],
      notes: "Bring the draft",
    });
    await wb.openTaskPane();
    expect(await paneText(stack.page)).toMatch(/Pending changes/);
    await screenshot(stack.page, "07-pending-changes");
    await expectNoAxeViolations("pending changes");
    expect(await writes()).toHaveLength(afterFirst);
    await wb.discard();
    expect(await writes()).toHaveLength(afterFirst);
    expect(await stack.api.meeting(syncKey!)).toMatchObject({
      start: first.start,
      location: "Room 1",
      revision: first.revision,
    });
    expect(stack.stored(syncKey!)).toMatchObject({ notes: "" });
    expect(stack.stored(syncKey!)!.attendees).not.toContain("dave@acme.example");

    await wb.open(meetingId);
    await wb.edit({
      start: at(16, 14),
      end: at(16, 15),
      location: "Room 9",
      requiredAttendees: ["carol@acme.example", "dave@acme.example"],
      notes: "Bring the draft",
    });
    await wb.send();
    const updated = await stack.api.meeting(syncKey!);
    expect(updated).toMatchObject({ start: at(16, 14), end: at(16, 15), location: "Room 9" });
    expect(updated.contacts.map((c) => c.email)).toEqual(
      expect.arrayContaining(["carol@acme.example", "dave@acme.example"]),
    );
    await expectStored(syncKey!, { notes: "Bring the draft" });
    expect(updated.revision).toBeGreaterThan(first.revision);
  });

  test("a meeting saved without sending reaches InterAction the next time it is opened", async () => {
    const { meetingId, syncKey } = acmeReview;
    await wb.open(meetingId);
    await wb.edit({ location: "Acme offices, 5th floor" });
    const afterEdit = (await writes()).length;
    const saved = await wb.save();
    expect(saved.meetingId).toBe(meetingId);
    await wb.close();
    expect(await writes()).toHaveLength(afterEdit);
    expect((await stack.api.meeting(syncKey)).location).toBe("Room 9");

    await wb.open(meetingId);
    expect((await stack.api.meeting(syncKey)).location).toBe("Acme offices, 5th floor");
    await wb.close();
  });

  test("attachments become InterAction documents that open in the web view", async () => {
    const before = (await successfulWrites()).length;
    const agenda = "Agenda\n1. Settlement terms\n2. Next steps\n";
    await wb.newMeeting({
      subject: "Acme document review",
      start: at(17, 10),
      end: at(17, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    await wb.addAttachment({ name: "agenda.txt", contentType: "text/plain", base64: base64(agenda) });
    await wb.openTaskPane();
    await screenshot(stack.page, "08-attachment-before-send");
    await expectNoAxeViolations("documents before send");
    await wb.send();
    const [syncKey] = await newKeys(before);
    const record = await stack.api.meeting(syncKey!);
    expect(record.documents.map((d) => d.name)).toEqual(["agenda.txt"]);
    const doc = record.documents[0]!;
    const res = await fetch(`${stack.sandboxUrl}/api/v1/documents/${doc.id}/content`, {
      headers: { authorization: `Bearer ${await stack.api.token("alice@firm.example")}` },
    });
    expect(await res.text()).toBe(agenda);
    const web = await stack.api.webView();
    expect(web).toContain("agenda.txt");
    // The web view links the document, and the link opens its content.
    const link = new RegExp(`href="(/web/documents/${doc.id})"`).exec(web);
    expect(link).not.toBeNull();
    expect(await (await fetch(`${stack.sandboxUrl}${link![1]}`)).text()).toBe(agenda);
    await stack.page.goto(stack.sandboxUrl);
    await screenshot(stack.page, "09-sandbox-web-view");
    await stack.page.goto(stack.workbenchUrl);
    await stack.page.waitForFunction(() => document.documentElement.dataset.workbenchReady === "true");
  });

  test("cancelling a meeting in Outlook cancels it in InterAction", async () => {
    const { meetingId, syncKey } = acmeReview;
    await wb.open(meetingId);
    const result = await wb.cancelMeeting();
    expect(result.sent).toBe(true);
    expect(await stack.api.meeting(syncKey)).toMatchObject({ status: "cancelled" });
    expect((await wb.state()).meetings.map((m) => m.meetingId)).not.toContain(meetingId);
  });

  test("client search shows the upcoming meetings with a client and how many colleagues meet it", async () => {
    await wb.signIn("bob@firm.example");
    await wb.newMeeting({
      subject: "Acme IP workshop",
      start: at(18, 13),
      end: at(18, 15),
      requiredAttendees: ["dave@acme.example"],
    });
    await wb.send();
    await wb.signIn("alice@firm.example");

    const companies = await stack.api.get<{ items: { id: string; name: string }[] }>(
      "/api/v1/contacts?kind=company&q=Acme",
    );
    const acme = companies.body.items.find((c) => c.name === "Acme Corporation")!;
    const expected = await stack.api.get<{ colleagueCount: number; total: number }>(
      `/api/v1/meetings?companyId=${encodeURIComponent(acme.id)}&from=${encodeURIComponent(NOW)}&to=${encodeURIComponent(at(31, 9))}`,
    );
    expect(expected.body.colleagueCount).toBeGreaterThanOrEqual(2);

    await wb.newMeeting({ subject: "scratch", start: at(20, 9), end: at(20, 10) });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    await pane.getByRole("tab", { name: "Client meetings" }).click();
    const search = pane.getByRole("combobox", { name: /Search InterAction companies/ });
    await search.click();
    await search.pressSequentially("Acme", { delay: 60 });
    await wb.settle();
    const option = pane.getByRole("option", { name: /Acme Corporation/ });
    if (!(await option.isVisible())) await search.press("ArrowDown");
    await option.click();
    await wb.settle();
    const text = await paneText(stack.page);
    expect(text).toContain(`${expected.body.colleagueCount} colleagues meet Acme Corporation in the next 30 days`);
    expect(text).toContain("Acme IP workshop");
    expect(text).toContain("Acme quarterly review");
    await screenshot(stack.page, "10-client-meetings");
    await expectNoAxeViolations("client meetings");
    await wb.discard();
  });

  test("when InterAction is down during send, the meeting is still sent and the change reaches InterAction later", async () => {
    const before = (await successfulWrites()).length;
    await stack.api.faults([{ method: "PUT", path: "^/api/v1/meetings/", status: 503 }]);
    await wb.newMeeting({
      subject: "Acme board prep",
      start: at(21, 10),
      end: at(21, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    const sent = await wb.send();
    expect(sent).toMatchObject({ sent: true, smartAlert: null });
    expect(await successfulWrites()).toHaveLength(before);
    expect((await writes()).some((w) => w.status === 503)).toBe(true);
    expect(await lastNotice()).toMatch(/InterAction/);

    // InterAction is back. A while later (the clock moves past the retry back-off) the user opens the meeting again.
    await stack.api.faults([]);
    await wb.setNow(new Date(Date.parse((await wb.state()).now) + 10 * 60_000).toISOString());
    await wb.open(sent.meetingId);
    await wb.openTaskPane();
    const keys = await newKeys(before);
    expect(keys).toHaveLength(1);
    expect(await stack.api.meeting(keys[0]!)).toMatchObject({ subject: "Acme board prep", kind: "appointment" });
    await screenshot(stack.page, "11-delivered-after-outage");
    await wb.close();
  });

  test("a past meeting becomes an activity, keeps the organizer's notes, turns back into an appointment when rescheduled, and is frozen after the sync window", async () => {
    const before = (await successfulWrites()).length;
    await wb.newMeeting({
      subject: "Acme strategy session",
      start: at(22, 10),
      end: at(22, 11),
      requiredAttendees: ["carol@acme.example"],
    });
    const { meetingId } = await wb.send();
    const [syncKey] = await newKeys(before);
    expect(await stack.api.meeting(syncKey!)).toMatchObject({ kind: "appointment" });

    await wb.setNow(at(23, 9));
    expect(await stack.api.meeting(syncKey!)).toMatchObject({ kind: "activity", frozen: false });
    await wb.open(meetingId);
    await wb.edit({ notes: "Outcome: Acme agreed to the proposal." });
    await wb.send();
    expect(await stack.api.meeting(syncKey!)).toMatchObject({ kind: "activity" });
    await expectStored(syncKey!, { notes: "Outcome: Acme agreed to the proposal." });

    await wb.open(meetingId);
    await wb.edit({ start: at(28, 10), end: at(28, 11) });
    await wb.send();
    expect(await stack.api.meeting(syncKey!)).toMatchObject({ kind: "appointment", start: at(28, 10) });

    // 14 days after the meeting ended (postMeetingSyncDays), InterAction's copy is frozen.
    await wb.setNow(new Date(Date.UTC(2027, 0, 12, 12)).toISOString());
    const frozen = await stack.api.meeting(syncKey!);
    expect(frozen).toMatchObject({ frozen: true });
    const afterFrozen = (await successfulWrites()).length;
    await wb.open(meetingId);
    await wb.edit({ notes: "Late note that must not reach InterAction" });
    await wb.openTaskPane();
    expect(await paneText(stack.page)).toMatch(/Frozen/);
    await screenshot(stack.page, "12-frozen");
    await expectNoAxeViolations("frozen");
    await wb.send();
    expect(await successfulWrites()).toHaveLength(afterFrozen);
    await expectStored(syncKey!, { notes: "Outcome: Acme agreed to the proposal." });
  });

  test("the task pane has no axe-core accessibility violations in any state of the story", () => {
    expect(axeFindings.length).toBeGreaterThanOrEqual(8);
    expect(axeFindings.filter((f) => f.violations.length > 0)).toEqual([]);
  });

  test("the add-in ran without script errors in any frame", () => {
    expect(stack.consoleErrors).toEqual([]);
  });
});
