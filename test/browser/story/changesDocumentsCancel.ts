// Story, chapter 3: changes reach InterAction when sent, a saved meeting on the next open, documents, cancelling.
import { base64, paneText, screenshot } from "../support/stack";
import { at, type Story } from "./world";

export function changesDocumentsCancel(story: Story): void {
  const { writes, successfulWrites, newKeys, expectStored, expectNoAxeViolations } = story;

  let acmeReview = { meetingId: "", syncKey: "" };

  test("time, location, attendee and notes changes reach InterAction only when they are sent; a discarded edit leaks nothing", async () => {
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
    const { stack, wb } = story;
    const { meetingId, syncKey } = acmeReview;
    await wb.open(meetingId);
    const result = await wb.cancelMeeting();
    expect(result.sent).toBe(true);
    expect(await stack.api.meeting(syncKey)).toMatchObject({ status: "cancelled" });
    expect((await wb.state()).meetings.map((m) => m.meetingId)).not.toContain(meetingId);
  });
}
