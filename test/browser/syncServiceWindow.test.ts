// The sync service's story of the clock (issue 15, story 7): an organizer's notes written after the meeting reach the
// activity while the firm's window is open, and nothing reaches it after the window. The dev world has one clock (the
// sandbox's movable clock, read by the local Graph, the workbench and the service); this file moves it, so it has a
// stack of its own (syncService.test.ts keeps "now" where it is).
import { browserSuite } from "./support/stack";
import { FOLLOW_BOUND_MS, serviceStories } from "./support/syncService";
import { eventually } from "./support/stack";

jest.setTimeout(240_000);

browserSuite("Sync service: the organizer's notes after the meeting", () => {
  const world = serviceStories();
  beforeAll(() => world.start(), 240_000);
  afterAll(() => world.close());
  beforeEach(() => world.reset());

  test("7. notes after the meeting reach the activity within the window; after the window nothing does", async () => {
    const { wb, stack, at } = world;
    // The demo firm keeps a meeting in step for 14 days after it ends.
    expect((await stack.api.get<{ postMeetingSyncDays: number }>("/api/v1/settings/calendar-sync")).body).toMatchObject(
      { postMeetingSyncDays: 14 },
    );
    const { meetingId, syncKey } = await world.addedMeeting("Acme: closing meeting", 2);

    await wb.setNow(at(2, 12)); // an hour after the meeting
    await wb.useClient("mobile");
    const mark = await world.invocationCount();
    await wb.open(meetingId);
    await wb.edit({ notes: "Minutes: Acme signs on Friday." });
    await wb.save();
    await wb.close();
    await eventually(
      async () => {
        const record = await stack.api.meeting(syncKey);
        return record.kind === "activity" && stack.stored(syncKey)?.notes.includes("Minutes: Acme signs on Friday.");
      },
      "the notes on the activity",
      FOLLOW_BOUND_MS,
    );
    await world.expectNoAddinEventSince(mark);

    await wb.setNow(at(17, 12)); // 15 days after the meeting: the window has closed
    const writesBefore = (await stack.api.meetingWrites()).filter((w) => w.syncKey === syncKey).length;
    await wb.open(meetingId);
    await wb.edit({ notes: "Minutes: Acme signed. Invoice sent." });
    await wb.save();
    await wb.close();
    await world.serviceHasRead("alice@firm.example");
    expect(stack.stored(syncKey)?.notes).toContain("Minutes: Acme signs on Friday.");
    expect(stack.stored(syncKey)?.notes).not.toContain("Invoice sent");
    // Not even a refused attempt: the service knows the window from the record and does not write.
    expect((await stack.api.meetingWrites()).filter((w) => w.syncKey === syncKey)).toHaveLength(writesBefore);
    expect(await stack.api.meeting(syncKey)).toMatchObject({ kind: "activity", frozen: true });
    await world.expectNoAddinEventSince(mark);
  });
});
