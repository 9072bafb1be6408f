// An attendee's write InterAction kept only as a link, its fields refused, judged by the write's own answer (fault
// schedules 674414471, 76580081, 76579962): her Add was queued by faults while the outside meeting was ahead and landed
// after it ended, when another colleague's link had already made it an activity. InterAction keeps her link and
// revision, not her fields, keeps no fingerprint for the write, and says so on the answer (contract
// MeetingRecord.fieldsRefused). Judged by revision alone (no fingerprint) the answer read as confirmed: the item
// claimed its content was in InterAction and the run said "updated". The answer is now judged like a write that lost
// and was read back (test/sync/refusedFieldsReplan.test.ts): delivered as a link, its content not held, told why.
import { describe, expect, test } from "@jest/globals";
import { messages } from "../../src/core/messages";
import type { MeetingRecord } from "../../src/core/record";
import { loadMeetingView } from "../../src/sync/loadMeetingView";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, externalInvitation } from "../support/fakes";

const DAY = 24 * 60 * 60 * 1000;

/** From now on every meeting write lands as InterAction lands one on an activity of another colleague's link: the
 * link and revision are kept, the shared fields stay the activity's (`held`), no fingerprint, and the answer says so. */
const landAsRefusedLink = (h: ReturnType<typeof createHarness>, held: string): void => {
  const write = h.api.upsertMeeting.bind(h.api);
  h.api.upsertMeeting = async (...args): Promise<MeetingRecord> => {
    const { fingerprint: _notHeld, ...answer } = await write(...args);
    const stored = h.api.meetings.get(args[0])!;
    stored.payload = { ...stored.payload, location: held };
    stored.fingerprint = undefined;
    return { ...answer, fieldsRefused: "organizerOnly" };
  };
};

describe("a meeting write answered with its fields refused", () => {
  test("counts the link as delivered, not its content: no fingerprint claimed, not pending, told why", async () => {
    const invitation = externalInvitation();
    const h = createHarness({ snapshot: invitation });
    // While the meeting is ahead: the Add fails, the organizer moves it to Room 5, the pane's run fails too.
    h.api.fail("upsertMeeting", apiError("rateLimited"));
    await runSync({ kind: "add" }, h.deps);
    h.item.snapshot = externalInvitation({ location: "Room 5" });
    h.api.fail("upsertMeeting", apiError("rateLimited"));
    await runSync({ kind: "refresh" }, h.deps);
    expect(h.stateStore.state).toMatchObject({ revision: 2 });
    const syncKey = h.stateStore.state!.syncKey!;
    // The meeting ended; another colleague's link made it an activity holding the original location.
    h.clock.advance(3 * DAY);
    landAsRefusedLink(h, invitation.location);
    const writesBefore = h.api.callsOf("upsertMeeting").length;

    const outcome = await runSync({ kind: "refresh" }, h.deps);
    expect(h.api.callsOf("upsertMeeting").length).toBe(writesBefore + 1);
    expect(outcome.notice?.message).toBe(messages.lifecycle.organizerOnly);
    expect(outcome.status).toBe("activity");
    // The link's revision is delivered; the item claims no content InterAction does not hold.
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 2 });
    expect(h.stateStore.state!.fingerprint).toBeUndefined();
    expect(h.api.meetings.get(syncKey)!.payload).toMatchObject({ revision: 2, location: invitation.location });
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("activity");
    expect(view.notice?.message).toBe(messages.lifecycle.organizerOnly);
    // Nothing more is written on the next runs.
    await runSync({ kind: "open" }, h.deps);
    expect(h.api.callsOf("upsertMeeting").length).toBe(writesBefore + 1);
  });
});
