// An attendee's change InterAction can no longer take (core/lifecycle.ts blockedForGood), end to end through the use
// cases: the run and the task pane's view say the meeting is an activity and why, never "pending" (fault schedule
// 680589161: the change was planned while the meeting was ahead, its write failed and its outbox entry was lost).
import { describe, expect, test } from "@jest/globals";
import { messages } from "../../src/core/messages";
import { loadMeetingView } from "../../src/sync/loadMeetingView";
import { runSync } from "../../src/sync/runSync";
import { apiError, BOB, createHarness, externalInvitation } from "../support/fakes";

const DAY = 24 * 60 * 60 * 1000;

describe("an attendee's change lost before the meeting ended", () => {
  test("after the meeting ended: the activity and the reason, not pending", async () => {
    const invitation = externalInvitation();
    const h = createHarness({ snapshot: invitation });
    await runSync({ kind: "add" }, h.deps);
    // The outside organizer adds Bob while the meeting is ahead; the attendee's add-in plans it, InterAction fails.
    h.item.snapshot = externalInvitation({
      attendees: [...invitation.attendees, { ...BOB, type: "optional", response: "none" }],
    });
    h.api.fail("upsertMeeting", apiError("server"));
    await runSync({ kind: "refresh" }, h.deps);
    expect(h.stateStore.state).toMatchObject({ revision: 2, deliveredRevision: 1 });
    // The runtime storage is cleared before the retry, and the meeting ends.
    await h.outbox.save([]);
    h.clock.advance(3 * DAY);

    const outcome = await runSync({ kind: "refresh" }, h.deps);
    expect(outcome.status).toBe("activity");
    expect(outcome.notice?.message).toBe(messages.lifecycle.organizerOnly);
    const view = await loadMeetingView(h.deps);
    expect(view.status).toBe("activity");
    // Judged with the status: the pane's status line says the same sentence (core/statusReason.ts).
    expect(view.blocked).toBe("organizerOnly");
    expect(view.notice?.message).toBe(messages.lifecycle.organizerOnly);
  });
});
