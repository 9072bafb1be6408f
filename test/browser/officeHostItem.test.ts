// The workbench's Office host keeps Outlook's rules for an item, as Outlook does: item ids and sessionData, custom
// properties and their budget, notification message limits, and attachments (read back, kept by Exchange). Driven
// through the placeholder add-in (test/browser/fixtures/placeholder-addin) with Office.js calls in its task pane.
import path from "node:path";
import { browserSuite, ROOT, startStack, taskPane, workbench, type Stack } from "./support/stack";
import { at, office } from "./officeCall";

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
});
