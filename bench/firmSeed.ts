// A realistic firm for the client-search bench: 2,000 firm users in practice groups, 10,000 contacts at 500 companies,
// 100,000 meetings over two years around now with mixed visibility (everyone / only the owner / one of the owner's
// groups), 5 % cancelled, a third of them with one busy company. One meeting, one record (README): a colleague who
// attends a meeting often adds it too (about 3 in 10 do, with their own visibility), so about a quarter of the meetings
// are shared, several links on one record (meeting_links; meeting_viewers when no link is open to everyone). Users,
// groups and companies have no write path in
// the API, so they are rows; every contact goes through the store's addContact and every meeting through its
// upsertMeeting, exactly as the API writes them (attendee resolution, company links, colleague tables), so the
// search reads what InterAction would hold. Deterministic (mulberry32 from a seed), so runs compare.
import type { Db } from "../dev/sandbox/db";
import { Store } from "../dev/sandbox/store";

export interface FirmSize {
  users: number;
  groups: number;
  companies: number;
  contacts: number;
  meetings: number;
}

export const REALISTIC_FIRM: FirmSize = {
  users: 2_000,
  groups: 40,
  companies: 500,
  contacts: 10_000,
  meetings: 100_000,
};

export interface FirmSeedResult {
  size: FirmSize;
  /** Companies with meetings, the busiest (a third of all meetings) first. */
  companyIds: string[];
  /** Firm users (not the demo's) who search: each a member of some groups, owner of some meetings, not an admin. */
  searcherEmails: string[];
  /** What the seed meant to write, to compare with what the database holds. */
  intended: {
    meetings: number;
    everyone: number;
    onlyMe: number;
    group: number;
    cancelled: number;
    colleagueLinks: number;
    sharedMeetings: number;
    viewerRows: number;
  };
  ms: number;
}

