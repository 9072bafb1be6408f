// Issue 14, leaving a shared meeting from the add-in: "never" on a meeting in InterAction, or an attendee's decline,
// removes this colleague's link through the outbox (durable, retried, one key), the meeting stays for a colleague who
// keeps it, the pane's state says so, and choosing to sync again links them again with a newer revision. Against the
// sandbox (the real InterAction contract), with the add-in's real runSync/updatePreferences over fake Office ports.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createInterActionApi } from "../../src/interaction";
import { runSync } from "../../src/sync/runSync";
import { updatePreferences } from "../../src/sync/updatePreferences";
import { InterActionError } from "../../src/sync/errors";
import type { InterActionApi } from "../../src/sync/ports";
import { initialSyncState } from "../../src/core/syncState";
import { normalizeSnapshot } from "../../src/core/normalize";
import { buildPayload } from "../../src/core/payload";
import { createHarness } from "../support/fakes";
import { startHarness, type Harness as Sandbox } from "../sandbox/harness";
import { newUid } from "../sandbox/sharedMeetingSupport";

let box: Sandbox;
beforeAll(async () => {
  box = await startHarness();
});
afterAll(async () => {
  await box.close();
});

const CAROL = { email: "carol@acme.example", name: "Carol Chen" };
const ALICE = { email: "alice@firm.example", name: "Alice Archer" };
const BOB = { email: "bob@firm.example", name: "Bob Baker" };
let day = 10;
let seeds = 1400;

/** `who`'s copy of Carol's meeting (both accepted), as the add-in reads it, and their InterAction connection. */
const colleague = (who: typeof ALICE, uid: string, start: Date, api?: InterActionApi) => {
  const h = createHarness({
    seed: seeds++,
    now: new Date().toISOString(),
    snapshot: {
      itemId: `${who.email}-${uid}`,
      subject: "Acme pricing",
      location: "Acme HQ",
      start: start.toISOString(),
      end: new Date(start.getTime() + 3600_000).toISOString(),
      organizer: CAROL,
      attendees: [
        { ...CAROL, type: "required", response: "organizer" },
        { ...ALICE, type: "required", response: "accepted" },
        { ...BOB, type: "required", response: "accepted" },
      ],
      role: "attendee",
      user: who,
      userResponse: "accepted",
      isNew: false,
    },
    // The Add's one Graph read found the meeting's iCalUId (core/identity.ts).
    state: { ...initialSyncState(), iCalUId: uid, identityAsked: true },
  });
  const deps = { ...h.deps, api: api ?? createInterActionApi(box.clientFor(who.email)) };
  return { h, deps };
};

const meeting = async (email: string, syncKey: string) => box.clientFor(email).getMeeting(syncKey);

const sharedMeeting = async () => {
  const uid = newUid();
  const start = new Date(Date.now() + day++ * 24 * 3600_000);
  start.setUTCHours(9, 0, 0, 0);
  const alice = colleague(ALICE, uid, start);
  const bob = colleague(BOB, uid, start);
  await runSync({ kind: "add" }, alice.deps);
  await runSync({ kind: "add" }, bob.deps);
  const aliceKey = alice.h.stateStore.state?.syncKey as string;
  const bobKey = bob.h.stateStore.state?.syncKey as string;
  expect((await meeting(BOB.email, bobKey))?.record.alsoAddedBy?.map((c) => c.email)).toEqual([ALICE.email]);
  return { uid, start, alice, bob, aliceKey, bobKey };
};

