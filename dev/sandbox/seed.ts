// Seed data: the demo firm of the product story, and a bulk generator for the benchmarks.
import type { Db } from "./db";
import { setMeta } from "./db";
import { DEFAULT_SETTINGS, type Settings } from "./store";

export type SeedName = "demo" | "none";

export const DEMO_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  enabled: true,
  postMeetingSyncDays: 14,
  autoAddContactTypeIds: ["ct-top-client"],
  includeAssociatedCompanies: true,
  defaultActivityTypeId: "at-meeting",
  defaultVisibility: "everyone",
  firmDomains: ["firm.example"],
};

const users = [
  { id: "u-alice", email: "alice@firm.example", name: "Alice Archer", admin: 1 },
  { id: "u-bob", email: "bob@firm.example", name: "Bob Baker", admin: 0 },
  { id: "u-dana", email: "dana@firm.example", name: "Dana Diaz", admin: 0 },
];

const groups = [
  { id: "g-corporate", name: "Corporate Practice", members: ["u-alice", "u-bob"] },
  { id: "g-litigation", name: "Litigation", members: ["u-alice", "u-dana"] },
];

const contactTypes = [
  { id: "ct-top-client", name: "Top Client" },
  { id: "ct-prospect", name: "Prospect" },
  { id: "ct-client", name: "Client" },
  { id: "ct-referral", name: "Referral Source" },
  { id: "ct-opposing", name: "Opposing Counsel" },
];

const activityTypes = [
  { id: "at-meeting", name: "Meeting", isDefault: 1 },
  { id: "at-call", name: "Phone Call", isDefault: 0 },
  { id: "at-lunch", name: "Business Lunch", isDefault: 0 },
  { id: "at-pitch", name: "Pitch", isDefault: 0 },
];

const companies = [
  { id: "c-acme", name: "Acme Corporation", domain: "acme.example", types: ["ct-top-client"] },
  { id: "c-globex", name: "Globex", domain: "globex.example", types: ["ct-prospect"] },
  { id: "c-initech", name: "Initech", domain: "initech.example", types: ["ct-client"] },
  { id: "c-umbrella", name: "Umbrella Legal LLP", domain: "umbrella.example", types: ["ct-opposing"] },
];

const people = [
  { id: "p-carol", name: "Carol Chen", email: "carol@acme.example", title: "General Counsel", company: "c-acme" },
  {
    id: "p-dave",
    name: "Dave Dawson",
    email: "dave@acme.example",
    title: "Chief Financial Officer",
    company: "c-acme",
  },
  { id: "p-grace", name: "Grace Green", email: "grace@acme.example", title: "Contracts Manager", company: "c-acme" },
  { id: "p-erin", name: "Erin Evans", email: "erin@globex.example", title: "Head of Legal", company: "c-globex" },
  { id: "p-ivan", name: "Ivan Ivanov", email: "ivan@globex.example", title: "Procurement Lead", company: "c-globex" },
  { id: "p-frank", name: "Frank Foster", email: "frank@initech.example", title: "COO", company: "c-initech" },
  { id: "p-oscar", name: "Oscar Olsen", email: "oscar@umbrella.example", title: "Partner", company: "c-umbrella" },
  {
    id: "p-heidi",
    name: "Heidi Hart",
    email: "heidi@referrals.example",
    title: "Consultant",
    company: null,
    types: ["ct-referral"],
  },
];

