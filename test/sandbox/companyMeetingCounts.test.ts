// company_meeting_counts (migration 8) is where the client search reads how many of a company's meetings are open to
// everyone over its whole history (issue 11). It is kept by triggers on meeting_companies, so it must equal a count of
// meeting_companies after any write: the store's (a meeting added, linked by a colleague with another visibility,
// its visibility changed, cancelled, a link removed, the meeting deleted), a contact that links a company to
// meetings already stored, the bulk seed's rows, and a database upgraded from before the table existed.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type Db, migrations, openDatabase } from "../../dev/sandbox/db";
import { seedBulk, seedDemo } from "../../dev/sandbox/seed";
import { Store, type MeetingPayload, type UserRow } from "../../dev/sandbox/store";

const NOW = new Date("2030-01-01T00:00:00Z");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "interaction-company-meeting-counts-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const kept = (db: Db) =>
  db.prepare("SELECT * FROM company_meeting_counts ORDER BY company_id, visibility_kind, cancelled").all() as Record<
    string,
    unknown
  >[];
const counted = (db: Db) =>
  db
    .prepare(
      `SELECT company_id, visibility_kind, cancelled, COUNT(*) AS meetings FROM meeting_companies
       GROUP BY company_id, visibility_kind, cancelled ORDER BY company_id, visibility_kind, cancelled`,
    )
    .all() as Record<string, unknown>[];

const payload = (revision: number, change: Partial<MeetingPayload> = {}): MeetingPayload => ({
  revision,
  iCalUId: "company-counts-1",
  source: { organizerEmail: "alice@firm.example", addedBy: "organizer" },
  subject: "Quarterly review",
  location: "Acme HQ",
  start: "2030-01-10T10:00:00.000Z",
  end: "2030-01-10T11:00:00.000Z",
  notes: "",
  attendees: [
    { email: "alice@firm.example", name: "Alice Archer", type: "required", response: "organizer" },
    { email: "carol@acme.example", name: "Carol Chen", type: "required", response: "accepted" },
    { email: "bob@firm.example", name: "Bob Baker", type: "required", response: "accepted" },
    { email: "newcomer@globex.example", name: "New Comer", type: "required", response: "accepted" },
  ],
  visibility: "everyone",
  activityTypeId: "at-meeting",
  cancelled: false,
  isRecurring: false,
  sensitivity: "normal",
  ...change,
});

describe("company_meeting_counts, kept by triggers", () => {
  it("equals a count of meeting_companies after every kind of write", () => {
    const db = openDatabase(path.join(dir, "writes.db"));
    try {
      seedDemo(db, NOW.toISOString());
      const store = new Store(db, { now: () => NOW });
      const alice = store.userByEmail("alice@firm.example") as UserRow;
      const bob = store.userByEmail("bob@firm.example") as UserRow;
      // A second meeting with the same company keeps its count alive between a write's delete and re-insert, so a
      // count the triggers got wrong stays visible instead of leaving with the row.
      const other = payload(1, {
        iCalUId: "company-counts-2",
        start: "2030-02-10T10:00:00.000Z",
        end: "2030-02-10T11:00:00.000Z",
      });
      const steps: [string, () => unknown][] = [
        ["alice adds a meeting with acme", () => store.upsertMeeting(alice, "cc-other", other)],
        ["alice adds another, open to everyone", () => store.upsertMeeting(alice, "cc-alice", payload(1))],
        [
          "bob links it, only him",
          () =>
            store.upsertMeeting(
              bob,
              "cc-bob",
              payload(1, {
                visibility: "onlyMe",
                source: { organizerEmail: "alice@firm.example", addedBy: "attendee" },
              }),
            ),
        ],
        [
          "alice makes hers only hers",
          () => store.upsertMeeting(alice, "cc-alice", payload(2, { visibility: "onlyMe" })),
        ],
        ["bob leaves it", () => store.removeMeetingLink(bob, "cc-bob", { reason: "left", revision: 2 })],
        [
          "alice opens it to a group",
          () => store.upsertMeeting(alice, "cc-alice", payload(3, { visibility: { groupId: "g-corporate" } })),
        ],
        [
          "a contact at another company is added: the meeting is listed under it too",
          () => store.addContact({ name: "New Comer", email: "newcomer@globex.example", companyId: "c-globex" }),
        ],
        ["alice cancels it", () => store.removeMeetingLink(alice, "cc-alice", { reason: "cancelled", revision: 4 })],
        [
          "alice sets never on the other: it goes",
          () => store.removeMeetingLink(alice, "cc-other", { reason: "never", revision: 2 }),
        ],
      ];
      const seen: string[] = [];
      const snapshots: unknown[] = [];
      for (const [step, write] of steps) {
        write();
        seen.push(step);
        expect({ after: seen, rows: kept(db) }).toEqual({ after: seen, rows: counted(db) });
        snapshots.push(kept(db));
      }
      // The writes did change the counts, as the meetings' visibility says (any link open to everyone opens it).
      const compact = (rows: unknown) =>
        (rows as Record<string, unknown>[])
          .filter((r) => r.company_id === "c-acme" || r.company_id === "c-globex")
          .map(
            (r) =>
              `${String(r.company_id)} ${String(r.visibility_kind)}${r.cancelled ? " cancelled" : ""}: ${String(r.meetings)}`,
          );
      expect(snapshots.map(compact)).toEqual([
        ["c-acme everyone: 1"],
        ["c-acme everyone: 2"],
        ["c-acme everyone: 2"],
        ["c-acme everyone: 1", "c-acme links: 1"],
        ["c-acme everyone: 1", "c-acme onlyMe: 1"],
        ["c-acme everyone: 1", "c-acme group: 1"],
        ["c-acme everyone: 1", "c-acme group: 1", "c-globex everyone: 1", "c-globex group: 1"],
        ["c-acme everyone: 1", "c-acme group cancelled: 1", "c-globex everyone: 1", "c-globex group cancelled: 1"],
        ["c-acme group cancelled: 1", "c-globex group cancelled: 1"],
      ]);
    } finally {
      db.close();
    }
  });

  it("equals a count of meeting_companies after the bulk seed", () => {
    const db = openDatabase(path.join(dir, "bulk.db"));
    try {
      seedDemo(db, NOW.toISOString());
      seedBulk(db, { meetings: 500, contacts: 80, around: NOW });
      expect(kept(db).length).toBeGreaterThan(3);
      expect(kept(db)).toEqual(counted(db));
    } finally {
      db.close();
    }
  });

  it("is filled when a database written before it is upgraded", () => {
    const file = path.join(dir, "v7.db");
    const old = new Database(file);
    // Schema 7 (the release before company_meeting_counts), with the bulk seed's meetings in it.
    for (const [v, sql] of migrations.slice(0, 7).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    seedDemo(old, NOW.toISOString());
    seedBulk(old, { meetings: 300, contacts: 60, around: NOW });
    old.close();
    const db = openDatabase(file);
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(migrations.length);
      expect(kept(db).length).toBeGreaterThan(3);
      expect(kept(db)).toEqual(counted(db));
    } finally {
      db.close();
    }
  });
});
