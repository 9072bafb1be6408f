// The company meeting search stays an index range scan however many meetings there are: checked with SQLite's own
// query plans over a bulk-seeded database, and its counts against an independent computation.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type Db, openDatabase } from "../../dev/sandbox/db";
import { seedBulk, seedDemo } from "../../dev/sandbox/seed";
import { Store, type UserRow } from "../../dev/sandbox/store";

let dir: string;
let db: Db;
let store: Store;
let alice: UserRow;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "interaction-scale-"));
  db = openDatabase(path.join(dir, "bulk.db"));
  seedDemo(db, new Date().toISOString());
  const result = seedBulk(db, { meetings: 4000, contacts: 600, around: new Date("2030-01-01T00:00:00Z") });
  expect(result.companyIds[0]).toBe("c-acme");
  store = new Store(db, { now: () => new Date("2030-01-01T00:00:00Z") });
  alice = store.userByEmail("alice@firm.example") as UserRow;
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("company meeting search at scale", () => {
  it("counts the company's meetings and distinct colleagues exactly as a full computation does", () => {
    const from = "2029-06-01T00:00:00.000Z";
    const to = "2030-06-01T00:00:00.000Z";
    const page = store.companyMeetings(alice, { companyId: "c-acme", from, to, skip: 0, limit: 50 });
    // Independent path: attendees -> contacts of the company, not the denormalized search table.
    const expected = db
      .prepare(
        `SELECT COUNT(DISTINCT m.id) AS meetings, COUNT(DISTINCT mc.user_id) AS colleagues
         FROM meetings m JOIN meeting_attendees a ON a.meeting_id = m.id JOIN contacts c ON c.id = a.contact_id
         JOIN meeting_colleagues mc ON mc.meeting_id = m.id
         WHERE c.company_id = 'c-acme' AND m.cancelled = 0 AND m.start_at >= ? AND m.start_at < ?`,
      )
      .get(from, to) as { meetings: number; colleagues: number };
    expect(expected.meetings).toBeGreaterThan(100);
    expect(page.total).toBe(expected.meetings);
    expect(page.colleagueCount).toBe(expected.colleagues);
    expect(page.items).toHaveLength(50);
    const starts = page.items.map((m) => m.start);
    expect([...starts].sort()).toEqual(starts);
    expect(page.items.every((m) => m.contacts.every((c) => c.companyId === "c-acme"))).toBe(true);
  });

  it("never scans a whole table: every query of the search is answered from indexes", () => {
    const issued: { sql: string; args: unknown[] }[] = [];
    const prepare = db.prepare.bind(db);
    const spyDb = Object.create(db) as Db;
    spyDb.prepare = ((sql: string) => {
      const statement = prepare(sql);
      const record =
        (fn: (...args: unknown[]) => unknown) =>
        (...args: unknown[]) => {
          issued.push({ sql, args });
          return fn.apply(statement, args);
        };
      return { get: record(statement.get), all: record(statement.all), run: record(statement.run) };
    }) as unknown as Db["prepare"];
    const spyStore = new Store(spyDb, { now: () => new Date("2030-01-01T00:00:00Z") });
    spyStore.companyMeetings(alice, { companyId: "c-acme", skip: 100, limit: 25 });
    spyStore.companyMeetings(alice, {
      companyId: "c-bulk-3",
      from: "2029-01-01T00:00:00Z",
      to: "2029-03-01T00:00:00Z",
      includeCancelled: true,
      skip: 0,
      limit: 25,
    });
    const searchQueries = issued.filter((q) =>
      /meeting_companies|meeting_colleagues|meeting_attendees|company_colleagues/.test(q.sql),
    );
    expect(searchQueries.length).toBeGreaterThan(3);
    for (const q of searchQueries) {
      const plan = prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as { detail: string }[];
      // Allowed, none of them a table: the colleague count's skip scan `colleague` (a recursive CTE of the company's
      // distinct colleagues, each found by one index seek) and its constant first row, and the page `p` (at most
      // `limit` rows already found by index) read once to join its meetings. The firm's users are no longer walked.
      const scans = plan.filter(
        (row) => /^SCAN /.test(row.detail) && !/^SCAN (p|colleague|CONSTANT ROW)$/.test(row.detail),
      );
      expect({ sql: q.sql, scans }).toEqual({ sql: q.sql, scans: [] });
    }
  });
});
