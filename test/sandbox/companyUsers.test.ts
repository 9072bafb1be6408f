// company_users (migration 5) is what the client search's colleague count walks: each colleague who meets with a
// company, how many search rows they have there and how many of those are open to everyone and not cancelled. It is
// kept by triggers on company_colleagues, so it must equal a count of company_colleagues after any write the store
// makes: links added with other visibilities, visibility changed, cancelled, a link removed, the meeting deleted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type Db, openDatabase } from "../../dev/sandbox/db";
import { seedDemo } from "../../dev/sandbox/seed";
import { Store, type MeetingPayload, type UserRow } from "../../dev/sandbox/store";

const NOW = new Date("2030-01-01T00:00:00Z");
let dir: string;
let db: Db;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "interaction-company-users-"));
  db = openDatabase(path.join(dir, "sandbox.db"));
  seedDemo(db, NOW.toISOString());
  store = new Store(db, { now: () => NOW });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const kept = () =>
  db.prepare("SELECT * FROM company_users ORDER BY company_id, user_id").all() as Record<string, unknown>[];
const counted = () =>
  db
    .prepare(
      `SELECT company_id, user_id, COUNT(*) AS meetings,
         SUM(cancelled = 0 AND visibility_kind = 'everyone') AS open_to_everyone
       FROM company_colleagues GROUP BY company_id, user_id ORDER BY company_id, user_id`,
    )
    .all() as Record<string, unknown>[];

const payload = (revision: number, change: Partial<MeetingPayload> = {}): MeetingPayload => ({
  revision,
  iCalUId: "company-users-1",
  source: { organizerEmail: "carol@acme.example", addedBy: "attendee" },
  subject: "Quarterly review",
  location: "Acme HQ",
  start: "2030-01-10T10:00:00.000Z",
  end: "2030-01-10T11:00:00.000Z",
  notes: "",
  attendees: [
    { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "organizer" },
    { email: "alice@firm.example", name: "Alice Archer", type: "required", response: "accepted" },
    { email: "bob@firm.example", name: "Bob Baker", type: "required", response: "accepted" },
  ],
  visibility: "everyone",
  activityTypeId: "at-meeting",
  cancelled: false,
  isRecurring: false,
  sensitivity: "normal",
  ...change,
});

describe("company_users, kept by triggers", () => {
  it("equals a count of company_colleagues after every kind of write", () => {
    const alice = store.userByEmail("alice@firm.example") as UserRow;
    const bob = store.userByEmail("bob@firm.example") as UserRow;
    // A second meeting with the same company keeps alice's and bob's rows alive between a write's delete and
    // re-insert, so a count the triggers got wrong stays visible instead of leaving with the row.
    const other = payload(1, {
      iCalUId: "company-users-2",
      start: "2030-02-10T10:00:00.000Z",
      end: "2030-02-10T11:00:00.000Z",
    });
    const steps: [string, () => unknown][] = [
      ["alice adds another meeting with acme", () => store.upsertMeeting(alice, "cu-other-alice", other)],
      ["bob links that one too", () => store.upsertMeeting(bob, "cu-other-bob", other)],
      ["alice adds it, open to everyone", () => store.upsertMeeting(alice, "cu-alice", payload(1))],
      ["bob links it, only him", () => store.upsertMeeting(bob, "cu-bob", payload(1, { visibility: "onlyMe" }))],
      [
        "alice makes hers only hers",
        () => store.upsertMeeting(alice, "cu-alice", payload(2, { visibility: "onlyMe" })),
      ],
      [
        "alice opens it to a group",
        () => store.upsertMeeting(alice, "cu-alice", payload(3, { visibility: { groupId: "g-corporate" } })),
      ],
      ["alice opens it to everyone again", () => store.upsertMeeting(alice, "cu-alice", payload(4))],
      ["bob leaves it", () => store.removeMeetingLink(bob, "cu-bob", { reason: "left", revision: 2 })],
      [
        "alice sets never: the meeting goes",
        () => store.removeMeetingLink(alice, "cu-alice", { reason: "never", revision: 5 }),
      ],
    ];
    const seen: string[] = [];
    const snapshots: unknown[] = [];
    for (const [step, write] of steps) {
      write();
      seen.push(step);
      expect({ after: seen, rows: kept() }).toEqual({ after: seen, rows: counted() });
      snapshots.push(kept());
    }
    // The writes did change the table: open to everyone after alice's first add, not once both links are their
    // own, again when alice opens it, the meeting's rows gone after the last step.
    expect(snapshots[2]).not.toEqual(snapshots[4]);
    expect(snapshots[2]).toEqual(snapshots[6]);
    expect(snapshots[8]).not.toEqual(snapshots[2]);
  });
});