function prng(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFirm(db: Db, size: FirmSize = REALISTIC_FIRM, seed = 42, around = new Date()): FirmSeedResult {
  const started = performance.now();
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const store = new Store(db, { now: () => around });
  const createdAt = around.toISOString();
  const intended = {
    meetings: 0,
    everyone: 0,
    onlyMe: 0,
    group: 0,
    cancelled: 0,
    colleagueLinks: 0,
    sharedMeetings: 0,
    viewerRows: 0,
  };
  const users: { id: string; email: string; name: string; groups: string[] }[] = [];
  const companyIds: string[] = [];
  const people = new Map<string, { email: string; name: string }[]>();

  db.transaction(() => {
    const insertUser = db.prepare("INSERT INTO users (id, email, name, is_admin) VALUES (?, ?, ?, 0)");
    const insertGroup = db.prepare("INSERT INTO user_groups (id, name) VALUES (?, ?)");
    const insertMember = db.prepare("INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)");
    const groupIds = Array.from({ length: size.groups }, (_, g) => `g-firm-${g}`);
    groupIds.forEach((id, g) => insertGroup.run(id, `Practice group ${g}`));
    for (let i = 0; i < size.users; i++) {
      const user = { id: `u-firm-${i}`, email: `lawyer${i}@firm.example`, name: `Lawyer ${i}`, groups: [] as string[] };
      insertUser.run(user.id, user.email, user.name);
      // One to three groups each: a group is seen by some users, not by others.
      const memberships = 1 + Math.floor(random() * 3);
      for (let k = 0; k < memberships; k++) {
        const g = pick(groupIds);
        if (!user.groups.includes(g)) user.groups.push(g);
        insertMember.run(g, user.id);
      }
      users.push(user);
    }
    const insertCompany = db.prepare(
      `INSERT INTO contacts (id, kind, name, email, job_title, domain, company_id, created_at)
       VALUES (?, 'company', ?, NULL, NULL, ?, NULL, ?)`,
    );
    for (let c = 0; c < size.companies; c++) {
      const id = `c-firm-${c}`;
      insertCompany.run(id, `Client Company ${c}`, `client${c}.example`, createdAt);
      companyIds.push(id);
      people.set(id, []);
    }
    for (let i = 0; i < size.contacts; i++) {
      const companyId = companyIds[i % companyIds.length] as string;
      const person = { email: `person${i}@client${i % companyIds.length}.example`, name: `Person ${i}` };
      store.addContact({ name: person.name, email: person.email, companyId });
      people.get(companyId)?.push(person);
    }

    const activityTypeId = (
      db.prepare("SELECT id FROM activity_types ORDER BY is_default DESC, id LIMIT 1").get() as { id: string }
    ).id;
    const span = 730 * 86_400_000;
    const busiest = companyIds[0] as string;
    type Visibility = "everyone" | "onlyMe" | { groupId: string };
    const visibilityOf = (user: (typeof users)[number]): Visibility => {
      const roll = random();
      return roll < 0.7 ? "everyone" : roll < 0.85 ? "onlyMe" : { groupId: pick(user.groups) };
    };
    const asUser = (u: (typeof users)[number]) =>
      ({ id: u.id, email: u.email, name: u.name, is_admin: 0 }) as Parameters<Store["upsertMeeting"]>[0];
    for (let i = 0; i < size.meetings; i++) {
      const owner = pick(users);
      const companyId = random() < 0.33 ? busiest : pick(companyIds);
      const start = new Date(Math.floor((around.getTime() - span / 2 + random() * span) / 900_000) * 900_000);
      const end = new Date(start.getTime() + (1 + Math.floor(random() * 4)) * 1_800_000);
      const visibility = visibilityOf(owner);
      const cancelled = random() < 0.05;
      const attendees: { email: string; name: string; type: "required"; response: "accepted" }[] = [];
      const colleagues = Math.floor(random() * 3);
      const adders: { user: (typeof users)[number]; visibility: Visibility }[] = [];
      for (let k = 0; k < colleagues; k++) {
        const u = pick(users);
        if (u.id !== owner.id && !attendees.some((a) => a.email === u.email)) {
          attendees.push({ email: u.email, name: u.name, type: "required", response: "accepted" });
          // An attending colleague who adds the meeting too (not a cancelled one): linked to the same record.
          if (random() < 0.3 && !cancelled) adders.push({ user: u, visibility: visibilityOf(u) });
        }
      }
      const contacts = 1 + Math.floor(random() * 3);
      const pool = people.get(companyId) ?? [];
      for (let k = 0; k < contacts; k++) {
        const p = pick(pool);
        if (!attendees.some((a) => a.email === p.email))
          attendees.push({ email: p.email, name: p.name, type: "required", response: "accepted" });
      }
      const payload = (addedBy: "organizer" | "attendee", v: Visibility) => ({
        revision: 1,
        iCalUId: `firm-ical-${i}`,
        source: { organizerEmail: owner.email, addedBy },
        subject: `Meeting ${i}`,
        location: "Conference room",
        start: start.toISOString(),
        end: end.toISOString(),
        notes: "",
        attendees,
        visibility: v,
        activityTypeId,
        cancelled,
        isRecurring: false,
        sensitivity: "normal" as const,
      });
      store.upsertMeeting(asUser(owner), `firm-${i}`, payload("organizer", visibility));
      adders.forEach((a, k) =>
        store.upsertMeeting(asUser(a.user), `firm-${i}-${k + 1}`, payload("attendee", a.visibility)),
      );
      intended.meetings++;
      if (cancelled) intended.cancelled++;
      if (visibility === "everyone") intended.everyone++;
      else if (visibility === "onlyMe") intended.onlyMe++;
      else intended.group++;
      intended.colleagueLinks += adders.length;
      if (adders.length) intended.sharedMeetings++;
      // Who may see a shared meeting none of whose links is open to everyone: each link's owner and group.
      const all = [{ user: owner, visibility }, ...adders];
      if (adders.length && all.every((l) => l.visibility !== "everyone")) {
        const viewers = new Set(all.map((l) => `u:${l.user.id}`));
        for (const l of all) if (typeof l.visibility === "object") viewers.add(`g:${l.visibility.groupId}`);
        intended.viewerRows += viewers.size;
      }
    }
  })();
  db.exec("ANALYZE");
  // Searchers: firm users who own meetings and are in some groups (so some meetings are theirs, some their groups',
  // and many are hidden from them).
  const searcherEmails = users.filter((_, i) => i % 100 === 7).map((u) => u.email);
  return { size, companyIds, searcherEmails, intended, ms: performance.now() - started };
}

/** What the database holds after the seed, for the bench to assert against what it meant to write. */
export function firmCounts(db: Db) {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    firmUsers: one("SELECT COUNT(*) AS n FROM users WHERE id LIKE 'u-firm-%'"),
    groups: one("SELECT COUNT(*) AS n FROM user_groups WHERE id LIKE 'g-firm-%'"),
    companies: one("SELECT COUNT(*) AS n FROM contacts WHERE id LIKE 'c-firm-%'"),
    contacts: one("SELECT COUNT(*) AS n FROM contacts WHERE kind = 'person' AND company_id LIKE 'c-firm-%'"),
    meetings: one("SELECT COUNT(*) AS n FROM meetings WHERE sync_key LIKE 'firm-%'"),
    everyone: one(`SELECT COUNT(*) AS n FROM meetings WHERE sync_key LIKE 'firm-%' AND visibility = '"everyone"'`),
    onlyMe: one(`SELECT COUNT(*) AS n FROM meetings WHERE sync_key LIKE 'firm-%' AND visibility = '"onlyMe"'`),
    group: one(`SELECT COUNT(*) AS n FROM meetings WHERE sync_key LIKE 'firm-%' AND visibility LIKE '{%'`),
    cancelled: one("SELECT COUNT(*) AS n FROM meetings WHERE sync_key LIKE 'firm-%' AND cancelled = 1"),
    colleagueLinks: one(
      `SELECT COUNT(*) AS n FROM meeting_links l JOIN meetings m ON m.id = l.meeting_id
         WHERE m.sync_key LIKE 'firm-%' AND l.removed_revision IS NULL`,
    ),
    sharedMeetings: one(
      `SELECT COUNT(DISTINCT l.meeting_id) AS n FROM meeting_links l JOIN meetings m ON m.id = l.meeting_id
         WHERE m.sync_key LIKE 'firm-%' AND l.removed_revision IS NULL`,
    ),
    viewerRows: one(
      "SELECT COUNT(*) AS n FROM meeting_viewers v JOIN meetings m ON m.id = v.meeting_id WHERE m.sync_key LIKE 'firm-%'",
    ),
    // Every meeting has a client attendee, so every meeting is linked to exactly one company.
    meetingsLinkedToOneCompany: one(
      `SELECT COUNT(*) AS n FROM (SELECT i.meeting_id FROM meeting_companies i JOIN meetings m ON m.id = i.meeting_id
         WHERE m.sync_key LIKE 'firm-%' GROUP BY i.meeting_id HAVING COUNT(*) = 1)`,
    ),
  };
}
