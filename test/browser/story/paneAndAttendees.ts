// Story, chapter 2: the pane's own Add and its Retry, pending changes and Add as contact, an attendee's meeting,
// meetings that cannot be added.
import { messages } from "../../../src/core/messages";
import { eventually, paneText, screenshot, taskPane } from "../support/stack";
import { at, type Story } from "./world";

export function paneAndAttendees(story: Story): void {
  const { writes, successfulWrites, newKeys, lastNotice, expectNoAxeViolations, paneShows } = story;

  let globexCall = { meetingId: "", syncKey: "" };

  test("the pane's own Add: a refusal shows the reason with Retry, and Retry delivers once InterAction accepts", async () => {
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
    // One meeting, one record (issue 14): the decline removes Bob's link, and the pane says so in core's words.
    await paneShows(messages.linkRemoval.left);
    await screenshot(stack.page, "04d-attendee-declined-sync-stopped");
    await expectNoAxeViolations("attendee declined");
    await wb.close();
    await wb.signIn("alice@firm.example");
  });

  test("recurring and private meetings are refused, with the reason shown", async () => {
    const { stack, wb } = story;
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
}
