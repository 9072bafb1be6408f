// Issue 14, leaving a shared meeting, as core decides it once (core/linkRemoval.ts): who leaves and why, the removal's
// revision and key, the repeat while unconfirmed, and how the outbox orders it against the link's writes.
import { describe, expect, it } from "@jest/globals";
import { checkEligibility } from "../../src/core/eligibility";
import { linkRemovalReason, planLinkRemoval, plannedRemoval, removalKey } from "../../src/core/linkRemoval";
import { enqueue } from "../../src/core/outboxQueue";
import { plan } from "../../src/core/plan";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { demoSettings, externalInvitation } from "../support/fakes";

const NOW = new Date("2026-11-20T09:00:00.000Z");
const added = (o: Partial<SyncState> = {}): SyncState => ({
  ...initialSyncState(),
  syncKey: "k1",
  mode: "manual",
  addRequested: true,
  addedBy: "attendee",
  revision: 1,
  deliveredRevision: 1,
  fingerprint: "f1",
  ...o,
});
const planWith = (state: SyncState, snapshot = externalInvitation()) =>
  plan({
    snapshot,
    state,
    settings: demoSettings(),
    directory: null,
    now: NOW,
    trigger: { kind: "refresh" },
    ids: { newSyncKey: () => "new" },
  });

describe("who leaves", () => {
  it("never on an added meeting, and an attendee's decline; nothing for a meeting never added or frozen", () => {
    const settings = demoSettings();
    const never = added({ mode: "never" });
    expect(
      linkRemovalReason(externalInvitation(), never, checkEligibility(externalInvitation(), never, settings)),
    ).toBe("never");
    const declined = externalInvitation({ userResponse: "declined" });
    expect(linkRemovalReason(declined, added(), checkEligibility(declined, added(), settings))).toBe("left");
    const notYet = externalInvitation({ userResponse: "none" });
    expect(linkRemovalReason(notYet, added(), checkEligibility(notYet, added(), settings))).toBeNull();
    const fresh = { ...initialSyncState(), mode: "never" as const };
    expect(
      linkRemovalReason(externalInvitation(), fresh, checkEligibility(externalInvitation(), fresh, settings)),
    ).toBeNull();
    const frozen = added({ mode: "never", frozen: true });
    expect(
      linkRemovalReason(externalInvitation(), frozen, checkEligibility(externalInvitation(), frozen, settings)),
    ).toBeNull();
  });
});

describe("the planner", () => {
  it("plans the removal as the link's next revision, once; repeats it unchanged while unconfirmed", () => {
    const first = planWith(added({ mode: "never" }));
    expect(first.removal).toEqual({
      kind: "removeMeetingLink",
      idempotencyKey: removalKey("k1", 2, "never"),
      syncKey: "k1",
      revision: 2,
      reason: "never",
    });
    expect(first.operations).toEqual([]);
    expect(first.nextState).toMatchObject({ revision: 2, linkRemoved: "never" });
    expect(first.nextState.fingerprint).toBeUndefined();
    expect(first.notice?.message).toMatch(/removed from InterAction for you/);
    expect(plannedRemoval(first.nextState)).toEqual({ reason: "never", revision: 2, idempotencyKey: "k1:x2:never" });

    const again = planWith(first.nextState);
    expect(again.removal).toEqual(first.removal);
    expect(again.nextState.revision).toBe(2);

    const confirmed = planWith({ ...first.nextState, deliveredRevision: 2 });
    expect(confirmed.removal).toBeUndefined();
    expect(plannedRemoval({ ...first.nextState, deliveredRevision: 2 })).toBeNull();
  });

  it("choosing to sync again writes the meeting at a newer revision and forgets the removal", () => {
    const removed = planWith(added({ mode: "never" })).nextState;
    const back = planWith({ ...removed, mode: "manual", deliveredRevision: 2 });
    expect(back.operations).toEqual([expect.objectContaining({ kind: "upsertMeeting", revision: 3 })]);
    expect(back.nextState.linkRemoved).toBeUndefined();
  });

  it("planLinkRemoval needs a sync key", () => {
    expect(planLinkRemoval({ ...added(), syncKey: undefined }, "never")).toBeNull();
  });
});

describe("the outbox", () => {
  const at = NOW;
  const removal = planWith(added({ mode: "never" })).removal!;
  const write = (revision: number) =>
    ({
      kind: "upsertMeeting",
      idempotencyKey: `k1:r${revision}`,
      syncKey: "k1",
      revision,
      payload: {} as never,
    }) as const;

  it("a removal supersedes the link's older undelivered write; a repeat of it is not queued twice", () => {
    const q = enqueue(enqueue([], [write(1)], at), [removal, removal], at);
    expect(q.map((e) => e.op.idempotencyKey)).toEqual(["k1:x2:never"]);
  });

  it("a newer write supersedes an undelivered removal: the user's latest choice is to sync it", () => {
    const q = enqueue(enqueue([], [removal], at), [write(3)], at);
    expect(q.map((e) => e.op.idempotencyKey)).toEqual(["k1:r3"]);
  });
});
