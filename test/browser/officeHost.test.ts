// The workbench's Office host keeps Outlook's semantics, so the add-in meets in the workbench the same rules it meets
// in Outlook. These tests drive the host through a tiny placeholder add-in (test/browser/fixtures/placeholder-addin)
// and Office.js calls made inside its task pane frame, with the real manifest.xml.
import path from "node:path";
import type { Frame } from "playwright-core";
import { browserSuite, ROOT, screenshot, startStack, taskPane, workbench, type Stack } from "./support/stack";

jest.setTimeout(120_000);

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour)).toISOString();

/** Runs one callback-style Office.js call inside the frame and returns its AsyncResult as plain data. */
async function office(
  frame: Frame,
  body: string,
): Promise<{ status: string; value?: unknown; error?: { code: number; name: string; message: string } }> {
  return frame.evaluate(
    (source) =>
      new Promise((resolve) => {
        const done = (r: {
          status: string;
          value?: unknown;
          error?: { code: number; name: string; message: string };
        }) =>
          resolve({
            status: String(r.status),
            value: r.value,
            error: r.error ? { code: r.error.code, name: r.error.name, message: r.error.message } : undefined,
          });
        new Function("Office", "done", source)((window as unknown as { Office: unknown }).Office, done);
      }),
    body,
  ) as Promise<{ status: string; value?: unknown; error?: { code: number; name: string; message: string } }>;
}

