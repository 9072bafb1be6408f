// Issue 14, "never rolled back by an older copy", through the product's own planner: Carol (outside the firm) updates
// her meeting; Bob's copy of the newer version and Alice's copy of the older one are planned by core (as the sync
// service plans a Graph read, with each copy's organizerVersion) and delivered to the sandbox, the older one last.
// InterAction keeps the newer version's shared fields; the add-in's unversioned write cannot roll them back either.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { MeetingSnapshot } from "../../src/core/meeting";
import type { OrganizerVersion } from "../../src/core/organizerVersion";
import { plan } from "../../src/core/plan";
import { initialSyncState, type SyncState } from "../../src/core/syncState";
import type { CalendarSyncSettings } from "../../src/core/settings";
import { createInterActionApi } from "../../src/interaction";
import { DAY, HOUR, startHarness, type Harness } from "./harness";
import { api, key, newUid } from "./sharedMeetingSupport";

let h: Harness;
let call: ReturnType<typeof api>;
let settings: CalendarSyncSettings;
beforeAll(async () => {
  h = await startHarness();
  call = api(h);
  settings = await createInterActionApi(h.clientFor("alice@firm.example")).getSettings();
});
afterAll(async () => {
  await h.close();
});

const CAROL = { email: "carol@acme.example", name: "Carol Chen" };
const start = new Date(Date.now() + 5 * DAY);
start.setUTCHours(9, 0, 0, 0);

/** One colleague's copy of Carol's meeting as the service reads it from Graph. */
const copy = (
  who: "alice" | "bob",
  location: string,
  organizerVersion: OrganizerVersion | undefined,
): MeetingSnapshot => {
  const user = { email: `${who}@firm.example`, name: who };
  return {
    itemId: `${who}-copy`,
    subject: "Acme pricing",
    start: start.toISOString(),
    end: new Date(start.getTime() + HOUR).toISOString(),
    location,
    organizer: CAROL,
    attendees: [
      { ...CAROL, type: "required", response: "organizer" },
      { email: "alice@firm.example", name: "Alice Archer", type: "required", response: "accepted" },
      { email: "bob@firm.example", name: "Bob Baker", type: "required", response: "accepted" },
    ],
    notes: "",
    attachments: [],
    isRecurring: false,
    sensitivity: "normal",
    isCancelled: false,
    role: "attendee",
    user,
    userResponse: "accepted",
    isNew: false,
    ...(organizerVersion ? { organizerVersion } : {}),
  };
};

/** Plans the copy as `trigger` does and delivers its write; answers the state afterwards. */
const deliver = async (
  email: string,
  snapshot: MeetingSnapshot,
  state: SyncState,
  trigger: "server" | "open",
): Promise<{ state: SyncState; location: string | undefined }> => {
  const planned = plan({
    snapshot,
    state,
    settings,
    directory: null,
    now: new Date(),
    trigger: { kind: trigger },
    ids: { newSyncKey: () => key(email.slice(0, 3)) },
  });
  let location: string | undefined;
  for (const op of planned.operations) {
    if (op.kind !== "upsertMeeting") continue;
    const answer = await call.put(email, op.syncKey, op.payload, { "idempotency-key": op.idempotencyKey });
    expect(answer.status).toBeLessThan(300);
    location = answer.body.location;
  }
  return { state: planned.nextState, location };
};

const added = (iCalUId: string): SyncState => ({
  ...initialSyncState(),
  mode: "manual",
  addRequested: true,
  addedBy: "attendee",
  iCalUId,
  identityAsked: true,
});

describe("colleagues' copies of an outside organizer's meeting", () => {
  it("the older copy planned and delivered last does not roll back the newer one", async () => {
    const uid = newUid();
    const v0 = { sequence: 0, changedAt: "2031-01-01T09:00:00.000Z" };
    const v1 = { sequence: 1, changedAt: "2031-01-02T09:00:00.000Z" };
    // Bob's copy already has Carol's update (the annex); Alice's job read her copy before it reached her mailbox.
    const bob = await deliver("bob@firm.example", copy("bob", "Acme annex", v1), added(uid), "server");
    expect(bob.location).toBe("Acme annex");
    const alice = await deliver("alice@firm.example", copy("alice", "Acme HQ", v0), added(uid), "server");
    expect(alice.location).toBe("Acme annex");
    const bobKey = bob.state.syncKey as string;
    expect((await call.get("bob@firm.example", bobKey)).body.location).toBe("Acme annex");

    // Alice's add-in, on a device that still shows the old place, writes unversioned: no roll-back either.
    const stale = copy("alice", "Acme HQ (old)", undefined);
    const device = await deliver("alice@firm.example", stale, alice.state, "open");
    expect(device.location).toBe("Acme annex");

    // Carol's next update reaches Alice's copy first: the newest version rules, through her link.
    const v2 = { sequence: 2, changedAt: "2031-01-03T09:00:00.000Z" };
    const newest = await deliver("alice@firm.example", copy("alice", "Acme tower", v2), device.state, "server");
    expect(newest.location).toBe("Acme tower");
    expect((await call.get("bob@firm.example", bobKey)).body.location).toBe("Acme tower");
  });
});
