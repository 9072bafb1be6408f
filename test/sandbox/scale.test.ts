// The company meeting search stays an index range scan however many meetings there are: checked with SQLite's own
// query plans over a bulk-seeded database, and its counts against an independent computation.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type Db, openDatabase } from "../../dev/sandbox/db";
import { seedBulk, seedDemo } from "../../dev/sandbox/seed";
import { Store, type UserRow } from "../../dev/sandbox/store";
import { firmCounts, seedFirm, type FirmSeedResult } from "../../bench/firmSeed";
import { explainCompanySearch, visibleCount } from "../../bench/searchChecks";

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
      const spy = {
        get: record(statement.get),
        all: record(statement.all),
        run: record(statement.run),
        // The search reads its pages as arrays (raw mode), which returns the statement: here, the spy.
        raw: (on?: boolean) => (statement.raw(on), spy),
      };
      return spy;
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

// The bench's firm (bench/firmSeed.ts) at a small size: seeded through the store's own write path, shared meetings
// included (several colleagues linked to one record by iCalUId, each with their own visibility), and searched by
// users who may not see every meeting. Its counts, and every answer of the search, are checked against what was
// written and against a count made from the meetings and their links (not the search tables).
describe("the bench's firm, shared meetings included", () => {
  const size = { users: 60, groups: 6, companies: 12, contacts: 240, meetings: 1500 };
  const around = new Date("2030-01-01T00:00:00Z");
  let firmDir: string;
  let firmDb: Db;
  let firm: FirmSeedResult;
  beforeAll(() => {
    firmDir = mkdtempSync(path.join(tmpdir(), "interaction-firm-"));
    firmDb = openDatabase(path.join(firmDir, "firm.db"));
    seedDemo(firmDb, around.toISOString());
    firm = seedFirm(firmDb, size, 7, around);
  });
  afterAll(() => {
    firmDb.close();
    rmSync(firmDir, { recursive: true, force: true });
  });

  it("holds what the seed wrote: meetings by visibility, colleagues' links, shared meetings and their viewers", () => {
    const { intended } = firm;
    expect(firmCounts(firmDb)).toEqual({
      firmUsers: size.users,
      groups: size.groups,
      companies: size.companies,
      contacts: size.contacts,
      meetings: size.meetings,
      everyone: intended.everyone,
      onlyMe: intended.onlyMe,
      group: intended.group,
      cancelled: intended.cancelled,
      colleagueLinks: intended.colleagueLinks,
      sharedMeetings: intended.sharedMeetings,
      viewerRows: intended.viewerRows,
      meetingsLinkedToOneCompany: size.meetings,
    });
    // A realistic share: some meetings are shared, some of those hidden from everyone but their colleagues.
    expect(intended.sharedMeetings).toBeGreaterThan(size.meetings / 8);
    expect(intended.sharedMeetings).toBeLessThan(size.meetings / 2);
    expect(intended.colleagueLinks).toBeGreaterThanOrEqual(intended.sharedMeetings);
    expect(intended.viewerRows).toBeGreaterThan(0);
  });

  it("answers every searcher as a count over the meetings and their links does, one row per meeting", () => {
    const firmStore = new Store(firmDb, { now: () => around });
    const ranges = [
      { from: "2029-12-01T00:00:00.000Z", to: "2030-01-31T00:00:00.000Z" },
      { from: undefined, to: undefined },
    ];
    const searchers = firm.searcherEmails.length ? firm.searcherEmails : [];
    expect(searchers.length).toBeGreaterThan(0);
    let hidden = 0;
    for (const email of searchers) {
      const user = firmStore.userByEmail(email) as UserRow;
      for (const companyId of firm.companyIds.slice(0, 3)) {
        for (const range of ranges) {
          const page = firmStore.companyMeetings(user, { companyId, ...range, skip: 0, limit: 500 });
          const expected = visibleCount(firmDb, companyId, user.id, range.from ?? "0000", range.to ?? "9999");
          expect({ email, companyId, range, total: page.total }).toEqual({ email, companyId, range, total: expected });
          expect(page.items).toHaveLength(Math.min(expected, 500));
          expect(new Set(page.items.map((m) => m.id)).size).toBe(page.items.length);
          const colleagues = new Set(page.items.flatMap((m) => m.colleagues.map((c) => c.id)));
          if (page.total <= 500) expect(page.colleagueCount).toBe(colleagues.size);
          const all = firmDb
            .prepare(
              "SELECT COUNT(*) AS n FROM meeting_companies WHERE company_id = ? AND cancelled = 0 AND start_at >= ? AND start_at < ?",
            )
            .get(companyId, range.from ?? "0000", range.to ?? "9999") as { n: number };
          hidden += all.n - page.total;
        }
      }
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it("lists each meeting's colleagues and the company's attending contacts as its attendees and links say", () => {
    const firmStore = new Store(firmDb, { now: () => around });
    const user = firmStore.userByEmail(firm.searcherEmails[0] as string) as UserRow;
    // Independently, one meeting at a time: its colleagues (meeting_colleagues) and the company's contacts among its
    // attendees, each once, by name then id, as the contract's page lists them.
    const colleaguesOf = firmDb.prepare(
      `SELECT u.id, u.email, u.name FROM meeting_colleagues mc JOIN users u ON u.id = mc.user_id
       WHERE mc.meeting_id = ? ORDER BY u.name, u.id`,
    );
    const contactsOf = firmDb.prepare(
      `SELECT id, name, email, company_id AS companyId FROM contacts WHERE company_id = ? AND id IN
         (SELECT contact_id FROM meeting_attendees WHERE meeting_id = ?) ORDER BY name, id`,
    );
    let severalContacts = 0;
    for (const companyId of firm.companyIds.slice(0, 3)) {
      const page = firmStore.companyMeetings(user, { companyId, skip: 0, limit: 200 });
      expect(page.items.length).toBeGreaterThan(20);
      for (const m of page.items) {
        expect({ id: m.id, colleagues: m.colleagues, contacts: m.contacts }).toEqual({
          id: m.id,
          colleagues: colleaguesOf.all(m.id),
          contacts: contactsOf.all(companyId, m.id),
        });
        if (m.contacts.length > 1) severalContacts++;
      }
    }
    expect(severalContacts).toBeGreaterThan(10);
  });

  it("never scans a whole table, users included, whichever way the colleague count goes", () => {
    const email = firm.searcherEmails[0] as string;
    for (const [from, to] of [
      ["2029-12-20T00:00:00.000Z", "2029-12-27T00:00:00.000Z"],
      ["2028-01-01T00:00:00.000Z", "2032-01-01T00:00:00.000Z"],
      ["0000", "9999"],
    ] as const) {
      const plans = explainCompanySearch(firmDb, firm.companyIds[0] as string, from, to, email);
      expect(plans.statements.length).toBeGreaterThan(5);
      expect(plans.fullScans).toEqual([]);
    }
  });
});
