// Outlook clients as add-ins see them, over mailboxes kept by the local Exchange (dev/graph): what each client raises
// (the handlers' invocation log), what Exchange commits (its Outlook protocol and Graph, read as a server would), and
// Outlook's limits on event handlers (runtime ended at event.completed, "taking longer than expected" at 5 s).
// Driven through the placeholder add-in (test/browser/fixtures/placeholder-addin) with the real manifest.xml.
import path from "node:path";
import { browserSuite, eventually, ROOT, startStack, taskPane, workbench, type Stack } from "./support/stack";

jest.setTimeout(180_000);

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour)).toISOString();
const WINDOW = { start: "2026-11-01T00:00:00Z", end: "2027-02-01T00:00:00Z" };

browserSuite("Outlook clients over the local Exchange", () => {
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
    await wb.useClient("classic");
    await wb.signIn("alice@firm.example");
  });

  /** The add-in events raised from now on. */
  const invocationsSince = async (mark: number) => (await wb.state()).invocations.slice(mark);
  const mark = async () => (await wb.state()).invocations.length;
  const copyOf = async (mailbox: string, iCalUId: string) =>
    (await stack.graph.items(mailbox)).find((i) => i.iCalUId === iCalUId);

  /** Alice sends a meeting to Bob and Dana in classic Outlook; answers her item id and the meeting's iCalUId. */
  async function sentMeeting(subject: string, day: number) {
    await wb.newMeeting({
      subject,
      start: at(day, 10),
      end: at(day, 11),
      requiredAttendees: ["bob@firm.example", "dana@firm.example", "carol@acme.example"],
    });
    const sent = await wb.send();
    expect(sent.sent).toBe(true);
    const mine = (await stack.graph.items("alice@firm.example")).find((i) => i.itemId === sent.meetingId)!;
    expect(mine.isOrganizer).toBe(true);
    return { meetingId: sent.meetingId, iCalUId: mine.iCalUId, restId: mine.restId };
  }

  test("the scripting API names the client and the local Graph; the client stays set across signIn", async () => {
    await wb.useClient("new");
    await wb.signIn("bob@firm.example");
    const state = await wb.state();
    expect(state.client).toBe("new");
    expect(state.graph).toEqual({
      baseUrl: stack.graph.endpoint.graphUrl,
      tokenUrl: stack.graph.endpoint.tokenUrl,
      clientId: stack.graph.endpoint.clientId,
      clientSecret: stack.graph.endpoint.clientSecret,
    });
    expect(state.graph!.baseUrl).toMatch(/^https:\/\/localhost:\d+\/v1\.0$/);
    expect(await stack.graph.appToken()).toMatch(/^ey/);
  });

  test("classic: a sent meeting lands in every internal attendee's mailbox with the same iCalUId, and Send Cancellation raises OnAppointmentSend", async () => {
    const { meetingId, iCalUId, restId } = await sentMeeting("Classic review", 3);
    for (const user of ["bob@firm.example", "dana@firm.example"]) {
      const copy = await copyOf(user, iCalUId);
      expect(copy).toMatchObject({ isOrganizer: false, subject: "Classic review", isCancelled: false });
      expect(copy!.itemId).not.toBe(meetingId);
    }
    // Office.js gives the add-in the EWS id; convertToRestId gives the id Graph knows the organizer's copy by.
    await wb.open(meetingId);
    await wb.openTaskPane();
    const pane = await taskPane(stack.page);
    const converted = await pane.evaluate(
      (id) =>
        (
          window as unknown as { Office: { context: { mailbox: { convertToRestId(i: string, v: string): string } } } }
        ).Office.context.mailbox.convertToRestId(id, "v1.0"),
      meetingId,
    );
    expect(converted).toBe(restId);
    expect(converted).not.toBe(meetingId);
    const read = await stack.graph.get<{ iCalUId: string }>(`/users/alice@firm.example/events/${restId}`);
    expect(read).toMatchObject({ status: 200, body: { iCalUId } });

    const before = await mark();
    await wb.cancelMeeting();
    expect((await invocationsSince(before)).map((i) => i.eventType)).toEqual(["OnAppointmentSend"]);
    expect(await copyOf("alice@firm.example", iCalUId)).toBeUndefined();
    expect(await copyOf("bob@firm.example", iCalUId)).toMatchObject({ isCancelled: true });
  });

  test("new Outlook: a cancellation and a drag move change the mailboxes with no add-in event", async () => {
    const { meetingId, iCalUId, restId } = await sentMeeting("New Outlook review", 4);
    const bobCopy = (await copyOf("bob@firm.example", iCalUId))!;
    const aliceDelta = await stack.graph.delta("alice@firm.example", WINDOW);
    const bobDelta = await stack.graph.delta("bob@firm.example", WINDOW);

    await wb.useClient("new");
    const before = await mark();
    await wb.drag(meetingId, { start: at(5, 14), end: at(5, 15) });
    expect(await invocationsSince(before)).toEqual([]);
    expect(await copyOf("bob@firm.example", iCalUId)).toMatchObject({ start: at(5, 14) });
    const moved = await stack.graph.delta("bob@firm.example", WINDOW, bobDelta.deltaLink);
    expect(moved.entries).toEqual([
      expect.objectContaining({
        id: bobCopy.restId,
        start: expect.objectContaining({ dateTime: expect.stringMatching(/^2026-12-05T14:00/) }),
      }),
    ]);

    await wb.open(meetingId);
    const opened = await mark();
    await wb.cancelMeeting();
    expect(await invocationsSince(opened)).toEqual([]);
    expect(await copyOf("alice@firm.example", iCalUId)).toBeUndefined();
    expect(await copyOf("bob@firm.example", iCalUId)).toMatchObject({ isCancelled: true });
    const removed = await stack.graph.delta("alice@firm.example", WINDOW, aliceDelta.deltaLink);
    expect(removed.entries).toContainEqual(expect.objectContaining({ id: restId, "@removed": expect.anything() }));
    const cancelled = await stack.graph.delta("bob@firm.example", WINDOW, moved.deltaLink);
    expect(cancelled.entries).toEqual([expect.objectContaining({ id: bobCopy.restId, isCancelled: true })]);
  });

  test("mobile: opening, editing, saving, sending, moving and cancelling run no add-in at all", async () => {
    await wb.useClient("mobile");
    const before = await mark();
    await wb.newMeeting({
      subject: "On the go",
      start: at(7, 9),
      end: at(7, 10),
      requiredAttendees: ["bob@firm.example"],
    });
    expect((await wb.state()).ribbon).toEqual([]);
    await wb.edit({ start: at(7, 10), end: at(7, 11), requiredAttendees: ["bob@firm.example", "dana@firm.example"] });
    const { meetingId } = await wb.save();
    const sent = await wb.send();
    expect(sent).toMatchObject({ meetingId, sent: true, smartAlert: null });
    const iCalUId = (await stack.graph.items("alice@firm.example")).find((i) => i.itemId === meetingId)!.iCalUId;
    expect(await copyOf("dana@firm.example", iCalUId)).toMatchObject({ start: at(7, 10), subject: "On the go" });

    await wb.open(meetingId);
    await expect(wb.openTaskPane()).rejects.toThrow(/No add-in runs in Outlook mobile/);
    await wb.edit({ location: "Train" });
    await wb.save();
    await wb.send();
    await wb.drag(meetingId, { start: at(8, 9), end: at(8, 10) });
    expect(await copyOf("bob@firm.example", iCalUId)).toMatchObject({ location: "Train", start: at(8, 9) });
    await wb.open(meetingId);
    await wb.cancelMeeting();
    expect(await copyOf("bob@firm.example", iCalUId)).toMatchObject({ isCancelled: true });
    expect(await invocationsSince(before)).toEqual([]);
  });

  test("an outside organizer's invitation, update and cancellation reach every internal invitee's copy; responses stay theirs", async () => {
    const { meetingIds } = await wb.invite({
      from: "erin@globex.example",
      to: ["bob@firm.example", "dana@firm.example"],
      fields: { subject: "Globex kickoff", start: at(9, 15), end: at(9, 16), location: "Globex HQ" },
    });
    await wb.signIn("bob@firm.example");
    await wb.open(meetingIds["bob@firm.example"]!);
    await wb.respond("accept");
    await wb.close();

    await wb.updateFromOutside(meetingIds["bob@firm.example"]!, {
      subject: "Globex kickoff (moved)",
      start: at(10, 15),
      end: at(10, 16),
    });
    const bob = (await stack.graph.items("bob@firm.example")).find((i) => i.itemId === meetingIds["bob@firm.example"]);
    const dana = (await stack.graph.items("dana@firm.example")).find(
      (i) => i.itemId === meetingIds["dana@firm.example"],
    );
    expect(bob).toMatchObject({ subject: "Globex kickoff (moved)", start: at(10, 15), responseStatus: "accepted" });
    expect(dana).toMatchObject({
      subject: "Globex kickoff (moved)",
      start: at(10, 15),
      responseStatus: "notResponded",
    });
    expect(bob!.iCalUId).toBe(dana!.iCalUId);
    // What the calendar shows follows too.
    expect((await wb.state()).meetings.find((m) => m.meetingId === meetingIds["bob@firm.example"])).toMatchObject({
      subject: "Globex kickoff (moved)",
      start: at(10, 15),
    });

    await wb.cancelFromOutside(meetingIds["dana@firm.example"]!);
    for (const user of ["bob@firm.example", "dana@firm.example"])
      expect((await stack.graph.items(user)).find((i) => i.iCalUId === bob!.iCalUId)).toMatchObject({
        isCancelled: true,
      });
  });

  test('Smart Alerts: "taking longer than expected" shows at 5 s and closes itself when the handler completes', async () => {
    await wb.newMeeting({ subject: "SLOW check", start: at(11, 10), end: at(11, 11) });
    const sent = await wb.send();
    expect(sent).toMatchObject({ sent: true, smartAlert: null });
    const state = await wb.state();
    expect(state.lastSmartAlert).toMatchObject({
      message: expect.stringContaining("taking longer than expected"),
      actions: ["sendAnyway", "dontSend"],
    });
    const send = state.invocations.filter((i) => i.eventType === "OnAppointmentSend").pop()!;
    expect(send.outcome).toBe("completed");
  });

  test("events overlap as in Outlook: an event raised while another handler runs does not wait for it", async () => {
    await wb.newMeeting({ subject: "OVERLAP check", start: at(13, 10), end: at(13, 11) });
    const before = await mark();
    // The user changes the time, then the attendees while the (slow) time handler still runs.
    await stack.page.evaluate(
      async (times) => {
        const w = (window as unknown as { workbench: { edit(f: object): Promise<void> } }).workbench;
        const first = w.edit(times);
        await new Promise((r) => setTimeout(r, 300));
        await Promise.all([first, w.edit({ requiredAttendees: ["bob@firm.example"] })]);
      },
      { start: at(13, 12), end: at(13, 13) },
    );
    const runs = await invocationsSince(before);
    const time = runs.find((i) => i.eventType === "OnAppointmentTimeChanged")!;
    const attendees = runs.find((i) => i.eventType === "OnAppointmentAttendeesChanged")!;
    expect([time.outcome, attendees.outcome]).toEqual(["completed", "completed"]);
    expect(attendees.startedAt).toBeLessThan(time.finishedAt!);
  });

  test("the event runtime ends at event.completed: work a handler leaves running is lost, as in Outlook on the web", async () => {
    await wb.newMeeting({ subject: "LATE work", start: at(12, 10), end: at(12, 11) });
    const before = await mark();
    await wb.edit({ requiredAttendees: ["bob@firm.example"] });
    expect((await invocationsSince(before)).map((i) => [i.eventType, i.outcome])).toEqual([
      ["OnAppointmentAttendeesChanged", "completed"],
    ]);
    // Give a runtime that was (wrongly) kept alive every chance to finish its fetch and notify.
    await new Promise((r) => setTimeout(r, 2000));
    await wb.settle();
    expect((await wb.state()).notificationLog.filter((n) => n.key === "late")).toEqual([]);
    await eventually(async () => (await wb.state()).openItem?.subject === "LATE work", "the form to stay open");
  });
});
