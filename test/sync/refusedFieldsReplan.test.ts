// An attendee's Add that InterAction kept only as a link, its fields refused, because the meeting had become an
// activity by the time the write landed (fault schedule 145707333): Bob's add-in planned his Add (revision 2, with the
// outside organizer's new location) while the meeting was ahead; the write was held, timed out, and was applied only
// after the meeting ended. InterAction keeps no fingerprint of a write whose fields it refused (dev/sandbox), so the
// recovery run's read shows the record does not hold the item's content: the write is dropped and the item is planned
// again, and that plan's reason ("only its organizer's changes are synced") is what the user is told, not nothing
// (which left the earlier "not sent yet, will be retried" standing) and never "updated".
import { describe, expect, test } from "@jest/globals";
import { messages } from "../../src/core/messages";
import { loadMeetingView } from "../../src/sync/loadMeetingView";
import { runSync } from "../../src/sync/runSync";
import { apiError, createHarness, externalInvitation } from "../support/fakes";

const DAY = 24 * 60 * 60 * 1000;

describe("an attendee's write InterAction kept as a link to an activity, its fields refused", () => {
  test("the recovery run says why the item's content is not in InterAction; not pending, not updated", async () => {
    const invitation = externalInvitation();
    const h = createHarness({ snapshot: invitation });
    h.api.fail("upsertMeeting", apiError("rateLimited"));
    await runSync({ kind: "add" }, h.deps);
    // The outside organizer moves it to Room 5 while it is ahead; the attendee's task pane plans revision 2 (still
    // the Add's create), InterAction applies it but the answer is lost.
    h.item.snapshot = externalInvitation({ location: "Room 5" });
    h.api.failAfterApply("upsertMeeting", apiError("timeout"));
    await runSync({ kind: "refresh" }, h.deps);
    const syncKey = h.stateStore.state!.syncKey!;
    expect(h.stateStore.state).toMatchObject({ revision: 2 });
    expect(h.stateStore.state!.deliveredRevision).toBeUndefined();
    // As InterAction applied it once the meeting had ended (another colleague's link made it an activity before):
    // the link and its revision are kept, its fields and so its fingerprint are not.
    const stored = h.api.meetings.get(syncKey)!;
    stored.payload = { ...stored.payload, location: invitation.location };
    stored.fingerprint = undefined;
    h.clock.advance(3 * DAY);

    const outcome = await runSync({ kind: "refresh" }, h.deps);
    expect(outcome.notice?.message).toBe(messages.lifecycle.organizerOnly);
    expect(outcome.status).toBe("activity");
    // The item claims no content InterAction does not hold, and nothing more was written.
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 2 });
    expect(h.stateStore.state!.fingerprint).toBeUndefined();
    expect(h.api.meetings.get(syncKey)!.payload).toMatchObject({ revision: 2, location: invitation.location });
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("activity");
    expect(view.notice?.message).toBe(messages.lifecycle.organizerOnly);
  });
});
