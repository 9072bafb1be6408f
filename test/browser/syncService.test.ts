// The sync service's stories (issue 15): changes Outlook raises no add-in event for reach InterAction anyway, because
// the service follows the mailbox through Graph. Each story acts in the client where it matters, asserts that no
// add-in event ran (the workbench's handler invocation log) and that InterAction's record (through the sandbox API)
// is right within 10 s, with no one opening the item afterwards. The stories of the clock (after the meeting, after
// the sync window) are in syncServiceWindow.test.ts.
import { browserSuite } from "./support/stack";
import { serviceStories } from "./support/syncService";
import { keptInStepByService } from "../../src/core/keptInStep";
import { messages } from "../../src/core/messages";
import type { MeetingRecord } from "../../src/core/record";
import { formatDateTime, setLocaleDefaults } from "../../src/taskpane/format";
import { strings } from "../../src/taskpane/strings";

jest.setTimeout(240_000);
// As the workbench's browser runs (test/browser/support/stack.ts), so the pane's times read the same here.
setLocaleDefaults({ locale: "en-US", timeZone: "UTC" });

browserSuite("Sync service: InterAction follows what no add-in event reports", () => {
  const world = serviceStories();
  beforeAll(() => world.start(), 240_000);
  afterAll(() => world.close());
  beforeEach(() => world.reset());

  test("1. a meeting moved by drag-and-drop in new Outlook moves in InterAction", async () => {
    const { wb, at } = world;
    const { meetingId, syncKey } = await world.addedMeeting("Acme: pricing review", 3);
    await wb.useClient("new");
    const mark = await world.invocationCount();
    await wb.drag(meetingId, { start: at(4, 14), end: at(4, 15) });
    await world.interActionShows(syncKey, (r) => r.start === at(4, 14) && r.end === at(4, 15), "the new time");
    await world.expectNoAddinEventSince(mark);
    const writesOfMeeting = async () => (await world.stack.api.meetingWrites()).filter((w) => w.syncKey === syncKey);
    const writesBefore = await writesOfMeeting();
    // The item cannot say who synced it (the service never writes to the mailbox): InterAction's record can
    // (MeetingRecord.deliveries, by the token's client), and the task pane's history lists the service's delivery.
    const delivered = await world.stack.api.meeting<MeetingRecord>(syncKey);
    const lastChange = keptInStepByService(delivered);
    expect(lastChange).not.toBeNull();
    await wb.useClient("classic");
    await wb.open(meetingId);
    await wb.openTaskPane();
    await world.paneShows(messages.history.serviceDelivery(delivered.revision));
    // The service wrote last, so the pane says who keeps the meeting in step (the browser runs en-US in UTC). Opening
    // the item does not make the add-in write the move again: InterAction already holds it (compare and set).
    await world.paneShows(messages.keptInStep.byService(formatDateTime(lastChange)!));
    await wb.close();
    const after = await world.stack.api.meeting<MeetingRecord>(syncKey);
    expect({ revision: after.revision, keptInStep: keptInStepByService(after) }).toEqual({
      revision: delivered.revision,
      keptInStep: lastChange,
    });
    // Opening reads the record before writing (core/compareAndSet.ts readsFirst): no add-in write at all, not even
    // one InterAction answers 412.
    expect(await writesOfMeeting()).toEqual(writesBefore);
  });

  test("2. an edit on a phone (subject, location, notes, attendees) reaches InterAction", async () => {
    const { wb, stack } = world;
    const { meetingId, syncKey } = await world.addedMeeting("Acme: onboarding", 5);
    await wb.useClient("mobile");
    const mark = await world.invocationCount();
    await wb.open(meetingId);
    await wb.edit({
      subject: "Acme: onboarding (agenda v2)",
      location: "Acme HQ, room 12",
      notes: "Bring the signed engagement letter.",
      requiredAttendees: ["carol@acme.example", "dana@firm.example"],
    });
    await wb.send();
    await wb.close();
    await world.interActionShows(
      syncKey,
      (r) => r.subject === "Acme: onboarding (agenda v2)" && r.location === "Acme HQ, room 12",
      "the phone's subject and location",
    );
    const stored = stack.stored(syncKey)!;
    expect(stored.notes).toContain("Bring the signed engagement letter.");
    // The organizer is one of the meeting's attendees in InterAction, as when the add-in writes it; Bob is gone.
    expect(stored.attendees).toEqual(["alice@firm.example", "carol@acme.example", "dana@firm.example"]);
    await world.expectNoAddinEventSince(mark);
  });

  test("3. a cancellation in new Outlook and one on a phone cancel the meetings in InterAction", async () => {
    const { wb } = world;
    for (const [client, subject, day] of [
      ["new", "Acme: budget call", 6],
      ["mobile", "Acme: site visit", 7],
    ] as const) {
      const { meetingId, syncKey } = await world.addedMeeting(subject, day);
      await wb.useClient(client);
      // Opening the meeting to cancel it runs the add-in's open handler in new Outlook; the cancellation runs none.
      await wb.open(meetingId);
      const mark = await world.invocationCount();
      await wb.cancelMeeting();
      await world.interActionShows(syncKey, (r) => r.status === "cancelled", `cancelled (in ${client})`);
      await world.expectNoAddinEventSince(mark);
    }
  });

  test("4. an outside organizer's update and cancellation of a meeting a colleague added as attendee reach InterAction", async () => {
    const { wb, at } = world;
    const bob = "bob@firm.example";
    const { meetingIds } = await wb.invite({
      from: "erin@globex.example",
      to: [bob, "dana@firm.example"],
      fields: { subject: "Globex kickoff", start: at(8, 15), end: at(8, 16), location: "Globex HQ" },
    });
    const bobsCopy = meetingIds[bob]!;
    const before = (await world.successfulWrites()).length;
    await wb.signIn(bob);
    await wb.open(bobsCopy);
    await wb.respond("accept");
    await wb.clickRibbon("Add to InterAction");
    await wb.close();
    const syncKey = await world.onlyNewKey(before);

    const mark = await world.invocationCount();
    await wb.updateFromOutside(bobsCopy, {
      subject: "Globex kickoff (moved)",
      start: at(9, 15),
      end: at(9, 16),
      location: "Globex HQ, floor 3",
    });
    await world.interActionShows(
      syncKey,
      (r) => r.subject === "Globex kickoff (moved)" && r.start === at(9, 15) && r.location === "Globex HQ, floor 3",
      "the outside organizer's update",
      bob,
    );
    await wb.cancelFromOutside(bobsCopy);
    await world.interActionShows(syncKey, (r) => r.status === "cancelled", "the outside cancellation", bob);
    await world.expectNoAddinEventSince(mark);
  });

  test("5. a change saved without sending reaches InterAction", async () => {
    const { wb } = world;
    const { meetingId, syncKey } = await world.addedMeeting("Acme: draft agenda", 10);
    await wb.open(meetingId);
    // Outlook raises no event for a subject or location edit, nor for a save.
    const mark = await world.invocationCount();
    await wb.edit({ subject: "Acme: agenda (saved, not sent)", location: "Room 7" });
    await wb.save();
    await wb.close();
    await world.interActionShows(
      syncKey,
      (r) => r.subject === "Acme: agenda (saved, not sent)" && r.location === "Room 7",
      "the saved subject and location",
    );
    await world.expectNoAddinEventSince(mark);
  });

  test("6. a synced meeting made recurring or private on a phone stops syncing, and the task pane says why", async () => {
    const { wb, stack } = world;
    for (const [change, subject, day, why] of [
      [{ recurrence: "weekly" }, "Acme: standing call", 11, strings.stoppedReason.recurring],
      [{ isPrivate: true }, "Acme: partner dinner", 12, strings.stoppedReason.private],
    ] as const) {
      const { meetingId, syncKey } = await world.addedMeeting(subject, day);
      // What InterAction holds once the service has read the sent meeting (it may link the record's identity).
      await world.serviceHasRead("alice@firm.example");
      const kept = await stack.api.meeting(syncKey);
      await wb.useClient("mobile");
      const mark = await world.invocationCount();
      await wb.open(meetingId);
      await wb.edit({ ...change, subject: `${subject} (changed on the phone)` });
      await wb.send();
      await wb.close();
      await world.serviceHasRead("alice@firm.example");
      // InterAction keeps the last version it had: no field of the recurring/private version reached it.
      expect(await stack.api.meeting(syncKey)).toMatchObject({
        subject: kept.subject,
        revision: kept.revision,
        status: "scheduled",
      });
      await world.expectNoAddinEventSince(mark);
      await wb.useClient("classic");
      await wb.open(meetingId);
      await wb.openTaskPane();
      await world.paneShows("Sync stopped");
      await world.paneShows(why);
      await wb.close();
    }
  });
});
