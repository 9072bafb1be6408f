// Story, chapter 1: adding meetings (the ribbon, the firm rule, opting out, an existing meeting, the open pane).
import { paneText, screenshot, taskPane } from "../support/stack";
import { at, type Story } from "./world";

export function addingMeetings(story: Story): void {
  const { writes, successfulWrites, newKeys, lastNotice, expectNoAxeViolations, paneShows } = story;

  test("a new meeting added from the ribbon is added to InterAction when it is sent, not before", async () => {
    const { stack, wb } = story;
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
    const { wb } = story;
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
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
}
