// The workbench's Office host keeps Outlook's semantics, so the add-in meets in the workbench the same rules it meets
// in Outlook. These tests drive the host through a tiny placeholder add-in (test/browser/fixtures/placeholder-addin)
// and Office.js calls made inside its task pane frame, with the real manifest.xml: the ribbon, launch events,
// Office.onReady, the clock, Smart Alerts and the theme. The item's own rules are in officeHostItem.test.ts.
import path from "node:path";
import { browserSuite, ROOT, screenshot, startStack, taskPane, workbench, type Stack } from "./support/stack";
import { at } from "./officeCall";

jest.setTimeout(120_000);

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
