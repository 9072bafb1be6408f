// FakeInterActionApi's removeMeetingLink follows the contract (issue 14, leaving a shared meeting): the same calls
// against the fake and against the sandbox (the contract's reference implementation) give the same answers and the
// same refusals, in the user's codes: a link's removal keeps a meeting a colleague still has and deletes it with the
// last link; a repeat answers the same; an older removal is superseded (409); writes up to the removal's revision are
// refused (409 removed) and a newer one links again; another user's link is 403, an unknown one 404; cancelled is the
// organizer's alone. Then the add-in's own "never" over the fake goes through to InterAction (no longer stuck queued).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createInterActionApi } from "../../src/interaction";
import { isInterActionError } from "../../src/sync/errors";
import type { InterActionApi } from "../../src/sync/ports";
import { runSync } from "../../src/sync/runSync";
import { updatePreferences } from "../../src/sync/updatePreferences";
import { startHarness, type Harness } from "../sandbox/harness";
import { invitation, key, newUid, type Payload } from "../sandbox/sharedMeetingSupport";
import { FakeInterActionApi } from "./fakeInterActionApi";
import { createHarness } from "./fakes";
import { FixedClock } from "./fakeTime";

let box: Harness;
beforeAll(async () => {
  box = await startHarness();
});
afterAll(async () => {
  await box.close();
});

type Who = "alice" | "bob" | "dana";
const email = (who: Who) => `${who}@firm.example`;

/** One InterAction as each user sees it: the sandbox's clients, or the one fake answering as the caller. */
interface Side {
  as(who: Who): InterActionApi;
}
const sandboxSide = (): Side => ({ as: (who) => createInterActionApi(box.clientFor(email(who))) });
const fakeSide = (): Side => {
  const fake = new FakeInterActionApi(new FixedClock(new Date().toISOString()));
  return {
    as: (who) =>
      new Proxy(fake, {
        get(target, prop) {
          target.callerEmail = email(who);
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === "function" ? value.bind(target) : value;
        },
      }),
  };
};

/** What a call came to: the removal's answer, "written rN", or the refusal's code. */
const outcome = async (call: () => Promise<unknown>): Promise<string> => {
  try {
    const answer = await call();
    if (typeof answer === "string") return answer;
    if (answer && typeof answer === "object" && "meeting" in answer) return String(answer.meeting);
    return `written r${(answer as { revision: number }).revision}`;
  } catch (e) {
    return isInterActionError(e) ? e.code : `unexpected ${String(e)}`;
  }
};

/** Carol's meeting, added by Alice and by Bob (one iCalUId), then left, repeated, re-added, refused. */
const story = async (side: Side): Promise<string[]> => {
  const uid = newUid();
  const start = new Date(Date.now() + 5 * 86_400_000).toISOString();
  const copy = (who: "alice" | "bob", revision: number): Payload => ({
    ...invitation(who, { start }),
    revision,
    iCalUId: uid,
  });
  const alice = side.as("alice");
  const bob = side.as("bob");
  const [aliceKey, bobKey] = [key("alice"), key("bob")];
  const steps: string[] = [];
  const step = async (name: string, call: () => Promise<unknown>) => steps.push(`${name}: ${await outcome(call)}`);
  await step("alice adds", () => alice.upsertMeeting(aliceKey, copy("alice", 1), `${aliceKey}:r1`));
  await step("bob adds", () => bob.upsertMeeting(bobKey, copy("bob", 1), `${bobKey}:r1`));
  await step("alice's removal not newer", () =>
    alice.removeMeetingLink!(aliceKey, { reason: "never", revision: 1 }, `${aliceKey}:x1:never`),
  );
  await step("bob removes alice's link", () =>
    bob.removeMeetingLink!(aliceKey, { reason: "never", revision: 2 }, `${aliceKey}:x2:bob`),
  );
  await step("unknown link", () =>
    alice.removeMeetingLink!(key("nobody"), { reason: "never", revision: 1 }, "k-unknown"),
  );
  await step("alice never", () =>
    alice.removeMeetingLink!(aliceKey, { reason: "never", revision: 2 }, `${aliceKey}:x2:never`),
  );
  await step("alice never, repeated", () =>
    alice.removeMeetingLink!(aliceKey, { reason: "never", revision: 2 }, `${aliceKey}:x2:never`),
  );
  await step("alice's late write", () => alice.upsertMeeting(aliceKey, copy("alice", 2), `${aliceKey}:r2`));
  await step("alice's link is gone", async () => ((await alice.getMeeting(aliceKey)) === null ? "none" : "found"));
  await step("alice syncs again", () => alice.upsertMeeting(aliceKey, copy("alice", 3), `${aliceKey}:r3`));
  await step("bob cancels (not the organizer)", () =>
    bob.removeMeetingLink!(bobKey, { reason: "cancelled" as "never", revision: 2 }, `${bobKey}:x2:cancelled`),
  );
  await step("bob leaves", () => bob.removeMeetingLink!(bobKey, { reason: "left", revision: 2 }, `${bobKey}:x2:left`));
  await step("alice leaves last", () =>
    alice.removeMeetingLink!(aliceKey, { reason: "left", revision: 4 }, `${aliceKey}:x4:left`),
  );
  return steps;
};

describe("FakeInterActionApi's removeMeetingLink", () => {
  it("answers as the sandbox does, call for call", async () => {
    const expected = [
      "alice adds: written r1",
      "bob adds: written r1",
      "alice's removal not newer: conflict",
      "bob removes alice's link: forbidden",
      "unknown link: notFound",
      "alice never: kept",
      "alice never, repeated: kept",
      "alice's late write: conflict",
      "alice's link is gone: none",
      "alice syncs again: written r3",
      "bob cancels (not the organizer): forbidden",
      "bob leaves: kept",
      "alice leaves last: deleted",
    ];
    expect(await story(sandboxSide())).toEqual(expected);
    expect(await story(fakeSide())).toEqual(expected);
  });

  it("the add-in's 'never' over the fake reaches InterAction: the link goes, the outbox is empty", async () => {
    // An existing meeting (a new one is only added when sent).
    const h = createHarness({ snapshot: { isNew: false } });
    await runSync({ kind: "add" }, h.deps);
    const syncKey = h.stateStore.state?.syncKey as string;
    expect(h.api.stored(syncKey)).toBeDefined();
    const after = await updatePreferences(h.deps, { mode: "never" });
    expect(after).toMatchObject({ linkRemoved: "never", revision: 2, deliveredRevision: 2 });
    expect(h.api.stored(syncKey)).toBeUndefined();
    expect(h.api.callsOf("removeMeetingLink").map((c) => c.outcome)).toEqual(["ok"]);
    expect(await h.outbox.load()).toEqual([]);
  });
});