describe("a colleague leaves a shared meeting from the add-in", () => {
  it("never removes only their link; choosing to sync again links them again with a newer revision", async () => {
    const { alice, aliceKey, bobKey } = await sharedMeeting();

    const after = await updatePreferences(alice.deps, { mode: "never" });
    expect(after).toMatchObject({ mode: "never", linkRemoved: "never", revision: 2, deliveredRevision: 2 });
    expect(await meeting(ALICE.email, aliceKey)).toBeNull();
    const kept = await meeting(BOB.email, bobKey);
    expect(kept?.record).toMatchObject({ status: "scheduled", alsoAddedBy: [] });
    expect(await alice.h.outbox.load()).toEqual([]);
    // The pane's status: stopped, and the notice says the link went while colleagues keep it.
    const shown = await runSync({ kind: "refresh" }, alice.deps);
    expect(shown.status).toBe("stopped");
    expect(shown.notice?.message).toMatch(/removed from InterAction for you; colleagues who added it keep it/);

    const again = await updatePreferences(alice.deps, { mode: "manual" });
    expect(again).toMatchObject({ mode: "manual", revision: 3, deliveredRevision: 3 });
    expect(again.linkRemoved).toBeUndefined();
    expect((await meeting(ALICE.email, aliceKey))?.record.id).toBe(kept?.record.id);
    expect((await meeting(BOB.email, bobKey))?.record.alsoAddedBy?.map((c) => c.email)).toEqual([ALICE.email]);
  });

  it("an attendee who declines leaves (reason left) when the add-in runs on the item", async () => {
    const { alice, aliceKey, bobKey } = await sharedMeeting();
    alice.h.item.update({ userResponse: "declined" });
    await runSync({ kind: "open" }, alice.deps);
    expect(alice.h.stateStore.state).toMatchObject({ linkRemoved: "left", revision: 2, deliveredRevision: 2 });
    expect(await meeting(ALICE.email, aliceKey)).toBeNull();
    expect((await meeting(BOB.email, bobKey))?.record.status).toBe("scheduled");
  });

  it("a removal InterAction cannot take now is queued, never blocks the user, and goes on the next run", async () => {
    const { uid, start } = await sharedMeeting();
    const real = createInterActionApi(box.clientFor(ALICE.email));
    let down = true;
    const flaky: InterActionApi = {
      ...real,
      removeMeetingLink: (...args) =>
        down
          ? Promise.reject(new InterActionError("server", "InterAction is down.", true, 503))
          : real.removeMeetingLink!(...args),
    };
    const alice = colleague(ALICE, uid, start, flaky);
    await runSync({ kind: "add" }, alice.deps);
    const syncKey = alice.h.stateStore.state?.syncKey as string;

    const after = await updatePreferences(alice.deps, { mode: "never" });
    expect(after).toMatchObject({ linkRemoved: "never", revision: 2 });
    expect(after.deliveredRevision).toBe(1);
    const queued = await alice.h.outbox.load();
    expect(queued.map((e) => e.op.idempotencyKey)).toEqual([`${syncKey}:x2:never`]);
    expect(await meeting(ALICE.email, syncKey)).not.toBeNull();

    down = false;
    alice.h.clock.advance(60 * 60_000);
    await runSync({ kind: "refresh" }, alice.deps);
    expect(alice.h.stateStore.state).toMatchObject({ linkRemoved: "never", deliveredRevision: 2 });
    expect(await meeting(ALICE.email, syncKey)).toBeNull();
    expect(await alice.h.outbox.load()).toEqual([]);
  });

  it("a removal older than a write the add-in did not know (409 superseded) is moved past it and delivered", async () => {
    const { alice, aliceKey } = await sharedMeeting();
    // The sync service wrote Alice's link at revision 2 (its versioned copy); her item still says 1.
    const record = await box.clientFor(ALICE.email).getMeeting(aliceKey);
    expect(record?.record.revision).toBe(1);
    const api = createInterActionApi(box.clientFor(ALICE.email));
    const snapshot = normalizeSnapshot(await alice.h.item.read());
    const state = alice.h.stateStore.state!;
    const payload = buildPayload({ ...snapshot, location: "Acme annex" }, state, await api.getSettings(), 2, false);
    await api.upsertMeeting(aliceKey, payload, `${aliceKey}:svc:r2:test`);

    const after = await updatePreferences(alice.deps, { mode: "never" });
    expect(after).toMatchObject({ linkRemoved: "never", revision: 3, deliveredRevision: 3 });
    expect(await meeting(ALICE.email, aliceKey)).toBeNull();
  });
});