browserSuite("The workbench's Office host behaves like Outlook", () => {
  let stack: Stack;
  let wb: ReturnType<typeof workbench>;

  beforeAll(async () => {
    stack = await startStack({
      distDir: path.join(__dirname, "fixtures", "placeholder-addin"),
      manifestFile: path.join(ROOT, "manifest.xml"),
    });
    wb = workbench(stack.page);
    await wb.setNow("2026-12-01T09:00:00.000Z");
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(async () => {
    await wb.close();
    await wb.signIn("alice@firm.example");
  });

  test("the ribbon buttons and launch events come from manifest.xml", async () => {
    await wb.newMeeting({ subject: "Ribbon", start: at(3, 10), end: at(3, 11) });
    const state = await wb.state();
    expect(state.ribbon).toEqual([{ group: "InterAction", buttons: ["Add to InterAction", "InterAction"] }]);
    expect(state.launchEvents.map((e) => e.type)).toEqual(
      expect.arrayContaining(["OnNewAppointmentOrganizer", "OnAppointmentSend", "OnAppointmentTimeChanged"]),
    );
    expect(state.launchEvents.find((e) => e.type === "OnAppointmentSend")).toMatchObject({ sendMode: "PromptUser" });
  });

  test("launch events run the commands runtime in its own frame and its notifications show on the item", async () => {
    const earlier = (await wb.state()).invocations.length;
    await wb.newMeeting({ subject: "Events", start: at(3, 10), end: at(3, 11) });
    await wb.edit({ start: at(3, 12), end: at(3, 13) });
    await wb.addAttachment({
      name: "brief.txt",
      contentType: "text/plain",
      base64: Buffer.from("brief").toString("base64"),
    });
    await wb.clickRibbon("Add to InterAction");
    const state = await wb.state();
    expect(state.invocations.slice(earlier).map((i) => `${i.functionName}:${i.outcome}`)).toEqual([
      "onNewAppointmentOrganizer:completed",
      "onAppointmentOrganizer:completed",
      "onAppointmentTimeChanged:completed",
      "onAppointmentAttachmentsChanged:completed",
      "addToInterAction:completed",
    ]);
    expect(state.notifications.map((n) => n.message)).toEqual([
      "New meeting seen by the placeholder",
      "Opened unsaved item (ItemNotSaved)",
      `Time changed to ${at(3, 12)}`,
      "Attachment added: brief.txt",
      "Add clicked by alice@firm.example",
    ]);
    expect(await stack.page.getByRole("list", { name: "Notifications" }).innerText()).toContain(
      "Add clicked by alice@firm.example",
    );
  });

  test("Office.onReady resolves for Outlook with the signed-in user and the add-in configuration points at the sandbox", async () => {
    await wb.newMeeting({ subject: "Ready", start: at(3, 10), end: at(3, 11) });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    expect(await pane.locator("#who").innerText()).toBe("Outlook · alice@firm.example");
    expect(await pane.locator("#subject").innerText()).toBe("Compose: Ready");
    expect(await pane.locator("#config").innerText()).toBe(`API ${stack.sandboxUrl} (dev)`);
  });

  test("a new meeting has no item id until it is saved, and sessionData is lost on save", async () => {
    await wb.newMeeting({ subject: "Ids", start: at(3, 10), end: at(3, 11) });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    const before = await office(pane, "Office.context.mailbox.item.getItemIdAsync(done)");
    expect(before).toMatchObject({ status: "failed", error: { name: "ItemNotSaved" } });
    expect(await office(pane, "Office.context.mailbox.item.sessionData.setAsync('k', 'v', done)")).toMatchObject({
      status: "succeeded",
    });
    expect(await office(pane, "Office.context.mailbox.item.sessionData.getAsync('k', done)")).toMatchObject({
      value: "v",
    });
    const saved = await office(pane, "Office.context.mailbox.item.saveAsync(done)");
    expect(saved.status).toBe("succeeded");
    expect(await office(pane, "Office.context.mailbox.item.getItemIdAsync(done)")).toMatchObject({
      value: saved.value,
    });
    expect(await office(pane, "Office.context.mailbox.item.sessionData.getAllAsync(done)")).toMatchObject({
      value: {},
    });
  });

  test("custom properties are kept on save, dropped on discard, and never sent to attendees", async () => {
    const setProperty = (value: string) =>
      `Office.context.mailbox.item.loadCustomPropertiesAsync((r) => { r.value.set('state', '${value}'); r.value.saveAsync(done); })`;
    await wb.newMeeting({
      subject: "Props",
      start: at(3, 10),
      end: at(3, 11),
      requiredAttendees: ["bob@firm.example"],
    });
    await wb.openTaskPane();
    expect(await office(await taskPane(stack.page), setProperty("discarded"))).toMatchObject({ status: "succeeded" });
    await wb.discard();
    expect((await wb.state()).meetings.map((m) => m.subject)).not.toContain("Props");

    await wb.newMeeting({
      subject: "Props",
      start: at(3, 10),
      end: at(3, 11),
      requiredAttendees: ["bob@firm.example"],
    });
    await wb.openTaskPane();
    expect(await office(await taskPane(stack.page), setProperty("kept"))).toMatchObject({ status: "succeeded" });
    const { meetingId } = await wb.save();
    const sent = await wb.send();
    expect(sent.meetingId).toBe(meetingId);
    const mine = (await wb.state()).meetings.find((m) => m.meetingId === meetingId)!;
    expect(mine.customProperties).toMatchObject({ state: "kept" });

    await wb.signIn("bob@firm.example");
    const bobs = (await wb.state()).meetings.find((m) => m.subject === "Props")!;
    expect(bobs).toMatchObject({ isOrganizer: false, myResponse: "none" });
    expect(bobs.customProperties).toEqual({});
    expect(bobs.meetingId).not.toBe(meetingId);
  });

  test("custom properties over Outlook's 2,500-character budget are refused", async () => {
    await wb.newMeeting({ subject: "Budget", start: at(3, 10), end: at(3, 11) });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    const fits = await office(
      pane,
      "Office.context.mailbox.item.loadCustomPropertiesAsync((r) => { r.value.set('s', 'x'.repeat(2400)); r.value.saveAsync(done); })",
    );
    expect(fits.status).toBe("succeeded");
    const tooBig = await office(
      pane,
      "Office.context.mailbox.item.loadCustomPropertiesAsync((r) => { r.value.set('s', 'x'.repeat(2500)); r.value.saveAsync(done); })",
    );
    expect(tooBig).toMatchObject({ status: "failed", error: { name: "ExceededMaxCustomPropertiesSize" } });
  });

  test("notification messages follow Outlook's limits: 150 characters, five per item, unique keys", async () => {
    await wb.newMeeting({ subject: "Limits", start: at(3, 10), end: at(3, 11) });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    const add = (key: string, message: string) =>
      office(
        pane,
        `Office.context.mailbox.item.notificationMessages.addAsync(${JSON.stringify(key)}, { type: 'errorMessage', message: ${JSON.stringify(message)} }, done)`,
      );
    expect(await add("long", "x".repeat(151))).toMatchObject({
      status: "failed",
      error: { name: "ParameterValueTooLongError" },
    });
    // The placeholder already shows two (new meeting, open); three more fit, the sixth does not.
    for (const key of ["a", "b", "c"]) expect(await add(key, `message ${key}`)).toMatchObject({ status: "succeeded" });
    expect(await add("a2", "one too many")).toMatchObject({
      status: "failed",
      error: { name: "NumberOfNotificationsExceeded" },
    });
    expect(await add("a", "duplicate")).toMatchObject({
      status: "failed",
      error: { name: "DuplicateNotificationKey" },
    });
  });

  test("attachments are read back as base64 with getAttachmentContentAsync", async () => {
    await wb.newMeeting({ subject: "Files", start: at(3, 10), end: at(3, 11) });
    const id = await wb.addAttachment({
      name: "memo.txt",
      contentType: "text/plain",
      base64: Buffer.from("memo body").toString("base64"),
    });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    const content = await office(
      pane,
      `Office.context.mailbox.item.getAttachmentContentAsync(${JSON.stringify(id)}, done)`,
    );
    expect(content).toMatchObject({
      status: "succeeded",
      value: { format: "base64", content: Buffer.from("memo body").toString("base64") },
    });
    const list = await office(pane, "Office.context.mailbox.item.getAttachmentsAsync(done)");
    expect(list.value).toEqual([
      expect.objectContaining({ id, name: "memo.txt", size: 9, attachmentType: "file", isInline: false }),
    ]);
    expect(await office(pane, "Office.context.mailbox.item.getAttachmentContentAsync('nope', done)")).toMatchObject({
      error: { name: "InvalidAttachmentId" },
    });
  });

  test("attachments are kept by Exchange, not the page, and survive a reload", async () => {
    // 21 MB of bytes: inline in the mailbox JSON this once exceeded localStorage's quota and send() threw. The mailboxes
    // now live in the local Exchange; the page keeps only who is signed in.
    const repeats = 7_000_000;
    await wb.newMeeting({ subject: "Data room", start: at(4, 10), end: at(4, 11) });
    await stack.page.evaluate(
      (n) =>
        (window as unknown as { workbench: { addAttachment(f: object): Promise<string> } }).workbench.addAttachment({
          name: "data-room.zip",
          contentType: "application/zip",
          base64: "QUJD".repeat(n),
        }),
      repeats,
    );
    const sent = await wb.send();
    expect(sent.sent).toBe(true);
    const stored = await stack.page.evaluate(() => localStorage.getItem("workbench:mailboxes:v1") ?? "");
    expect(stored.length).toBeLessThan(1_000);
    expect(stored).not.toContain("data-room.zip");
    const onServer = (await stack.graph.items("alice@firm.example")).find((i) => i.itemId === sent.meetingId);
    expect(onServer?.attachments).toEqual([expect.objectContaining({ name: "data-room.zip", size: repeats * 3 })]);

    await stack.page.reload();
    await stack.page.waitForFunction(() => document.documentElement.dataset.workbenchReady === "true");
    await wb.open(sent.meetingId);
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    // Exchange gave the saved attachment its own id: the add-in lists it, then reads it by that id.
    const list = await office(pane, "Office.context.mailbox.item.getAttachmentsAsync(done)");
    expect(list.value).toEqual([
      expect.objectContaining({ id: onServer!.attachments[0]!.id, name: "data-room.zip", size: repeats * 3 }),
    ]);
    // Compared in the frame: 28 MB of text need not cross to the test.
    const read = await office(
      pane,
      `Office.context.mailbox.item.getAttachmentContentAsync(${JSON.stringify(onServer!.attachments[0]!.id)}, (r) =>
        done({ status: r.status, value: r.status === "succeeded" && r.value.content === "QUJD".repeat(${repeats}) }))`,
    );
    expect(read).toEqual({ status: "succeeded", value: true });
  });

  test("the add-in's clock follows the workbench clock, which moves the sandbox's clock too", async () => {
    await wb.setNow("2027-03-04T05:06:00.000Z");
    expect((await stack.api.clock()).slice(0, 13)).toBe("2027-03-04T05");
    await wb.newMeeting({ subject: "Clock", start: at(3, 10), end: at(3, 11) });
    await wb.openTaskPane();
    const year = await (await taskPane(stack.page)).evaluate(() => new Date().getUTCFullYear());
    expect(year).toBe(2027);
    await wb.setNow("2026-12-01T09:00:00.000Z");
  });

  test("a send the add-in refuses shows the Smart Alerts dialog; Don't Send keeps the form, Send Anyway sends", async () => {
    await wb.newMeeting({ subject: "BLOCK this", start: at(3, 10), end: at(3, 11) });
    const refused = await wb.send();
    expect(refused).toMatchObject({
      sent: false,
      smartAlert: { message: "The placeholder refuses subjects with BLOCK.", actions: ["sendAnyway", "dontSend"] },
    });
    const dialog = stack.page.getByRole("alertdialog");
    expect(await dialog.innerText()).toContain("The placeholder refuses subjects with BLOCK.");
    await screenshot(stack.page, "host-smart-alert-dialog");
    await dialog.getByRole("button", { name: "Don't Send" }).click();
    await wb.settle();
    expect((await wb.state()).openItem).toMatchObject({ subject: "BLOCK this", state: "open" });

    const anyway = await wb.send({ smartAlert: "sendAnyway" });
    expect(anyway).toMatchObject({ sent: true });
    expect((await wb.state()).meetings.map((m) => m.subject)).toContain("BLOCK this");
    await screenshot(stack.page, "host-calendar-week");
  });

  test("the task pane hears Outlook's theme change and reads the dark theme", async () => {
    await wb.newMeeting({ subject: "Theme", start: at(3, 10), end: at(3, 11) });
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    await pane.evaluate(() => {
      const w = window as unknown as { Office: typeof Office; themeEvents: unknown[] };
      w.themeEvents = [];
      w.Office.context.mailbox.addHandlerAsync(w.Office.EventType.OfficeThemeChanged, (e: unknown) =>
        w.themeEvents.push(e),
      );
    });
    await stack.page.evaluate(() =>
      (window as unknown as { workbench: { setTheme(t: string): Promise<void> } }).workbench.setTheme("dark"),
    );
    const seen = await pane.evaluate(() => {
      const w = window as unknown as {
        Office: typeof Office;
        themeEvents: { officeTheme: { isDarkTheme: boolean } }[];
      };
      return {
        events: w.themeEvents.map((e) => e.officeTheme.isDarkTheme),
        now: (w.Office.context.officeTheme as unknown as { isDarkTheme: boolean }).isDarkTheme,
      };
    });
    expect(seen).toEqual({ events: [true], now: true });
    await screenshot(stack.page, "host-dark-theme");
    await stack.page.evaluate(() =>
      (window as unknown as { workbench: { setTheme(t: string): Promise<void> } }).workbench.setTheme("light"),
    );
  });
});