export function seedDemo(db: Db, createdAt: string): void {
  db.transaction(() => {
    const u = db.prepare("INSERT INTO users (id, email, name, is_admin) VALUES (?, ?, ?, ?)");
    for (const x of users) u.run(x.id, x.email, x.name, x.admin);
    for (const g of groups) {
      db.prepare("INSERT INTO user_groups (id, name) VALUES (?, ?)").run(g.id, g.name);
      for (const m of g.members) db.prepare("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)").run(g.id, m);
    }
    for (const t of contactTypes) db.prepare("INSERT INTO contact_types (id, name) VALUES (?, ?)").run(t.id, t.name);
    for (const t of activityTypes) {
      db.prepare("INSERT INTO activity_types (id, name, is_default) VALUES (?, ?, ?)").run(t.id, t.name, t.isDefault);
    }
    const contact = db.prepare(
      `INSERT INTO contacts (id, kind, name, email, job_title, domain, company_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const typed = db.prepare("INSERT INTO contact_contact_types (contact_id, type_id) VALUES (?, ?)");
    for (const c of companies) {
      contact.run(c.id, "company", c.name, null, null, c.domain, null, createdAt);
      for (const t of c.types) typed.run(c.id, t);
    }
    for (const p of people) {
      contact.run(p.id, "person", p.name, p.email, p.title, null, p.company, createdAt);
      for (const t of p.types ?? []) typed.run(p.id, t);
    }
    setMeta(db, "settings", JSON.stringify(DEMO_SETTINGS));
  })();
}

export function seed(db: Db, name: SeedName, createdAt: string): void {
  if (name === "demo") seedDemo(db, createdAt);
  else setMeta(db, "settings", JSON.stringify(DEFAULT_SETTINGS));
}

/** Deterministic pseudo-random numbers (mulberry32), so a bench run is repeatable. */
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

export interface BulkSeedResult {
  /** Companies the meetings involve, most meetings first ("c-acme" when the demo seed is present). */
  companyIds: string[];
  userIds: string[];
  meetings: number;
  contacts: number;
}

/**
 * Adds `contacts` people (spread over companies of ~20 people) and `meetings` meetings spread over two years around
 * `around` (default now), each with 1-3 of a company's contacts and 1-3 firm colleagues, written exactly as the API
 * writes them (attendees, company links, colleagues). Uses the demo users and Acme when present. For benchmarks.
 */
export function seedBulk(
  db: Db,
  options: { meetings: number; contacts: number; around?: Date; seed?: number },
): BulkSeedResult {
  const random = prng(options.seed ?? 42);
  const around = (options.around ?? new Date()).getTime();
  const createdAt = new Date(around).toISOString();
  const result: BulkSeedResult = {
    companyIds: [],
    userIds: [],
    meetings: options.meetings,
    contacts: options.contacts,
  };
  db.transaction(() => {
    let userRows = db.prepare("SELECT id, email FROM users ORDER BY id").all() as { id: string; email: string }[];
    if (userRows.length === 0) {
      for (let i = 0; i < 25; i++) {
        db.prepare("INSERT INTO users (id, email, name, is_admin) VALUES (?, ?, ?, 0)").run(
          `u-bulk-${i}`,
          `user${i}@firm.example`,
          `Colleague ${i}`,
        );
      }
      userRows = db.prepare("SELECT id, email FROM users ORDER BY id").all() as { id: string; email: string }[];
    }
    if (!db.prepare("SELECT 1 FROM activity_types LIMIT 1").get()) {
      db.prepare("INSERT INTO activity_types (id, name, is_default) VALUES ('at-meeting', 'Meeting', 1)").run();
    }
    const activityType = (
      db.prepare("SELECT id FROM activity_types ORDER BY is_default DESC LIMIT 1").get() as {
        id: string;
      }
    ).id;
    result.userIds = userRows.map((u) => u.id);

    const insertContact = db.prepare(
      `INSERT INTO contacts (id, kind, name, email, job_title, domain, company_id, created_at)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`,
    );
    const companyCount = Math.max(1, Math.ceil(options.contacts / 20));
    const companyIds: string[] = [];
    const acme = db.prepare("SELECT id FROM contacts WHERE id = 'c-acme'").get() as { id: string } | undefined;
    if (acme) companyIds.push(acme.id);
    for (let c = 0; c < companyCount; c++) {
      const id = `c-bulk-${c}`;
      insertContact.run(id, "company", `Bulk Company ${c}`, null, `bulk${c}.example`, null, createdAt);
      companyIds.push(id);
    }
    const peopleByCompany = new Map<string, { id: string; email: string; name: string }[]>();
    for (const id of companyIds) peopleByCompany.set(id, []);
    for (const p of db
      .prepare("SELECT id, email, name, company_id FROM contacts WHERE kind = 'person' AND company_id IS NOT NULL")
      .all() as { id: string; email: string; name: string; company_id: string }[]) {
      peopleByCompany.get(p.company_id)?.push(p);
    }
    for (let i = 0; i < options.contacts; i++) {
      const companyId = companyIds[acme ? 1 + (i % companyCount) : i % companyCount] as string;
      const person = {
        id: `p-bulk-${i}`,
        email: `person${i}@${companyId.replace(/^c-/, "")}.example`,
        name: `Person ${i}`,
      };
      insertContact.run(person.id, "person", person.name, person.email, null, companyId, createdAt);
      peopleByCompany.get(companyId)?.push(person);
    }
    const withPeople = companyIds.filter((id) => (peopleByCompany.get(id)?.length ?? 0) > 0);
    if (withPeople.length === 0) throw new Error("seedBulk needs at least one contact.");

    const insertMeeting = db.prepare(
      `INSERT INTO meetings (id, sync_key, owner_id, organizer_email, added_by, item_id, subject, location, start_at,
         end_at, notes, visibility, activity_type_id, cancelled, is_recurring, sensitivity, revision, version,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, 'organizer', NULL, ?, ?, ?, ?, '', '"everyone"', ?, ?, 0, 'normal', 1, 1, ?, ?)`,
    );
    const insertAttendee = db.prepare(
      `INSERT INTO meeting_attendees (meeting_id, position, email, name, type, response, contact_id, user_id)
       VALUES (?, ?, ?, ?, 'required', ?, ?, ?)`,
    );
    const insertColleague = db.prepare("INSERT OR IGNORE INTO meeting_colleagues (meeting_id, user_id) VALUES (?, ?)");
    const insertCompany = db.prepare(
      `INSERT OR IGNORE INTO meeting_companies (company_id, start_at, meeting_id, linked, cancelled, visibility_kind,
         group_id, owner_id) VALUES (?, ?, ?, 1, ?, 'everyone', NULL, ?)`,
    );
    const insertCompanyColleague = db.prepare(
      `INSERT OR IGNORE INTO company_colleagues (company_id, user_id, start_at, meeting_id, cancelled, visibility_kind,
         group_id, owner_id) VALUES (?, ?, ?, ?, ?, 'everyone', NULL, ?)`,
    );
    const span = 730 * 24 * 3600 * 1000;
    for (let i = 0; i < options.meetings; i++) {
      // A third of the meetings are with the first company (Acme in the demo), the rest spread out.
      const companyId = (
        random() < 0.33 ? withPeople[0] : withPeople[Math.floor(random() * withPeople.length)]
      ) as string;
      const pool = peopleByCompany.get(companyId) as { id: string; email: string; name: string }[];
      const start = new Date(Math.floor((around - span / 2 + random() * span) / 900000) * 900000);
      const end = new Date(start.getTime() + (1 + Math.floor(random() * 4)) * 30 * 60000);
      const owner = userRows[Math.floor(random() * userRows.length)] as { id: string; email: string };
      const id = `m-bulk-${i}`;
      const cancelled = random() < 0.05 ? 1 : 0;
      insertMeeting.run(
        id,
        `bulk-${i}`,
        owner.id,
        owner.email,
        `Meeting ${i}`,
        "Conference room",
        start.toISOString(),
        end.toISOString(),
        activityType,
        cancelled,
        createdAt,
        createdAt,
      );
      let position = 0;
      insertAttendee.run(id, position++, owner.email, owner.email, "organizer", null, owner.id);
      insertColleague.run(id, owner.id);
      const attending = new Set<string>([owner.id]);
      const colleagues = Math.floor(random() * 3);
      for (let k = 0; k < colleagues; k++) {
        const u = userRows[Math.floor(random() * userRows.length)] as { id: string; email: string };
        if (u.id === owner.id) continue;
        insertAttendee.run(id, position++, u.email, u.email, "accepted", null, u.id);
        insertColleague.run(id, u.id);
        attending.add(u.id);
      }
      const contacts = 1 + Math.floor(random() * 3);
      for (let k = 0; k < contacts; k++) {
        const p = pool[Math.floor(random() * pool.length)] as { id: string; email: string; name: string };
        insertAttendee.run(id, position++, p.email, p.name, "accepted", p.id, null);
      }
      insertCompany.run(companyId, start.toISOString(), id, cancelled, owner.id);
      for (const userId of attending) {
        insertCompanyColleague.run(companyId, userId, start.toISOString(), id, cancelled, owner.id);
      }
    }
    result.companyIds = withPeople;
  })();
  db.exec("ANALYZE");
  return result;
}
