// Story, chapter 4: client search, an outage during send, and a meeting that passes into an activity and is frozen.
import { paneText, screenshot, taskPane } from "../support/stack";
import { at, NOW, type Story } from "./world";

export function searchOutagePast(story: Story): void {
  const { writes, successfulWrites, newKeys, expectStored, lastNotice, expectNoAxeViolations } = story;

  test("client search shows the upcoming meetings with a client and how many colleagues meet it", async () => {
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
    const { stack, wb } = story;
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
}
