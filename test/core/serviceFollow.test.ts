// Which copies the service follows, the state it plans against, and what a removal means: pure rules.
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import { afterRemoval, followed, removalOf, stateToPlan, syncedAgain } from "../../src/core/serviceFollow";
import type { IndexEntry } from "../../src/service/ports";

const added = (change: Partial<SyncState> = {}): SyncState => ({
  ...initialSyncState(),
  mode: "manual",
  syncKey: "k1",
  revision: 2,
  deliveredRevision: 2,
  fingerprint: "f-item",
  addedBy: "organizer",
  addRequested: true,
  ...change,
});
const organizer = { role: "organizer" as const, isNew: false };
const entry = (change: Partial<IndexEntry> = {}): IndexEntry => ({
  mailbox: "alice@firm.example",
  eventId: "e1",
  syncKey: "k1",
  role: "organizer",
  revision: 3,
  fingerprint: "f-service",
  documents: {},
  ...change,
});

describe("which copies the service follows", () => {
  it("follows a copy the add-in added, in the role it was added in", () => {
    expect(followed(organizer, added(), false)).toEqual({ follow: true, state: added() });
    expect(followed({ role: "attendee", isNew: false }, added({ addedBy: "attendee" }), false).follow).toBe(true);
  });

  it.each([
    ["no state: nobody added it", null, organizer, false, "noState"],
    ["the user's opt-out", added({ mode: "never" }), organizer, false, "optedOut"],
    ["never added", { ...initialSyncState(), syncKey: "k1" }, organizer, false, "notAdded"],
    [
      "a forward's copy of the organizer's state",
      added(),
      { role: "attendee" as const, isNew: false },
      false,
      "notThisCopy",
    ],
    ["a sync key another mailbox's copy holds", added(), organizer, true, "notThisCopy"],
    ["a draft never sent", added(), { role: "organizer" as const, isNew: true }, false, "draft"],
  ])("leaves alone %s", (_what, state, snapshot, elsewhere, skip) => {
    expect(followed(snapshot, state, elsewhere)).toEqual({ follow: false, skip });
  });
});

describe("the state the service plans against", () => {
  it("takes its own later delivery over the item's", () => {
    expect(stateToPlan(added(), entry())).toMatchObject({
      revision: 3,
      fingerprint: "f-service",
      deliveredRevision: 3,
    });
  });

  it("takes the add-in's later delivery when the add-in wrote after it", () => {
    expect(stateToPlan(added({ revision: 5, deliveredRevision: 5 }), entry())).toMatchObject({
      revision: 5,
      fingerprint: "f-item",
    });
  });

  it("does not trust a fingerprint the add-in planned but InterAction never confirmed", () => {
    const next = stateToPlan(added({ revision: 5, deliveredRevision: 4 }), entry());
    expect(next.revision).toBe(5);
    expect(next.fingerprint).toBeUndefined();
  });

  it("ignores an index entry of another sync key", () => {
    expect(stateToPlan(added(), entry({ syncKey: "other", revision: 9 }))).toMatchObject({ revision: 2 });
  });

  it("keeps documents the service delivered under any key, __proto__ and constructor included", () => {
    const documents = JSON.parse('{"__proto__":"doc-p","constructor":"doc-c"}') as Record<string, string>;
    const next = stateToPlan(added({ documents: { a1: "doc-a" } }), entry({ documents }));
    expect(Object.getPrototypeOf(next.documents)).toBe(Object.prototype);
    expect(Object.entries(next.documents)).toEqual([
      ["a1", "doc-a"],
      ["__proto__", "doc-p"],
      ["constructor", "doc-c"],
    ]);
  });
});

describe("what a removal means", () => {
  it("the organizer's copy gone: the meeting is cancelled", () => expect(removalOf(entry(), false)).toBe("cancel"));
  it("an attendee's copy gone: their link goes", () =>
    expect(removalOf(entry({ role: "attendee" }), false)).toBe("unlink"));
  it("still there (moved out of the window): nothing", () => expect(removalOf(entry(), true)).toBe("nothing"));
  it("a copy the service never followed: nothing", () => expect(removalOf(null, false)).toBe("nothing"));
  it("already cancelled or frozen: nothing", () => {
    expect(removalOf(entry({ cancelled: true }), false)).toBe("nothing");
    expect(removalOf(entry({ frozen: true }), false)).toBe("nothing");
  });
});

describe("a link the service removed for 'never' (issue 14)", () => {
  const removed = afterRemoval(entry({ owed: "never" }), "never", 4);

  it("is frozen for the service while the item says never, and says why", () => {
    expect(removed).toMatchObject({ revision: 4, frozen: true, linkRemoved: "never" });
    expect(removed.owed).toBeUndefined();
    expect(stateToPlan(added({ mode: "never", revision: 3 }), removed).frozen).toBe(true);
    // A copy gone from the calendar is frozen for good: no marker.
    expect(afterRemoval(entry({ owed: "unlink" }), "unlink", 4).linkRemoved).toBeUndefined();
  });

  it("once the item says to sync it again, the plan is above the removal, unfrozen, with nothing assumed delivered", () => {
    const plan = stateToPlan(added({ mode: "manual", revision: 3, deliveredRevision: 3 }), removed);
    expect(plan).toMatchObject({ revision: 4, deliveredRevision: 4 });
    expect(plan.frozen).toBeUndefined();
    expect(plan.fingerprint).toBeUndefined();
    expect(syncedAgain(added({ mode: "automatic" }), removed).frozen).toBeUndefined();
    // Another meeting's state, or a window-frozen entry: unchanged.
    expect(syncedAgain(added({ syncKey: "other" }), removed)).toBe(removed);
    const windowFrozen = entry({ frozen: true });
    expect(syncedAgain(added(), windowFrozen)).toBe(windowFrozen);
  });
});
